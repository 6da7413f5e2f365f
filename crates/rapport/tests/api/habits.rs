//! Nudges and introductions through the API: a nudge reflects the events
//! before the request, dismissal is for good, the weekly limit holds, and
//! introduction rounds pair only people who opted in, once per period.

use crate::delegations::pair;
use crate::helpers::*;
use rapport::{AppState, Config};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn nudges(app: &TestApp, who: &Client) -> Vec<Value> {
    let (status, body) = json(who.get(app.url("/api/v1/me/nudges")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"].as_array().unwrap().clone()
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Option<&'a Value> {
    items.iter().find(|n| n["kind"] == kind)
}

/// Nobody is suggested who has left: once the directory deactivates Mo,
/// Alice's second chance for Mo is no longer suggested, as a nudge or as
/// a next step on her home page.
#[tokio::test]
async fn a_colleague_who_left_is_not_suggested() {
    let p = pair().await;
    let id = p.delegate("Book the offsite venue").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    let missed = Some(json!({"outcome": "missed"}));
    p.act(&p.alice, &id, "complete", missed).await;
    let names_mo = |items: &[Value]| items.iter().any(|n| n["person"]["id"] == p.mo_id.as_str());
    assert!(
        names_mo(&nudges(&p.app, &p.alice).await),
        "a second chance for Mo"
    );
    let mo = rapport_core::PersonId::parse(&p.mo_id).unwrap();
    p.app
        .store
        .set_person_active(p.app.org, mo, false, chrono::Utc::now())
        .await
        .unwrap();
    assert!(!names_mo(&nudges(&p.app, &p.alice).await), "Mo left");
    // A week on, when a second chance would be a next step.
    p.app.clock.advance(chrono::Duration::days(8));
    let (_, home) = page(&p.alice, &p.app.url("/")).await;
    assert!(!home.contains("Mo Member"), "no next step names Mo");
}

/// A miss brings a second-chance nudge at once; every nudge has a reason;
/// dismissing it is for good; and relying on them again ends it.
#[tokio::test]
async fn a_miss_brings_a_second_chance_nudge_until_dismissed() {
    let p = pair().await;
    assert!(of_kind(&nudges(&p.app, &p.alice).await, "second_chance").is_none());
    let id = p.delegate("Book the offsite venue").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    let (status, _) = p
        .act(
            &p.alice,
            &id,
            "complete",
            Some(json!({"outcome": "missed"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = nudges(&p.app, &p.alice).await;
    let n = of_kind(&items, "second_chance")
        .expect("a second chance is suggested")
        .clone();
    assert_eq!(n["person"]["id"], p.mo_id.as_str());
    assert!(n["reason"].as_str().unwrap().contains("Mo Member"), "{n}");
    assert!(
        n["link"]
            .as_str()
            .unwrap()
            .contains(&format!("second_chance_of={id}"))
    );
    for item in &items {
        assert!(!item["reason"].as_str().unwrap().is_empty());
        assert!(item["id"].is_string());
    }
    assert!(
        of_kind(&nudges(&p.app, &p.mo).await, "second_chance").is_none(),
        "the nudge is the delegator's alone"
    );
    // Mo cannot touch Alice's nudge.
    let nid = n["id"].as_str().unwrap();
    let (status, _) = json(
        p.mo.post(p.app.url(&format!("/api/v1/nudges/{nid}/dismiss")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = json(
        p.alice
            .post(p.app.url(&format!("/api/v1/nudges/{nid}/dismiss")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("dismissed"))
    );
    for _ in 0..2 {
        assert!(of_kind(&nudges(&p.app, &p.alice).await, "second_chance").is_none());
    }
}

/// Relying on them again ends the second chance: the nudge reflects every
/// event recorded before the request.
#[tokio::test]
async fn a_second_chance_nudge_ends_when_the_second_chance_is_given() {
    let p = pair().await;
    let id = p.delegate("Book the offsite venue").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(json!({"outcome": "missed"})),
    )
    .await;
    assert!(of_kind(&nudges(&p.app, &p.alice).await, "second_chance").is_some());
    p.delegate("Order the coffee").await;
    assert!(of_kind(&nudges(&p.app, &p.alice).await, "second_chance").is_none());
}

/// Snoozing hides a nudge; a bad snooze is a clear 422 and changes nothing.
#[tokio::test]
async fn a_snoozed_nudge_is_hidden_and_a_bad_snooze_is_refused() {
    let p = pair().await;
    let id = p.delegate("Book the offsite venue").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(json!({"outcome": "missed"})),
    )
    .await;
    let n = of_kind(&nudges(&p.app, &p.alice).await, "second_chance")
        .unwrap()
        .clone();
    let url = p.app.url(&format!(
        "/api/v1/nudges/{}/snooze",
        n["id"].as_str().unwrap()
    ));
    let (status, body) = json(
        p.alice
            .post(&url)
            .json(&json!({"days": 400}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(of_kind(&nudges(&p.app, &p.alice).await, "second_chance").is_some());
    let (status, body) = json(p.alice.post(&url).send().await.unwrap()).await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("snoozed"))
    );
    assert!(of_kind(&nudges(&p.app, &p.alice).await, "second_chance").is_none());
}

/// Never more than the weekly limit of distinct nudges.
#[tokio::test]
async fn the_weekly_limit_holds() {
    let app = spawn_app_with(|c| c.nudges_per_week = 1).await;
    let admin = app.admin().await;
    let team = json(
        admin
            .post(app.url("/api/v1/teams"))
            .json(&json!({"name": "Platform"}))
            .send()
            .await
            .unwrap(),
    )
    .await
    .1["id"]
        .as_str()
        .unwrap()
        .to_string();
    for i in 0..4 {
        let id = app
            .add_person(
                app.org,
                &format!("t{i}@acme.example"),
                &format!("Teammate {i}"),
                rapport_core::Role::Member,
            )
            .await;
        admin
            .patch(app.url(&format!("/api/v1/people/{id}")))
            .json(&json!({"team_id": team}))
            .send()
            .await
            .unwrap();
    }
    let me = json(admin.get(app.url("/api/v1/me")).send().await.unwrap())
        .await
        .1["id"]
        .as_str()
        .unwrap()
        .to_string();
    admin
        .patch(app.url(&format!("/api/v1/people/{me}")))
        .json(&json!({"team_id": team}))
        .send()
        .await
        .unwrap();
    let first = nudges(&app, &admin).await;
    assert_eq!(first.len(), 1, "{first:?}");
    let nid = first[0]["id"].as_str().unwrap();
    admin
        .post(app.url(&format!("/api/v1/nudges/{nid}/dismiss")))
        .send()
        .await
        .unwrap();
    assert!(
        nudges(&app, &admin).await.is_empty(),
        "the week's one nudge was shown; another waits for next week"
    );
}

fn state_of(app: &TestApp) -> AppState {
    let url = app.database_url().unwrap_or("sqlite::memory:").to_string();
    AppState::new(app.store.clone(), Config::new("127.0.0.1:0".into(), url))
}

async fn opt_in(app: &TestApp, who: &Client, body: Value) {
    let (status, s) = json(
        who.put(app.url("/api/v1/me/introduction-settings"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{s}");
}

/// A round pairs people who opted in (never someone who did not, never a
/// blocked pair), runs once per period however many instances try, tells
/// each person what to talk about, and "done" is an interaction.
#[tokio::test]
async fn introduction_rounds_pair_opted_in_people_once_per_period() {
    let p = pair().await;
    opt_in(&p.app, &p.alice, json!({"opted_in": true})).await;
    opt_in(&p.app, &p.mo, json!({"opted_in": true})).await;
    let (a, b) = (state_of(&p.app), state_of(&p.app));
    let (x, y) = tokio::join!(
        rapport::app::introductions::introduction_rounds(&a),
        rapport::app::introductions::introduction_rounds(&b)
    );
    assert_eq!(x.unwrap() + y.unwrap(), 1, "one pair, made by one instance");
    let (_, mine) = json(
        p.alice
            .get(p.app.url("/api/v1/me/introductions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["person"]["id"], p.mo_id.as_str());
    assert!(!items[0]["topics"].as_array().unwrap().is_empty());
    let (_, tess) = json(
        p.tess
            .get(p.app.url("/api/v1/me/introductions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(tess["items"], json!([]), "Tess did not opt in");
    let id = items[0]["id"].as_str().unwrap();
    let (status, _) = json(
        p.tess
            .post(p.app.url(&format!("/api/v1/introductions/{id}/done")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = json(
        p.alice
            .post(p.app.url(&format!("/api/v1/introductions/{id}/done")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = json(
        p.alice
            .post(p.app.url(&format!("/api/v1/introductions/{id}/skip")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "introduction_answered")
    );
    let met = p.app.store.events_after(p.app.org, 0).await.unwrap();
    assert_eq!(
        met.iter()
            .filter(|e| e.payload == Ok(rapport_core::events::Payload::Met))
            .count(),
        1
    );
}

/// "Don't pair me with" is honoured both ways, and a snooze sits a round out.
#[tokio::test]
async fn blocks_and_snoozes_are_respected() {
    let p = pair().await;
    opt_in(
        &p.app,
        &p.alice,
        json!({"opted_in": true, "dont_pair_with": [p.mo_id]}),
    )
    .await;
    opt_in(&p.app, &p.mo, json!({"opted_in": true})).await;
    let s = state_of(&p.app);
    assert_eq!(
        rapport::app::introductions::introduction_rounds(&s)
            .await
            .unwrap(),
        0
    );
    let (status, body) = json(
        p.alice
            .put(p.app.url("/api/v1/me/introduction-settings"))
            .json(&json!({"opted_in": true, "dont_pair_with": [p.alice_id]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, settings) = json(
        p.alice
            .get(p.app.url("/api/v1/me/introduction-settings"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        settings["dont_pair_with"],
        json!([p.mo_id]),
        "a refused change keeps the old settings"
    );
}
