//! The front door and the pages around it: what anyone may read without
//! signing in, what still needs a sign-in, the 404 and 500 pages (HTML for
//! pages, the JSON error shape for the API), the favicon, and course
//! progress that resumes where work is left and says when it is complete.

use crate::helpers::*;
use reqwest::{Client, StatusCode};

const SLUG: &str = "building-great-relationships";

/// Completes a part through the page's form, practice included.
async fn finish_part(app: &TestApp, who: &Client, n: u8) {
    let res = who
        .post(app.url(&format!("/courses/{SLUG}/parts/{n}/complete")))
        .form(&[("practice_outside_app", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "part {n} completed");
}

/// After part 1 is finished the course resumes at part 2, not part 1;
/// with every part finished it shows a completed state and no resume.
#[tokio::test]
async fn course_progress_resumes_at_the_first_unfinished_part_and_shows_completion() {
    let app = spawn_app().await;
    let mo = app.member().await;
    let res = mo
        .post(app.url(&format!("/courses/{SLUG}/enroll")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let course = app.url(&format!("/courses/{SLUG}"));
    let (_, html) = page(&mo, &course).await;
    assert!(html.contains("Resume at part 1"), "{html}");
    finish_part(&app, &mo, 1).await;
    let (_, html) = page(&mo, &course).await;
    assert!(html.contains("Resume at part 2"), "resumes after part 1");
    assert!(!html.contains("Resume at part 1"));
    assert!(html.contains("1 of 5 parts done"));
    assert!(html.contains(r#"role="img""#), "a progress bar is drawn");
    // A lesson read whose practice is still open is where to go back to.
    let res = mo
        .post(app.url(&format!("/courses/{SLUG}/parts/2/complete")))
        .form(&[("practice_outside_app", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = page(&mo, &course).await;
    assert!(
        html.contains("Back to part 2: its practice is open"),
        "{html}"
    );
    for n in 2..=5 {
        finish_part(&app, &mo, n).await;
    }
    let (_, html) = page(&mo, &course).await;
    assert!(html.contains("data-course-completed"), "{html}");
    assert!(html.contains("Course completed"));
    assert!(!html.contains("Resume at part"));
    let (_, list) = page(&mo, &app.url("/courses")).await;
    assert!(list.contains("Completed: all 5 parts done."), "{list}");
    assert!(list.contains("Review the course"));
}

/// Someone deciding whether to join reads what is recorded, the course
/// preview (with its video) and the guide (page and PDF) without signing
/// in, all linked from the sign-in page; none of it names an organization.
#[tokio::test]
async fn the_front_door_pages_are_open_to_anyone() {
    let app = spawn_app().await;
    let anon = no_redirects();
    let (status, sign_in) = page(&anon, &app.url("/sign-in")).await;
    assert_eq!(status, StatusCode::OK);
    for link in [
        "href=\"/transparency\"".to_string(),
        format!("href=\"/courses/{SLUG}/preview\""),
        format!("href=\"/courses/{SLUG}/guide\""),
        format!("href=\"/courses/{SLUG}/guide.pdf\""),
    ] {
        assert!(sign_in.contains(&link), "the sign-in page links {link}");
    }
    let (status, html) = page(&anon, &app.url("/transparency")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("What rapport records, and who sees it"));
    assert!(html.contains("Before you join"));
    assert!(
        html.contains("between 3 and 10"),
        "the instance's default, not an organization's"
    );
    let (status, html) = page(&anon, &app.url(&format!("/courses/{SLUG}/preview"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<video"), "the preview has its video");
    assert!(html.contains("Sign in to take the course"));
    let (status, html) = page(&anon, &app.url(&format!("/courses/{SLUG}/guide"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Practical tips for building relationships at work"));
    let res = anon
        .get(app.url(&format!("/courses/{SLUG}/guide.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-1."));
    // Nothing of the organization: not its name, not its people.
    for html in [&sign_in, &html] {
        assert!(!html.contains("Acme") && !html.contains("Mo Member"));
    }
    let (_, html) = page(&anon, &app.url("/transparency")).await;
    assert!(!html.contains("Acme") && !html.contains("Alice Admin"));
    // Signed in, the same page speaks of the organization's own settings.
    let (_, html) = page(&app.member().await, &app.url("/transparency")).await;
    assert!(html.contains("your organization's live settings"));
    assert!(!html.contains("Before you join"));
}

/// The rest still needs a sign-in: an anonymous visitor is sent to the
/// sign-in page and back.
#[tokio::test]
async fn private_pages_still_send_anonymous_visitors_to_sign_in() {
    let app = spawn_app().await;
    let anon = no_redirects();
    for path in [
        "/".to_string(),
        "/people".to_string(),
        "/relationships".to_string(),
        "/courses".to_string(),
        format!("/courses/{SLUG}"),
        format!("/courses/{SLUG}/parts/1"),
        "/me/data".to_string(),
        "/admin/people".to_string(),
    ] {
        let res = anon.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        let to = res.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/sign-in?next="), "{path} → {to}");
    }
}

/// An unknown page is a page in the site's layout with a way home (and to
/// sign in, for a visitor); an unknown API path keeps the JSON error shape.
#[tokio::test]
async fn an_unknown_page_is_a_styled_404_and_an_unknown_api_path_is_json() {
    let app = spawn_app().await;
    let res = app
        .anonymous()
        .get(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("Page not found"));
    assert!(
        html.contains(r#"href="/static/app.css""#),
        "in the site's layout"
    );
    assert!(html.contains(r#"href="/""#) && html.contains(r#"href="/sign-in""#));
    // Signed in, the navigation is there, and no sign-in button.
    let html = app
        .member()
        .await
        .get(app.url("/no/such/page"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sign out") && html.contains("Page not found"));
    assert!(!html.contains(r#"class="button secondary" href="/sign-in""#));
    // A known page's own "not found" looks the same.
    let res = app
        .member()
        .await
        .get(app.url("/courses/no-such-course"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Page not found"));
    for path in ["/api/v1/no-such-thing", "/api/nothing"] {
        let (status, body) = json(app.anonymous().get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_code(&body), "not_found", "{path}");
    }
}

/// `GET /favicon.ico` answers an icon; pages link an SVG one too.
#[tokio::test]
async fn the_favicon_is_an_icon() {
    let app = spawn_app().await;
    let res = app
        .anonymous()
        .get(app.url("/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/x-icon");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0, 0, 1, 0]), "an ICO file");
    let res = app
        .anonymous()
        .get(app.url("/static/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().starts_with("<svg"));
    let (_, html) = page(&app.anonymous(), &app.url("/sign-in")).await;
    assert!(html.contains(r#"<link rel="icon" href="/static/favicon.svg""#));
}
