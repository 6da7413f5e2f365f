//! Slack, end to end. Slack cannot run here, so the tests start a local
//! stand-in for Slack's Web API (axum on port 0): it answers `users.info`
//! and `auth.test` in Slack's documented shapes and records every
//! `chat.postMessage`, `chat.update`, `views.open`, every answer to a
//! `response_url` and every Teams webhook call. rapport is pointed at it
//! with `[slack] api_base` and `allow_private_targets`; requests to rapport
//! are signed exactly as Slack signs them (HMAC-SHA256 of
//! `v0:{timestamp}:{body}` with the signing secret).

use crate::helpers::{TestApp, json, spawn_app_with};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use rapport_core::{Email, Name, Role};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TEAM: &str = "T0ACME";
const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN: &str = "xoxb-test-token";

/// One call the stand-in received: where (a method, `response`, `teams`),
/// the bot token it carried, and the body.
#[derive(Debug, Clone)]
struct Received {
    to: String,
    /// For an answer to a `response_url`: which one.
    at: String,
    token: Option<String>,
    body: Value,
    raw: String,
}

#[derive(Clone, Default)]
struct Slack {
    received: Arc<Mutex<Vec<Received>>>,
    /// Slack user id → email, as `users.info` reports them.
    users: Arc<Mutex<HashMap<String, String>>>,
    address: String,
}

impl Slack {
    fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn to(&self, to: &str) -> Vec<Received> {
        self.all().into_iter().filter(|r| r.to == to).collect()
    }

    /// Waits (up to ten seconds, the promise for a direct message) until a
    /// call to `to` matches.
    async fn wait_for(&self, to: &str, matches: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..100 {
            if let Some(r) = self.to(to).into_iter().find(|r| matches(&r.body)) {
                return r.body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no {to} call matched within 10 s; received: {:#?}",
            self.all()
        );
    }

    /// The answer posted to the `response_url` ending in `n` (waiting up to 10 s).
    async fn answer_at(&self, n: &str) -> Value {
        for _ in 0..100 {
            if let Some(r) = self.to("response").into_iter().find(|r| r.at == n) {
                assert_eq!(r.body["response_type"], "ephemeral", "{}", r.raw);
                assert!(r.token.is_none(), "a response_url needs no token");
                return r.body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no answer at {n}: {:#?}", self.all());
    }

    fn response_url(&self, n: &str) -> String {
        format!("{}/response/{n}", self.address)
    }
}

fn token(h: &HeaderMap) -> Option<String> {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start_matches("Bearer ").to_string())
}

fn record(s: &Slack, to: &str, h: &HeaderMap, raw: String) {
    record_at(s, to, "", h, raw)
}

fn record_at(s: &Slack, to: &str, at: &str, h: &HeaderMap, raw: String) {
    let body = serde_json::from_str(&raw).unwrap_or(Value::Null);
    s.received.lock().unwrap().push(Received {
        to: to.into(),
        at: at.into(),
        token: token(h),
        body,
        raw,
    });
}

async fn start_slack() -> Slack {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let slack = Slack {
        address: format!("http://{}", listener.local_addr().unwrap()),
        ..Default::default()
    };
    for (id, email) in [
        ("UADMIN", "admin@acme.example"),
        ("UMEMBER", "member@acme.example"),
        ("UTEAM", "tess@acme.example"),
        ("USTRANGER", "stranger@elsewhere.example"),
    ] {
        slack.users.lock().unwrap().insert(id.into(), email.into());
    }
    let app = axum::Router::new()
        .route(
            "/api/users.info",
            get(
                |State(s): State<Slack>, h: HeaderMap, Query(q): Query<HashMap<String, String>>| async move {
                    let user = q.get("user").cloned().unwrap_or_default();
                    record(&s, "users.info", &h, json!({"user": user}).to_string());
                    if token(&h).as_deref() != Some(TOKEN) {
                        return axum::Json(json!({"ok": false, "error": "invalid_auth"}));
                    }
                    match s.users.lock().unwrap().get(&user) {
                        Some(email) => axum::Json(json!({"ok": true, "user": {
                            "id": user, "team_id": TEAM, "name": "someone", "deleted": false,
                            "real_name": "Someone", "is_bot": false,
                            "profile": {"email": email, "real_name": "Someone", "display_name": "someone"}}})),
                        None => axum::Json(json!({"ok": false, "error": "user_not_found"})),
                    }
                },
            ),
        )
        .route(
            "/api/auth.test",
            post(|State(s): State<Slack>, h: HeaderMap, body: String| async move {
                record(&s, "auth.test", &h, body);
                axum::Json(json!({"ok": true, "url": "https://acme.slack.com/", "team": "Acme",
                    "user": "rapport", "team_id": TEAM, "user_id": "UBOT", "bot_id": "B0BOT"}))
            }),
        )
        .route(
            "/api/{method}",
            post(
                |State(s): State<Slack>, Path(method): Path<String>, h: HeaderMap, body: String| async move {
                    record(&s, &method, &h, body.clone());
                    let b: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                    if token(&h).as_deref() != Some(TOKEN) {
                        return axum::Json(json!({"ok": false, "error": "invalid_auth"}));
                    }
                    axum::Json(match method.as_str() {
                        "chat.postMessage" => json!({"ok": true, "channel": b["channel"],
                            "ts": "1700000000.000100", "message": {"text": b["text"], "type": "message"}}),
                        "chat.update" => json!({"ok": true, "channel": b["channel"], "ts": b["ts"], "text": b["text"]}),
                        "views.open" => json!({"ok": true, "view": {"id": "V0MODAL", "type": "modal"}}),
                        _ => json!({"ok": false, "error": "unknown_method"}),
                    })
                },
            ),
        )
        .route(
            "/response/{n}",
            post(
                |State(s): State<Slack>, Path(n): Path<String>, h: HeaderMap, body: String| async move {
                    record_at(&s, "response", &n, &h, body);
                    "ok"
                },
            ),
        )
        .route(
            "/teams-hook",
            post(|State(s): State<Slack>, h: HeaderMap, body: String| async move {
                record(&s, "teams", &h, body);
                axum::http::StatusCode::ACCEPTED
            }),
        )
        .with_state(slack.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    slack
}

/// rapport pointed at the stand-in, with the organization's Slack app set
/// up through the API.
async fn setup() -> (TestApp, Slack) {
    let slack = start_slack().await;
    let base = format!("{}/api", slack.address);
    let t = spawn_app_with(|c| {
        c.allow_private_targets = true;
        c.slack_api_base = base;
    })
    .await;
    let res = t
        .admin()
        .await
        .put(t.url("/api/v1/admin/slack"))
        .json(&json!({"bot_token": TOKEN, "signing_secret": SECRET, "team_id": TEAM}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (t, slack)
}

/// Slack's signature of a body, computed here independently of rapport.
fn signature(secret: &str, ts: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{ts}:{body}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("v0={hex}")
}

fn now(t: &TestApp) -> i64 {
    t.clock.now().timestamp()
}

async fn post_signed(
    t: &TestApp,
    path: &str,
    body: &str,
    ts: i64,
    secret: &str,
) -> reqwest::Response {
    Client::new()
        .post(t.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", ts.to_string())
        .header("X-Slack-Signature", signature(secret, ts, body))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

static TRIGGER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn trigger() -> String {
    let n = TRIGGER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{n}.4744562.trigger")
}

/// A slash command's form, as Slack posts it.
fn command_body(slack: &Slack, user: &str, text: &str, trigger_id: &str) -> String {
    serde_urlencoded::to_string([
        ("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
        ("team_id", TEAM),
        ("team_domain", "acme"),
        ("channel_id", "C0GENERAL"),
        ("channel_name", "general"),
        ("user_id", user),
        ("user_name", "someone"),
        ("command", "/rapport"),
        ("text", text),
        ("api_app_id", "A0RAPPORT"),
        ("response_url", &slack.response_url(trigger_id)),
        ("trigger_id", trigger_id),
    ])
    .unwrap()
}

/// Runs `/rapport text` as `user`: the immediate answer's text, or (when
/// Slack was answered at once and the answer follows) the text posted to
/// the command's `response_url`.
async fn command(t: &TestApp, slack: &Slack, user: &str, text: &str) -> String {
    let trigger_id = trigger();
    let body = command_body(slack, user, text, &trigger_id);
    let res = post_signed(t, "/slack/commands", &body, now(t), SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
    let answer = res.text().await.unwrap();
    if !answer.is_empty() {
        let v: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(v["response_type"], "ephemeral", "{v}");
        return v["text"].as_str().unwrap().to_string();
    }
    slack.answer_at(&trigger_id).await["text"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn person_id(t: &TestApp, email: &str) -> String {
    t.store
        .person_by_email(t.org, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .id
        .to_string()
}

async fn get_json(client: &Client, url: String) -> Value {
    let (status, body) = json(client.get(url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn thanks_count(t: &TestApp) -> usize {
    let member = t.member().await;
    get_json(&member, t.url("/api/v1/appreciations")).await["items"]
        .as_array()
        .unwrap()
        .len()
}

/// A bad signature, a missing header and an old timestamp are each 401,
/// and nothing is done (no thanks, no call to Slack).
#[tokio::test]
async fn requests_not_signed_by_slack_are_refused_and_change_nothing() {
    let (t, slack) = setup().await;
    let body = command_body(
        &slack,
        "UADMIN",
        "thanks <@UMEMBER> for the review",
        &trigger(),
    );
    let res = post_signed(&t, "/slack/commands", &body, now(&t), "not-the-secret").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = Client::new()
        .post(t.url("/slack/commands"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let old = now(&t) - 6 * 60;
    let res = post_signed(&t, "/slack/commands", &body, old, SECRET).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // The body changed after signing.
    let ts = now(&t);
    let res = Client::new()
        .post(t.url("/slack/commands"))
        .header("X-Slack-Request-Timestamp", ts.to_string())
        .header("X-Slack-Signature", signature(SECRET, ts, &body))
        .body(body.replace("review", "reviews"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    for path in ["/slack/interactions", "/slack/events"] {
        let res = post_signed(&t, path, "payload=%7B%7D", now(&t), "wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(thanks_count(&t).await, 0);
    assert!(slack.all().is_empty(), "{:#?}", slack.all());
    // Signed properly, the same command works.
    let said = command(&t, &slack, "UADMIN", "thanks <@UMEMBER> for the review").await;
    assert!(said.contains("You thanked Mo Member"), "{said}");
    assert_eq!(thanks_count(&t).await, 1);
}

/// A request Slack sends again (same trigger, `X-Slack-Retry-Num`) is done once.
#[tokio::test]
async fn a_retried_request_is_done_once() {
    let (t, slack) = setup().await;
    command(&t, &slack, "UADMIN", "next").await; // links the admin
    command(&t, &slack, "UADMIN", "thanks <@UMEMBER> first").await; // links the member
    assert_eq!(thanks_count(&t).await, 1);
    let trigger_id = trigger();
    let body = command_body(
        &slack,
        "UADMIN",
        "thanks <@UMEMBER> for the retry",
        &trigger_id,
    );
    let first = post_signed(&t, "/slack/commands", &body, now(&t), SECRET).await;
    assert_eq!(first.status(), StatusCode::OK);
    let ts = now(&t);
    let again = Client::new()
        .post(t.url("/slack/commands"))
        .header("X-Slack-Request-Timestamp", ts.to_string())
        .header("X-Slack-Signature", signature(SECRET, ts, &body))
        .header("X-Slack-Retry-Num", "1")
        .header("X-Slack-Retry-Reason", "http_timeout")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert!(again.text().await.unwrap().contains("already handled"));
    assert_eq!(thanks_count(&t).await, 2);
    // An event retried with the same event_id is acknowledged once.
    let event = json!({"token": "x", "team_id": TEAM, "api_app_id": "A0RAPPORT",
        "event": {"type": "app_home_opened", "user": "UADMIN"}, "type": "event_callback",
        "event_id": "Ev0RETRY", "event_time": now(&t)})
    .to_string();
    for _ in 0..2 {
        let res = post_signed(&t, "/slack/events", &event, now(&t), SECRET).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Slack's URL check is answered with its challenge.
    let check = json!({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}).to_string();
    let (status, v) = json(post_signed(&t, "/slack/events", &check, now(&t), SECRET).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
}

/// The first command of a Slack user links them by the email `users.info`
/// reports; a Slack user rapport does not know is told so, only them.
#[tokio::test]
async fn people_are_linked_by_email_and_an_unknown_user_is_told() {
    let (t, slack) = setup().await;
    let said = command(&t, &slack, "USTRANGER", "next").await;
    assert!(said.contains("no account with your Slack email"), "{said}");
    assert!(
        slack
            .to("response")
            .iter()
            .all(|r| r.body["response_type"] == "ephemeral")
    );
    let said = command(&t, &slack, "UMEMBER", "next").await;
    assert!(said.starts_with("Your next step:"), "{said}");
    let member = person_id(&t, "member@acme.example").await;
    let linked = t.store.slack_person(t.org, "UMEMBER").await.unwrap();
    assert_eq!(linked.map(|p| p.to_string()), Some(member));
    let lookups = slack.to("users.info").len();
    assert!(
        slack
            .to("users.info")
            .iter()
            .all(|r| r.token.as_deref() == Some(TOKEN))
    );
    // Linked once: the next command needs no lookup and answers at once.
    let said = command(&t, &slack, "UMEMBER", "next").await;
    assert!(said.starts_with("Your next step:"), "{said}");
    assert_eq!(slack.to("users.info").len(), lookups);
    // Naming someone without an account says so.
    let said = command(&t, &slack, "UMEMBER", "thanks <@USTRANGER> hello").await;
    assert!(
        said.contains("<@USTRANGER> has no rapport account"),
        "{said}"
    );
}

/// Each command does what the API does, and errors answer in words.
#[tokio::test]
async fn every_command_works_end_to_end() {
    let (t, slack) = setup().await;
    command(&t, &slack, "UMEMBER", "next").await;
    let admin = t.admin().await;
    let member = t.member().await;

    let said = command(
        &t,
        &slack,
        "UADMIN",
        "thanks <@UMEMBER|mo> for the review &amp; tests",
    )
    .await;
    assert!(said.contains("only the two of you"), "{said}");
    let said = command(&t, &slack, "UADMIN", "thanks <@UMEMBER> team for the demo").await;
    assert!(said.contains("their team can see it"), "{said}");
    let items = get_json(&member, t.url("/api/v1/appreciations")).await;
    let items = items["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        items
            .iter()
            .any(|i| i["message"] == "for the review & tests" && i["visibility"] == "private")
    );
    assert!(
        items
            .iter()
            .any(|i| i["message"] == "for the demo" && i["visibility"] == "team")
    );

    let said = command(
        &t,
        &slack,
        "UADMIN",
        "help spreadsheets: a formula that sums by month",
    )
    .await;
    assert!(said.contains("open to everyone"), "{said}");
    let list = get_json(&admin, t.url("/api/v1/help-requests")).await;
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["text"] == "a formula that sums by month")
    );

    let said = command(
        &t,
        &slack,
        "UADMIN",
        "delegate <@UMEMBER> Draft the release notes by 2099-12-01",
    )
    .await;
    assert!(
        said.contains("You asked Mo Member to take on “Draft the release notes”"),
        "{said}"
    );
    let list = get_json(&member, t.url("/api/v1/delegations?role=to")).await;
    let d = &list["items"][0];
    assert_eq!(d["title"], "Draft the release notes");
    assert_eq!(d["status"], "proposed");
    assert!(d["due"].as_str().unwrap().starts_with("2099-12-01"), "{d}");

    let said = command(&t, &slack, "UADMIN", "next").await;
    assert!(said.starts_with("Your next step:"), "{said}");

    // Errors, in words, only to the person.
    let said = command(&t, &slack, "UADMIN", "dance").await;
    assert!(said.contains("/rapport thanks"), "{said}");
    let said = command(&t, &slack, "UADMIN", "thanks <@UADMIN> me").await;
    assert!(said.contains("thank someone other than yourself"), "{said}");
    let said = command(&t, &slack, "UADMIN", "delegate Draft it").await;
    assert!(said.contains("Name the colleague with @"), "{said}");
    let said = command(
        &t,
        &slack,
        "UADMIN",
        "delegate <@UMEMBER> Late by 2001-01-01",
    )
    .await;
    assert!(said.to_lowercase().contains("due"), "{said}");
    let said = command(&t, &slack, "UADMIN", "help I need help").await;
    assert!(said.contains("a colon"), "{said}");
    assert_eq!(
        get_json(&member, t.url("/api/v1/delegations?role=to")).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Opted-in people get direct messages; each button acts through the same
/// operation as the API; a person not allowed is refused, only to them,
/// and nothing changes; the message updates to say what happened.
#[tokio::test]
async fn direct_messages_and_their_buttons() {
    let (t, slack) = setup().await;
    command(&t, &slack, "UADMIN", "next").await;
    command(&t, &slack, "UMEMBER", "next").await;
    let admin = t.admin().await;
    let member = t.member().await;
    for c in [&admin, &member] {
        let (status, v) = json(
            c.put(t.url("/api/v1/me/slack"))
                .json(&json!({"direct_messages": true}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["direct_messages"], true);
    }
    let to = person_id(&t, "member@acme.example").await;
    let (status, d) = json(
        admin
            .post(t.url("/api/v1/delegations"))
            .json(&json!({"to": to, "title": "Review the budget", "stakes": "small"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let id = d["id"].as_str().unwrap().to_string();

    // The delegate's direct message, with Accept and Decline.
    let dm = slack
        .wait_for("chat.postMessage", |b| {
            b["channel"] == "UMEMBER" && b.to_string().contains("delegation_accept")
        })
        .await;
    assert!(
        dm["text"]
            .as_str()
            .unwrap()
            .contains("asked you to take something on"),
        "{dm}"
    );
    assert!(
        dm.to_string().contains(&format!("/delegations/{id}")),
        "{dm}"
    );

    // The delegator presses Accept (only the delegate may): refused, nothing changes.
    press(&t, &slack, "UADMIN", "delegation_accept", &id, "r-admin").await;
    let refusal = slack.answer_at("r-admin").await;
    assert_eq!(refusal["replace_original"], false);
    assert!(!refusal["text"].as_str().unwrap().is_empty());
    let now_d = get_json(&admin, t.url(&format!("/api/v1/delegations/{id}"))).await;
    assert_eq!(now_d["status"], "proposed");
    assert!(slack.to("chat.update").is_empty());

    // The delegate accepts: done, and the message says so.
    press(&t, &slack, "UMEMBER", "delegation_accept", &id, "r-member").await;
    let update = slack.wait_for("chat.update", |_| true).await;
    assert!(
        update["text"]
            .as_str()
            .unwrap()
            .contains("You accepted “Review the budget”"),
        "{update}"
    );
    assert_eq!(update["channel"], "D0MEMBER");
    let now_d = get_json(&member, t.url(&format!("/api/v1/delegations/{id}"))).await;
    assert_eq!(now_d["status"], "accepted");

    // "Done, please review": the delegator gets the outcome buttons.
    let (status, _) = json(
        member
            .post(t.url(&format!("/api/v1/delegations/{id}/mark-done")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    slack
        .wait_for("chat.postMessage", |b| {
            b["channel"] == "UADMIN" && b.to_string().contains("delegation_outcome:delivered")
        })
        .await;
    press(
        &t,
        &slack,
        "UADMIN",
        "delegation_outcome:delivered",
        &id,
        "r-outcome",
    )
    .await;
    slack
        .wait_for("chat.update", |b| {
            b["text"].as_str().unwrap_or("").contains("delivered")
        })
        .await;
    let now_d = get_json(&admin, t.url(&format!("/api/v1/delegations/{id}"))).await;
    assert_eq!(now_d["outcome"], "delivered", "{now_d}");

    // A help request to everyone from Slack: the member, strong in
    // budgets, is suggested, hears of it and offers from Slack.
    let res = member
        .put(t.url("/api/v1/me/skills"))
        .json(&json!({"strengths": ["budgets"], "growth_areas": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let said = command(&t, &slack, "UADMIN", "help budgets: a second pair of eyes").await;
    assert!(said.contains("Mo Member"), "{said}");
    let list = get_json(&admin, t.url("/api/v1/help-requests")).await;
    let hid = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["text"] == "a second pair of eyes")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    slack
        .wait_for("chat.postMessage", |b| {
            b["channel"] == "UMEMBER" && b.to_string().contains("help_offer")
        })
        .await;
    press(&t, &slack, "UMEMBER", "help_offer", &hid, "r-offer").await;
    slack
        .wait_for("chat.update", |b| {
            b["text"]
                .as_str()
                .unwrap_or("")
                .contains("You offered to help with budgets")
        })
        .await;
    let h = get_json(&admin, t.url(&format!("/api/v1/help-requests/{hid}"))).await;
    assert_eq!(h["offers"].as_array().unwrap().len(), 1, "{h}");
    // Every call to Slack carried the bot token.
    assert!(
        slack
            .all()
            .iter()
            .filter(|r| !matches!(r.to.as_str(), "response" | "teams"))
            .all(|r| r.token.as_deref() == Some(TOKEN))
    );
}

/// A button press as Slack posts it (`block_actions`).
async fn press(t: &TestApp, slack: &Slack, user: &str, action_id: &str, value: &str, n: &str) {
    let payload = json!({
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0RAPPORT",
        "trigger_id": trigger(),
        "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": format!("D0{}", &user[1..])},
        "channel": {"id": format!("D0{}", &user[1..])},
        "message": {"ts": "1700000000.000100", "type": "message"},
        "response_url": slack.response_url(n),
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button", "action_ts": "1700000001.1"}]
    });
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    let res = post_signed(t, "/slack/interactions", &body, now(t), SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Nothing private reaches Slack: the words of a miss, a dispute and a
/// check-in answer stay in rapport, whatever was sent.
#[tokio::test]
async fn nothing_private_is_posted_to_slack() {
    let (t, slack) = setup().await;
    command(&t, &slack, "UADMIN", "next").await;
    command(&t, &slack, "UMEMBER", "next").await;
    let admin = t.admin().await;
    let member = t.member().await;
    for c in [&admin, &member] {
        c.put(t.url("/api/v1/me/slack"))
            .json(&json!({"direct_messages": true}))
            .send()
            .await
            .unwrap();
    }
    let mo = person_id(&t, "member@acme.example").await;
    let (_, d) = json(
        admin
            .post(t.url("/api/v1/delegations"))
            .json(&json!({"to": mo, "title": "Ship it", "stakes": "small"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = d["id"].as_str().unwrap().to_string();
    let act = |c: &Client, what: &str, body: Value| {
        c.post(t.url(&format!("/api/v1/delegations/{id}/{what}")))
            .json(&body)
            .send()
    };
    assert_eq!(
        act(&member, "accept", json!({})).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        act(&member, "mark-done", json!({})).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        act(
            &admin,
            "complete",
            json!({"outcome": "missed", "note": "PLANTED-MISS-NOTE"})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        act(&member, "dispute", json!({"note": "PLANTED-DISPUTE-NOTE"}))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let (status, c) = json(
        admin
            .post(t.url("/api/v1/check-ins"))
            .json(&json!({"with": mo}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let cid = c["id"].as_str().unwrap().to_string();
    let scores = json!({"count_on": 4, "would_help": 4, "admit_mistakes": 3, "communication": 4, "know_as_person": 2});
    for (who, text) in [
        (&admin, "PLANTED-CHECKIN-ADMIN"),
        (&member, "PLANTED-CHECKIN-MEMBER"),
    ] {
        let res = who
            .post(t.url(&format!("/api/v1/check-ins/{cid}/answers")))
            .json(&json!({"scores": scores, "improve": text, "works": text}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    }
    // The dispute reaches the delegator and the reveal both: wait for them.
    slack
        .wait_for("chat.postMessage", |b| {
            b["channel"] == "UADMIN"
                && b["text"]
                    .as_str()
                    .unwrap_or("")
                    .contains("added their view")
        })
        .await;
    slack
        .wait_for("chat.postMessage", |b| {
            b["channel"] == "UMEMBER"
                && b["text"]
                    .as_str()
                    .unwrap_or("")
                    .contains("recorded how it went")
        })
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let all = slack.all();
    assert!(all.len() >= 4, "{all:#?}");
    for r in &all {
        for planted in [
            "PLANTED-MISS-NOTE",
            "PLANTED-DISPUTE-NOTE",
            "PLANTED-CHECKIN",
        ] {
            assert!(
                !r.raw.contains(planted),
                "{planted} reached Slack: {}",
                r.raw
            );
        }
    }
}

/// Thanks visible to a team go to its Slack channel and, as an Adaptive
/// Card, to its Teams webhook; private thanks go nowhere.
#[tokio::test]
async fn team_thanks_are_posted_to_the_channel_and_the_teams_webhook() {
    let (t, slack) = setup().await;
    let team = t
        .store
        .create_team(
            t.org,
            &Name::parse("Platform").unwrap(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    t.add_person_in(
        t.org,
        "tess@acme.example",
        "Tess Team",
        Role::Member,
        Some(team.id),
    )
    .await;
    let admin = t.admin().await;
    let url = t.url(&format!("/api/v1/teams/{}/chat", team.id));
    // The guard refuses a private address unless the operator allowed it
    // (here it is); a member may not set it; a bad channel is explained.
    let (status, _) = json(
        t.member()
            .await
            .put(&url)
            .json(&json!({"slack_channel": "C0PLATFORM"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = json(
        admin
            .put(&url)
            .json(&json!({"slack_channel": "#platform team"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "slack_channel");
    let hook = format!("{}/teams-hook", slack.address);
    let (status, v) = json(
        admin
            .put(&url)
            .json(&json!({"slack_channel": "C0PLATFORM", "teams_webhook_url": hook}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let said = command(
        &t,
        &slack,
        "UADMIN",
        "thanks <@UTEAM> team for the migration",
    )
    .await;
    assert!(said.contains("their team can see it"), "{said}");
    command(&t, &slack, "UADMIN", "thanks <@UTEAM> for the coffee").await;
    let posted = slack
        .wait_for("chat.postMessage", |b| b["channel"] == "C0PLATFORM")
        .await;
    assert!(
        posted["text"]
            .as_str()
            .unwrap()
            .contains("Alice Admin thanked Tess Team: “for the migration”"),
        "{posted}"
    );
    let card = slack.wait_for("teams", |_| true).await;
    assert_eq!(
        card["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert!(card.to_string().contains("for the migration"), "{card}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let all = slack.all();
    assert!(
        !all.iter().any(|r| r.raw.contains("coffee")),
        "private thanks were posted: {all:#?}"
    );
    assert_eq!(slack.to("teams").len(), 1);
    assert_eq!(
        slack
            .to("chat.postMessage")
            .iter()
            .filter(|r| r.body["channel"] == "C0PLATFORM")
            .count(),
        1
    );
}

/// The message shortcut opens a modal; sending it thanks the message's
/// author with a link to the message.
#[tokio::test]
async fn the_message_shortcut_thanks_the_author() {
    let (t, slack) = setup().await;
    let payload = json!({"type": "message_action", "callback_id": "thank_for_this",
        "team": {"id": TEAM, "domain": "acme"}, "user": {"id": "UADMIN"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "trigger_id": trigger(),
        "message": {"type": "message", "user": "UMEMBER", "ts": "1700000123.000200", "text": "here is the fix"},
        "response_url": slack.response_url("shortcut")});
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
    assert_eq!(
        post_signed(&t, "/slack/interactions", &body, now(&t), SECRET)
            .await
            .status(),
        StatusCode::OK
    );
    let open = slack.wait_for("views.open", |_| true).await;
    assert_eq!(open["view"]["callback_id"], "thank_for_this");
    let meta = open["view"]["private_metadata"]
        .as_str()
        .unwrap()
        .to_string();
    let submit = json!({"type": "view_submission", "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": "UADMIN"}, "trigger_id": trigger(),
        "view": {"callback_id": "thank_for_this", "private_metadata": meta,
            "state": {"values": {"message": {"text": {"type": "plain_text_input", "value": "the quick fix"}}}}}});
    let body = serde_urlencoded::to_string([("payload", submit.to_string())]).unwrap();
    let res = post_signed(&t, "/slack/interactions", &body, now(&t), SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "");
    let items = get_json(&t.member().await, t.url("/api/v1/appreciations")).await;
    let m = items["items"][0]["message"].as_str().unwrap();
    assert!(
        m.starts_with("the quick fix")
            && m.contains("https://acme.slack.com/archives/C0GENERAL/p1700000123000200"),
        "{m}"
    );
}

/// The settings: secrets never returned, admins only, bad values explained.
#[tokio::test]
async fn slack_settings_are_for_admins_and_never_show_the_secrets() {
    let (t, _slack) = setup().await;
    let admin = t.admin().await;
    let res = admin
        .get(t.url("/api/v1/admin/slack"))
        .send()
        .await
        .unwrap();
    let raw = res.text().await.unwrap();
    let v: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        v,
        json!({"team_id": TEAM, "bot_token_set": true, "signing_secret_set": true})
    );
    assert!(!raw.contains(SECRET) && !raw.contains(TOKEN));
    let (status, _) = json(
        t.member()
            .await
            .get(t.url("/api/v1/admin/slack"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = json(
        admin
            .put(t.url("/api/v1/admin/slack"))
            .json(&json!({"bot_token": "xoxp-user", "team_id": TEAM}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "bot_token");
    let (status, v) = json(
        admin
            .put(t.url("/api/v1/admin/slack"))
            .json(&json!({"team_id": "acme"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "team_id");
    // Empty secrets keep the saved ones.
    let (status, v) = json(
        admin
            .put(t.url("/api/v1/admin/slack"))
            .json(&json!({"team_id": TEAM}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        t.store
            .slack_settings(t.org)
            .await
            .unwrap()
            .unwrap()
            .signing_secret,
        SECRET
    );
}

/// Two instances on one PostgreSQL database, both working the outbox:
/// each direct message is sent once.
#[tokio::test]
async fn two_instances_send_each_direct_message_once() {
    let (t, slack) = setup().await;
    let Some(url) = t
        .database_url()
        .filter(|u| u.starts_with("postgres"))
        .map(str::to_string)
    else {
        eprintln!("skipped: two instances need PostgreSQL (set RAPPORT_TEST_POSTGRES_URL)");
        return;
    };
    let mut config = rapport::Config::new("127.0.0.1:0".into(), url);
    config.allow_private_targets = true;
    config.slack_api_base = format!("{}/api", slack.address);
    let second = rapport::Application::build(config).await.unwrap();
    tokio::spawn(second.run_until_stopped());
    command(&t, &slack, "UADMIN", "next").await;
    command(&t, &slack, "UMEMBER", "next").await;
    let member = t.member().await;
    member
        .put(t.url("/api/v1/me/slack"))
        .json(&json!({"direct_messages": true}))
        .send()
        .await
        .unwrap();
    let admin = t.admin().await;
    let mo = person_id(&t, "member@acme.example").await;
    for i in 0..8 {
        let res = admin
            .post(t.url("/api/v1/delegations"))
            .json(&json!({"to": mo, "title": format!("Task {i}"), "stakes": "small"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    for _ in 0..100 {
        if slack.to("chat.postMessage").len() >= 8 {
            // (a weekly nudge, if one went, is told apart below)
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let dms: Vec<Received> = slack
        .to("chat.postMessage")
        .into_iter()
        .filter(|r| r.raw.contains("/delegations/"))
        .collect();
    assert_eq!(dms.len(), 8, "{dms:#?}");
    let mut texts: Vec<String> = dms.iter().map(|r| r.raw.clone()).collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 8);
}

/// The admin settings page has a Slack section (the secrets never shown,
/// a problem explained beside what was typed); a person opts in to direct
/// messages on their email page.
#[tokio::test]
async fn the_pages_set_up_slack_and_the_opt_in() {
    let (t, _slack) = setup().await;
    let admin = t.admin().await;
    let (status, html) = crate::helpers::page(&admin, &t.url("/admin/settings")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Set up for the workspace") && html.contains(TEAM),
        "{html}"
    );
    assert!(!html.contains(SECRET) && !html.contains(TOKEN));
    let res = admin
        .post(t.url("/admin/settings/slack"))
        .form(&[
            ("team_id", "not a workspace"),
            ("bot_token", ""),
            ("signing_secret", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("the workspace&#x27;s id")
            || html.contains("workspace's id")
            || html.contains("T0123ABCD"),
        "{html}"
    );
    assert!(
        html.contains("not a workspace"),
        "what was typed comes back"
    );
    assert_eq!(
        t.store
            .slack_settings(t.org)
            .await
            .unwrap()
            .unwrap()
            .team_id,
        TEAM
    );

    let member = t.member().await;
    let res = member
        .post(t.url("/me/slack"))
        .form(&[("direct_messages", "on")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(
        get_json(&member, t.url("/api/v1/me/slack")).await["direct_messages"],
        true
    );
    let (_, html) = crate::helpers::page(&member, &t.url("/me/email")).await;
    assert!(html.contains("Send me direct messages in Slack"));
    member
        .post(t.url("/me/slack"))
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        get_json(&member, t.url("/api/v1/me/slack")).await["direct_messages"],
        false
    );
}

/// Another organization's signing secret does not open this workspace, and
/// a Teams webhook on a private address is refused unless the operator
/// allows private targets.
#[tokio::test]
async fn another_workspaces_secret_and_a_private_webhook_are_refused() {
    let (t, slack) = setup().await;
    let (other, _) = t.other_org().await;
    let theirs = rapport_store::SlackSettings {
        team_id: "T0GLOBEX".into(),
        bot_token: "xoxb-globex".into(),
        signing_secret: "globex-secret".into(),
    };
    t.store
        .set_slack_settings(other, &theirs, chrono::Utc::now())
        .await
        .unwrap();
    let body = command_body(
        &slack,
        "UADMIN",
        "thanks <@UMEMBER> for nothing",
        &trigger(),
    );
    let res = post_signed(&t, "/slack/commands", &body, now(&t), "globex-secret").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(thanks_count(&t).await, 0);

    let guarded = spawn_app_with(|_| {}).await;
    let team = guarded
        .store
        .create_team(
            guarded.org,
            &Name::parse("Ops").unwrap(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let (status, v) = json(
        guarded
            .admin()
            .await
            .put(guarded.url(&format!("/api/v1/teams/{}/chat", team.id)))
            .json(&json!({"teams_webhook_url": "https://127.0.0.1/workflows/hook"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["field"], "teams_webhook_url");
}

/// The nudge of the week comes once, with Done and Not this week; Done
/// answers it as the home page's button does; its reason is not posted.
#[tokio::test]
async fn the_weekly_nudge_comes_once_with_its_buttons() {
    let (t, slack) = setup().await;
    command(&t, &slack, "UMEMBER", "next").await;
    let member = t.member().await;
    member
        .put(t.url("/api/v1/me/slack"))
        .json(&json!({"direct_messages": true}))
        .send()
        .await
        .unwrap();
    let nudges = get_json(&member, t.url("/api/v1/me/nudges")).await;
    let first = nudges["items"].as_array().or(nudges.as_array()).unwrap()[0].clone();
    let reason = first["reason"].as_str().unwrap().to_string();
    assert_eq!(
        rapport::slack::outbox::queue_weekly_nudges(&t.state)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        rapport::slack::outbox::queue_weekly_nudges(&t.state)
            .await
            .unwrap(),
        0,
        "once a week"
    );
    let dm = slack
        .wait_for("chat.postMessage", |b| b.to_string().contains("nudge_done"))
        .await;
    assert_eq!(dm["channel"], "UMEMBER");
    assert!(
        !dm.to_string().contains(&reason),
        "the reason stays in rapport: {dm}"
    );
    let id = dm["blocks"][1]["elements"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(id, first["id"].as_str().unwrap());
    press(&t, &slack, "UMEMBER", "nudge_done", &id, "r-nudge").await;
    slack
        .wait_for("chat.update", |b| {
            b["text"].as_str().unwrap_or("").starts_with("Done")
        })
        .await;
    let after = get_json(&member, t.url("/api/v1/me/nudges")).await;
    assert!(!after.to_string().contains(&id), "{after}");
    // Someone else's nudge is not theirs to answer.
    command(&t, &slack, "UADMIN", "next").await;
    press(&t, &slack, "UADMIN", "nudge_snooze", &id, "r-nudge-admin").await;
    let refusal = slack.answer_at("r-nudge-admin").await;
    assert!(
        refusal["text"].as_str().unwrap().contains("cannot find"),
        "{refusal}"
    );
}
