//! Help requests' finished flow: the asker closes their own request and
//! asks a suggested helper directly.

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

impl Pair {
    /// Alice asks for help with SQL, addressed as `audience` (with `to`).
    async fn ask_help(&self, audience: &str, to: Option<&str>) -> String {
        let mut body = json!({"skill": "SQL", "text": "A query is slow", "audience": audience});
        if let Some(to) = to {
            body["to"] = json!(to);
        }
        self.create(&self.alice, "/api/v1/help-requests", body)
            .await
    }

    async fn help_post(
        &self,
        who: &Client,
        id: &str,
        action: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = who.post(
            self.app
                .url(&format!("/api/v1/help-requests/{id}/{action}")),
        );
        if let Some(b) = body {
            req = req.json(&b);
        }
        json(req.send().await.unwrap()).await
    }

    async fn told(&self, who: &Client) -> Vec<String> {
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

/// Only the asker closes their request (403 for a colleague who sees it,
/// 404 for anyone who does not, another organization included); whoever
/// offered is told; closing twice is a 409.
#[tokio::test]
async fn only_the_asker_closes_their_request() {
    let p = pair().await;
    let (other_org, _) = p.app.other_org().await;
    let _ = other_org;
    let hank = p.app.signed_in("hank@globex.example").await;
    let id = p.ask_help("org", None).await;
    p.help_post(
        &p.mo,
        &id,
        "offers",
        Some(json!({"text": "I can pair on it"})),
    )
    .await;
    assert_eq!(
        p.help_post(&p.mo, &id, "close", None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p.help_post(&hank, &id, "close", None).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, h) = p.help_post(&p.alice, &id, "close", None).await;
    assert_eq!(
        (status, h["status"].as_str(), h["closed"].as_bool()),
        (StatusCode::OK, Some("resolved"), Some(true)),
        "{h}"
    );
    assert!(h["helped"].is_null(), "no verdict: {h}");
    let (status, body) = p.help_post(&p.alice, &id, "close", None).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "wrong_state")
    );
    assert!(
        p.told(&p.mo)
            .await
            .iter()
            .any(|t| t == "Alice Admin closed their request for help"),
        "the one who offered is told"
    );

    let to_mo = p.ask_help("person", Some(&p.mo_id)).await;
    assert_eq!(
        p.help_post(&p.tess, &to_mo, "close", None).await.0,
        StatusCode::NOT_FOUND,
        "not addressed to Tess"
    );
}

/// The asker asks a suggested helper directly: that person is told, can
/// then see the request, and is asked once (409 after); nobody of another
/// organization can be asked; only the asker asks, only while it is open.
#[tokio::test]
async fn the_asker_asks_a_helper_directly_within_the_organization() {
    let p = pair().await;
    let (_, hank_id) = p.app.other_org().await;
    let tess = rapport_core::Email::parse("tess@acme.example").unwrap();
    let tess_id = p
        .app
        .store
        .person_by_email(p.app.org, &tess)
        .await
        .unwrap()
        .id
        .to_string();
    let id = p.ask_help("person", Some(&p.mo_id)).await;
    let get = |who: &Client| who.get(p.app.url(&format!("/api/v1/help-requests/{id}")));
    assert_eq!(
        get(&p.tess).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    let (status, h) = p
        .help_post(&p.alice, &id, "ask", Some(json!({"person": tess_id})))
        .await;
    assert_eq!(status, StatusCode::OK, "{h}");
    assert_eq!(h["asked"], json!([tess_id]));
    assert_eq!(
        p.told(&p.tess).await,
        ["Alice Admin asked you directly for help with SQL"]
    );
    let home = p.tess.get(p.app.url("/")).send().await.unwrap();
    assert!(
        home.text()
            .await
            .unwrap()
            .contains("Alice Admin asks for help with SQL"),
        "it waits on their home page"
    );
    let export = p
        .tess
        .get(p.app.url("/api/v1/me/export"))
        .send()
        .await
        .unwrap();
    let export: Value = export.json().await.unwrap();
    assert!(
        export["help_requests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == id.as_str()),
        "being asked is in their export"
    );
    let (status, seen) = json(get(&p.tess).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "the person asked sees it");
    assert_eq!(
        seen["asked"],
        json!([]),
        "whom the asker asked is theirs to see"
    );

    let (status, body) = p
        .help_post(&p.alice, &id, "ask", Some(json!({"person": tess_id})))
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "already_asked")
    );
    assert_eq!(p.told(&p.tess).await.len(), 1, "told once");

    let (status, body) = p
        .help_post(
            &p.alice,
            &id,
            "ask",
            Some(json!({"person": hank_id.to_string()})),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    assert_eq!(
        p.help_post(&p.mo, &id, "ask", Some(json!({"person": tess_id})))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    p.help_post(&p.alice, &id, "close", None).await;
    assert_eq!(
        p.help_post(&p.alice, &id, "ask", Some(json!({"person": p.mo_id})))
            .await
            .0,
        StatusCode::CONFLICT
    );
}
