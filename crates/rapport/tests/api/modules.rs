//! Module switches and pilots: a module an organization switches off
//! disappears from the API (404), the pages and navigation, nudges and
//! digests, the transparency page says so, and its data is back when it is
//! switched on again.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const SLUG: &str = "building-great-relationships";

/// Each module, an API address and a page of it.
const MODULES: [(&str, &str, &str); 6] = [
    ("delegations", "/api/v1/delegations", "/delegations"),
    ("help", "/api/v1/help-requests", "/help"),
    ("check_ins", "/api/v1/check-ins", "/check-ins"),
    (
        "introductions",
        "/api/v1/me/introductions",
        "/introductions",
    ),
    ("learning", "/api/v1/courses", "/courses"),
    ("email", "/api/v1/me/email-preferences", "/me/email"),
];

async fn switch(app: &TestApp, admin: &Client, body: Value) -> (StatusCode, Value) {
    json(
        admin
            .patch(app.url("/api/v1/admin/org"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn status(who: &Client, url: &str) -> StatusCode {
    who.get(url).send().await.unwrap().status()
}

/// Off: its API answers 404 in the error shape, its page is the not-found
/// page, the navigation has no link to it; on again: all back.
#[tokio::test]
async fn a_switched_off_module_is_gone_from_the_api_and_the_pages() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = app.member().await;
    for (module, api, page) in MODULES {
        assert_eq!(
            status(&mo, &app.url(api)).await,
            StatusCode::OK,
            "{api} while on"
        );
        let (s, settings) = switch(&app, &admin, json!({"modules": {module: false}})).await;
        assert_eq!(s, StatusCode::OK, "{settings}");
        assert_eq!(settings["modules"][module], false, "{settings}");
        let (s, body) = json(mo.get(app.url(api)).send().await.unwrap()).await;
        assert_eq!(
            (s, error_code(&body)),
            (StatusCode::NOT_FOUND, "not_found"),
            "{api}"
        );
        let res = mo.get(app.url(page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{page}");
        assert!(res.text().await.unwrap().contains("Page not found"));
        let (_, home) = page_of(&mo, &app.url("/")).await;
        assert!(
            !home.contains(&format!("href=\"{page}\"")),
            "{page} linked while off"
        );
        let (s, _) = switch(&app, &admin, json!({"modules": {module: true}})).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            status(&mo, &app.url(api)).await,
            StatusCode::OK,
            "{api} on again"
        );
    }
    // The course's public preview is the instance's front door, not the module.
    switch(&app, &admin, json!({"modules": {"learning": false}})).await;
    assert_eq!(
        status(&mo, &app.url(&format!("/courses/{SLUG}/preview"))).await,
        StatusCode::OK
    );
}

async fn page_of(who: &Client, url: &str) -> (StatusCode, String) {
    page(who, url).await
}

/// Switched off, a module's data is kept: on again, it is all there.
#[tokio::test]
async fn a_module_switched_off_keeps_its_data() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mo = app.member().await;
    let (s, _) = json(
        mo.post(app.url("/api/v1/help-requests"))
            .json(&json!({"skill": "SQL", "text": "A slow query", "audience": "org"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    switch(&app, &admin, json!({"modules": {"help": false}})).await;
    assert_eq!(
        status(&mo, &app.url("/api/v1/help-requests")).await,
        StatusCode::NOT_FOUND
    );
    switch(&app, &admin, json!({"modules": {"help": true}})).await;
    let (_, list) = json(
        mo.get(app.url("/api/v1/help-requests"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(list.to_string().contains("A slow query"), "{list}");
}

/// A module that is off suggests nothing, is waited on in no digest, and
/// the transparency page says it is off.
#[tokio::test]
async fn a_switched_off_module_leaves_nudges_digests_and_says_so() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (_, mo_me) = json(
        app.member()
            .await
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Alice asks Mo for something: it waits on Mo.
    let (s, _) = json(
        admin
            .post(app.url("/api/v1/delegations"))
            .json(&json!({"to": mo_me["id"], "title": "Review the plan", "stakes": "small"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let mo_person = app
        .store
        .person(
            app.org,
            serde_json::from_value(mo_me["id"].clone()).unwrap(),
        )
        .await
        .unwrap();
    // Each digest run acts for a new Actor, as each request does.
    let actor = rapport::app::Actor::new(mo_person.clone());
    let digest = rapport::jobs::digests::compose(&app.state, &actor, "weekly", "t")
        .await
        .unwrap();
    assert!(
        digest
            .waiting
            .iter()
            .any(|w| w.text.contains("Review the plan")),
        "the digest lists the delegation while the module is on"
    );
    let mo = app.member().await;
    let kinds = |nudges: Value| -> Vec<String> {
        nudges["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| n["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let before = kinds(
        json(mo.get(app.url("/api/v1/me/nudges")).send().await.unwrap())
            .await
            .1,
    );
    assert!(before.contains(&"learn".to_string()), "{before:?}");
    switch(
        &app,
        &admin,
        json!({"modules": {"delegations": false, "learning": false}}),
    )
    .await;
    let actor = rapport::app::Actor::new(mo_person);
    let digest = rapport::jobs::digests::compose(&app.state, &actor, "weekly", "t")
        .await
        .unwrap();
    assert!(
        digest.waiting.is_empty(),
        "nothing about delegations in the digest"
    );
    let after = kinds(
        json(mo.get(app.url("/api/v1/me/nudges")).send().await.unwrap())
            .await
            .1,
    );
    assert!(
        after
            .iter()
            .all(|k| !["first_trust", "second_chance", "learn"].contains(&k.as_str())),
        "{after:?}"
    );
    let (_, home) = page(&mo, &app.url("/")).await;
    assert!(
        !home.contains("Review the plan"),
        "the home page waits on no delegation"
    );
    let (_, transparency) = page(&mo, &app.url("/transparency")).await;
    assert!(
        transparency.contains("switched off by your organization: delegations, the course"),
        "{transparency}"
    );
}

/// With pilot teams, the modules are on for their people only; a team
/// that is not the organization's is refused naming the field.
#[tokio::test]
async fn a_pilot_switches_modules_on_for_its_teams_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut teams = Vec::new();
    for name in ["Pilot", "Later"] {
        let (s, t) = json(
            admin
                .post(app.url("/api/v1/teams"))
                .json(&json!({"name": name}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        teams.push(t["id"].as_str().unwrap().to_string());
    }
    let pia = app
        .add_person(
            app.org,
            "pia@acme.example",
            "Pia Pilot",
            rapport_core::Role::Member,
        )
        .await;
    let leo = app
        .add_person(
            app.org,
            "leo@acme.example",
            "Leo Later",
            rapport_core::Role::Member,
        )
        .await;
    for (who, team) in [(pia, &teams[0]), (leo, &teams[1])] {
        let res = admin
            .patch(app.url(&format!("/api/v1/people/{who}")))
            .json(&json!({"team_id": team}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    let (s, body) = switch(
        &app,
        &admin,
        json!({"pilot_team_ids": [rapport_core::TeamId::new()]}),
    )
    .await;
    assert_eq!(
        (s, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("pilot_team_ids"))
    );
    let (s, body) = switch(&app, &admin, json!({"pilot_team_ids": [teams[0]]})).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["pilot_team_ids"], json!([teams[0]]));
    let pia = app.signed_in("pia@acme.example").await;
    let leo = app.signed_in("leo@acme.example").await;
    assert_eq!(
        status(&pia, &app.url("/api/v1/delegations")).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&leo, &app.url("/api/v1/delegations")).await,
        StatusCode::NOT_FOUND
    );
    let (s, _) = switch(&app, &admin, json!({"pilot_team_ids": []})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        status(&leo, &app.url("/api/v1/delegations")).await,
        StatusCode::OK
    );
}

/// Only admins switch modules; an unknown module is refused in words.
#[tokio::test]
async fn only_admins_switch_modules_and_unknown_ones_are_refused() {
    let app = spawn_app().await;
    let (s, _) = switch(
        &app,
        &app.member().await,
        json!({"modules": {"help": false}}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, body) = switch(
        &app,
        &app.admin().await,
        json!({"modules": {"chat": false}}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

/// The API document lists the 404 of a switched-off module on its routes.
#[tokio::test]
async fn the_api_document_lists_the_404_of_a_switched_off_module() {
    let app = spawn_app().await;
    let (_, doc) = json(reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap()).await;
    let described = doc["paths"]["/api/v1/check-ins"]["get"]["responses"]["404"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(described.contains("switched off"), "{described}");
}

/// The settings page switches modules with a form: unticked is off.
#[tokio::test]
async fn the_settings_page_switches_modules() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (s, page_text) = page(&admin, &app.url("/admin/settings")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page_text.contains("name=\"on\" value=\"help\" checked"),
        "{page_text}"
    );
    assert!(page_text.contains("There are no teams yet"));
    let ticked: Vec<(&str, &str)> = [
        "delegations",
        "check_ins",
        "introductions",
        "learning",
        "insights",
        "email",
    ]
    .into_iter()
    .map(|m| ("on", m))
    .collect();
    let res = admin
        .post(app.url("/admin/settings/modules"))
        .form(&ticked)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "saved and shown again");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("name=\"on\" value=\"help\" >")
    );
    let mo = app.member().await;
    assert_eq!(status(&mo, &app.url("/help")).await, StatusCode::NOT_FOUND);
    assert_eq!(status(&mo, &app.url("/delegations")).await, StatusCode::OK);
}

/// Insights switched off are gone for admins too: the routes, the page and
/// the navigation link.
#[tokio::test]
async fn switched_off_insights_are_gone_for_admins_too() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    assert_eq!(
        status(&admin, &app.url("/api/v1/insights/org")).await,
        StatusCode::OK
    );
    let (_, home) = page(&admin, &app.url("/")).await;
    assert!(home.contains("href=\"/insights\""));
    switch(&app, &admin, json!({"modules": {"insights": false}})).await;
    for path in [
        "/api/v1/insights/org",
        "/api/v1/insights/matrix",
        "/insights",
        "/insights/map.svg",
    ] {
        assert_eq!(
            status(&admin, &app.url(path)).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let (_, home) = page(&admin, &app.url("/")).await;
    assert!(!home.contains("href=\"/insights\""));
}
