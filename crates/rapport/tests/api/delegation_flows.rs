//! The delegation's finished flow: the delegate marks it done, the
//! delegator withdraws it or changes its due date before an answer, and
//! the outcome waits for the mark or the due date.

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use chrono::Duration;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

impl Pair {
    /// A delegation to Mo with this due date (a day, or empty for none).
    async fn delegate_due(&self, title: &str, due: Option<String>) -> String {
        let mut body = json!({"to": self.mo_id, "title": title, "stakes": "small"});
        if let Some(due) = due {
            body["due"] = json!(due);
        }
        self.create(&self.alice, "/api/v1/delegations", body).await
    }

    async fn notifications(&self, who: &Client) -> Vec<String> {
        let (_, n) = json(
            who.get(self.app.url("/api/v1/me/notifications"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["text"].as_str().unwrap().to_string())
            .collect()
    }
}

fn missed() -> Option<Value> {
    Some(json!({"outcome": "missed"}))
}

/// Recording a miss a minute after accepting, long before the due date, is
/// refused with words saying when it can be recorded; once the delegate
/// marked it done it is recorded.
#[tokio::test]
async fn the_outcome_waits_until_the_delegate_marks_it_done() {
    let p = pair().await;
    let id = p.delegate("Draft the release notes").await; // due 2099-01-01
    p.act(&p.mo, &id, "accept", None).await;
    let (status, body) = p.act(&p.alice, &id, "complete", missed()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "too_early");
    assert_eq!(
        body["error"]["message"].as_str().unwrap(),
        "You can record the outcome once Mo Member marks it done, or from 1 January 2099"
    );
    let (_, seen) = p
        .act(&p.alice, &id, "notes", Some(json!({"note": ""})))
        .await;
    assert_eq!(seen["outcome_opens"].as_str(), Some("2099-01-01T23:59:59Z"));
    assert!(
        !seen["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("complete"))
    );

    let (status, d) = p.act(&p.mo, &id, "mark-done", None).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert!(d["marked_done_at"].is_string());
    let (status, d) = p.act(&p.alice, &id, "complete", missed()).await;
    assert_eq!(
        (status, d["outcome"].as_str()),
        (StatusCode::OK, Some("missed"))
    );
}

/// Without the delegate's mark, the outcome opens on the due date.
#[tokio::test]
async fn the_outcome_opens_on_the_due_date() {
    let p = pair().await;
    let due = (p.app.clock.now() + Duration::days(3)).format("%Y-%m-%d");
    let id = p.delegate_due("Book the room", Some(due.to_string())).await;
    p.act(&p.mo, &id, "accept", None).await;
    assert_eq!(
        p.act(&p.alice, &id, "complete", missed()).await.0,
        StatusCode::CONFLICT
    );
    p.app.clock.advance(Duration::days(4));
    assert_eq!(
        p.act(&p.alice, &id, "complete", missed()).await.0,
        StatusCode::OK
    );
}

/// Without a due date, the outcome opens 14 days after it was accepted.
#[tokio::test]
async fn without_a_due_date_the_outcome_opens_14_days_after_acceptance() {
    let p = pair().await;
    let id = p.delegate_due("Review the budget", None).await;
    p.act(&p.mo, &id, "accept", None).await;
    p.app.clock.advance(Duration::days(13));
    let (status, body) = p.act(&p.alice, &id, "complete", missed()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("marks it done, or from"),
        "{body}"
    );
    p.app
        .clock
        .advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(
        p.act(&p.alice, &id, "complete", missed()).await.0,
        StatusCode::OK
    );
}

/// Only the delegate marks it done, only once it is accepted, only once;
/// the delegator is told and the event is recorded.
#[tokio::test]
async fn only_the_delegate_marks_an_accepted_task_done_once() {
    let p = pair().await;
    let id = p.delegate("Order the chairs").await;
    let (status, body) = p.act(&p.mo, &id, "mark-done", None).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "wrong_state"),
        "not accepted yet"
    );
    p.act(&p.mo, &id, "accept", None).await;
    assert_eq!(
        p.act(&p.alice, &id, "mark-done", None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.act(&p.tess, &id, "mark-done", None).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, d) = p.act(&p.mo, &id, "mark-done", None).await;
    assert_eq!(
        (status, d["status"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );
    assert_eq!(
        p.act(&p.mo, &id, "mark-done", None).await.0,
        StatusCode::CONFLICT,
        "twice"
    );
    assert_eq!(
        p.act(&p.mo, &id, "hand-back", None).await.0,
        StatusCode::CONFLICT,
        "done is not handed back"
    );
    let told = p.notifications(&p.alice).await;
    assert!(
        told.iter()
            .any(|t| t == "Mo Member marked “Order the chairs” done: please review how it went"),
        "{told:?}"
    );
    let events = p.app.store.events_after(p.app.org, 0).await.unwrap();
    assert!(events.iter().any(|e| {
        e.subject.map(|s| s.to_string()) == Some(id.clone())
            && e.payload == Ok(rapport_core::events::Payload::MarkedDone)
    }));
}

/// Only the delegator withdraws, and only before it is accepted; the
/// delegate is told.
#[tokio::test]
async fn only_the_delegator_withdraws_before_acceptance() {
    let p = pair().await;
    let id = p.delegate("Print the posters").await;
    assert_eq!(
        p.act(&p.mo, &id, "withdraw", None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.act(&p.tess, &id, "withdraw", None).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, d) = p.act(&p.alice, &id, "withdraw", None).await;
    assert_eq!(
        (status, d["status"].as_str()),
        (StatusCode::OK, Some("withdrawn"))
    );
    assert_eq!(
        p.act(&p.mo, &id, "accept", None).await.0,
        StatusCode::CONFLICT,
        "nothing left to accept"
    );
    let told = p.notifications(&p.mo).await;
    assert!(
        told.iter()
            .any(|t| t == "Alice Admin withdrew “Print the posters”: nothing to do"),
        "{told:?}"
    );

    let accepted = p.delegate("Book the venue").await;
    p.act(&p.mo, &accepted, "accept", None).await;
    let (status, body) = p.act(&p.alice, &accepted, "withdraw", None).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "wrong_state")
    );
}

/// The delegator changes the due date before an answer (accepting agrees
/// to it); not the delegate, not after, not into the past.
#[tokio::test]
async fn the_due_date_changes_only_before_it_is_agreed() {
    let p = pair().await;
    let id = p.delegate("Plan the offsite").await;
    let (status, d) = p
        .act(&p.alice, &id, "due", Some(json!({"due": "2098-06-30"})))
        .await;
    assert_eq!(
        (status, d["due"].as_str()),
        (StatusCode::OK, Some("2098-06-30T23:59:59Z"))
    );
    let (status, body) = p
        .act(&p.alice, &id, "due", Some(json!({"due": "2001-01-01"})))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("due"))
    );
    assert_eq!(
        p.act(&p.mo, &id, "due", Some(json!({"due": "2098-07-30"})))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, d) = p
        .act(&p.alice, &id, "due", Some(json!({"due": null})))
        .await;
    assert_eq!((status, d["due"].is_null()), (StatusCode::OK, true));
    p.act(&p.mo, &id, "accept", None).await;
    assert_eq!(
        p.act(&p.alice, &id, "due", Some(json!({"due": "2098-06-30"})))
            .await
            .0,
        StatusCode::CONFLICT
    );
    let told = p.notifications(&p.mo).await;
    assert!(
        told.iter().any(|t| t.contains("changed the due date")),
        "{told:?}"
    );
}

/// The delegator's home page asks for the outcome only once it can be
/// recorded: after the delegate marked it done, not a minute after accepting.
#[tokio::test]
async fn the_home_page_asks_for_the_outcome_only_once_it_can_be_recorded() {
    let p = pair().await;
    let id = p.delegate("Order the chairs").await;
    p.act(&p.mo, &id, "accept", None).await;
    let home = || async {
        let res = p.alice.get(p.app.url("/")).send().await.unwrap();
        res.text().await.unwrap()
    };
    let asks = "How did “Order the chairs” go?";
    assert!(!home().await.contains(asks), "not yet");
    p.act(&p.mo, &id, "mark-done", None).await;
    assert!(home().await.contains(asks), "once marked done");
}

/// A task the delegate marked done is not reminded of as due.
#[tokio::test]
async fn a_task_marked_done_gets_no_due_reminder() {
    let p = pair().await;
    let soon = (p.app.clock.now() + Duration::hours(5)).to_rfc3339();
    let id = p.delegate_due("Due soon", Some(soon)).await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    let sent = rapport::app::delegations::send_due_reminders(&p.app.state).await;
    assert_eq!(sent.unwrap(), 0);
}
