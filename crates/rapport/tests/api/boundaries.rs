//! The adapters' boundaries: the same operation through the API, a page
//! form and (where one does it) a job gives the same result; an id in a
//! path that does not parse is a JSON 404; every paged list pages for real.

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(p: &Pair, who: &reqwest::Client, path: &str) -> (StatusCode, Value) {
    json(who.get(p.app.url(path)).send().await.unwrap()).await
}

/// Posts a page form and returns the address the browser lands on.
async fn submit(p: &Pair, who: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> String {
    let res = who.post(p.app.url(path)).form(form).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{path}: {:?}",
        res.text().await
    );
    res.url().path().to_string()
}

/// The fields two delegations made the same way must share.
fn essence(d: &Value) -> Value {
    json!({
        "from": d["from"]["name"], "to": d["to"]["name"], "title": d["title"],
        "details": d["details"], "due": d["due"], "stakes": d["stakes"],
        "status": d["status"], "actions": d["actions"],
    })
}

/// A delegation asked through the API and through the page form is the
/// same delegation, and tells the delegate the same thing.
#[tokio::test]
async fn a_delegation_is_the_same_through_the_api_and_the_form() {
    let p = pair().await;
    let (status, by_api) = json(
        p.alice
            .post(p.app.url("/api/v1/delegations"))
            .json(
                &json!({"to": p.mo_id, "title": "Proofread the FAQ", "details": "Section 2",
                          "due": "2099-05-01", "stakes": "medium"}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let landed = submit(
        &p,
        &p.alice,
        "/delegations/new",
        &[
            ("to", &p.mo_id),
            ("title", "Proofread the FAQ"),
            ("details", "Section 2"),
            ("due", "2099-05-01"),
            ("stakes", "medium"),
        ],
    )
    .await;
    let form_id = landed.strip_prefix("/delegations/").unwrap();
    let (_, by_form) = get(&p, &p.alice, &format!("/api/v1/delegations/{form_id}")).await;
    assert_ne!(by_api["id"], by_form["id"]);
    assert_eq!(essence(&by_api), essence(&by_form));

    let (_, notes) = get(&p, &p.mo, "/api/v1/me/notifications").await;
    let texts: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 2, "{notes}");
    assert_eq!(texts[0], texts[1], "the same words either way");

    // Accepting: the API for one, the page's button for the other.
    p.act(&p.mo, by_api["id"].as_str().unwrap(), "accept", None)
        .await;
    submit(&p, &p.mo, &format!("{landed}/accept"), &[]).await;
    let (_, a) = get(
        &p,
        &p.mo,
        &format!("/api/v1/delegations/{}", by_api["id"].as_str().unwrap()),
    )
    .await;
    let (_, b) = get(&p, &p.mo, &format!("/api/v1/delegations/{form_id}")).await;
    assert_eq!(a["status"], "accepted");
    assert_eq!(essence(&a), essence(&b));
}

/// A thank-you and a request for help are the same through both ways in.
#[tokio::test]
async fn thanks_and_help_are_the_same_through_the_api_and_the_form() {
    let p = pair().await;
    let (status, _) = json(
        p.alice
            .post(p.app.url("/api/v1/appreciations"))
            .json(&json!({"to": p.mo_id, "message": "Thanks for the review", "visibility": "team"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let landed = submit(
        &p,
        &p.alice,
        "/thanks",
        &[
            ("to", &p.mo_id),
            ("message", "Thanks for the review"),
            ("visibility", "team"),
        ],
    )
    .await;
    assert_eq!(landed, "/thanks");
    let (_, thanks) = get(&p, &p.mo, "/api/v1/appreciations").await;
    let items = thanks["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{thanks}");
    let strip = |t: &Value| json!([t["from"], t["to"], t["message"], t["visibility"]]);
    assert_eq!(strip(&items[0]), strip(&items[1]));

    let (status, _) = json(
        p.alice
            .post(p.app.url("/api/v1/help-requests"))
            .json(&json!({"skill": "SQL", "text": "Why is this slow?", "audience": "person", "to": p.mo_id}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    submit(
        &p,
        &p.alice,
        "/help",
        &[
            ("skill", "SQL"),
            ("text", "Why is this slow?"),
            ("audience", "person"),
            ("to", &p.mo_id),
        ],
    )
    .await;
    let (_, mine) = get(&p, &p.alice, "/api/v1/help-requests").await;
    let items = mine["items"].as_array().unwrap();
    let strip = |h: &Value| json!([h["skill"], h["text"], h["audience"], h["to"], h["status"]]);
    assert_eq!(items.len(), 2);
    assert_eq!(strip(&items[0]), strip(&items[1]));
}

/// What waits on a person is the same on their home page (the page's
/// operation) and in their digest (the job's).
#[tokio::test]
async fn the_home_page_and_the_digest_job_list_the_same_waiting_delegation() {
    let p = pair().await;
    p.delegate("Water the office plants").await;
    let home =
        p.mo.get(p.app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(
        home.contains("Water the office plants"),
        "the home page lists it"
    );
    let mo = p
        .app
        .store
        .person_by_email(
            p.app.org,
            &rapport_core::Email::parse(&p.app.member_email).unwrap(),
        )
        .await
        .unwrap();
    let digest = rapport::jobs::digests::compose(
        &p.app.state,
        &rapport::app::Actor::new(mo),
        "weekly",
        "token",
    )
    .await
    .unwrap();
    let waiting: Vec<&str> = digest.waiting.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(waiting, ["Alice Admin asked you: Water the office plants"]);
}

/// An id that does not parse, in any route that takes one, is a 404 in the
/// JSON error shape (the same answer as an id that does not exist).
#[tokio::test]
async fn an_unparsable_path_id_is_a_json_404() {
    let p = pair().await;
    let gets = [
        "/api/v1/delegations/not-an-id",
        "/api/v1/help-requests/42",
        "/api/v1/help-requests/x/suggested-helpers",
        "/api/v1/people/%F0%9F%98%80",
        "/api/v1/me/relationships/nobody",
        "/api/v1/check-ins/1e9",
        "/api/v1/courses/building-great-relationships/parts/two/complete",
    ];
    for path in gets {
        let (status, body) = if path.ends_with("complete") {
            json(p.mo.post(p.app.url(path)).send().await.unwrap()).await
        } else {
            get(&p, &p.mo, path).await
        };
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_eq!(error_code(&body), "not_found", "{path}");
    }
    let posts = [
        "/api/v1/delegations/zzz/accept",
        "/api/v1/nudges/zzz/done",
        "/api/v1/introductions/zzz/skip",
        "/api/v1/help-requests/zzz/resolve",
        "/api/v1/invitations/zzz/revoke",
    ];
    for path in posts {
        let (status, body) = json(
            p.alice
                .post(p.app.url(path))
                .json(&json!({"helped": true}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_eq!(error_code(&body), "not_found", "{path}");
    }
    let (status, body) = json(
        p.mo.delete(p.app.url("/api/v1/tokens/zzz"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

/// Walks a list `limit` items at a time; returns the ids in order, and
/// checks that a made-up cursor is refused in words.
async fn walk(p: &Pair, who: &reqwest::Client, path: &str, limit: usize) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut seen = vec![];
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit={limit}&cursor={}", urlencode(c)),
            None => format!("{path}{sep}limit={limit}"),
        };
        let (status, page) = get(p, who, &url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        let items = page["items"].as_array().unwrap();
        assert!(
            items.len() <= limit,
            "{url}: a page holds at most the limit"
        );
        seen.extend(items.iter().map(|i| {
            i["id"]
                .as_str()
                .or(i["person"]["id"].as_str())
                .unwrap()
                .to_string()
        }));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let (status, body) = get(p, who, &format!("{path}{sep}cursor=abcdef")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
    assert_eq!(body["error"]["field"], "cursor");
    seen
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn once_each(ids: &[String]) -> bool {
    let mut sorted = ids.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.len() == ids.len()
}

/// Each paged list, walked two or three at a time, gives every item once,
/// in the same order as one big page.
#[tokio::test]
async fn every_paged_list_walks_over_several_pages_seeing_each_item_once() {
    let p = pair().await;
    for i in 0..7 {
        p.app
            .add_person(
                p.app.org,
                &format!("p{i}@acme.example"),
                &format!("Person {i}"),
                rapport_core::Role::Member,
            )
            .await;
    }
    for i in 0..5 {
        let id = p.delegate(&format!("Task {i}")).await;
        // Several at the same instant too: the cursor must break ties.
        if i % 2 == 0 {
            p.app.clock.advance(chrono::Duration::seconds(1));
        }
        json(
            p.alice
                .post(p.app.url("/api/v1/appreciations"))
                .json(
                    &json!({"to": p.mo_id, "message": format!("Thanks {i}"), "delegation_id": id}),
                )
                .send()
                .await
                .unwrap(),
        )
        .await;
        json(
            p.alice
                .post(p.app.url("/api/v1/help-requests"))
                .json(&json!({"skill": "Rust", "text": format!("Question {i}"), "audience": "org"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
    }
    // Mo relies on five colleagues, so Mo's picture has five rows.
    let (_, people) = get(&p, &p.mo, "/api/v1/people?limit=500").await;
    for person in people["items"].as_array().unwrap().iter().take(6) {
        if person["id"] == p.mo_id.as_str() {
            continue;
        }
        json(
            p.mo.post(p.app.url("/api/v1/appreciations"))
                .json(&json!({"to": person["id"], "message": "Thank you"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        p.app.clock.advance(chrono::Duration::minutes(1));
    }
    let lists = [
        (&p.alice, "/api/v1/people", 10),
        (&p.alice, "/api/v1/delegations", 5),
        (&p.mo, "/api/v1/delegations?role=to", 5),
        (&p.alice, "/api/v1/help-requests", 5),
        (&p.mo, "/api/v1/appreciations", 10),
        (&p.mo, "/api/v1/me/notifications", 10),
        (&p.mo, "/api/v1/me/relationships", 5),
    ];
    for (who, path, at_least) in lists {
        for limit in [2, 3] {
            let walked = walk(&p, who, path, limit).await;
            assert!(walked.len() >= at_least, "{path}: {} items", walked.len());
            assert!(once_each(&walked), "{path} by {limit}: each item once");
            let (_, all) = get(
                &p,
                who,
                &format!(
                    "{path}{}limit=500",
                    if path.contains('?') { '&' } else { '?' }
                ),
            )
            .await;
            let whole: Vec<String> = all["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    i["id"]
                        .as_str()
                        .or(i["person"]["id"].as_str())
                        .unwrap()
                        .to_string()
                })
                .collect();
            assert_eq!(
                walked, whole,
                "{path} by {limit}: the same order as one page"
            );
        }
    }
}
