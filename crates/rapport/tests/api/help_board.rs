//! The help board: filters (skill, my strengths, open only) and paging,
//! through the API and the page (a GET form, no script).

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::HashSet;

async fn ask(p: &Pair, who: &Client, skill: &str, text: &str) -> String {
    let body = json!({"skill": skill, "text": text, "audience": "org"});
    let (status, h) = json(
        who.post(p.app.url("/api/v1/help-requests"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{h}");
    h["id"].as_str().unwrap().to_string()
}

/// Every item of a filtered list, walking its pages with `limit`.
async fn walk(p: &Pair, who: &Client, query: &str, limit: u32) -> Vec<Value> {
    let (mut items, mut cursor) = (Vec::new(), None::<String>);
    loop {
        let mut url = format!("/api/v1/help-requests?limit={limit}&{query}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={}", urlencoding(c)));
        }
        let (status, page) = json(who.get(p.app.url(&url)).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return items,
        }
    }
}

fn urlencoding(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn skills(items: &[Value]) -> HashSet<String> {
    items
        .iter()
        .map(|i| i["skill"].as_str().unwrap().to_string())
        .collect()
}

/// A board of 15 SQL and 10 Figma requests by Mo, and two of Alice's own
/// (one closed); Alice lists SQL as a strength.
async fn board() -> Pair {
    let p = pair().await;
    for i in 0..15 {
        ask(&p, &p.mo, "SQL", &format!("Query number {i} is slow")).await;
    }
    for i in 0..10 {
        ask(&p, &p.mo, "Figma", &format!("Frame number {i} looks off")).await;
    }
    ask(&p, &p.alice, "Hiring", "Who can sit on a panel?").await;
    let closed = ask(&p, &p.alice, "Hiring", "Anyone for Friday?").await;
    p.alice
        .post(p.app.url(&format!("/api/v1/help-requests/{closed}/close")))
        .send()
        .await
        .unwrap();
    p.alice
        .put(p.app.url("/api/v1/me/skills"))
        .json(&json!({"strengths": ["SQL"], "growth_areas": []}))
        .send()
        .await
        .unwrap();
    p
}

/// Each filter narrows the list, pages walk it without repeats, and an
/// unknown skill is an empty list.
#[tokio::test]
async fn the_help_list_filters_by_skill_strengths_and_openness_and_pages() {
    let p = board().await;
    let all = walk(&p, &p.alice, "", 6).await;
    assert_eq!(all.len(), 27);
    let ids: HashSet<_> = all.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 27, "each seen once");

    let figma = walk(&p, &p.alice, "skill=figma", 4).await;
    assert_eq!(
        (figma.len(), skills(&figma)),
        (10, HashSet::from(["Figma".into()]))
    );
    let mine = walk(&p, &p.alice, "my_strengths=true", 4).await;
    assert_eq!(
        (mine.len(), skills(&mine)),
        (15, HashSet::from(["SQL".into()]))
    );
    let open = walk(&p, &p.alice, "open=true&skill=Hiring", 4).await;
    assert_eq!(open.len(), 1, "the closed one is left out");
    assert_eq!(walk(&p, &p.alice, "skill=Hiring", 4).await.len(), 2);
    assert!(walk(&p, &p.alice, "skill=Juggling", 4).await.is_empty());
}

/// The board page: cards with offer counts in words, a GET form of
/// filters, 20 a page with a link to the older ones, and an empty state
/// that says what to do.
#[tokio::test]
async fn the_help_board_page_filters_and_pages_without_script() {
    let p = board().await;
    let page = |path: String| {
        let req = p.alice.get(p.app.url(&path));
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.text().await.unwrap()
        }
    };
    let first = page("/help".into()).await;
    assert_eq!(first.matches("class=\"card help-card\"").count(), 20);
    assert!(first.contains("no offers yet"));
    assert!(!first.contains("offer(s)"));
    let next = first
        .split("href=\"/help?")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to older requests")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let older = page(format!("/help?{next}")).await;
    assert_eq!(older.matches("class=\"card help-card\"").count(), 7);
    assert!(!older.contains("Older requests"));

    let figma = page("/help?skill=Figma&mine=&open=".into()).await;
    assert_eq!(figma.matches("Help with Figma").count(), 10);
    assert!(!figma.contains("Help with SQL"));
    let mine = page("/help?skill=&mine=yes".into()).await;
    assert_eq!(mine.matches("Help with SQL").count(), 15);
    let none = page("/help?skill=Juggling".into()).await;
    assert!(none.contains("No requests match these filters"), "{none}");

    let (_, first_sql) = json(
        p.alice
            .get(p.app.url("/api/v1/help-requests?skill=SQL&limit=1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = first_sql["items"][0]["id"].as_str().unwrap();
    for who in [&p.alice, &p.tess] {
        who.post(p.app.url(&format!("/api/v1/help-requests/{id}/offers")))
            .json(&json!({"text": "I can help"}))
            .send()
            .await
            .unwrap();
    }
    let mo_board = p.mo.get(p.app.url("/help?skill=SQL")).send().await.unwrap();
    assert!(mo_board.text().await.unwrap().contains("2 offers"));
}
