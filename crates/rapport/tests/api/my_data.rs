//! A person's own data: the export holds everything recorded about them,
//! and nothing of other pairs; deleting an account removes it everywhere,
//! including every instance's trust engine.

use crate::delegations::pair;
use crate::helpers::*;
use rapport::{AppState, Config};
use reqwest::StatusCode;
use serde_json::json;

/// Mo's export has the history Alice recorded with Mo (her note on a miss,
/// Mo's dispute, Alice's revealed check-in answer), and nothing of the
/// history between Alice and Tess.
#[tokio::test]
async fn the_export_holds_my_shared_history_and_nothing_of_other_pairs() {
    let p = pair().await;
    let id = p.delegate("Print the posters").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(json!({"outcome": "missed", "note": "NOTE-FROM-ALICE"})),
    )
    .await;
    p.act(&p.mo, &id, "dispute", Some(json!({"note": "NOTE-FROM-MO"})))
        .await;
    let (_, c) = json(
        p.alice
            .post(p.app.url("/api/v1/check-ins"))
            .json(&json!({"with": p.mo_id}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let answer = |improve: &str| {
        json!({"scores": {"count_on": 4, "would_help": 4, "admit_mistakes": 3, "communication": 4, "know_as_person": 2},
               "improve": improve, "works": "Honest talk"})
    };
    let url = p.app.url(&format!(
        "/api/v1/check-ins/{}/answers",
        c["id"].as_str().unwrap()
    ));
    p.alice
        .post(&url)
        .json(&answer("ALICE-IMPROVE"))
        .send()
        .await
        .unwrap();
    p.mo.post(&url)
        .json(&answer("MO-IMPROVE"))
        .send()
        .await
        .unwrap();
    let tess_id = json(p.tess.get(p.app.url("/api/v1/me")).send().await.unwrap())
        .await
        .1["id"]
        .as_str()
        .unwrap()
        .to_string();
    p.alice
        .post(p.app.url("/api/v1/delegations"))
        .json(&json!({"to": tess_id, "title": "TESS-ONLY", "stakes": "small"}))
        .send()
        .await
        .unwrap();

    let res =
        p.mo.get(p.app.url("/api/v1/me/export"))
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let export: serde_json::Value = res.json().await.unwrap();
    let text = export.to_string();
    for expected in [
        "NOTE-FROM-ALICE",
        "NOTE-FROM-MO",
        "ALICE-IMPROVE",
        "MO-IMPROVE",
        "Print the posters",
    ] {
        assert!(text.contains(expected), "the export has {expected}");
    }
    assert!(
        !text.contains("TESS-ONLY"),
        "another pair's history is not Mo's"
    );
    assert_eq!(export["profile"]["email"], p.app.member_email.as_str());
    assert!(export["my_relationships"]["items"].is_array());
}

/// A wrong password deletes nothing; the organization's only admin cannot
/// leave; a deleted account is gone from sign-in, from the other person's
/// history and from every instance's trust engine.
#[tokio::test]
async fn deleting_an_account_removes_it_everywhere() {
    let lone = spawn_app().await;
    let admin = lone.admin().await;
    let (status, body) = json(
        admin
            .delete(lone.url("/api/v1/me"))
            .json(&json!({"password": PASSWORD}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "last_admin")
    );

    let p = pair().await;
    let id = p.delegate("Order the chairs").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(json!({"outcome": "delivered"})),
    )
    .await;
    // A second instance warms its trust engine before the deletion.
    let url = p
        .app
        .database_url()
        .unwrap_or("sqlite::memory:")
        .to_string();
    let other = AppState::new(p.app.store.clone(), Config::new("127.0.0.1:0".into(), url));
    let pairs = |s: AppState| async move {
        s.trust
            .read(&s.store, p.app.org, |l| l.pair_count())
            .await
            .unwrap()
    };
    let before = pairs(other.clone()).await;
    assert!(before > 0);

    let (status, _) = json(
        p.mo.delete(p.app.url("/api/v1/me"))
            .json(&json!({"password": "not my password"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        p.mo.get(p.app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let res =
        p.mo.delete(p.app.url("/api/v1/me"))
            .json(&json!({"password": PASSWORD}))
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        p.mo.get(p.app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let again = reqwest::Client::new()
        .post(p.app.url("/api/v1/auth/login"))
        .json(&json!({"email": p.app.member_email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = json(
        p.alice
            .get(p.app.url(&format!("/api/v1/delegations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the shared history went with the account"
    );
    let (_, rels) = json(
        p.alice
            .get(p.app.url("/api/v1/me/relationships"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(!rels.to_string().contains(&p.mo_id));
    let events = p.app.store.events_after(p.app.org, 0).await.unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.from.to_string() != p.mo_id && e.to.to_string() != p.mo_id)
    );
    let after = pairs(other).await;
    assert!(
        after < before,
        "the other instance replayed without Mo: {before} → {after}"
    );
}

/// The minimum group size is an admin's choice between 3 and 10, recorded
/// in the audit log (with the other admin actions that touch people's
/// data), and every person's transparency page states it.
#[tokio::test]
async fn the_minimum_group_size_is_set_within_bounds_audited_and_published() {
    let app = spawn_app().await;
    let (admin, member) = (app.admin().await, app.member().await);
    for bad in [2, 11] {
        let (status, body) = json(
            admin
                .patch(app.url("/api/v1/admin/org"))
                .json(&json!({"min_group_size": bad}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }
    let (status, _) = json(
        member
            .patch(app.url("/api/v1/admin/org"))
            .json(&json!({"min_group_size": 3}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(
        admin
            .patch(app.url("/api/v1/admin/org"))
            .json(&json!({"min_group_size": 7}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["min_group_size"].as_i64()),
        (StatusCode::OK, Some(7))
    );
    let page = member
        .get(app.url("/transparency"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("at least 7 people"),
        "the page reads the live setting"
    );
    let (status, log) = json(
        admin
            .get(app.url("/api/v1/admin/audit"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "org.min_group_size")
        .unwrap()
        .clone();
    assert_eq!(
        (entry["detail"].as_str(), entry["actor_name"].as_str()),
        (Some("7"), Some("Alice Admin"))
    );
    let (status, _) = json(
        member
            .get(app.url("/api/v1/admin/audit"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
