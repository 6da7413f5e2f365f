//! Times on pages: in the viewer's own time zone (their profile's), in
//! words where words read better, the exact moment in `<time>`; a due date
//! typed as a day ends at midnight where its delegator is.

use crate::helpers::*;
use chrono::{DateTime, Duration, Utc};
use reqwest::{Client, StatusCode};

async fn ok_page(who: &Client, url: String) -> String {
    let (status, text) = page(who, &url).await;
    assert_eq!(status, StatusCode::OK);
    text
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Mo lives in Tokyo: the due date he types is the end of that day in
/// Tokyo, his pages show it there and in words, and Alice (UTC) reads the
/// same moment in hers.
#[tokio::test]
async fn times_are_shown_in_the_viewers_time_zone_and_in_words() {
    let app = spawn_app().await;
    app.clock.set(at("2030-06-12T03:00:00Z")); // 12:00 in Tokyo
    let (mo, alice) = (app.member().await, app.admin().await);
    let (_, me) = json(mo.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    let (_, alice_me) = json(alice.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    let res = mo
        .patch(app.url(&format!("/api/v1/people/{}", me["id"].as_str().unwrap())))
        .json(&serde_json::json!({"time_zone": "Asia/Tokyo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = mo
        .post(app.url("/delegations/new"))
        .form(&[
            ("to", alice_me["id"].as_str().unwrap()),
            ("title", "Book the room"),
            ("due", "2030-06-15"),
            ("stakes", "small"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        res.url().path().starts_with("/delegations/"),
        "{}",
        res.url()
    );
    let id = res.url().path().rsplit('/').next().unwrap().to_string();
    let (_, d) = json(
        mo.get(app.url(&format!("/api/v1/delegations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        d["due"].as_str().map(at),
        Some(at("2030-06-15T14:59:59Z")),
        "the end of 15 June in Tokyo"
    );
    let mine = ok_page(&mo, app.url("/delegations")).await;
    assert!(
        mine.contains(r#"due <time datetime="2030-06-15T14:59:59Z" title="Saturday 15 June 2030, 23:59 (Asia/Tokyo)">in 3 days</time>"#),
        "{mine}"
    );
    let hers = ok_page(&alice, app.url("/delegations")).await;
    assert!(
        hers.contains(r#"title="Saturday 15 June 2030, 14:59 (UTC)">in 3 days</time>"#),
        "{hers}"
    );
    // Three hours on, Alice's notification of the ask is "3 hours ago".
    app.clock.advance(Duration::hours(3));
    let bell = ok_page(&alice, app.url("/notifications")).await;
    assert!(
        bell.contains(r#"title="Wednesday 12 June 2030, 03:00 (UTC)">3 hours ago</time>"#),
        "{bell}"
    );
}
