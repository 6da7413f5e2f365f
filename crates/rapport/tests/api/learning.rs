//! Learning through the API: the open preview, practices completed by
//! doing them (only after enrolling, only for the enrolled person), lessons
//! and self-reports completing the course, team aggregates that never show
//! a small team, the guide as a PDF, content reloading with errors by file
//! and line, and xAPI statements delivered to a (test) Learning Record
//! Store with a failure and a retry.

use crate::delegations::pair;
use crate::helpers::*;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use rapport::{AppState, Config};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const SLUG: &str = "building-great-relationships";

async fn learning(app: &TestApp, who: &Client) -> Value {
    let (status, body) = json(
        who.get(app.url("/api/v1/me/learning"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn practice_done(me: &Value, part: u64) -> bool {
    me["items"][0]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == part)
        .unwrap()["practice_done"]
        .as_bool()
        .unwrap()
}

async fn post(app: &TestApp, who: &Client, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = who.post(app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    json(req.send().await.unwrap()).await
}

/// Anyone may read the preview; the course itself needs a sign-in.
#[tokio::test]
async fn the_preview_is_open_and_the_course_needs_a_sign_in() {
    let app = spawn_app().await;
    let preview = app
        .anonymous()
        .get(app.url(&format!("/courses/{SLUG}/preview")))
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    let html = preview.text().await.unwrap();
    assert!(html.contains("Building Great Relationships"));
    assert!(html.contains("A one-minute preview"));
    let (status, _) = json(
        app.anonymous()
            .get(app.url("/api/v1/courses"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let member = app.member().await;
    let (status, course) = json(
        member
            .get(app.url(&format!("/api/v1/courses/{SLUG}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(course["slug"], SLUG);
    assert_eq!(course["parts"].as_array().unwrap().len(), 5);
    assert!(
        !course["parts"][0]["lesson_html"]
            .as_str()
            .unwrap()
            .contains("<script")
    );
    let (status, _) = json(
        member
            .get(app.url("/api/v1/courses/no-such-course"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A practice counts when the enrolled person does it after enrolling:
/// not before, and not when someone else does it.
#[tokio::test]
async fn practices_count_only_after_enrolling_and_only_for_the_enrolled_person() {
    let p = pair().await;
    let (app, mo) = (&p.app, &p.mo);
    // Before enrolling: Mo delegates to Alice.
    let body = json!({"to": p.alice_id, "title": "Proofread my draft", "stakes": "small"});
    let (status, _) = post(app, mo, "/api/v1/delegations", Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, enrolled) = post(app, mo, &format!("/api/v1/courses/{SLUG}/enroll"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{enrolled}");
    let (status, _) = post(app, mo, &format!("/api/v1/courses/{SLUG}/enroll"), None).await;
    assert_eq!(status, StatusCode::OK, "enrolling twice changes nothing");
    assert!(
        !practice_done(&learning(app, mo).await, 2),
        "the earlier delegation does not count"
    );
    // Someone else's delegation does not count for Mo.
    p.delegate("Alice's own favor").await;
    assert!(!practice_done(&learning(app, mo).await, 2));
    // Mo's own, after enrolling, does.
    post(app, mo, "/api/v1/delegations", Some(body)).await;
    let me = learning(app, mo).await;
    assert!(practice_done(&me, 2), "{me}");
    assert!(!practice_done(&me, 1));
    // Part 1 (thanks), part 4 (help), part 5 (a check-in), part 3 (handing back).
    post(
        app,
        mo,
        "/api/v1/appreciations",
        Some(json!({"to": p.alice_id, "message": "Thanks for the review"})),
    )
    .await;
    post(
        app,
        mo,
        "/api/v1/help-requests",
        Some(json!({"skill": "SQL", "text": "Can you look at my query?", "audience": "org"})),
    )
    .await;
    post(
        app,
        mo,
        "/api/v1/check-ins",
        Some(json!({"with": p.alice_id})),
    )
    .await;
    let id = p.delegate("Book the room").await;
    p.act(mo, &id, "accept", None).await;
    let (status, _) = p.act(mo, &id, "hand-back", None).await;
    assert_eq!(status, StatusCode::OK);
    let me = learning(app, mo).await;
    for part in 1..=5 {
        assert!(practice_done(&me, part), "part {part}: {me}");
    }
    assert_eq!(
        me["items"][0]["completed"], false,
        "the lessons are not read yet"
    );
    // Alice never enrolled: nothing is tracked for her.
    assert_eq!(learning(app, &p.alice).await["items"], json!([]));
}

/// Lessons read and practices reported complete the course; the wrong part
/// or no enrollment is refused clearly.
#[tokio::test]
async fn lessons_and_self_reports_complete_the_course() {
    let app = spawn_app().await;
    let mo = app.member().await;
    let (status, body) = post(
        &app,
        &mo,
        &format!("/api/v1/courses/{SLUG}/parts/1/complete"),
        None,
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "not_enrolled")
    );
    post(&app, &mo, &format!("/api/v1/courses/{SLUG}/enroll"), None).await;
    let (status, _) = post(
        &app,
        &mo,
        &format!("/api/v1/courses/{SLUG}/parts/9/complete"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = post(
        &app,
        &mo,
        &format!("/api/v1/courses/{SLUG}/parts/2/complete"),
        Some(json!({"practise": true})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for n in 1..=5 {
        let (status, body) = post(
            &app,
            &mo,
            &format!("/api/v1/courses/{SLUG}/parts/{n}/complete"),
            Some(json!({"practice_outside_app": true})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["completed"], n == 5, "part {n}: {body}");
    }
    let (status, _) = post(
        &app,
        &mo,
        &format!("/api/v1/courses/{SLUG}/parts/3/reflection"),
        Some(json!({"text": "Offer smaller tasks first"})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let page = mo
        .get(app.url(&format!("/courses/{SLUG}/parts/3")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Offer smaller tasks first"));
    let admin = app.admin().await;
    let other = admin
        .get(app.url(&format!("/courses/{SLUG}/parts/3")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !other.contains("Offer smaller tasks first"),
        "a reflection is private"
    );
}

async fn team_with(app: &TestApp, admin: &Client, name: &str, size: usize) -> String {
    let (_, team) = post(app, admin, "/api/v1/teams", Some(json!({"name": name}))).await;
    let team = team["id"].as_str().unwrap().to_string();
    for i in 0..size {
        let email = format!("{}{i}@acme.example", name.to_lowercase());
        let id = app
            .add_person(
                app.org,
                &email,
                &format!("{name} {i}"),
                rapport_core::Role::Member,
            )
            .await;
        admin
            .patch(app.url(&format!("/api/v1/people/{id}")))
            .json(&json!({"team_id": team}))
            .send()
            .await
            .unwrap();
        let c = app.signed_in(&email).await;
        post(app, &c, &format!("/api/v1/courses/{SLUG}/enroll"), None).await;
    }
    team
}

/// Admins see each team's counts, and no counts for a team smaller than
/// the minimum group size; members can neither see nor assign.
#[tokio::test]
async fn team_aggregates_hide_small_teams_and_members_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let big = team_with(&app, &admin, "Platform", 5).await;
    let small = team_with(&app, &admin, "Design", 2).await;
    let (status, page) = json(
        admin
            .get(app.url(&format!("/api/v1/courses/{SLUG}/teams")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let team = |id: &str| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["team_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(team(&big)["enrolled"], 5);
    assert_eq!(team(&big)["completed"], 0);
    assert!(team(&small)["enrolled"].is_null());
    assert!(team(&small)["completed"].is_null());
    assert!(
        team(&small)["note"]
            .as_str()
            .unwrap()
            .contains("fewer than 5")
    );
    assert!(
        !page.to_string().contains("design0@"),
        "no individual appears"
    );
    let member = app.member().await;
    let (status, _) = json(
        member
            .get(app.url(&format!("/api/v1/courses/{SLUG}/teams")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &app,
        &member,
        &format!("/api/v1/courses/{SLUG}/assignments"),
        Some(json!({"team": big})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &app,
        &admin,
        &format!("/api/v1/courses/{SLUG}/assignments"),
        Some(json!({"team": big})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

/// The guide is a real PDF with every part's title (open to anyone: the
/// front door's tests cover that).
#[tokio::test]
async fn the_guide_is_a_pdf_with_every_part() {
    let app = spawn_app().await;
    let member = app.member().await;
    let (_, course) = json(
        member
            .get(app.url(&format!("/api/v1/courses/{SLUG}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let res = member
        .get(app.url(&format!("/courses/{SLUG}/guide.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-1."));
    // Page text is in compressed streams (the core's tests read it back);
    // the bookmarks name every part in plain objects.
    let text = String::from_utf8_lossy(&bytes);
    for part in course["parts"].as_array().unwrap() {
        let bookmark = format!("Part {}: ", part["number"]);
        assert!(
            text.contains(&bookmark),
            "the PDF has a bookmark for part {}",
            part["number"]
        );
    }
    assert!(text.contains("Practical tips for building relationships at work"));
    let html = member
        .get(app.url(&format!("/courses/{SLUG}/guide")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Practical tips for building relationships at work"));
}

/// Extra courses come from `content_dir`: a broken file is reported by
/// file and line, and everything else still loads.
#[tokio::test]
async fn content_is_reloaded_with_errors_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rapport-core/tests/fixtures/courses/mini");
    let good = dir.path().join("mini");
    std::fs::create_dir(&good).unwrap();
    for e in std::fs::read_dir(&fixture).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), good.join(e.file_name())).unwrap();
    }
    let bad = dir.path().join("broken");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(
        bad.join("course.md"),
        "---\nslug: broken\ntitle: Broken\nsummary: x\ncolour: red\n---\n",
    )
    .unwrap();
    let path = dir.path().to_path_buf();
    let app = spawn_app_with(move |c| c.content_dir = Some(path)).await;
    let admin = app.admin().await;
    let (status, r) = post(&app, &admin, "/api/v1/admin/courses/reload", None).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let loaded: Vec<&str> = r["loaded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(loaded.contains(&"mini") && loaded.contains(&SLUG), "{r}");
    assert!(!loaded.contains(&"broken"));
    let errors = r["errors"].to_string();
    assert!(errors.contains("broken/course.md:5"), "{errors}");
    let (status, _) = post(
        &app,
        &app.member().await,
        "/api/v1/admin/courses/reload",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A test Learning Record Store: records each POST's statements and basic
/// auth, and answers 503 to the first `fail` requests.
#[derive(Clone, Default)]
struct Lrs {
    received: Arc<Mutex<Vec<Value>>>,
    auth: Arc<Mutex<Vec<String>>>,
    fail: Arc<Mutex<usize>>,
}

async fn lrs_post(State(lrs): State<Lrs>, headers: HeaderMap, body: String) -> AxumStatus {
    lrs.auth.lock().unwrap().push(
        headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default(),
    );
    {
        let mut fail = lrs.fail.lock().unwrap();
        if *fail > 0 {
            *fail -= 1;
            return AxumStatus::SERVICE_UNAVAILABLE;
        }
    }
    assert_eq!(headers["x-experience-api-version"], "1.0.3");
    let statements: Vec<Value> = serde_json::from_str(&body).unwrap();
    lrs.received.lock().unwrap().extend(statements);
    AxumStatus::OK
}

async fn start_lrs(fail: usize) -> (Lrs, String) {
    let lrs = Lrs::default();
    *lrs.fail.lock().unwrap() = fail;
    let app = axum::Router::new()
        .route("/xapi/statements", axum::routing::post(lrs_post))
        .with_state(lrs.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/xapi", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (lrs, url)
}

/// Statements reach the LRS after a failure and a retry, pass the
/// specification's required fields, carry no email when the organization
/// chose opaque ids, and are never sent twice.
#[tokio::test]
async fn xapi_statements_reach_the_lrs_after_a_retry_and_only_once() {
    // The stand-in LRS listens on loopback, which only an operator allows.
    let app = spawn_app_with(|c| c.allow_private_targets = true).await;
    let (lrs, endpoint) = start_lrs(1).await;
    let admin = app.admin().await;
    let (status, body) = json(
        admin
            .put(app.url("/api/v1/admin/lrs"))
            .json(&json!({"endpoint": "ftp://nope", "username": "u", "password": "p"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = json(
        admin
            .put(app.url("/api/v1/admin/lrs"))
            .json(&json!({"endpoint": endpoint, "username": "rapport", "password": "s3cret", "actor": "opaque"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !body.to_string().contains("s3cret"),
        "the password is never returned"
    );
    let mo = app.member().await;
    post(&app, &mo, &format!("/api/v1/courses/{SLUG}/enroll"), None).await;
    post(
        &app,
        &mo,
        &format!("/api/v1/courses/{SLUG}/parts/1/complete"),
        Some(json!({"practice_outside_app": true})),
    )
    .await;

    let url = app.database_url().unwrap_or("sqlite::memory:").to_string();
    let mut config = Config::new("127.0.0.1:0".into(), url);
    config.allow_private_targets = true;
    let state = AppState::new(app.store.clone(), config);
    let now = chrono::Utc::now();
    let first = rapport::jobs::xapi::deliver_due(&state, now).await.unwrap();
    assert_eq!((first.sent, first.retried), (0, 3), "{first:?}");
    let early = rapport::jobs::xapi::deliver_due(&state, now).await.unwrap();
    assert_eq!(early.sent, 0, "not before the backoff");
    let later = rapport::jobs::xapi::deliver_due(&state, now + chrono::Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(later.sent, 3, "{later:?}");
    let again = rapport::jobs::xapi::deliver_due(&state, now + chrono::Duration::minutes(3))
        .await
        .unwrap();
    assert_eq!(again.sent, 0);

    let received = lrs.received.lock().unwrap().clone();
    assert_eq!(
        received.len(),
        3,
        "launched, lesson completed, practice completed"
    );
    let mut ids: Vec<&str> = received.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    for s in &received {
        rapport_core::learning::xapi::validate_statement(s).unwrap();
        assert!(s["actor"]["mbox"].is_null(), "opaque ids: {s}");
        assert!(!s.to_string().contains("@acme.example"));
    }
    let auth = lrs.auth.lock().unwrap().clone();
    assert!(auth.iter().all(|a| a.starts_with("Basic ")));
    let (_, status_body) = json(
        admin
            .get(app.url("/api/v1/admin/lrs"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status_body["sent"], 3);
    assert_eq!(status_body["pending"], 0);
    let (status, _) = json(mo.get(app.url("/api/v1/admin/lrs")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The preview's video and captions are served to anyone, with byte
/// ranges a player can seek with, validators, and nothing else of the
/// course's folder.
#[tokio::test]
async fn course_media_is_served_with_byte_ranges_to_anyone() {
    let app = spawn_app().await;
    let anyone = app.anonymous();
    let page = anyone
        .get(app.url("/courses/building-great-relationships/preview"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<video controls"),
        "the preview has its player"
    );
    assert!(page.contains(r#"<track kind="captions""#), "with captions");
    assert!(page.contains("Transcript"), "and its transcript");
    let url = app.url("/courses/building-great-relationships/media/preview.webm");
    let whole = anyone.get(&url).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(whole.headers()["content-type"], "video/webm");
    let etag = whole.headers()["etag"].to_str().unwrap().to_string();
    let len = whole.bytes().await.unwrap().len();
    assert!(len > 100_000, "{len} bytes");

    let part = anyone
        .get(&url)
        .header("range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 100-199/{len}").as_str()
    );
    assert_eq!(part.bytes().await.unwrap().len(), 100);
    let tail = anyone
        .get(&url)
        .header("range", format!("bytes={}-", len - 10))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (tail.status().as_u16(), tail.bytes().await.unwrap().len()),
        (206, 10)
    );
    let beyond = anyone
        .get(&url)
        .header("range", format!("bytes={len}-"))
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(
        beyond.headers()["content-range"],
        format!("bytes */{len}").as_str()
    );
    let again = anyone
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let head = anyone.head(&url).send().await.unwrap();
    assert_eq!(head.status(), 200);

    let captions = anyone
        .get(app.url("/courses/building-great-relationships/media/preview.vtt"))
        .send()
        .await
        .unwrap();
    assert_eq!(captions.status(), 200);
    assert!(captions.text().await.unwrap().starts_with("WEBVTT"));
    for other in [
        "course.md",
        "../course.md",
        "media/../course.md",
        "nothing.webm",
    ] {
        let res = anyone
            .get(app.url(&format!(
                "/courses/building-great-relationships/media/{other}"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{other}");
    }
}
