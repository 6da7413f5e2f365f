//! Email digests end to end: queued in the database, sent over SMTP to a
//! real (test) mail server, content checked; one-click unsubscribe; a
//! retry after a temporary failure; a worker that dies mid-send; and two
//! workers on one database never sending the same digest twice.

use crate::email::part;
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use rapport::email::{MailSettings, TlsMode};
use rapport::{AppState, Config};
use rapport_core::Role;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

fn settings(sink: &SmtpSink) -> MailSettings {
    let mut s = MailSettings::new("127.0.0.1", TlsMode::None, "rapport <rapport@acme.example>");
    s.port = Some(sink.port());
    s.timeout_secs = 5;
    s
}

/// A server process's state, as a second instance (or a restart) would
/// build it: its own caches, the same database and settings.
fn instance(app: &TestApp, sink: &SmtpSink) -> AppState {
    let url = app.database_url().unwrap_or("sqlite::memory:").to_string();
    let mut config = Config::new("127.0.0.1:0".into(), url);
    config.email = Some(settings(sink));
    config.digest_hour = 0;
    config.public_url = "https://rapport.acme.example".into();
    AppState::new(app.store.clone(), config)
}

async fn setup() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let s = settings(&sink);
    // The test runs the jobs itself, step by step.
    let app = spawn_app_with(|c| {
        c.email = Some(s);
        c.digest_hour = 0;
        c.background_jobs = false;
    })
    .await;
    (app, sink)
}

/// The digest carries what waits for the person and their thanks, never a
/// miss's or a dispute's words; its unsubscribe link works in one click.
#[tokio::test]
async fn a_digest_is_sent_with_what_waits_and_no_private_words() {
    let (app, sink) = setup().await;
    let (alice, mo) = (app.admin().await, app.member().await);
    let mo_id = json(mo.get(app.url("/api/v1/me")).send().await.unwrap())
        .await
        .1["id"]
        .as_str()
        .unwrap()
        .to_string();
    let delegate = |title: &str| {
        let body = json!({"to": mo_id, "title": title, "stakes": "small"});
        let req = alice.post(app.url("/api/v1/delegations")).json(&body);
        async move {
            json(req.send().await.unwrap()).await.1["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let missed = delegate("Print the posters").await;
    mo.post(app.url(&format!("/api/v1/delegations/{missed}/accept")))
        .send()
        .await
        .unwrap();
    mo.post(app.url(&format!("/api/v1/delegations/{missed}/mark-done")))
        .send()
        .await
        .unwrap();
    alice
        .post(app.url(&format!("/api/v1/delegations/{missed}/complete")))
        .json(&json!({"outcome": "missed", "note": "SECRET-MISS-NOTE"}))
        .send()
        .await
        .unwrap();
    mo.post(app.url(&format!("/api/v1/delegations/{missed}/dispute")))
        .json(&json!({"note": "SECRET-DISPUTE-NOTE"}))
        .send()
        .await
        .unwrap();
    delegate("Draft the agenda").await;
    alice
        .post(app.url("/api/v1/appreciations"))
        .json(&json!({"to": mo_id, "message": "Thanks for the ladder"}))
        .send()
        .await
        .unwrap();
    let (status, _) = json(
        mo.put(app.url("/api/v1/me/email-preferences"))
            .json(&json!({"frequency": "daily"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = json(
        mo.put(app.url("/api/v1/me/email-preferences"))
            .json(&json!({"frequency": "hourly"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    let state = instance(&app, &sink);
    let now = chrono::Utc::now();
    assert!(
        rapport::jobs::digests::enqueue_due(&state, now)
            .await
            .unwrap()
            >= 1
    );
    assert_eq!(
        rapport::jobs::digests::enqueue_due(&state, now)
            .await
            .unwrap(),
        0,
        "a period is queued once"
    );
    let done = rapport::jobs::digests::send_due(&state, now).await.unwrap();
    assert!(done.sent >= 1, "{done:?}");
    let to_mo: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.to == [app.member_email.clone()])
        .collect();
    assert_eq!(
        to_mo.len(),
        1,
        "{:?} {done:?}",
        sink.messages()
            .iter()
            .map(|m| m.to.clone())
            .collect::<Vec<_>>()
    );
    let m = &to_mo[0];
    let (text, html) = (part(m, "text/plain"), part(m, "text/html"));
    assert!(
        text.contains("Alice Admin asked you: Draft the agenda"),
        "{text}"
    );
    assert!(text.contains("Thanks for the ladder"), "{text}");
    assert!(html.contains("Draft the agenda"));
    for secret in ["SECRET-MISS-NOTE", "SECRET-DISPUTE-NOTE"] {
        assert!(
            !m.data.contains(secret),
            "the digest never carries {secret}"
        );
    }
    let unsubscribe = m.header("List-Unsubscribe").unwrap();
    let url = unsubscribe.trim().trim_matches(['<', '>']);
    let local = url.replace("https://rapport.acme.example", &app.address);
    let res = reqwest::Client::new()
        .post(&local)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, prefs) = json(
        mo.get(app.url("/api/v1/me/email-preferences"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(prefs["frequency"], "off");
    let tomorrow = now + chrono::Duration::days(1);
    rapport::jobs::digests::enqueue_due(&state, tomorrow)
        .await
        .unwrap();
    let jobs = app
        .store
        .email_jobs_for(mo_id.parse().map(rapport_core::PersonId).unwrap(), 10)
        .await
        .unwrap();
    let day = |t: chrono::DateTime<chrono::Utc>| format!("daily-{}", t.format("%Y-%m-%d"));
    assert!(
        !jobs.iter().any(|j| j.period == day(tomorrow)),
        "no digest after unsubscribing: {jobs:?}"
    );
    assert_eq!(jobs.iter().filter(|j| j.status == "sent").count(), 1);
    let bad = reqwest::Client::new()
        .post(app.url("/email/unsubscribe/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::NOT_FOUND);
}

async fn people_with_thanks(app: &TestApp, n: usize) {
    let alice = app.admin().await;
    for i in 0..n {
        let id = app
            .add_person(
                app.org,
                &format!("p{i}@acme.example"),
                &format!("Person {i}"),
                Role::Member,
            )
            .await;
        alice
            .post(app.url("/api/v1/appreciations"))
            .json(&json!({"to": id, "message": format!("Thanks, {i}")}))
            .send()
            .await
            .unwrap();
    }
}

/// A temporary failure is retried after its backoff, and then sent.
#[tokio::test]
async fn a_temporary_failure_is_retried_after_a_backoff() {
    let (app, sink) = setup().await;
    people_with_thanks(&app, 1).await;
    let state = instance(&app, &sink);
    let now = chrono::Utc::now();
    rapport::jobs::digests::enqueue_due(&state, now)
        .await
        .unwrap();
    sink.fail_next(1);
    let first = rapport::jobs::digests::send_due(&state, now).await.unwrap();
    assert_eq!(first.retried, 1, "the one refused send waits: {first:?}");
    let others = first.sent;
    let soon = rapport::jobs::digests::send_due(&state, now).await.unwrap();
    assert_eq!(soon.sent, 0, "not before the backoff");
    let later = rapport::jobs::digests::send_due(&state, now + chrono::Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(later.sent, 1, "{later:?}");
    assert_eq!(
        sink.messages().len(),
        others + 1,
        "each digest arrived once"
    );
}

/// A worker that claims a digest and dies leaves it to the next one, which
/// sends it once its lease has run out; the dead worker's late result is
/// refused.
#[tokio::test]
async fn a_digest_interrupted_by_a_restart_is_sent_once() {
    let (app, sink) = setup().await;
    people_with_thanks(&app, 1).await;
    let state = instance(&app, &sink);
    let now = chrono::Utc::now();
    rapport::jobs::digests::enqueue_due(&state, now)
        .await
        .unwrap();
    let claimed = app
        .store
        .claim_email_jobs(now, chrono::Duration::minutes(10), 10)
        .await
        .unwrap();
    let n = claimed.len();
    assert!(n >= 1);
    // The worker dies here. A restarted server finds the leases still held…
    let restarted = instance(&app, &sink);
    let early = rapport::jobs::digests::send_due(&restarted, now)
        .await
        .unwrap();
    assert_eq!(early.sent + early.skipped, 0);
    // …and sends once they have run out, each digest once.
    let after = now + chrono::Duration::minutes(11);
    let sent = rapport::jobs::digests::send_due(&restarted, after)
        .await
        .unwrap();
    assert_eq!(sent.sent + sent.skipped, n, "{sent:?}");
    let again = rapport::jobs::digests::send_due(&restarted, after)
        .await
        .unwrap();
    assert_eq!(again.sent + again.skipped, 0);
    assert_eq!(
        sink.wait_for(sent.sent, Duration::from_secs(5))
            .await
            .unwrap()
            .len(),
        sent.sent
    );
    let late = app
        .store
        .finish_email_job(&claimed[0], &rapport_store::JobResult::Skipped, after)
        .await
        .unwrap();
    assert!(!late, "the dead worker's lease is no longer valid");
    assert_eq!(sink.messages().len(), sent.sent);
    let mut to: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), sent.sent, "nobody got two");
}

/// Two servers on one database send each digest exactly once (on
/// PostgreSQL the claim skips rows the other has locked).
#[tokio::test]
async fn two_workers_never_send_the_same_digest_twice() {
    let (app, sink) = setup().await;
    people_with_thanks(&app, 24).await;
    let (a, b) = (instance(&app, &sink), instance(&app, &sink));
    let now = chrono::Utc::now();
    rapport::jobs::digests::enqueue_due(&a, now).await.unwrap();
    let (x, y) = tokio::join!(
        rapport::jobs::digests::send_due(&a, now),
        rapport::jobs::digests::send_due(&b, now)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    let mut recipients: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    let total = recipients.len();
    recipients.sort();
    recipients.dedup();
    assert_eq!(total, recipients.len(), "nobody got two digests");
    assert_eq!(x.sent + y.sent, total);
    assert!(total >= 24, "every person with thanks got one: {total}");
}

/// Two claimers taking small batches at once never take the same digest
/// (on PostgreSQL a locked row is skipped, not waited for), and between
/// them take every one.
#[tokio::test]
async fn concurrent_claims_share_the_queue_without_overlap() {
    let (app, _sink) = setup().await;
    let now = chrono::Utc::now();
    let mut people = vec![];
    for i in 0..40 {
        people.push(
            app.add_person(
                app.org,
                &format!("q{i}@acme.example"),
                &format!("Queue {i}"),
                Role::Member,
            )
            .await,
        );
    }
    for p in &people {
        assert!(
            app.store
                .enqueue_digest(app.org, *p, "weekly-2026-W48", now)
                .await
                .unwrap()
        );
        assert!(
            !app.store
                .enqueue_digest(app.org, *p, "weekly-2026-W48", now)
                .await
                .unwrap()
        );
    }
    let claim_all = || async {
        let mut mine = vec![];
        loop {
            let batch = app
                .store
                .claim_email_jobs(now, chrono::Duration::minutes(10), 5)
                .await
                .unwrap();
            if batch.is_empty() {
                break mine;
            }
            mine.extend(batch.into_iter().map(|j| j.person_id));
        }
    };
    let (a, b) = tokio::join!(claim_all(), claim_all());
    let mut all: Vec<_> = a.iter().chain(b.iter()).copied().collect();
    assert_eq!(all.len(), 40, "{} + {}", a.len(), b.len());
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 40, "no digest was claimed twice");
}
