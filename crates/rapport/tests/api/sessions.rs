//! Signing out everywhere: every session of the person ends at once, on
//! this instance and on another one serving the same database; a token
//! revoked through one instance is refused by the other at once.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn me(c: &Client, base: &str) -> StatusCode {
    c.get(format!("{base}/api/v1/me"))
        .send()
        .await
        .unwrap()
        .status()
}

/// Two sessions of one person, the second also used through a second
/// instance: signing out everywhere from the first refuses both, right
/// after, on both instances; someone else's session goes on.
#[tokio::test]
async fn signing_out_everywhere_ends_every_session_on_every_instance() {
    let app = spawn_app().await;
    let other = app.second_instance().await;
    let laptop = app.member().await;
    let phone = app.member().await;
    let admin = app.admin().await;
    // The other instance has just looked the sessions up.
    for c in [&laptop, &phone, &admin] {
        assert_eq!(me(c, &other).await, StatusCode::OK);
    }
    let res = laptop
        .post(app.url("/api/v1/auth/logout-everywhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    for base in [other.as_str(), app.address.as_str()] {
        assert_eq!(me(&phone, base).await, StatusCode::UNAUTHORIZED, "{base}");
        assert_eq!(me(&laptop, base).await, StatusCode::UNAUTHORIZED, "{base}");
        assert_eq!(me(&admin, base).await, StatusCode::OK, "{base}");
    }
    let (status, body) = json(
        phone
            .post(app.url("/api/v1/auth/logout-everywhere"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "not_signed_in")
    );
    // Signing in again works.
    assert_eq!(me(&app.member().await, &other).await, StatusCode::OK);
}

/// A token revoked through one instance is refused by another at once,
/// though that one had just accepted it.
#[tokio::test]
async fn a_revoked_token_is_refused_at_once_on_another_instance() {
    let app = spawn_app().await;
    let other = app.second_instance().await;
    let member = app.member().await;
    let (_, created) = json(
        member
            .post(app.url("/api/v1/tokens"))
            .json(&json!({"name": "script"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let token = created["token"].as_str().unwrap().to_string();
    let id = created["id"].as_str().unwrap().to_string();
    let script = reqwest::Client::new();
    let with_token = || {
        script
            .get(format!("{other}/api/v1/me"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(with_token().await.unwrap().status(), StatusCode::OK);
    let res = member
        .delete(app.url(&format!("/api/v1/tokens/{id}")))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(
        with_token().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

/// The account page asks before signing out everywhere, and then ends
/// every session, this browser's included.
#[tokio::test]
async fn the_page_asks_then_signs_out_everywhere() {
    let app = spawn_app().await;
    let laptop = app.member().await;
    let phone = app.member().await;
    let (status, html) = page(&phone, &app.url("/me/tokens")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"action="/me/sign-out-everywhere""#),
        "{html}"
    );
    let res = phone
        .post(app.url("/me/sign-out-everywhere"))
        .form(&[("confirm", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Sign out everywhere?"), "{html}");
    assert!(html.contains(r#"name="confirm" value="yes""#), "{html}");
    assert_eq!(
        me(&laptop, &app.address).await,
        StatusCode::OK,
        "asked only"
    );
    let res = phone
        .post(app.url("/me/sign-out-everywhere"))
        .form(&[("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.url().path(), "/sign-in");
    assert_eq!(me(&laptop, &app.address).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&phone, &app.address).await, StatusCode::UNAUTHORIZED);
}
