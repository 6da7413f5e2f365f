//! Signing in and out, sessions, tokens, invitations, rate limits and
//! cross-site protection.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

/// Without a session or token, the API answers 401 in the error shape.
#[tokio::test]
async fn no_session_is_a_401() {
    let app = spawn_app().await;
    let (status, body) = json(
        app.anonymous()
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "not_signed_in");
}

/// A wrong password and an unknown email get the very same answer.
#[tokio::test]
async fn a_wrong_password_gives_no_hint_whether_the_email_exists() {
    let app = spawn_app().await;
    let c = app.anonymous();
    let login = |email: &str| {
        c.post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": "not the password"}))
            .send()
    };
    let (s1, b1) = json(login(&app.member_email).await.unwrap()).await;
    let (s2, b2) = json(login("nobody@acme.example").await.unwrap()).await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(b1, b2);
    assert_eq!(error_code(&b1), "invalid_credentials");
}

/// Signing in returns me and an HttpOnly, SameSite=Lax cookie, not Secure over plain HTTP.
#[tokio::test]
async fn signing_in_sets_a_safe_session_cookie() {
    let app = spawn_app().await;
    let res = app
        .anonymous()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "MEMBER@acme.example ", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "browsers drop Secure cookies over plain HTTP: {cookie}"
    );
    let (status, me) = json(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (me["email"].as_str(), me["role"].as_str()),
        (Some("member@acme.example"), Some("member"))
    );
    assert!(me["id"].as_str().is_some() && me["name"].as_str().is_some());
}

/// Signing out ends the session on the server, not only in the browser.
#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let c = app.member().await;
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        c.post(app.url("/api/v1/auth/logout"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

/// A token works as a bearer credential until it is revoked, and is shown only once.
#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = spawn_app().await;
    let c = app.member().await;
    let (status, created) = json(
        c.post(app.url("/api/v1/tokens"))
            .json(&json!({"name": "script"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (id, token) = (
        created["id"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );
    let bare = reqwest::Client::new();
    let me = bare
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let (_, list) = json(c.get(app.url("/api/v1/tokens")).send().await.unwrap()).await;
    assert!(
        !list.to_string().contains(token),
        "the secret is never listed"
    );
    assert_eq!(
        c.delete(app.url(&format!("/api/v1/tokens/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let (status, body) = json(
        bare.get(app.url("/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "not_signed_in");
}

/// An invitation link sets a password once; an expired one fails.
#[tokio::test]
async fn invitations_work_once_and_expire() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (status, inv) = json(
        admin
            .post(app.url("/api/v1/invitations"))
            .json(&json!({"email": "new@acme.example", "name": "Nia New"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    let link = inv["link"].as_str().unwrap();
    let token = link.rsplit('/').next().unwrap();
    let accept = |password: &str| {
        app.anonymous()
            .post(app.url("/api/v1/invitations/accept"))
            .json(&json!({"token": token, "password": password}))
            .send()
    };
    let (status, body) = json(accept("short").await.unwrap()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    assert_eq!(
        accept("a long enough password").await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let (status, body) = json(accept("a long enough password").await.unwrap()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "invitation_not_valid")
    );
    let c = app.anonymous();
    let res = c
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "new@acme.example", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // An invitation whose time has passed.
    let person = app
        .store
        .person_by_email(
            app.org,
            &rapport_core::Email::parse(&app.member_email).unwrap(),
        )
        .await
        .unwrap();
    let admin_id = app
        .store
        .person_by_email(
            app.org,
            &rapport_core::Email::parse(&app.admin_email).unwrap(),
        )
        .await
        .unwrap()
        .id;
    let now = chrono::Utc::now();
    let hash = rapport::app::secrets::hash_secret("expired-secret");
    app.store
        .create_invitation(
            app.org,
            person.id,
            admin_id,
            &hash,
            now - chrono::Duration::days(8),
            now - chrono::Duration::days(1),
        )
        .await
        .unwrap();
    let res = app
        .anonymous()
        .post(app.url("/api/v1/invitations/accept"))
        .json(&json!({"token": "expired-secret", "password": "another long password"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "invitation_not_valid")
    );
    let (status, _) = json(
        app.anonymous()
            .post(app.url("/api/v1/invitations/accept"))
            .json(&json!({"token": "made-up", "password": "another long password"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Too many sign-in attempts for one account get 429 with Retry-After.
#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_account() {
    let app = spawn_app_with(|c| c.sign_in_per_account = 3).await;
    let c = app.anonymous();
    let attempt = || {
        c.post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "member@acme.example", "password": "wrong password!"}))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(attempt().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
    let res = attempt().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    assert_eq!(error_code(&json(res).await.1), "too_many_requests");
    // From this address even the right password waits: guessing must not
    // go on once the limit is reached.
    let res = c
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "member@acme.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// A client on another loopback address, as another computer would be.
fn from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(address))
        .build()
        .unwrap()
}

/// Wrong passwords from strangers cannot lock the owner out: the owner's
/// browser has signed in before and carries a device cookie, which has a
/// budget of its own. The strangers, on any address, share one budget for
/// the account and are refused once it is used up.
#[tokio::test]
async fn nobody_can_lock_someone_else_out() {
    let app = spawn_app_with(|c| {
        c.sign_in_per_account = 3;
        c.sign_in_delay_ms = 1;
    })
    .await;
    let owner = reqwest::Client::builder()
        .cookie_store(true)
        .local_address(std::net::IpAddr::from([127, 0, 0, 3]))
        .build()
        .unwrap();
    let login = |c: &reqwest::Client, password: &str| {
        c.post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": app.member_email, "password": password}))
            .send()
    };
    let res = login(&owner, PASSWORD).await.unwrap();
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("rapport_device=")
            && c.contains("HttpOnly")
            && c.contains("Max-Age=31536000")),
        "the JSON login sets a long-lived device cookie: {cookies:?}"
    );
    // Signing out keeps the device cookie.
    let out = owner
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert!(
        out.headers()
            .get_all("set-cookie")
            .iter()
            .all(|v| !v.to_str().unwrap().starts_with("rapport_device=")),
        "signing out leaves the device cookie"
    );
    for octet in [2, 4, 5, 6, 7] {
        let res = login(&from([127, 0, 0, octet]), "wrong password!")
            .await
            .unwrap();
        assert!([StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&res.status()));
    }
    let res = login(&from([127, 0, 0, 8]), PASSWORD).await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "an unknown client is refused once strangers used up the account's budget"
    );
    let res = login(&owner, PASSWORD).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the owner's browser signs in");
    // A forged device cookie is a stranger's.
    let forged = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("cookie", "rapport_device=x.y.z")
        .json(&json!({"email": app.member_email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The device cookie has its own budget: wrong passwords typed in the
/// owner's browser are limited there too.
#[tokio::test]
async fn a_known_device_has_a_budget_of_its_own() {
    let app = spawn_app_with(|c| {
        c.sign_in_per_account = 2;
        c.sign_in_delay_ms = 1;
    })
    .await;
    let owner = app.member().await;
    owner
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    let login = |password: &str| {
        owner
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": app.member_email, "password": password}))
            .send()
    };
    for _ in 0..2 {
        assert_eq!(
            login("wrong password!").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login(PASSWORD).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Strangers' budget is untouched by the owner's typos.
    assert_eq!(
        from([127, 0, 0, 9])
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": app.member_email, "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

/// The sign-in page sets the device cookie too.
#[tokio::test]
async fn the_sign_in_page_sets_the_device_cookie() {
    let app = spawn_app().await;
    let res = no_redirects()
        .post(app.url("/sign-in"))
        .form(&[
            ("email", app.member_email.as_str()),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<&str> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(cookies[0].starts_with("rapport_session="), "{cookies:?}");
    assert!(
        cookies.iter().any(|c| c.starts_with("rapport_device=")),
        "{cookies:?}"
    );
}

/// After a few failures an unknown client's answers are slowed (never by
/// more than a few seconds).
#[tokio::test]
async fn an_unknown_client_is_slowed_after_a_few_failures() {
    let app = spawn_app_with(|c| c.sign_in_delay_ms = 400).await;
    let c = from([127, 0, 0, 2]);
    let mut took = Vec::new();
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let res = c
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": app.member_email, "password": "wrong password!"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        took.push(started.elapsed());
    }
    assert!(
        took[4] >= std::time::Duration::from_millis(800),
        "the fifth failure waits two steps: {took:?}"
    );
}

/// Signing in successfully never uses up a limit: many people behind one
/// address (an office, a proxy) all get in.
#[tokio::test]
async fn successful_sign_ins_use_up_no_limit() {
    let app = spawn_app_with(|c| {
        c.sign_in_per_client = 3;
        c.sign_in_per_account = 3;
    })
    .await;
    for _ in 0..8 {
        let res = app
            .anonymous()
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": app.member_email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
}

/// One client trying many accounts is limited too.
#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_client() {
    let app = spawn_app_with(|c| c.sign_in_per_client = 4).await;
    let c = app.anonymous();
    for i in 0..4 {
        let res = c
            .post(app.url("/api/v1/auth/login"))
            .json(
                &json!({"email": format!("guess{i}@acme.example"), "password": "wrong password!"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = c
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "guess9@acme.example", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// A form post from another site is refused; the same site and bearer tokens pass.
#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let c = app.member().await;
    let host = app.address.trim_start_matches("http://").to_string();
    let post = |origin: &str, site: Option<&str>| {
        let mut r = c
            .post(app.url("/api/v1/tokens"))
            .header("origin", origin)
            .json(&json!({"name": "x"}));
        if let Some(s) = site {
            r = r.header("sec-fetch-site", s);
        }
        r.send()
    };
    let (status, body) = json(post("https://evil.example", None).await.unwrap()).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "cross_site_request")
    );
    assert_eq!(
        post(&format!("http://{host}"), Some("cross-site"))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&format!("http://{host}"), Some("same-origin"))
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    let sign_out = c
        .post(app.url("/sign-out"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sign_out.status(),
        StatusCode::FORBIDDEN,
        "pages are protected too"
    );
}

/// Malformed JSON is a 400, a wrong field type a 422, both in the error shape.
#[tokio::test]
async fn malformed_json_is_a_400_in_the_error_shape() {
    let app = spawn_app().await;
    let c = app.member().await;
    let res = c
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let res = c
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"name": 42}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    let res = c
        .post(app.url("/api/v1/tokens"))
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// A member calling an admin route is refused before the body is read.
#[tokio::test]
async fn a_member_calling_an_admin_route_is_a_403_whatever_the_body() {
    let app = spawn_app().await;
    let c = app.member().await;
    for (path, body) in [
        ("/api/v1/people", "{not json"),
        ("/api/v1/teams", "{}"),
        ("/api/v1/invitations", "[]"),
        ("/api/v1/import/people", "name,email\n"),
    ] {
        let res = c
            .post(app.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, b) = json(res).await;
        assert_eq!(
            (status, error_code(&b)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{path}"
        );
    }
    assert_eq!(
        c.get(app.url("/api/v1/invitations"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}

/// Sign-in lookups are remembered for a few seconds, but a change to the
/// person on this instance takes effect at once: a demoted admin is refused
/// on the very next request.
#[tokio::test]
async fn a_role_change_takes_effect_at_once() {
    let app = spawn_app().await;
    let second = app
        .add_person(
            app.org,
            "bo@acme.example",
            "Bo Second",
            rapport_core::Role::Admin,
        )
        .await;
    let bo = app.signed_in("bo@acme.example").await;
    let teams = || async {
        bo.post(app.url("/api/v1/teams"))
            .json(&json!({"name": format!("Team {}", uuid::Uuid::new_v4())}))
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(teams().await, StatusCode::CREATED);
    let demoted = app
        .admin()
        .await
        .patch(app.url(&format!("/api/v1/people/{second}")))
        .json(&json!({"role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(demoted.status(), StatusCode::OK);
    assert_eq!(teams().await, StatusCode::FORBIDDEN);
    let (_, me) = json(bo.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    assert_eq!(me["role"], "member");
}
