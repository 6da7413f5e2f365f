//! Email digests: deciding whose digest is due (in their own time zone),
//! queueing it in the database, and sending the queue with retries.
//!
//! The queue's guarantees are the store's (`rapport_store::email`): a
//! digest is claimed by one worker at a time, even with several servers on
//! one PostgreSQL database; a worker that dies leaves its lease to run out
//! and the digest is sent by the next one. It is sent at least once, and
//! exactly once unless a crash falls in the moment between the mail
//! server's acceptance and the commit of "sent" (one database round trip,
//! a few milliseconds); a resend then carries the same Message-ID.

use crate::AppState;
use crate::app::links::Page;
use crate::app::notices::{self, Notice};
use crate::app::paging::PageRequest;
use crate::app::{Actor, AppError, AppResult, home, nudges, thanks};
use crate::email::{Digest, DigestItem, DigestThanks, Frequency, Mailer};
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use rapport_core::TimeZone;
use rapport_store::{EmailJob, JobResult};

/// How long a worker holds a claimed digest before another may take it.
pub const LEASE_MINUTES: i64 = 10;
/// Attempts before a digest is given up as failed.
pub const MAX_ATTEMPTS: i64 = 6;
/// Digests claimed per round.
const BATCH: i64 = 50;

/// The period a digest is due for at `now` in the person's time zone, if
/// one is: a weekly digest from Monday at `hour`, a daily one from `hour`.
pub fn due_period(frequency: &str, now: DateTime<Utc>, zone: &str, hour: u32) -> Option<String> {
    let tz = TimeZone::parse(zone)
        .unwrap_or_else(|_| TimeZone::utc())
        .tz();
    let local = now.with_timezone(&tz);
    match frequency {
        "daily" if local.hour() >= hour => Some(format!("daily-{}", local.format("%Y-%m-%d"))),
        "weekly" => {
            let monday = local.weekday() == chrono::Weekday::Mon;
            if monday && local.hour() < hour {
                return None;
            }
            let week = local.iso_week();
            Some(format!("weekly-{}-W{:02}", week.year(), week.week()))
        }
        _ => None,
    }
}

/// Backoff after a failed attempt: 1, 5, 25 minutes, … at most 12 hours.
pub fn backoff(attempts: i64) -> Duration {
    let minutes = 5i64.saturating_pow(attempts.clamp(1, 10) as u32 - 1);
    Duration::minutes(minutes.min(12 * 60))
}

/// Queues every digest that has come due. Returns how many were added.
pub async fn enqueue_due(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let mut added = 0;
    for p in state.store.digest_people().await? {
        if let Some(period) = due_period(&p.frequency, now, &p.time_zone, state.config.digest_hour)
            && state
                .store
                .enqueue_digest(p.org_id, p.person_id, &period, now)
                .await?
        {
            added += 1;
        }
    }
    Ok(added)
}

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    pub skipped: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Claims due digests and sends them. Without a mail server configured,
/// nothing is claimed: the queue waits.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> AppResult<Sent> {
    let Some(settings) = &state.config.email else {
        return Ok(Sent::default());
    };
    let mailer = Mailer::new(settings).map_err(AppError::internal)?;
    let jobs = state
        .store
        .claim_email_jobs(now, Duration::minutes(LEASE_MINUTES), BATCH)
        .await?;
    let mut out = Sent::default();
    for job in jobs {
        let result = attempt(state, &mailer, &job).await?;
        match &result {
            JobResult::Sent { .. } => out.sent += 1,
            JobResult::Skipped => out.skipped += 1,
            JobResult::Retry { .. } => out.retried += 1,
            JobResult::Failed { .. } => out.failed += 1,
        }
        if !state
            .store
            .finish_email_job(&job, &result, state.now())
            .await?
        {
            tracing::warn!(job = %job.id, "digest lease ran out before the result was recorded");
        }
    }
    Ok(out)
}

async fn attempt(state: &AppState, mailer: &Mailer, job: &EmailJob) -> AppResult<JobResult> {
    let person = match state.store.person(job.org_id, job.person_id).await {
        Ok(p) => p,
        Err(rapport_store::StoreError::NotFound) => return Ok(JobResult::Skipped),
        Err(e) => return Err(e.into()),
    };
    let (frequency, token) = state.store.email_prefs(person.id, state.now()).await?;
    // Off, or changed since this digest was queued (a weekly one waiting
    // when the person chose daily): not sent.
    if !job.period.starts_with(&frequency) {
        return Ok(JobResult::Skipped);
    }
    // The digest acts for its reader: it sees what they would see.
    let actor = Actor::new(person);
    // The organization switched digests off (or this person is outside
    // its pilot): nothing is sent; the preference is kept for later.
    let on = crate::app::modules::on(state, &actor).await?;
    if !on.has(rapport_core::modules::Module::Email) {
        return Ok(JobResult::Skipped);
    }
    let digest = compose(state, &actor, &frequency, &token).await?;
    if digest.is_empty() {
        return Ok(JobResult::Skipped);
    }
    let email = digest.email(actor.person.email.as_str(), &job.message_id);
    Ok(match mailer.send(&email).await {
        Ok(()) => JobResult::Sent {
            subject: digest.subject(),
        },
        Err(e) if e.is_transient() && job.attempts < MAX_ATTEMPTS => JobResult::Retry {
            error: e.to_string(),
            next: state.now() + backoff(job.attempts),
        },
        Err(e) => JobResult::Failed {
            error: e.to_string(),
        },
    })
}

/// The digest's content: the person's nudges, what is waiting for them,
/// and thanks received in the period. Only rapport's own words, titles and
/// thank-you messages: never the notes of a miss, a dispute or a check-in.
pub async fn compose(
    state: &AppState,
    actor: &Actor,
    frequency: &str,
    token: &str,
) -> AppResult<Digest> {
    let base = state.config.public_url.clone();
    let me = &actor.person;
    let item = |n: Notice| DigestItem {
        text: n.text,
        link: n.link.path(),
    };
    let nudges = nudges::nudges_for(state, actor)
        .await?
        .into_iter()
        .map(|n| DigestItem {
            text: n.reason,
            link: n.link.path(),
        })
        .collect();
    let needs = home::needs_me(state, actor).await?;
    let mut waiting: Vec<DigestItem> = vec![];
    for d in needs.to_answer {
        waiting.push(item(notices::digest::to_answer(
            &d.from.name,
            &d.title,
            d.id,
        )));
    }
    for d in needs.due_soon {
        waiting.push(item(notices::digest::due_soon(
            &d.from.name,
            &d.title,
            d.id,
        )));
    }
    for d in needs.to_record {
        waiting.push(item(notices::digest::to_record(&d.title, d.id)));
    }
    for h in needs.help_for_me {
        waiting.push(item(notices::digest::help_for_me(
            &h.asker.name,
            &h.skill,
            h.id,
        )));
    }
    let (freq, days) = if frequency == "daily" {
        (Frequency::Daily, 1)
    } else {
        (Frequency::Weekly, 7)
    };
    let since = state.now() - Duration::days(days);
    let thanks = thanks::list(state, actor, &PageRequest::first(50))
        .await?
        .items
        .into_iter()
        .filter(|a| a.to.id == me.id && a.created_at >= since)
        .map(|a| DigestThanks {
            from_name: a.from.name,
            message: a.message,
            link: Page::Thanks.path(),
        })
        .collect();
    Ok(Digest {
        person_name: me.name.clone(),
        frequency: freq,
        base_url: base.clone(),
        nudges,
        waiting,
        thanks,
        unsubscribe_url: format!("{base}/email/unsubscribe/{token}"),
        preferences_url: format!("{base}{}", Page::EmailPreferences),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn a_weekly_digest_is_due_from_monday_morning_in_the_persons_zone() {
        // Monday 2026-11-30 07:30 UTC is 08:30 in Berlin but 02:30 in New York.
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 7, 30, 0).unwrap();
        assert_eq!(
            due_period("weekly", t, "Europe/Berlin", 8).as_deref(),
            Some("weekly-2026-W49")
        );
        assert_eq!(due_period("weekly", t, "America/New_York", 8), None);
        // Sunday evening in New York is still the previous ISO week.
        let sunday = Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap();
        assert_eq!(
            due_period("weekly", sunday, "America/New_York", 8).as_deref(),
            Some("weekly-2026-W48")
        );
        assert_eq!(due_period("off", t, "UTC", 8), None);
    }

    #[test]
    fn a_daily_digest_is_due_from_the_hour_on_the_local_date() {
        let t = Utc.with_ymd_and_hms(2026, 11, 27, 23, 30, 0).unwrap();
        assert_eq!(
            due_period("daily", t, "Asia/Tokyo", 8).as_deref(),
            Some("daily-2026-11-28")
        );
        assert_eq!(
            due_period("daily", t, "UTC", 8).as_deref(),
            Some("daily-2026-11-27")
        );
        assert_eq!(due_period("daily", t, "Pacific/Honolulu", 14), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(5));
        assert_eq!(backoff(3), Duration::minutes(25));
        assert_eq!(backoff(9), Duration::hours(12));
    }
}
