//! Delegations through the API: every transition permitted and refused,
//! privacy for a third person, and two people acting at once.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The admin (Alice) delegates to the member (Mo); a third person, Tess, is outside the pair.
pub struct Pair {
    pub app: TestApp,
    pub alice: Client,
    pub mo: Client,
    pub tess: Client,
    pub mo_id: String,
    pub alice_id: String,
}

pub async fn pair() -> Pair {
    pair_with(|_| {}).await
}

/// The same, on a server whose configuration `tweak` changes.
pub async fn pair_with(tweak: impl FnOnce(&mut rapport::Config)) -> Pair {
    let app = spawn_app_with(tweak).await;
    app.add_person(
        app.org,
        "tess@acme.example",
        "Tess Third",
        rapport_core::Role::Admin,
    )
    .await;
    let (alice, mo, tess) = (
        app.admin().await,
        app.member().await,
        app.signed_in("tess@acme.example").await,
    );
    let me = |c: &Client| {
        let url = app.url("/api/v1/me");
        let c = c.clone();
        async move {
            json(c.get(url).send().await.unwrap()).await.1["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let (alice_id, mo_id) = (me(&alice).await, me(&mo).await);
    Pair {
        app,
        alice,
        mo,
        tess,
        mo_id,
        alice_id,
    }
}

impl Pair {
    pub async fn delegate(&self, title: &str) -> String {
        let body =
            json!({"to": self.mo_id, "title": title, "stakes": "small", "due": "2099-01-01"});
        self.create(&self.alice, "/api/v1/delegations", body).await
    }

    /// POSTs `body` to `path` as `who`, expects 201 and returns the new id.
    pub async fn create(&self, who: &Client, path: &str, body: Value) -> String {
        let (status, created) = json(
            who.post(self.app.url(path))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        created["id"].as_str().unwrap().to_string()
    }

    pub async fn act(
        &self,
        who: &Client,
        id: &str,
        action: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = who.post(self.app.url(&format!("/api/v1/delegations/{id}/{action}")));
        if let Some(b) = body {
            req = req.json(&b);
        }
        json(req.send().await.unwrap()).await
    }
}

/// The whole happy path: propose, accept as a stretch, complete, and both see the outcome.
#[tokio::test]
async fn a_delegation_goes_from_proposed_to_done() {
    let p = pair().await;
    let id = p.delegate("Draft the release notes").await;
    let (status, d) = p
        .act(&p.mo, &id, "accept", Some(json!({"stretch": true})))
        .await;
    assert_eq!(
        (status, d["status"].as_str(), d["stretch"].as_bool()),
        (StatusCode::OK, Some("accepted"), Some(true))
    );
    p.act(&p.mo, &id, "mark-done", None).await;
    let (status, d) = p
        .act(
            &p.alice,
            &id,
            "complete",
            Some(json!({"outcome": "delivered", "note": "Clear and on time"})),
        )
        .await;
    assert_eq!(
        (status, d["status"].as_str(), d["outcome"].as_str()),
        (StatusCode::OK, Some("done"), Some("delivered"))
    );
    let (_, seen) = json(
        p.mo.get(p.app.url(&format!("/api/v1/delegations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (seen["outcome"].as_str(), seen["from_note"].as_str()),
        (Some("delivered"), Some("Clear and on time"))
    );
    let (_, mine) = json(
        p.mo.get(p.app.url("/api/v1/delegations?role=to"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let (_, notes) = json(
        p.mo.get(p.app.url("/api/v1/me/notifications"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        notes["unread"].as_i64(),
        Some(2),
        "asked, then the outcome: {notes}"
    );
}

/// An accept with an empty body and no Content-Type works (an action with no fields).
#[tokio::test]
async fn an_empty_post_accepts() {
    let p = pair().await;
    let id = p.delegate("Empty body").await;
    let res =
        p.mo.post(p.app.url(&format!("/api/v1/delegations/{id}/accept")))
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// The other person of the pair gets 403, anyone outside 404, the wrong state 409.
#[tokio::test]
async fn transitions_are_refused_to_the_wrong_person_and_in_the_wrong_state() {
    let p = pair().await;
    let id = p.delegate("Review the budget").await;
    for action in ["accept", "decline", "hand-back"] {
        assert_eq!(
            p.act(&p.alice, &id, action, None).await.0,
            StatusCode::FORBIDDEN,
            "{action} by the delegator"
        );
        assert_eq!(
            p.act(&p.tess, &id, action, None).await.0,
            StatusCode::NOT_FOUND,
            "{action} by a third person"
        );
    }
    let complete = json!({"outcome": "delivered"});
    assert_eq!(
        p.act(&p.alice, &id, "complete", Some(complete.clone()))
            .await
            .0,
        StatusCode::CONFLICT,
        "not accepted yet"
    );
    assert_eq!(
        p.act(&p.mo, &id, "hand-back", None).await.0,
        StatusCode::CONFLICT,
        "not accepted yet"
    );
    assert_eq!(p.act(&p.mo, &id, "accept", None).await.0, StatusCode::OK);
    assert_eq!(
        p.act(&p.mo, &id, "accept", None).await.0,
        StatusCode::CONFLICT,
        "twice"
    );
    assert_eq!(
        p.act(&p.mo, &id, "decline", None).await.0,
        StatusCode::CONFLICT,
        "already accepted"
    );
    assert_eq!(
        p.act(&p.mo, &id, "complete", Some(complete.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN,
        "the delegate cannot record"
    );
    assert_eq!(
        p.act(&p.tess, &id, "complete", Some(complete.clone()))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = p
        .act(&p.alice, &id, "complete", Some(json!({"outcome": "great"})))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("outcome"))
    );
    assert_eq!(p.act(&p.mo, &id, "mark-done", None).await.0, StatusCode::OK);
    assert_eq!(
        p.act(
            &p.alice,
            &id,
            "complete",
            Some(json!({"outcome": "missed"}))
        )
        .await
        .0,
        StatusCode::OK
    );
    let dispute = json!({"note": "The brief changed twice"});
    assert_eq!(
        p.act(&p.alice, &id, "dispute", Some(dispute.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.act(&p.tess, &id, "dispute", Some(dispute.clone()))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (status, d) = p.act(&p.mo, &id, "dispute", Some(dispute.clone())).await;
    assert_eq!(
        (status, d["disputed"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    assert_eq!(
        p.act(&p.mo, &id, "dispute", Some(dispute)).await.0,
        StatusCode::CONFLICT,
        "once"
    );
    assert_eq!(
        p.act(&p.alice, &id, "complete", Some(complete)).await.0,
        StatusCode::CONFLICT,
        "already done"
    );
}

/// Declining and handing back are answers of the delegate, each from its own state.
#[tokio::test]
async fn declining_and_handing_back_are_honest_answers() {
    let p = pair().await;
    let a = p.delegate("One").await;
    let (status, d) = p.act(&p.mo, &a, "decline", None).await;
    assert_eq!(
        (status, d["status"].as_str()),
        (StatusCode::OK, Some("declined"))
    );
    let b = p.delegate("Two").await;
    p.act(&p.mo, &b, "accept", None).await;
    let (status, d) = p.act(&p.mo, &b, "hand-back", None).await;
    assert_eq!(
        (status, d["status"].as_str()),
        (StatusCode::OK, Some("handed_back"))
    );
}

/// Bad creation requests get a 422 naming the field; delegating to another organization is a 404.
#[tokio::test]
async fn bad_delegations_are_refused_precisely() {
    let p = pair().await;
    let (_, hank) = p.app.other_org().await;
    let post = |body: Value| {
        p.alice
            .post(p.app.url("/api/v1/delegations"))
            .json(&body)
            .send()
    };
    let cases = [
        (
            json!({"to": p.alice_id, "title": "x", "stakes": "small"}),
            "to",
        ),
        (
            json!({"to": p.mo_id, "title": " ", "stakes": "small"}),
            "title",
        ),
        (
            json!({"to": p.mo_id, "title": "x", "stakes": "huge"}),
            "stakes",
        ),
        (
            json!({"to": p.mo_id, "title": "x", "stakes": "small", "due": "yesterday"}),
            "due",
        ),
        (
            json!({"to": p.mo_id, "title": "x", "stakes": "small", "due": "2001-01-01"}),
            "due",
        ),
    ];
    for (body, field) in cases {
        let (status, b) = json(post(body).await.unwrap()).await;
        assert_eq!(
            (status, b["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
    let (status, _) = json(
        post(json!({"to": hank, "title": "x", "stakes": "small"}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A second chance follows a miss between the same two people, and is offered to the delegator.
#[tokio::test]
async fn a_second_chance_follows_a_miss() {
    let p = pair().await;
    let first = p.delegate("Big launch deck").await;
    p.act(&p.mo, &first, "accept", None).await;
    p.act(&p.mo, &first, "mark-done", None).await;
    let (_, d) = p
        .act(
            &p.alice,
            &first,
            "complete",
            Some(json!({"outcome": "missed"})),
        )
        .await;
    assert!(
        d["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("second_chance"))
    );
    let body = json!({"to": p.mo_id, "title": "One slide for the launch", "stakes": "small", "second_chance_of": first});
    let (status, second) = json(
        p.alice
            .post(p.app.url("/api/v1/delegations"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, second["second_chance_of"].as_str()),
        (StatusCode::CREATED, Some(first.as_str()))
    );
    let not_a_miss = p.delegate("Fine").await;
    let body =
        json!({"to": p.mo_id, "title": "x", "stakes": "small", "second_chance_of": not_a_miss});
    let (status, b) = json(
        p.alice
            .post(p.app.url("/api/v1/delegations"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&b)),
        (StatusCode::CONFLICT, "not_a_miss")
    );
}

/// A third person cannot see a pair's delegation, outcome or notes through any route.
#[tokio::test]
async fn a_third_person_sees_nothing_of_a_pairs_delegation() {
    let p = pair().await;
    let id = p.delegate("Private matter").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(json!({"outcome": "missed", "note": "SECRET-NOTE"})),
    )
    .await;
    p.act(&p.mo, &id, "notes", Some(json!({"note": "SECRET-APOLOGY"})))
        .await;
    let (status, _) = json(
        p.tess
            .get(p.app.url(&format!("/api/v1/delegations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for path in [
        "/api/v1/delegations",
        "/api/v1/me/relationships",
        &format!("/api/v1/me/relationships/{}", p.mo_id),
        "/api/v1/me/notifications",
        "/api/v1/people?q=secret",
        "/api/v1/appreciations",
        "/api/v1/help-requests",
    ] {
        let text = p
            .tess
            .get(p.app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !text.contains("SECRET") && !text.contains("Private matter"),
            "{path} leaks: {text}"
        );
    }
    for path in [
        "/delegations",
        &format!("/delegations/{id}"),
        "/relationships",
        &format!("/relationships/{}", p.mo_id),
        "/",
    ] {
        let text = p
            .tess
            .get(p.app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !text.contains("SECRET") && !text.contains("Private matter"),
            "page {path} leaks"
        );
    }
    let (_, notes) = json(
        p.mo.get(p.app.url("/api/v1/me/notifications"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        !notes.to_string().contains("SECRET"),
        "notifications never carry a miss's free text"
    );
}

/// Two people acting on the same delegation at once leave it in one valid state.
#[tokio::test]
async fn two_people_acting_at_once_leave_one_valid_state() {
    let p = pair().await;
    for round in 0..5 {
        let id = p.delegate(&format!("Race {round}")).await;
        let (a, b) = tokio::join!(
            p.act(&p.mo, &id, "accept", None),
            p.act(&p.mo, &id, "decline", None)
        );
        let statuses = [a.0, b.0];
        assert!(
            statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
            "{statuses:?}"
        );
        let (_, d) = json(
            p.mo.get(p.app.url(&format!("/api/v1/delegations/{id}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let winner = if a.0 == StatusCode::OK {
            a.1["status"].clone()
        } else {
            b.1["status"].clone()
        };
        assert_eq!(d["status"], winner);
    }
}

/// A delegate is reminded once near the due date, however often the job runs.
#[tokio::test]
async fn a_reminder_is_sent_once_near_the_due_date() {
    let p = pair().await;
    let soon = (chrono::Utc::now() + chrono::Duration::hours(5)).to_rfc3339();
    let body = json!({"to": p.mo_id, "title": "Due soon", "stakes": "small", "due": soon});
    let (_, d) = json(
        p.alice
            .post(p.app.url("/api/v1/delegations"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = d["id"].as_str().unwrap().to_string();
    p.act(&p.mo, &id, "accept", None).await;
    let later = p.delegate("Due next century").await;
    p.act(&p.mo, &later, "accept", None).await;
    let remind = || rapport::app::delegations::send_due_reminders(&p.app.state);
    let (a, b) = tokio::join!(remind(), remind());
    assert_eq!(a.unwrap() + b.unwrap(), 1, "two runs at once remind once");
    assert_eq!(remind().await.unwrap(), 0);
    let (_, notes) = json(
        p.mo.get(p.app.url("/api/v1/me/notifications"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let reminders: Vec<_> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["text"].as_str().unwrap().contains("is due soon"))
        .collect();
    assert_eq!(reminders.len(), 1, "{notes}");
}

/// My delegations: both sides newest first, or one side, or one status,
/// up to the limit.
#[tokio::test]
async fn my_delegations_list_both_sides_newest_first_with_filters() {
    let p = pair().await;
    let first = p.delegate("First, to Mo").await;
    p.app.clock.advance(chrono::Duration::seconds(1));
    let (status, second) = json(
        p.mo.post(p.app.url("/api/v1/delegations"))
            .json(&json!({"to": p.alice_id, "title": "Second, to Alice", "stakes": "small"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    p.app.clock.advance(chrono::Duration::seconds(1));
    let third = p.delegate("Third, to Mo").await;
    p.act(&p.mo, &first, "accept", None).await;
    let p = &p;
    let list = |query: &'static str| async move {
        let (status, body) = json(
            p.alice
                .get(p.app.url(&format!("/api/v1/delegations{query}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let second = second["id"].as_str().unwrap().to_string();
    assert_eq!(list("").await, [third.as_str(), &second, &first]);
    assert_eq!(list("?role=from").await, [third.as_str(), &first]);
    assert_eq!(list("?role=to").await, [second.as_str()]);
    assert_eq!(list("?status=accepted").await, [first.as_str()]);
    assert_eq!(list("?limit=2").await, [third.as_str(), &second]);
    assert_eq!(list("?role=from&status=proposed").await, [third.as_str()]);
}
