//! "Can you help me?", thanks, and my relationships through the API.

use crate::delegations::pair;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

/// Ask, see suggested helpers, offer, accept, resolve, thank.
#[tokio::test]
async fn a_help_request_goes_from_ask_to_thanks() {
    let p = pair().await;
    let skills = |strengths: &[&str], growth: serde_json::Value| json!({"strengths": strengths, "growth_areas": growth});
    p.mo.put(p.app.url("/api/v1/me/skills"))
        .json(&skills(
            &["SQL"],
            json!([{"skill": "Figma", "shared": true}]),
        ))
        .send()
        .await
        .unwrap();
    p.tess
        .put(p.app.url("/api/v1/me/skills"))
        .json(&skills(&["SQL"], json!([])))
        .send()
        .await
        .unwrap();
    p.alice
        .put(p.app.url("/api/v1/me/skills"))
        .json(&skills(&["Figma"], json!([])))
        .send()
        .await
        .unwrap();
    let (status, h) = json(
        p.alice
            .post(p.app.url("/api/v1/help-requests"))
            .json(&json!({"skill": "sql", "text": "A query is slow", "audience": "org"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{h}");
    let id = h["id"].as_str().unwrap();
    let (status, helpers) = json(
        p.alice
            .get(
                p.app
                    .url(&format!("/api/v1/help-requests/{id}/suggested-helpers")),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = helpers
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["person"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["Mo Member", "Tess Third"],
        "the two-way match first"
    );
    assert_eq!(
        p.mo.get(
            p.app
                .url(&format!("/api/v1/help-requests/{id}/suggested-helpers"))
        )
        .send()
        .await
        .unwrap()
        .status(),
        StatusCode::FORBIDDEN
    );

    let (status, offer) = json(
        p.mo.post(p.app.url(&format!("/api/v1/help-requests/{id}/offers")))
            .json(&json!({"text": "Send me the plan"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let again =
        p.mo.post(p.app.url(&format!("/api/v1/help-requests/{id}/offers")))
            .json(&json!({"text": "again"}))
            .send()
            .await
            .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let own = p
        .alice
        .post(p.app.url(&format!("/api/v1/help-requests/{id}/offers")))
        .json(&json!({"text": "me"}))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    let offer_id = offer["id"].as_str().unwrap();
    let resolve_early = p
        .alice
        .post(p.app.url(&format!("/api/v1/help-requests/{id}/resolve")))
        .json(&json!({"helped": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resolve_early.status(), StatusCode::CONFLICT);
    let by_helper =
        p.mo.post(p.app.url(&format!("/api/v1/help-requests/{id}/accept")))
            .json(&json!({"offer_id": offer_id}))
            .send()
            .await
            .unwrap();
    assert_eq!(by_helper.status(), StatusCode::FORBIDDEN);
    let (status, h) = json(
        p.alice
            .post(p.app.url(&format!("/api/v1/help-requests/{id}/accept")))
            .json(&json!({"offer_id": offer_id}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, h["status"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );
    let (status, h) = json(
        p.alice
            .post(p.app.url(&format!("/api/v1/help-requests/{id}/resolve")))
            .json(&json!({"helped": true}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, h["helped"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (status, thanks) = json(p.alice.post(p.app.url("/api/v1/appreciations")).json(&json!({"to": p.mo_id, "message": "That index saved the day", "visibility": "team", "help_request_id": id})).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{thanks}");
    let (_, got) = json(
        p.mo.get(p.app.url("/api/v1/appreciations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(got["items"][0]["message"], "That index saved the day");
    let (_, tess_sees) = json(
        p.tess
            .get(p.app.url("/api/v1/appreciations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        tess_sees["items"].as_array().unwrap().len(),
        0,
        "Tess is not on Mo's team"
    );
}

/// A request to one person is invisible to others; an unshared growth area is never used for matching.
#[tokio::test]
async fn requests_and_private_growth_areas_stay_private() {
    let p = pair().await;
    p.tess
        .put(p.app.url("/api/v1/me/skills"))
        .json(&json!({"strengths": ["SQL"], "growth_areas": [{"skill": "Figma", "shared": false}]}))
        .send()
        .await
        .unwrap();
    p.alice
        .put(p.app.url("/api/v1/me/skills"))
        .json(&json!({"strengths": ["Figma"], "growth_areas": []}))
        .send()
        .await
        .unwrap();
    let (_, h) = json(
        p.alice
            .post(p.app.url("/api/v1/help-requests"))
            .json(&json!({"skill": "SQL", "text": "just Mo", "audience": "person", "to": p.mo_id}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = h["id"].as_str().unwrap();
    assert_eq!(
        p.tess
            .get(p.app.url(&format!("/api/v1/help-requests/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        p.mo.get(p.app.url(&format!("/api/v1/help-requests/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let (_, helpers) = json(
        p.alice
            .get(
                p.app
                    .url(&format!("/api/v1/help-requests/{id}/suggested-helpers")),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    let text = helpers.to_string();
    assert!(
        text.contains("Tess Third") && !text.to_lowercase().contains("figma"),
        "{text}"
    );
    let (status, b) = json(
        p.alice
            .post(p.app.url("/api/v1/help-requests"))
            .json(&json!({"skill": "SQL", "text": "x", "audience": "person"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, b["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("to"))
    );
}

/// My relationship figures match the engine replaying the same history.
#[tokio::test]
async fn relationship_figures_match_the_engine() {
    use rapport_core::trust::{TrustLedger, TrustParams};
    let p = pair().await;
    for i in 0..5 {
        let id = p.delegate(&format!("Task {i}")).await;
        p.act(&p.mo, &id, "accept", None).await;
        p.act(&p.mo, &id, "mark-done", None).await;
        p.act(
            &p.alice,
            &id,
            "complete",
            Some(json!({"outcome": if i == 4 { "missed" } else { "delivered" }})),
        )
        .await;
    }
    let (status, rels) = json(
        p.alice
            .get(p.app.url("/api/v1/me/relationships"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let entry = &rels["items"][0];
    assert_eq!(entry["person"]["name"], "Mo Member");
    let events = p.app.store.events_after(p.app.org, 0).await.unwrap();
    let ledger = TrustLedger::replay(
        TrustParams::default(),
        events
            .iter()
            .filter_map(|e| rapport::trust_cache::to_engine(e, &Default::default())),
    );
    let alice = rapport_core::PersonId::parse(&p.alice_id).unwrap();
    let mo = rapport_core::PersonId::parse(&p.mo_id).unwrap();
    let at = rapport_core::trust::Time::from(chrono::Utc::now());
    let expected = ledger.relationship(alice, mo, at);
    assert!(
        (entry["trust"]["uncertainty"].as_f64().unwrap() - expected.trust.uncertainty).abs()
            < 0.002
    );
    assert_eq!(
        entry["trust"]["value"]
            .as_f64()
            .map(|v| (v * 100.0).round()),
        expected.trust.value.map(|v| (v * 100.0).round())
    );
    assert_eq!(
        entry["trust"]["label"].as_str(),
        Some(expected.trust.label.text())
    );
    assert!((entry["reliance_out"].as_f64().unwrap() - expected.reliance_out).abs() < 0.002);
    assert!(
        rels["summary"]["next_step"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    // Mo's view of Alice is Mo's own: Alice relied on Mo, not the other way.
    let (_, mo_view) = json(
        p.mo.get(
            p.app
                .url(&format!("/api/v1/me/relationships/{}", p.alice_id)),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(mo_view["reliance_in"].as_f64().map(|x| x > 0.0), Some(true));
    assert_eq!(mo_view["reliance_out"].as_f64(), Some(0.0));
    // Mo has recorded nothing about Alice: no evidence, so no range either.
    assert_eq!(mo_view["trust"]["label"], "no history yet");
    assert!(mo_view["trust"]["value"].is_null());
    assert!(mo_view["trust"]["low"].is_null() && mo_view["trust"]["high"].is_null());
    assert_eq!(mo_view["trust"]["evidence"]["delivered"], 0);
    assert_eq!(
        mo_view["delegations"].as_array().unwrap().len(),
        5,
        "the shared history is both people's"
    );
}

/// The home page lists a request I could answer until I offered to help
/// (and never my own request).
#[tokio::test]
async fn the_home_page_lists_a_request_until_i_offer() {
    let p = pair().await;
    let (status, h) = json(
        p.alice
            .post(p.app.url("/api/v1/help-requests"))
            .json(&json!({"skill": "Budgeting", "text": "Q3 numbers", "audience": "org"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{h}");
    let id = h["id"].as_str().unwrap();
    let home = |c: &reqwest::Client| {
        let (c, url) = (c.clone(), p.app.url("/"));
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let ask = "Alice Admin asks for help with Budgeting";
    assert!(home(&p.mo).await.contains(ask), "Mo can answer it");
    assert!(
        !home(&p.alice).await.contains(ask),
        "not on the asker's own page"
    );
    let res =
        p.mo.post(p.app.url(&format!("/api/v1/help-requests/{id}/offers")))
            .json(&json!({"text": "I built the Q2 sheet"}))
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(!home(&p.mo).await.contains(ask), "Mo already offered");
    assert!(home(&p.tess).await.contains(ask), "Tess still can");
}
