//! Single sign-on against a real OpenID provider: `oidc-provider` (npm, a
//! certified implementation) run from `tests/oidc/` for each test, with a
//! client registered for this test's server. The tests walk the provider's
//! own login and consent screens over HTTP, as a browser would, and tamper
//! with the answer (or make the provider misbehave) for every refusal.
//! Skipped, saying so, when Node.js or `npm ci` in `tests/oidc` is missing.

use crate::helpers::{TestApp, json, page, spawn_app_with};
use rapport_core::Email;
use reqwest::{Client, StatusCode, header};
use serde_json::json;
use std::path::PathBuf;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};

const SECRET: &str = "a-client-secret-for-tests";

/// The provider, running until dropped.
struct Provider {
    issuer: String,
    _child: tokio::process::Child,
}

fn oidc_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc")
}

/// Starts a provider with clients `rapport` and `other` for `app`, or
/// `None` (said on stderr) when it is not installed.
async fn provider_for(app: &TestApp) -> Option<Provider> {
    let dir = oidc_dir();
    if !dir.join("node_modules/oidc-provider").exists() {
        eprintln!("sso tests skipped: run `npm ci` in tests/oidc (needs Node.js)");
        return None;
    }
    let redirect = app.url("/sso/callback");
    let config = json!({"clients": [
        {"client_id": "rapport", "client_secret": SECRET, "redirect_uris": [redirect]},
        {"client_id": "other", "client_secret": SECRET, "redirect_uris": [redirect]},
    ]});
    let child = tokio::process::Command::new("node")
        .arg("provider.mjs")
        .arg(config.to_string())
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sso tests skipped: could not run node ({e})");
            return None;
        }
    };
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(port) = line.strip_prefix("listening on ") {
                return port.trim().to_string();
            }
        }
        panic!("the provider stopped before it was ready");
    })
    .await
    .expect("the provider starts within 20 seconds");
    // Keep reading what it prints: a closed pipe would stop it.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Some(Provider {
        issuer: format!("http://127.0.0.1:{port}"),
        _child: child,
    })
}

async fn spawn() -> TestApp {
    spawn_app_with(|c| c.allow_private_targets = true).await
}

/// A browser: a cookie jar, and redirects shown instead of followed.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn configure(app: &TestApp, p: &Provider, body: serde_json::Value) {
    let mut settings = json!({"issuer": p.issuer, "client_id": "rapport", "client_secret": SECRET});
    for (k, v) in body.as_object().unwrap() {
        settings[k] = v.clone();
    }
    let res = app
        .admin()
        .await
        .put(app.url("/api/v1/admin/sso"))
        .json(&settings)
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn location(res: &reqwest::Response, base: &str) -> String {
    let to = res.headers()[header::LOCATION].to_str().unwrap();
    if to.starts_with('/') {
        format!("{base}{to}")
    } else {
        to.to_string()
    }
}

/// The value of `name="…" value="…"` or an attribute in a page.
fn attribute(html: &str, before: &str) -> Option<String> {
    let at = html.find(before)? + before.len();
    let rest = &html[at..];
    Some(
        rest[..rest.find('"')?]
            .replace("&amp;", "&")
            .replace("&#38;", "&"),
    )
}

/// From rapport's `/sso/start` through the provider's login and consent
/// screens (signing in as `email`), to the answer it sends back to
/// rapport: that URL, not yet visited.
async fn through_provider(
    app: &TestApp,
    p: &Provider,
    b: &Client,
    start: &str,
    email: &str,
) -> String {
    let res = b.get(app.url(start)).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "start sends to the provider"
    );
    let mut url = location(&res, &app.address);
    assert!(url.starts_with(&p.issuer), "{url}");
    for _ in 0..12 {
        if url.starts_with(&app.url("/sso/callback")) {
            return url;
        }
        let res = b.get(&url).send().await.expect(&url);
        if res.status().is_redirection() {
            url = location(&res, &p.issuer);
            continue;
        }
        let html = res.text().await.unwrap();
        let action = attribute(&html, "action=\"").expect("a login or consent form");
        let prompt = attribute(&html, "name=\"prompt\" value=\"").unwrap_or_default();
        let action = if action.starts_with('/') {
            format!("{}{action}", p.issuer)
        } else {
            action
        };
        let res = b
            .post(action)
            .form(&[
                ("prompt", prompt.as_str()),
                ("login", email),
                ("password", "any"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        url = location(&res, &p.issuer);
    }
    panic!("the provider never answered rapport");
}

/// Whether this browser is signed in to rapport.
async fn signed_in(app: &TestApp, b: &Client) -> bool {
    b.get(app.url("/api/v1/me")).send().await.unwrap().status() == StatusCode::OK
}

async fn refusal(app: &TestApp, b: &Client, answer: &str) -> (StatusCode, String) {
    let res = b.get(answer).send().await.unwrap();
    let status = res.status();
    let set_session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("rapport_session="));
    assert!(!set_session, "a refusal sets no session");
    let text = res.text().await.unwrap();
    assert!(!signed_in(app, b).await, "a refusal signs nobody in");
    (status, text)
}

/// A member signs in through the provider and lands where they were going.
#[tokio::test]
async fn a_person_signs_in_through_the_provider_and_reaches_the_home_page() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({})).await;
    let b = browser();
    let answer = through_provider(
        &app,
        &p,
        &b,
        "/sso/start?org=acme&next=/people",
        &app.member_email,
    )
    .await;
    let res = b.get(&answer).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/people");
    let (status, me) = json(b.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], app.member_email, "{me}");
    let home = b.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Mo"));
}

/// The sign-in page asks for the email first: an organization on single
/// sign-on sends the person to its provider, one on passwords asks for it.
#[tokio::test]
async fn the_sign_in_page_sends_people_of_an_sso_organization_to_their_provider() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    let b = browser();
    let form = [
        ("email", app.member_email.as_str()),
        ("password", ""),
        ("next", "/"),
    ];
    let res = b
        .post(app.url("/sign-in"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Type your password too"));

    configure(&app, &p, json!({})).await;
    let res = b
        .post(app.url("/sign-in"))
        .form(&form)
        .send()
        .await
        .unwrap();
    // A page that moves on (and a link): the provider is another site,
    // where a form's redirects may not go.
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let to = attribute(&html, "id=\"sso-continue\" href=\"").expect("a link onward");
    let refresh = format!("content=\"0;url={}", to.replace('&', "&#38;"));
    assert!(html.contains(&refresh), "{html}");
    assert!(
        to.starts_with("/sso/start?org=acme&login_hint=member%40acme.example"),
        "{to}"
    );
    let answer = through_provider(&app, &p, &b, &to, &app.member_email).await;
    assert_eq!(
        b.get(&answer).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert!(signed_in(&app, &b).await);
    // Passwords still work while single sign-on is not required.
    let pw = crate::helpers::PASSWORD;
    let res = browser()
        .post(app.url("/sign-in"))
        .form(&[("email", app.member_email.as_str()), ("password", pw)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// With the person's domain allowed, a first sign-in creates them as a
/// member; without it, nobody is created and the page says to ask.
#[tokio::test]
async fn a_new_person_joins_on_first_sign_in_only_from_an_allowed_domain() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({})).await;
    let b = browser();
    let newcomer = "nia@acme.example";
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", newcomer).await;
    let (status, text) = refusal(&app, &b, &answer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text.contains("Ask your admin to add you"), "{text}");
    let email = Email::parse(newcomer).unwrap();
    assert!(
        app.store.person_by_email(app.org, &email).await.is_err(),
        "nobody created"
    );

    configure(&app, &p, json!({"allowed_domains": ["Acme.example"]})).await;
    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", newcomer).await;
    assert_eq!(
        b.get(&answer).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let person = app.store.person_by_email(app.org, &email).await.unwrap();
    assert_eq!(person.role, rapport_core::Role::Member);
    assert_eq!(person.name, "Person nia");
    assert!(signed_in(&app, &b).await);
}

/// `require_sso`: a member's password no longer works, an admin's does
/// (the way back in), and the admin page says so.
#[tokio::test]
async fn requiring_sso_refuses_passwords_except_for_admins() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({"require_sso": true})).await;
    let pw = crate::helpers::PASSWORD;
    let res = app
        .anonymous()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": app.member_email, "password": pw}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("identity provider")
    );
    let res = browser()
        .post(app.url("/sign-in"))
        .form(&[("email", app.member_email.as_str()), ("password", pw)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("identity provider"));
    // An admin keeps the password, and is told so.
    let admin = app.admin().await;
    let (status, html) = page(&admin, &app.url("/admin/settings")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Admins can still sign in with their password"),
        "admin page"
    );
}

/// The provider's answer, tampered with or from a misbehaving provider,
/// is refused with a page in words; nobody is signed in.
#[tokio::test]
async fn every_bad_id_token_is_refused_with_a_page_in_words() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({})).await;
    let cases = [
        ("aud", "meant for another application"),
        ("iss", "was not issued by your organization"),
        ("exp", "had already expired"),
        ("nonce", "was for another sign-in"),
        ("other_key", "was not signed with its keys"),
        ("unsigned", "was not signed with its keys"),
    ];
    let http = Client::new();
    for (kind, words) in cases {
        let set = format!("{}/__test/tamper?with={kind}", p.issuer);
        assert!(http.get(set).send().await.unwrap().status().is_success());
        let b = browser();
        let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", &app.member_email).await;
        let (status, text) = refusal(&app, &b, &answer).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{kind}");
        assert!(text.contains(words), "{kind}: {text}");
    }
    // The same provider, behaving again: the sign-in works.
    http.get(format!("{}/__test/tamper?with=", p.issuer))
        .send()
        .await
        .unwrap();
    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", &app.member_email).await;
    assert_eq!(
        b.get(&answer).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert!(signed_in(&app, &b).await);
}

/// An answer used twice, one from another browser, one whose state was
/// changed: each refused, and none signs anyone in.
#[tokio::test]
async fn replayed_and_foreign_answers_are_refused() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({})).await;

    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", &app.member_email).await;
    // Another browser (an attacker's link): not this sign-in.
    let (status, text) = refusal(&app, &browser(), &answer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        text.contains("does not belong to a sign-in this browser started"),
        "{text}"
    );
    // A changed state in the right browser: also not this sign-in.
    let changed = answer.replace("state=", "state=x");
    let (status, _) = refusal(&app, &b, &changed).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The genuine answer works once…
    assert_eq!(
        b.get(&answer).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert!(signed_in(&app, &b).await);
    // …and its replay (the same state and nonce) is refused.
    let again = browser();
    let state = answer
        .split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let cookie = format!("rapport_sso={state}");
    let res = again
        .get(&answer)
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("already used"));
    assert!(!signed_in(&app, &again).await);
}

/// An email the provider has not verified is not trusted.
#[tokio::test]
async fn an_unverified_email_is_refused() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({})).await;
    let set = format!("{}/__test/unverified?email={}", p.issuer, app.member_email);
    Client::new().get(set).send().await.unwrap();
    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", &app.member_email).await;
    let (status, text) = refusal(&app, &b, &answer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        text.contains("has not verified your email address"),
        "{text}"
    );
}

/// A provider that does not answer is a page that says so (502).
#[tokio::test]
async fn an_unreachable_provider_is_a_page_that_says_so() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({})).await;
    let issuer = p.issuer.clone();
    drop(p); // the provider stops
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let b = browser();
    let res = b.get(app.url("/sso/start?org=acme")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    let text = res.text().await.unwrap();
    assert!(text.contains("could not reach your organization"), "{text}");
    // Saving settings that point at it fails too, in words.
    let res = app
        .admin()
        .await
        .put(app.url("/api/v1/admin/sso"))
        .json(&json!({"issuer": issuer, "client_id": "rapport", "client_secret": SECRET}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "issuer");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("could not connect"),
        "{body}"
    );
}

/// An organization without single sign-on, or none at all, is a page.
#[tokio::test]
async fn starting_sso_for_an_organization_without_it_is_a_page() {
    let app = spawn_app_with(|_| {}).await;
    for org in ["acme", "nobody"] {
        let (status, text) = page(&browser(), &app.url(&format!("/sso/start?org={org}"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(text.contains("does not sign in through an identity provider"));
    }
}

/// The settings: admins only, the secret never returned, the issuer
/// checked like any outbound address, domains parsed.
#[tokio::test]
async fn sso_settings_are_for_admins_keep_their_secret_and_check_the_issuer() {
    let guarded = spawn_app_with(|_| {}).await;
    let res = guarded
        .admin()
        .await
        .put(guarded.url("/api/v1/admin/sso"))
        .json(&json!({"issuer": "http://127.0.0.1:9", "client_id": "r", "client_secret": "s"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "issuer");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("private")
    );

    let app = spawn().await;
    let member = app.member().await;
    let res = member
        .get(app.url("/api/v1/admin/sso"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let Some(p) = provider_for(&app).await else {
        return;
    };
    let admin = app.admin().await;
    let bad = json!({"issuer": p.issuer, "client_id": "rapport", "client_secret": SECRET, "allowed_domains": ["not a domain"]});
    let (status, body) = json(
        admin
            .put(app.url("/api/v1/admin/sso"))
            .json(&bad)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "allowed_domains");
    configure(&app, &p, json!({"allowed_domains": ["acme.example"]})).await;
    let res = admin
        .get(app.url("/api/v1/admin/sso"))
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    assert!(
        !text.contains(SECRET),
        "the secret is never returned: {text}"
    );
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["settings"]["issuer"], p.issuer.as_str());
    assert_eq!(body["settings"]["allowed_domains"], json!(["acme.example"]));
    // An empty secret keeps the saved one: sign-in still works.
    configure(
        &app,
        &p,
        json!({"client_secret": "", "allowed_domains": ["acme.example"]}),
    )
    .await;
    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", &app.member_email).await;
    assert_eq!(
        b.get(&answer).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    // Another organization cannot take the same domain.
    app.other_org().await;
    let hank = app.signed_in("hank@globex.example").await;
    let clash = json!({"issuer": p.issuer, "client_id": "other", "client_secret": SECRET, "allowed_domains": ["acme.example"]});
    let (status, body) = json(
        hank.put(app.url("/api/v1/admin/sso"))
            .json(&clash)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Removed: back to passwords, and the start page says so.
    let (status, body) = json(
        admin
            .delete(app.url("/api/v1/admin/sso"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["configured"], false);
    let (status, _) = page(&browser(), &app.url("/sso/start?org=acme")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// An organization on single sign-on alone, provisioned by its directory:
/// a person created over SCIM signs in through the provider; once the
/// directory deactivates them, their session ends and the provider's
/// answer is refused.
#[tokio::test]
async fn a_provisioned_person_signs_in_until_the_directory_deactivates_them() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    configure(&app, &p, json!({"require_sso": true})).await;
    let (_, t) = json(
        app.admin()
            .await
            .post(app.url("/api/v1/admin/scim-tokens"))
            .json(&json!({"name": "directory"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let scim = t["token"].as_str().unwrap().to_string();
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                      "userName": "dee@acme.example", "displayName": "Dee Directory", "active": true});
    let res = Client::new()
        .post(app.url("/scim/v2/Users"))
        .bearer_auth(&scim)
        .json(&user)
        .send()
        .await
        .unwrap();
    let (status, created) = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();

    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", "dee@acme.example").await;
    assert_eq!(
        b.get(&answer).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert!(signed_in(&app, &b).await);

    let off = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations": [{"op": "replace", "value": {"active": false}}]});
    let res = Client::new()
        .patch(app.url(&format!("/scim/v2/Users/{id}")))
        .bearer_auth(&scim)
        .json(&off)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!signed_in(&app, &b).await, "the session ended");
    let b = browser();
    let answer = through_provider(&app, &p, &b, "/sso/start?org=acme", "dee@acme.example").await;
    let (status, text) = refusal(&app, &b, &answer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text.contains("deactivated your account"), "{text}");
}

/// The admin settings page's form: a problem comes back in words, a good
/// provider is saved (its secret never shown), and it can be turned off.
#[tokio::test]
async fn the_settings_page_saves_and_removes_the_provider() {
    let app = spawn().await;
    let Some(p) = provider_for(&app).await else {
        return;
    };
    let admin = app.admin().await;
    let form = [
        ("issuer", "not a url"),
        ("client_id", "rapport"),
        ("client_secret", SECRET),
    ];
    let res = admin
        .post(app.url("/admin/settings/sso"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("full address"));
    let form = [
        ("issuer", p.issuer.as_str()),
        ("client_id", "rapport"),
        ("client_secret", SECRET),
        ("allowed_domains", "acme.example, example.org"),
        ("require_sso", "on"),
    ];
    let res = admin
        .post(app.url("/admin/settings/sso"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "followed to the settings page"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("Saved."), "confirmed");
    assert!(html.contains("acme.example, example.org"));
    assert!(!html.contains(SECRET), "the secret is never shown");
    let saved = app.store.sso_settings(app.org).await.unwrap().unwrap();
    assert!(saved.require_sso);
    let res = admin
        .post(app.url("/admin/settings/sso/remove"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.store.sso_settings(app.org).await.unwrap().is_none());
}
