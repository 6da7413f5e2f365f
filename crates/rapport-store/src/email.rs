//! Email preferences and the digest queue.
//!
//! A digest is a row in `email_jobs`, unique per person and period, so that
//! enqueueing twice is harmless. A worker claims due rows by setting a lease
//! (`status = 'sending'`, `lease_until`), sends, then records the result. On
//! PostgreSQL the claim skips rows another worker has locked (`FOR UPDATE
//! SKIP LOCKED`), so two servers never take the same row; on SQLite the one
//! writer connection serializes claims. A worker that dies mid-send leaves
//! its lease to run out, and the row is claimed again: at least once, and
//! exactly once unless the crash falls between the mail server's acceptance
//! and the commit of "sent".

use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::{EmailJobId, OrgId, PersonId};
use sqlx::Row;

/// How often a person wants the digest.
pub const FREQUENCIES: [&str; 3] = ["weekly", "daily", "off"];

/// A person who gets digests, with what scheduling needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestPerson {
    pub org_id: OrgId,
    pub person_id: PersonId,
    pub time_zone: String,
    pub frequency: String,
}

/// A digest job as a worker holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailJob {
    pub id: EmailJobId,
    pub org_id: OrgId,
    pub person_id: PersonId,
    pub period: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub subject: Option<String>,
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The claim's lease: the holder's proof when it records the result.
    pub lease_until: Option<DateTime<Utc>>,
}

/// How a send attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum JobResult {
    Sent {
        subject: String,
    },
    /// Nothing to say this period: no email.
    Skipped,
    /// A transient failure: try again at `next`.
    Retry {
        error: String,
        next: DateTime<Utc>,
    },
    /// A permanent failure (a refused address, or too many attempts).
    Failed {
        error: String,
    },
}

impl Store {
    /// A person's digest frequency and unsubscribe token, created (weekly,
    /// with a fresh token) the first time they are asked for.
    pub async fn email_prefs(
        &self,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> StoreResult<(String, String)> {
        const READ: &str =
            "SELECT frequency, unsubscribe_token FROM email_prefs WHERE person_id = $1";
        // Usually there already: a read, no write.
        if let Some(row) = sqlx::query(READ)
            .bind(person)
            .fetch_optional(self.reader())
            .await?
        {
            return Ok((row.try_get("frequency")?, row.try_get("unsubscribe_token")?));
        }
        let token = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO email_prefs (person_id, frequency, unsubscribe_token, updated_at) \
             VALUES ($1, 'weekly', $2, $3) ON CONFLICT (person_id) DO NOTHING",
        )
        .bind(person)
        .bind(&token)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        // Another request may have created it first: read what won.
        let row = sqlx::query(READ)
            .bind(person)
            .fetch_one(self.writer())
            .await?;
        Ok((row.try_get("frequency")?, row.try_get("unsubscribe_token")?))
    }

    pub async fn set_email_frequency(
        &self,
        person: PersonId,
        frequency: &'static str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.email_prefs(person, now).await?;
        sqlx::query("UPDATE email_prefs SET frequency = $2, updated_at = $3 WHERE person_id = $1")
            .bind(person)
            .bind(frequency)
            .bind(millis(now))
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// One-click unsubscribe: the token alone says who. `NotFound` for an
    /// unknown token.
    pub async fn unsubscribe(&self, token: &str, now: DateTime<Utc>) -> StoreResult<PersonId> {
        let row = sqlx::query(
            "UPDATE email_prefs SET frequency = 'off', updated_at = $2 WHERE unsubscribe_token = $1 RETURNING person_id",
        )
        .bind(token)
        .bind(millis(now))
        .fetch_optional(self.writer())
        .await?
        .ok_or(StoreError::NotFound)?;
        rows::id(&row, "person_id", PersonId::parse)
    }

    /// Everyone who gets digests (weekly unless they chose otherwise), can
    /// sign in and was not deactivated: someone who left gets no more mail.
    pub async fn digest_people(&self) -> StoreResult<Vec<DigestPerson>> {
        let rows = sqlx::query(
            "SELECT p.org_id, p.id, p.time_zone, COALESCE(e.frequency, 'weekly') AS frequency \
             FROM people p LEFT JOIN email_prefs e ON e.person_id = p.id \
             WHERE p.password_hash IS NOT NULL AND p.deactivated_at IS NULL \
               AND COALESCE(e.frequency, 'weekly') <> 'off'",
        )
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DigestPerson {
                    org_id: r.try_get::<OrgId, _>("org_id")?,
                    person_id: r.try_get::<PersonId, _>("id")?,
                    time_zone: r.try_get("time_zone")?,
                    frequency: r.try_get("frequency")?,
                })
            })
            .collect()
    }

    /// Queues a person's digest for a period; a second call for the same
    /// period changes nothing. Returns whether a job was added.
    pub async fn enqueue_digest(
        &self,
        org: OrgId,
        person: PersonId,
        period: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let id = EmailJobId::new();
        let done = sqlx::query(
            "INSERT INTO email_jobs (id, org_id, person_id, period, status, next_attempt_at, message_id, created_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5, $6, $5) ON CONFLICT (person_id, period) DO NOTHING",
        )
        .bind(id)
        .bind(org)
        .bind(person)
        .bind(period)
        .bind(millis(now))
        .bind(format!("digest-{id}@rapport"))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Claims up to `limit` due jobs for `lease`: pending ones whose time
    /// has come, and ones whose worker's lease ran out.
    pub async fn claim_email_jobs(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<EmailJob>> {
        let rows = self
            .claim_leased("email_jobs", "next_attempt_at", now, lease, limit)
            .await?;
        rows.iter().map(job).collect()
    }

    /// Records how an attempt ended. Only the holder of the lease may: a
    /// worker whose lease ran out and was claimed again finds nothing to
    /// update (and is told so by `false`).
    pub async fn finish_email_job(
        &self,
        claimed: &EmailJob,
        result: &JobResult,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let (status, next, error, subject, sent) = match result {
            JobResult::Sent { subject } => ("sent", now, None, Some(subject.as_str()), Some(now)),
            JobResult::Skipped => ("skipped", now, None, None, None),
            JobResult::Retry { error, next } => {
                ("pending", *next, Some(error.as_str()), None, None)
            }
            JobResult::Failed { error } => ("failed", now, Some(error.as_str()), None, None),
        };
        let done = sqlx::query(
            "UPDATE email_jobs SET status = $2, next_attempt_at = $3, last_error = $4, \
             subject = COALESCE($5, subject), sent_at = $6, lease_until = NULL \
             WHERE id = $1 AND status = 'sending' AND lease_until = $7",
        )
        .bind(claimed.id)
        .bind(status)
        .bind(millis(next))
        .bind(error)
        .bind(subject)
        .bind(sent.map(millis))
        .bind(claimed.lease_until.map(millis))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A person's digests, newest first: what was sent, and when.
    pub async fn email_jobs_for(&self, person: PersonId, limit: i64) -> StoreResult<Vec<EmailJob>> {
        let rows = sqlx::query(
            "SELECT * FROM email_jobs WHERE person_id = $1 ORDER BY created_at DESC LIMIT $2",
        )
        .bind(person)
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(job).collect()
    }

    /// Counts of digests by status, for an organization (admins and metrics).
    pub async fn email_job_counts(&self, org: OrgId) -> StoreResult<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM email_jobs WHERE org_id = $1 GROUP BY status ORDER BY status")
            .bind(org)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect()
    }
}

fn job(r: &sqlx::any::AnyRow) -> StoreResult<EmailJob> {
    Ok(EmailJob {
        id: r.try_get::<EmailJobId, _>("id")?,
        org_id: r.try_get::<OrgId, _>("org_id")?,
        person_id: r.try_get::<PersonId, _>("person_id")?,
        period: r.try_get("period")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: rows::time(r, "next_attempt_at")?,
        last_error: r.try_get("last_error")?,
        subject: r.try_get("subject")?,
        message_id: r.try_get("message_id")?,
        created_at: rows::time(r, "created_at")?,
        sent_at: rows::opt_time(r, "sent_at")?,
        lease_until: rows::opt_time(r, "lease_until")?,
    })
}
