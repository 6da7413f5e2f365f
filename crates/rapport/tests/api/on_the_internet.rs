//! rapport put on the internet: behind a proxy (whose forwarding headers
//! are believed only when the operator lists it), cross-site requests
//! judged against `public_url`, slow clients that cannot hold the server,
//! outbound addresses an admin cannot aim at rapport's own network, and
//! refusals in the error shape of where they happen.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Three failed sign-ins, each for a different unknown email, sent with
/// the given `X-Forwarded-For`; answers the fourth attempt's status.
async fn fourth_attempt(app: &TestApp, forwarded_for: &[&str]) -> StatusCode {
    let mut last = StatusCode::OK;
    for (i, xff) in forwarded_for.iter().enumerate() {
        last = reqwest::Client::new()
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", *xff)
            .json(
                &json!({"email": format!("guess{i}@acme.example"), "password": "wrong password!"}),
            )
            .send()
            .await
            .unwrap()
            .status();
    }
    last
}

/// Behind a listed proxy each client has its own budget; from anyone else
/// the header is ignored, so a client cannot pick a fresh address.
#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    let behind_proxy = spawn_app_with(|c| {
        c.sign_in_per_client = 3;
        c.sign_in_delay_ms = 1;
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let one = ["198.51.100.1"; 4];
    assert_eq!(
        fourth_attempt(&behind_proxy, &one).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let others = [
        "198.51.100.2",
        "198.51.100.3",
        "198.51.100.4",
        "198.51.100.5",
    ];
    assert_eq!(
        fourth_attempt(&behind_proxy, &others).await,
        StatusCode::UNAUTHORIZED,
        "other clients behind the proxy keep their own budgets"
    );

    let direct = spawn_app_with(|c| {
        c.sign_in_per_client = 3;
        c.sign_in_delay_ms = 1;
    })
    .await;
    assert_eq!(
        fourth_attempt(&direct, &others).await,
        StatusCode::TOO_MANY_REQUESTS,
        "without trusted_proxies a forged X-Forwarded-For changes nothing"
    );
}

/// Behind a proxy that rewrites `Host`, the site is `public_url`: its own
/// forms pass, and the backend's address is not a valid origin.
#[tokio::test]
async fn the_cross_site_check_compares_with_public_url() {
    let app = spawn_app_with(|c| {
        c.public_url = "http://rapport.example.com:8443".into();
        c.public_url_set = true;
    })
    .await;
    let mo = app.member().await;
    let create = |origin: &str| {
        mo.post(app.url("/api/v1/tokens"))
            .header("origin", origin)
            .json(&json!({"name": "laptop"}))
            .send()
    };
    assert_eq!(
        create("http://rapport.example.com:8443")
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    let own_host = app.address.clone();
    let (status, body) = json(create(&own_host).await.unwrap()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "cross_site_request")
    );
}

/// Any `Authorization` header used to skip the check while the cookie still
/// signed the request in; now only a request without the cookie is exempt.
#[tokio::test]
async fn an_authorization_header_does_not_exempt_a_cookie_request() {
    let app = spawn_app().await;
    let mo = app.member().await;
    let (status, body) = json(
        mo.post(app.url("/api/v1/tokens"))
            .header("origin", "https://evil.example")
            .header("authorization", "Basic Zm9vOmJhcg==")
            .json(&json!({"name": "stolen"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "cross_site_request")
    );
    let (_, token) = json(
        mo.post(app.url("/api/v1/tokens"))
            .json(&json!({"name": "script"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let bearer = token["token"].as_str().unwrap();
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .header("origin", "https://evil.example")
        .bearer_auth(bearer)
        .json(&json!({"name": "from a script"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "a bearer token alone carries no ambient credential"
    );
    let tokens: Vec<String> = app
        .store
        .list_tokens(
            app.store
                .person_by_email(
                    app.org,
                    &rapport_core::Email::parse(&app.member_email).unwrap(),
                )
                .await
                .unwrap()
                .id,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert!(!tokens.contains(&"stolen".to_string()), "{tokens:?}");
}

/// A cross-site form post to a page is refused with a page, not JSON.
#[tokio::test]
async fn a_cross_site_refusal_on_a_page_is_a_page() {
    let app = spawn_app().await;
    let mo = app.member().await;
    let res = mo
        .post(app.url("/sign-out"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_page(res, StatusCode::FORBIDDEN, "another site").await;
    assert_eq!(
        mo.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::OK
    );
}

/// Over HTTPS browsers are told to keep to HTTPS; over plain HTTP they are not.
#[tokio::test]
async fn strict_transport_security_only_over_https() {
    let https = spawn_app_with(|c| {
        c.public_url = "https://rapport.example.com".into();
        c.public_url_set = true;
    })
    .await;
    let res = reqwest::get(https.url("/sign-in")).await.unwrap();
    let hsts = res.headers()["strict-transport-security"].to_str().unwrap();
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
    let http = spawn_app().await;
    let res = reqwest::get(http.url("/sign-in")).await.unwrap();
    assert!(!res.headers().contains_key("strict-transport-security"));
}

/// The answer is a page (not JSON) with this status, saying these words.
async fn assert_page(res: reqwest::Response, status: StatusCode, words: &str) {
    assert_eq!(res.status(), status);
    let kind = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/html"), "{kind}");
    let body = res.text().await.unwrap();
    assert!(body.contains(words), "{body}");
}

/// Reads until the server closes the connection, or gives up after `wait`.
async fn closed_within(stream: &mut tokio::net::TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 1024];
    tokio::time::timeout(wait, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// Clients that never finish their headers are cut off at the deadline,
/// and past the connection cap the rest wait their turn instead of
/// exhausting the server: a normal request still gets through.
#[tokio::test]
async fn slow_clients_cannot_hold_the_server() {
    let app = spawn_app_with(|c| {
        c.header_read_timeout_secs = 1;
        c.max_connections = 8;
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_string();
    let mut slow = Vec::new();
    for _ in 0..24 {
        let mut s = tokio::net::TcpStream::connect(&address).await.unwrap();
        s.write_all(b"GET /sign-in HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // Three rounds of eight, each cut off after a second.
    for (i, s) in slow.iter_mut().enumerate() {
        assert!(
            closed_within(s, Duration::from_secs(15)).await,
            "slow connection {i} was kept open"
        );
    }
    let res = reqwest::get(app.url("/sign-in")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// The LRS cannot be aimed at loopback, private or metadata addresses
/// unless the operator allows it; the refusal names the field.
#[tokio::test]
async fn the_lrs_cannot_point_at_rapports_own_network() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for endpoint in [
        "http://127.0.0.1:9/xapi",
        "http://[::1]:9/xapi",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/xapi",
        "http://localhost:9/xapi",
    ] {
        let (status, body) = json(
            admin
                .put(app.url("/api/v1/admin/lrs"))
                .json(&json!({"endpoint": endpoint, "username": "u", "password": "p"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{endpoint}: {body}"
        );
        assert_eq!(body["error"]["field"], "endpoint", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("allow_private_targets"),
            "{body}"
        );
    }
    let allowed = spawn_app_with(|c| c.allow_private_targets = true).await;
    let res = allowed
        .admin()
        .await
        .put(allowed.url("/api/v1/admin/lrs"))
        .json(&json!({"endpoint": "http://127.0.0.1:9/xapi", "username": "u", "password": "p"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "an operator may allow an on-premise LRS"
    );
}

/// An address saved before the guard (or straight into the database) is
/// still refused when sending, and the admin reads why in words, never
/// what the other side answered.
#[tokio::test]
async fn a_refused_lrs_is_reported_in_words_and_nothing_is_sent() {
    let app = spawn_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = s
                .write_all(b"HTTP/1.1 418 I'm a teapot\r\ncontent-length: 6\r\n\r\nsecret")
                .await;
        }
    });
    app.store
        .set_lrs_settings(
            app.org,
            Some(&rapport_store::LrsSettings {
                endpoint: format!("http://127.0.0.1:{port}/xapi"),
                username: "u".into(),
                password: "p".into(),
                actor: "opaque".into(),
            }),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mo = app.member().await;
    let res = mo
        .post(app.url("/api/v1/courses/building-great-relationships/enroll"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let done = rapport::jobs::xapi::deliver_due(&app.state, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!((done.sent, done.retried), (0, 1), "{done:?}");
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing reached the address"
    );
    let (_, lrs) = json(
        app.admin()
            .await
            .get(app.url("/api/v1/admin/lrs"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let error = lrs["last_error"].as_str().unwrap_or_default();
    assert!(error.contains("allow_private_targets"), "{lrs}");
    assert!(
        !error.contains("secret") && !error.contains("teapot"),
        "{lrs}"
    );
}

/// A body over the limit and a form that cannot be read are answered in
/// the JSON shape under the API and as a page elsewhere.
#[tokio::test]
async fn oversized_and_unreadable_bodies_are_answered_in_shape() {
    let app = spawn_app().await;
    let mo = app.member().await;
    let big = "x".repeat(2 * 1024 * 1024);
    let (status, body) = json(
        mo.post(app.url("/api/v1/tokens"))
            .header("content-type", "application/json")
            .body(format!("{{\"name\": \"{big}\"}}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    let res = mo
        .post(app.url("/me/tokens"))
        .form(&[("name", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_page(res, StatusCode::PAYLOAD_TOO_LARGE, "send less").await;
    let res = app
        .anonymous()
        .post(app.url("/sign-in"))
        .form(&[("nothing", "here")])
        .send()
        .await
        .unwrap();
    assert_page(res, StatusCode::BAD_REQUEST, "reload the page").await;
}

/// A method an API address does not take is a 405 in the error shape,
/// naming the methods it does take.
#[tokio::test]
async fn a_wrong_method_is_a_405_in_the_error_shape() {
    let app = spawn_app().await;
    let res = app
        .member()
        .await
        .delete(app.url("/api/v1/me/notifications"))
        .send()
        .await
        .unwrap();
    let allow = res
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_string());
    let (status, body) = json(res).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    assert!(
        allow.is_some_and(|a| a.contains("GET")),
        "the Allow header stays"
    );
}

/// A refused change writes nothing: an admin's edit that would make a
/// reporting loop leaves no new team behind, and neither does a new person
/// whose email is taken.
#[tokio::test]
async fn a_refused_edit_leaves_no_new_team_behind() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (_, me) = json(admin.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    let (_, mo) = json(
        app.member()
            .await
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Mo reports to Alice; making Alice report to Mo would be a loop.
    let res = admin
        .post(app.url(&format!("/admin/people/{}", mo["id"].as_str().unwrap())))
        .form(&[
            ("role", "member"),
            ("team", ""),
            ("manager_email", app.admin_email.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let res = admin
        .post(app.url(&format!("/admin/people/{}", me["id"].as_str().unwrap())))
        .form(&[
            ("role", "admin"),
            ("team", "Loop Team"),
            ("manager_email", app.member_email.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (status, body) = json(
        admin
            .post(app.url("/api/v1/people"))
            .json(&json!({"email": app.member_email, "name": "Mo Again", "team": "Taken Team"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let teams = app.store.list_teams(app.org).await.unwrap();
    assert!(teams.is_empty(), "{teams:?}");
}
