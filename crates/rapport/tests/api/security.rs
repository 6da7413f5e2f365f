//! What a browser is told about every answer (what it may run, framing,
//! sniffing, referrers, caching), and where a sign-in may send a person.

use crate::helpers::*;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, LOCATION};
use serde_json::json;

/// Pages, the API, errors and assets all carry the policy headers.
#[tokio::test]
async fn every_answer_says_what_may_run_and_forbids_framing() {
    let app = spawn_app().await;
    let anon = no_redirects();
    for path in [
        "/sign-in",
        "/",
        "/api/v1/me",
        "/no-such-page",
        "/api/v1/nothing",
        "/static/app.css",
    ] {
        let res = anon.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        let script = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"));
        assert_eq!(script, Some("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
    }
    // No page carries an inline script the policy would refuse.
    let admin = app.admin().await;
    for path in ["/", "/api/docs", "/relationships", "/courses"] {
        let html = admin
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("<script>"), "{path} has an inline script");
    }
}

/// Whatever answers a signed-in person, or hands out a credential, is
/// never kept by a cache; public assets still are.
#[tokio::test]
async fn private_answers_are_not_stored_by_caches() {
    let app = spawn_app().await;
    let member = app.member().await;
    for path in [
        "/",
        "/relationships",
        "/api/v1/me",
        "/api/v1/me/relationships",
    ] {
        let res = member.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.headers()[CACHE_CONTROL], "no-store", "{path}");
    }
    let res = member
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"name": "script"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()[CACHE_CONTROL], "no-store", "a new token");
    let res = app
        .anonymous()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": app.member_email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[CACHE_CONTROL], "no-store", "a new session");
    let css = member.get(app.url("/static/app.css")).send().await.unwrap();
    assert!(
        css.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
}

/// `next` after sign-in is a path on this site or home: never another
/// host, whatever the browser would make of tabs, line breaks or
/// backslashes, and never a server error.
#[tokio::test]
async fn sign_in_sends_a_person_only_to_a_path_on_this_site() {
    let app = spawn_app().await;
    for (next, expected) in [
        ("/delegations", "/delegations"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/%0d%0aSet-Cookie:%20x=1", "/"),
        ("https://evil.example/", "/"),
    ] {
        let body = format!(
            "email={}&password={PASSWORD}&next={next}",
            app.member_email.replace('@', "%40")
        );
        let res = no_redirects()
            .post(app.url("/sign-in"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", app.address.clone())
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(res.headers()[LOCATION], expected, "{next}");
    }
}
