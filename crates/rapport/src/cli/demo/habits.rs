//! The demo's check-ins and introductions, made through the same
//! operations as real use (`app::checkins`, `app::introductions`), on a
//! clock set to when they happened, so that every rule holds: revealed check-ins between
//! frequent partners, a few still waiting for an answer from the demo
//! accounts, and this week's introductions among the half of the
//! organization that opted in. Nudges need nothing stored: they are
//! computed from all of it.

use crate::app::checkins::{self, AnswerDraft};
use crate::app::{Actor, AppError, introductions};
use crate::{AppState, Config};
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::checkin::Scores;
use rapport_core::{OrgId, PersonId};
use rapport_store::{Conflict, Store};

/// Things people write in a check-in: (one thing to do better, one that works).
const WORDS: [(&str, &str); 6] = [
    (
        "Tell me earlier when a deadline slips",
        "You always explain the why behind a request",
    ),
    (
        "Let's agree on who decides before we start",
        "Our Friday check-ins keep us in step",
    ),
    (
        "I'd like more context when you hand something over",
        "You make it easy to ask a quick question",
    ),
    (
        "Fewer last-minute changes, please",
        "You give credit generously",
    ),
    (
        "Write down what we agreed after meetings",
        "You follow through on what you promise",
    ),
    (
        "Ask me for help sooner; I'm glad to",
        "We laugh a lot, even on hard days",
    ),
];

fn answer(rng: &mut ChaCha8Rng, base: u8) -> AnswerDraft {
    let mut score = || (base + rng.gen_range(0..=1)).clamp(1, 5);
    let scores = Scores {
        count_on: score(),
        would_help: score(),
        admit_mistakes: score().saturating_sub(1).max(1),
        communication: score(),
        know_as_person: score().saturating_sub(1).max(1),
    };
    let (improve, works) = WORDS[rng.gen_range(0..WORDS.len())];
    AnswerDraft {
        scores,
        improve: improve.into(),
        works: works.into(),
    }
}

/// Check-ins for the demo accounts and a few others, then one round of
/// introductions.
pub async fn write(
    store: &Store,
    org: OrgId,
    logins: &[PersonId],
    everyone: &[PersonId],
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xC0FFEE);
    for &me in logins {
        let partners: Vec<PersonId> = store
            .interaction_partners(org, me)
            .await?
            .into_iter()
            .map(|p| p.id)
            .filter(|p| !logins.contains(p))
            .take(2)
            .collect();
        if let Some(&p) = partners.first() {
            revealed(store, org, me, p, &mut rng, now - Duration::days(12)).await?;
        }
        if let Some(&p) = partners.get(1) {
            let started = now - Duration::days(2);
            let app = at(store, started);
            let (asker, me) = (actor(store, org, p).await?, actor(store, org, me).await?);
            let c = checkins::start(&app, &asker, me.id()).await?;
            app.clock.set(started + Duration::hours(3));
            checkins::answer(&app, &asker, c.id, answer(&mut rng, 4)).await?;
        }
    }
    for k in 0..everyone.len().min(20) {
        let a = everyone[(k * 7 + 3) % everyone.len()];
        let Some(b) = store
            .interaction_partners(org, a)
            .await?
            .into_iter()
            .map(|p| p.id)
            .find(|p| !logins.contains(p) && !logins.contains(&a))
        else {
            continue;
        };
        let when = now - Duration::days(20 + (k as i64 % 40));
        match revealed(store, org, a, b, &mut rng, when).await {
            // A pair that already has an open check-in is skipped.
            Err(AppError::Conflict { code, .. }) if code == Conflict::CheckInOpen.code() => {}
            other => other?,
        }
    }
    introductions(store, org, logins, everyone, now).await?;
    learning(store, org, logins, everyone, now).await
}

/// About a third of the organization took the course over the last weeks,
/// at their own pace: some finished, most are part-way. Two teams have it
/// assigned. The demo member is two parts in; the admin has not enrolled,
/// to see the course as a newcomer does.
async fn learning(
    store: &Store,
    org: OrgId,
    logins: &[PersonId],
    everyone: &[PersonId],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let slug = crate::learning::BUILTIN_SLUG;
    let admin = logins.first().copied();
    for (i, &p) in everyone.iter().enumerate() {
        let member = logins.get(2) == Some(&p);
        if Some(p) == admin || (!member && i % 3 != 1) {
            continue;
        }
        let weeks = if member { 2 } else { 1 + (i % 6) as i64 };
        let enrolled = now - Duration::weeks(weeks);
        store.enroll(org, p, slug, enrolled).await?;
        let parts = if member { 2 } else { weeks.min(5) as u8 };
        for n in 1..=parts {
            let at = enrolled + Duration::days(7 * i64::from(n - 1) + 1);
            store.mark_lesson_read(p, slug, n, at).await?;
            if n < parts || parts == 5 {
                store
                    .mark_practice_done(p, slug, n, at + Duration::days(2), true)
                    .await?;
            }
        }
        if parts == 5 {
            store
                .complete_course(p, slug, now - Duration::days(1))
                .await?;
        }
    }
    let teams = store.list_teams(org).await?;
    let assigner = admin.unwrap_or(everyone[0]);
    for t in teams.iter().filter(|t| t.member_count >= 5).take(2) {
        store
            .assign_course(org, t.id, slug, assigner, now - Duration::weeks(6))
            .await?;
    }
    Ok(())
}

/// The application as it was at `t`: the demo's check-ins go through the
/// same operations as everyone's, on a clock set to when they happened.
fn at(store: &Store, t: DateTime<Utc>) -> AppState {
    let app = AppState::new(store.clone(), Config::new(String::new(), String::new()));
    app.clock.set(t);
    app
}

async fn actor(store: &Store, org: OrgId, id: PersonId) -> Result<Actor, AppError> {
    Ok(Actor::new(store.person(org, id).await?))
}

async fn revealed(
    store: &Store,
    org: OrgId,
    a: PersonId,
    b: PersonId,
    rng: &mut ChaCha8Rng,
    started: DateTime<Utc>,
) -> Result<(), AppError> {
    let app = at(store, started);
    let (a, b) = (actor(store, org, a).await?, actor(store, org, b).await?);
    let c = checkins::start(&app, &a, b.id()).await?;
    let (x, y) = (answer(rng, 3), answer(rng, 4));
    app.clock.set(started + Duration::hours(2));
    checkins::answer(&app, &a, c.id, x).await?;
    app.clock.set(started + Duration::days(1));
    checkins::answer(&app, &b, c.id, y).await?;
    Ok(())
}

/// The demo accounts and every other person opt in; this period's round
/// is claimed (so the server does not run a second one) and made.
async fn introductions(
    store: &Store,
    org: OrgId,
    logins: &[PersonId],
    everyone: &[PersonId],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (i, &p) in everyone.iter().enumerate() {
        if logins.contains(&p) || i % 2 == 0 {
            store.set_intro_prefs(p, true, None, now).await?;
        }
    }
    let state = AppState::new(store.clone(), Config::new(String::new(), String::new()));
    let period = introductions::round_period(now, state.config.introductions_every_days);
    if store
        .claim_job_run(org, "introductions", &period, now)
        .await?
    {
        introductions::introduction_round(&state, org, &period, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}
