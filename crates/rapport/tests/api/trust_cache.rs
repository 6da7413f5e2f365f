//! The trust cache sees every event recorded before a read, including one
//! that commits late with a lower sequence number (PostgreSQL allows that
//! when two transactions take numbers and commit in the other order).

use crate::delegations::pair;
use crate::helpers::*;
use serde_json::json;
use sqlx::{Connection, Executor};

/// A late-committed event with a lower sequence number still changes the next read.
#[tokio::test]
async fn an_event_that_commits_late_is_still_seen() {
    if std::env::var("RAPPORT_TEST_POSTGRES_URL").is_err() {
        eprintln!(
            "PostgreSQL tests skipped: RAPPORT_TEST_POSTGRES_URL is not set (SQLite never commits out of order)"
        );
        return;
    }
    let p = pair().await;
    let url = p.app.database_url().unwrap().to_string();
    sqlx::any::install_default_drivers();
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let (org, alice, mo) = (p.app.org.to_string(), p.alice_id.clone(), p.mo_id.clone());
    let insert = |seq: i64, kind: &str, subject: String, data: &str| {
        format!(
            "INSERT INTO events (seq, org_id, at, from_id, to_id, kind, subject_id, data) VALUES \
             ({seq}, '{org}', {}, '{alice}', '{mo}', '{kind}', '{subject}', '{data}')",
            chrono::Utc::now().timestamp_millis()
        )
    };
    // A high number first, so that the ordinary numbers that follow are lower.
    db.execute(insert(900, "thanked", uuid::Uuid::new_v4().to_string(), "{}").as_str())
        .await
        .unwrap();
    for i in 0..3 {
        let id = p.delegate(&format!("Task {i}")).await;
        p.act(&p.mo, &id, "accept", None).await;
        p.act(&p.mo, &id, "mark-done", None).await;
        p.act(
            &p.alice,
            &id,
            "complete",
            Some(json!({"outcome": "delivered"})),
        )
        .await;
    }
    let read = || async {
        let (_, r) = json(
            p.alice
                .get(p.app.url(&format!("/api/v1/me/relationships/{}", p.mo_id)))
                .send()
                .await
                .unwrap(),
        )
        .await;
        r["trust"]["uncertainty"].as_f64().unwrap()
    };
    let before = read().await;
    // A delivery that "committed late": its number is below the highest one seen.
    let data = r#"{"stakes": "large", "outcome": "delivered", "stretch": false}"#;
    db.execute(insert(500, "completed", uuid::Uuid::new_v4().to_string(), data).as_str())
        .await
        .unwrap();
    let after = read().await;
    assert!(
        after < before,
        "the late event added evidence: {before} -> {after}"
    );
}

/// A stored event that no longer parses is logged and counted, and the
/// rest of the history still counts: never a silent skip.
#[tokio::test]
async fn a_malformed_event_is_counted_and_the_rest_still_counts() {
    let p = pair().await;
    let id = p.delegate("Before the bad row").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(json!({"outcome": "delivered"})),
    )
    .await;
    let url = p.app.database_url().unwrap().to_string();
    sqlx::any::install_default_drivers();
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    db.execute(
        format!(
            "INSERT INTO events (org_id, at, from_id, to_id, kind, subject_id, data) VALUES \
             ('{}', {}, '{}', '{}', 'completed', NULL, '{{\"stakes\": \"enormous\"}}')",
            p.app.org,
            chrono::Utc::now().timestamp_millis(),
            p.alice_id,
            p.mo_id
        )
        .as_str(),
    )
    .await
    .unwrap();
    let (status, r) = json(
        p.alice
            .get(p.app.url(&format!("/api/v1/me/relationships/{}", p.mo_id)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert!(
        r["trust"]["uncertainty"].as_f64().unwrap() < 1.0,
        "the good outcome still counts: {r}"
    );
    let metrics = p
        .app
        .anonymous()
        .get(p.app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("rapport_malformed_events_total 1"),
        "{metrics}"
    );
}
