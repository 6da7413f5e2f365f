//! Check-ins through the API: sealing, the mutual reveal, the window closing
//! with one answer, every route tried by the wrong person, bad answers, and
//! two answers arriving at once.

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

fn answer(count_on: u8, improve: &str) -> Value {
    json!({
        "scores": {"count_on": count_on, "would_help": 4, "admit_mistakes": 2,
                   "communication": 3, "know_as_person": 5},
        "improve": improve,
        "works": "We say what we mean"
    })
}

impl Pair {
    async fn start_check_in(&self) -> String {
        let (status, c) = json(
            self.alice
                .post(self.app.url("/api/v1/check-ins"))
                .json(&json!({"with": self.mo_id}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{c}");
        c["id"].as_str().unwrap().to_string()
    }

    async fn check_in(&self, who: &Client, id: &str) -> (StatusCode, Value) {
        json(
            who.get(self.app.url(&format!("/api/v1/check-ins/{id}")))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    async fn answer(&self, who: &Client, id: &str, body: &Value) -> (StatusCode, Value) {
        json(
            who.post(self.app.url(&format!("/api/v1/check-ins/{id}/answers")))
                .json(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    async fn events_of_kind(&self, kind: &str) -> usize {
        self.app
            .store
            .events_after(self.app.org, 0)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.payload.as_ref().is_ok_and(|p| p.kind().as_str() == kind))
            .count()
    }
}

/// An answer is sealed: the other person sees only that it exists until
/// they answer too; then both see both, with the differences and an opener,
/// and the engine gets each person's "I can count on them".
#[tokio::test]
async fn answers_are_revealed_only_when_both_have_answered() {
    let p = pair().await;
    let rel = |c: Client, url: String| async move {
        json(c.get(url).send().await.unwrap()).await.1["trust"]["uncertainty"]
            .as_f64()
            .unwrap_or(1.0)
    };
    let rel_url = p.app.url(&format!("/api/v1/me/relationships/{}", p.mo_id));
    let id = p.start_check_in().await;

    let (status, c) = p
        .answer(&p.alice, &id, &answer(5, "Alice's secret wish"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["status"], "open");
    assert!(c["their_answer"].is_null());
    assert_eq!(c["my_answer"]["improve"], "Alice's secret wish");

    let (_, seen_by_mo) = p.check_in(&p.mo, &id).await;
    assert_eq!(seen_by_mo["they_answered"], true);
    assert!(seen_by_mo["their_answer"].is_null());
    assert!(!seen_by_mo.to_string().contains("secret wish"));
    let (_, notes) = json(
        p.mo.get(p.app.url("/api/v1/me/notifications"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(!notes.to_string().contains("secret wish"), "{notes}");

    let (status, again) = p.answer(&p.alice, &id, &answer(1, "changed")).await;
    assert_eq!(
        (status, error_code(&again)),
        (StatusCode::CONFLICT, "already_answered")
    );
    assert_eq!(p.events_of_kind("check_in_revealed").await, 0);
    let before = rel(p.alice.clone(), rel_url.clone()).await;

    let (status, revealed) = p.answer(&p.mo, &id, &answer(2, "Mo's wish")).await;
    assert_eq!(status, StatusCode::CREATED, "{revealed}");
    assert_eq!(revealed["status"], "revealed");
    assert_eq!(revealed["their_answer"]["improve"], "Alice's secret wish");
    let (_, c) = p.check_in(&p.alice, &id).await;
    assert_eq!(c["their_answer"]["improve"], "Mo's wish");
    assert_eq!(c["my_answer"]["improve"], "Alice's secret wish");
    assert_eq!(
        c["differences"][0]["question"],
        "How much can I count on them?"
    );
    assert_eq!(c["differences"][0]["gap"], 3);
    assert!(
        c["opener"]
            .as_str()
            .unwrap()
            .contains("How much can I count on them?")
    );
    assert_eq!(p.events_of_kind("check_in_revealed").await, 2);
    let after = rel(p.alice.clone(), rel_url).await;
    assert!(
        after < before,
        "the revealed answer is evidence: uncertainty {before} → {after}"
    );
}

/// Nobody outside the pair can read, answer or even confirm a check-in.
#[tokio::test]
async fn a_third_person_cannot_reach_a_check_in_through_any_route() {
    let p = pair().await;
    let id = p.start_check_in().await;
    p.answer(&p.alice, &id, &answer(4, "private words")).await;
    let (status, _) = p.check_in(&p.tess, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = p.answer(&p.tess, &id, &answer(4, "x")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = json(
        p.tess
            .get(p.app.url("/api/v1/check-ins"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["items"], json!([]), "{list}");
    let (other_org, _) = p.app.other_org().await;
    let hank = p.app.signed_in("hank@globex.example").await;
    let (status, _) = p.check_in(&hank, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = other_org;
    let page = p
        .tess
        .get(p.app.url(&format!("/check-ins/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(!page.text().await.unwrap().contains("private words"));
}

/// A window that closes with one answer reveals nothing, ever: the lone
/// answer is deleted and nothing reaches the engine.
#[tokio::test]
async fn a_window_closing_with_one_answer_reveals_nothing() {
    let p = pair().await;
    let id = p.start_check_in().await;
    p.answer(&p.alice, &id, &answer(5, "never to be seen"))
        .await;
    let later = chrono::Utc::now() + chrono::Duration::days(15);
    let closed = p.app.store.close_expired_check_ins(later).await.unwrap();
    assert_eq!(closed, 1);
    let (_, c) = p.check_in(&p.mo, &id).await;
    assert_eq!(c["status"], "closed");
    assert!(!c.to_string().contains("never to be seen"));
    assert_eq!(c["they_answered"], false);
    let (_, mine) = p.check_in(&p.alice, &id).await;
    assert!(
        mine["my_answer"].is_null(),
        "the lone answer is deleted: {mine}"
    );
    let (status, body) = p.answer(&p.mo, &id, &answer(3, "late")).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "check_in_closed")
    );
    assert_eq!(p.events_of_kind("check_in_revealed").await, 0);
    // The pair may start afresh.
    p.start_check_in().await;
}

/// Every wrong answer says which field to fix, and stores nothing.
#[tokio::test]
async fn bad_answers_and_bad_starts_are_refused_clearly() {
    let p = pair().await;
    let (status, body) = json(
        p.alice
            .post(p.app.url("/api/v1/check-ins"))
            .json(&json!({"with": p.alice_id}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, hank) = p.app.other_org().await;
    let (status, _) = json(
        p.alice
            .post(p.app.url("/api/v1/check-ins"))
            .json(&json!({"with": hank}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let id = p.start_check_in().await;
    let (status, body) = json(
        p.alice
            .post(p.app.url("/api/v1/check-ins"))
            .json(&json!({"with": p.mo_id}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "check_in_open")
    );
    let mut zero = answer(3, "x");
    zero["scores"]["communication"] = json!(0);
    let (status, body) = p.answer(&p.alice, &id, &zero).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "communication");
    let (status, body) = p.answer(&p.alice, &id, &answer(3, "   ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "improve");
    let (status, _) = p
        .answer(&p.alice, &id, &json!({"scores": {"count_on": 3}}))
        .await;
    assert!(status.is_client_error());
    let (_, c) = p.check_in(&p.alice, &id).await;
    assert_eq!(c["i_answered"], false, "nothing half-written: {c}");
}

/// Both answer at the same moment: exactly one of the two reveals, and the
/// engine gets exactly two events.
#[tokio::test]
async fn two_answers_at_once_reveal_exactly_once() {
    let p = pair().await;
    for _ in 0..3 {
        let id = p.start_check_in().await;
        let (first, second) = (answer(4, "a"), answer(2, "b"));
        let (a, b) = tokio::join!(
            p.answer(&p.alice, &id, &first),
            p.answer(&p.mo, &id, &second)
        );
        assert_eq!((a.0, b.0), (StatusCode::CREATED, StatusCode::CREATED));
        let (_, c) = p.check_in(&p.alice, &id).await;
        assert_eq!(c["status"], "revealed");
    }
    assert_eq!(p.events_of_kind("check_in_revealed").await, 6);
}

/// A check-in is an interaction: the colleague is in my relationships from
/// the moment it starts, on both sides, before any other history.
#[tokio::test]
async fn a_started_check_in_puts_the_colleague_in_my_relationships() {
    let p = pair().await;
    let people = |who: &Client| {
        let (c, url) = (who.clone(), p.app.url("/api/v1/me/relationships"));
        async move {
            let (_, r) = json(c.get(url).send().await.unwrap()).await;
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["person"]["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert!(people(&p.alice).await.is_empty(), "no history yet");
    p.start_check_in().await;
    assert_eq!(people(&p.alice).await, ["Mo Member"]);
    assert_eq!(people(&p.mo).await, ["Alice Admin"]);
    assert!(people(&p.tess).await.is_empty(), "Tess is not part of it");
}
