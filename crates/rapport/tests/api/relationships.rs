//! The trust picture through the API and the map: a range and the evidence
//! in words from the first outcome, reliance both ways, and a map that holds
//! only the signed-in person's own ties.

use crate::delegations::{Pair, pair, pair_with};
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Alice delegates to Mo, Mo accepts and marks it done, Alice records `outcome`.
async fn delegated_and_recorded(p: &Pair, title: &str, outcome: &str) {
    let id = p.delegate(title).await;
    assert_eq!(p.act(&p.mo, &id, "accept", None).await.0, StatusCode::OK);
    assert_eq!(p.act(&p.mo, &id, "mark-done", None).await.0, StatusCode::OK);
    let (status, body) = p
        .act(&p.alice, &id, "complete", Some(json!({"outcome": outcome})))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn view(p: &Pair, who: &reqwest::Client, other: &str) -> Value {
    let url = p.app.url(&format!("/api/v1/me/relationships/{other}"));
    let (status, body) = json(who.get(url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// One outcome is enough for a range and words; a number waits for more.
#[tokio::test]
async fn the_first_outcome_gives_a_range_and_words() {
    let p = pair().await;
    delegated_and_recorded(&p, "Draft the agenda", "delivered").await;
    let alice_of_mo = view(&p, &p.alice, &p.mo_id).await;
    let trust = &alice_of_mo["trust"];
    assert!(
        trust["value"].is_null(),
        "one outcome is not a number: {trust}"
    );
    let (low, high) = (
        trust["low"].as_f64().unwrap(),
        trust["high"].as_f64().unwrap(),
    );
    assert!(0.0 <= low && low < high && high <= 1.0, "{trust}");
    assert_eq!(trust["label"], "still forming");
    assert_eq!(trust["evidence"]["delivered"], 1);
    assert_eq!(trust["evidence"]["missed"], 0);
    let words = alice_of_mo["evidence_words"].as_str().unwrap();
    assert!(words.starts_with("1 delivered, last in "), "{words}");
    assert_eq!(alice_of_mo["asked_out"], 1);
    assert_eq!(alice_of_mo["asked_in"], 0);
    assert_eq!(
        alice_of_mo["reliance_words"],
        "You asked them once; they have not asked you yet."
    );

    // Mo's side of the same pair: asked once, no evidence about Alice.
    let mo_of_alice = view(&p, &p.mo, &p.alice_id).await;
    assert!(mo_of_alice["trust"]["low"].is_null());
    assert_eq!(mo_of_alice["trust"]["label"], "no history yet");
    assert_eq!(mo_of_alice["asked_in"], 1);

    // More outcomes narrow the range; a miss lowers it.
    for i in 0..5 {
        delegated_and_recorded(&p, &format!("Task {i}"), "delivered").await;
    }
    delegated_and_recorded(&p, "One that slipped", "missed").await;
    let later = view(&p, &p.alice, &p.mo_id).await;
    let t = &later["trust"];
    let width = t["high"].as_f64().unwrap() - t["low"].as_f64().unwrap();
    assert!(width < high - low, "the range narrows: {t}");
    assert!(width <= 0.5 && t["value"].as_f64().is_some(), "{t}");
    assert_eq!(t["evidence"]["delivered"], 6);
    assert_eq!(t["evidence"]["missed"], 1);
}

/// The map is mine alone: my colleagues, never a tie between two others,
/// nobody from another organization, and nothing for a visitor.
#[tokio::test]
async fn the_map_holds_only_my_own_ties() {
    let p = pair().await;
    delegated_and_recorded(&p, "Draft the agenda", "delivered").await;
    // Tess and Zed work together; Alice has no tie with either.
    let zed = p
        .app
        .add_person(
            p.app.org,
            "zed@acme.example",
            "Zed Zimmer",
            rapport_core::Role::Member,
        )
        .await;
    let body = json!({"to": zed.to_string(), "title": "Review the budget", "stakes": "small"});
    let res = p
        .tess
        .post(p.app.url("/api/v1/delegations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (other_org, hank) = p.app.other_org().await;
    let _ = (other_org, hank);

    let res = p
        .alice
        .get(p.app.url("/relationships/map.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let svg = res.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<title"), "{svg}");
    assert!(
        svg.contains("Mo Member"),
        "my colleague is on my map: {svg}"
    );
    for stranger in ["Zed Zimmer", "Tess Third", "Hank Scorpio"] {
        assert!(!svg.contains(stranger), "{stranger} is not on Alice's map");
    }

    // Tess's map has Zed and nobody of Alice's.
    let tess_map = page(&p.tess, &p.app.url("/relationships/map.svg")).await.1;
    assert!(tess_map.contains("Zed Zimmer"));
    assert!(!tess_map.contains("Mo Member") && !tess_map.contains("Alice Admin"));

    // The page draws the same map inline; a visitor gets neither.
    let html = page(&p.alice, &p.app.url("/relationships")).await.1;
    assert!(html.contains("<svg") && html.contains("Mo Member"));
    let res = p
        .app
        .anonymous()
        .get(p.app.url("/relationships/map.svg"))
        .send()
        .await
        .unwrap();
    assert!(
        !res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg"),
        "a visitor is sent to sign in, not shown a map"
    );
    assert!(res.url().path().starts_with("/sign-in"), "{}", res.url());
}

/// A new person's map and list say what to do rather than show nothing.
#[tokio::test]
async fn an_empty_map_says_how_it_fills() {
    let p = pair().await;
    let svg = page(&p.tess, &p.app.url("/relationships/map.svg")).await.1;
    assert!(svg.contains("<title"), "{svg}");
    let html = page(&p.tess, &p.app.url("/relationships")).await.1;
    assert!(
        html.contains("Delegate") || html.contains("delegate"),
        "{html}"
    );
}

/// The "Your next step" card of a home page: its sentence and its link.
async fn next_step_of(p: &Pair, who: &reqwest::Client) -> (String, String) {
    let html = page(who, &p.app.url("/")).await.1;
    let card = html
        .split(r#"<h2 id="step">Your next step</h2>"#)
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_else(|| panic!("a next step: {html}"))
        .to_string();
    // Never the same sentence twice on one page.
    let sentence = card
        .split(r#"<p class="next-step">"#)
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .map(|s| s.rsplit("</svg>").next().unwrap_or(s).trim().to_string())
        .unwrap();
    assert_eq!(html.matches(&sentence).count(), 1, "said once: {sentence}");
    let link = card
        .split(r#"class="button" href=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    (sentence, link)
}

/// Someone who asked me twice and whom I never asked is named, with why,
/// and the step leads to asking them.
#[tokio::test]
async fn the_next_step_names_a_colleague_and_why() {
    // Without weekly suggestions, so that the step is not kept from naming
    // someone a suggestion already names.
    let p = pair_with(|c| c.nudges_per_week = 0).await;
    // Past a newcomer's first two weeks.
    p.app.clock.advance(chrono::Duration::days(20));
    for title in ["Check the slides", "Proofread the memo"] {
        let body = json!({"to": p.alice_id, "title": title, "stakes": "small"});
        let res =
            p.mo.post(p.app.url("/api/v1/delegations"))
                .json(&body)
                .send()
                .await
                .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let (sentence, link) = next_step_of(&p, &p.alice).await;
    assert_eq!(
        sentence,
        "Mo Member has asked you twice, and you have not asked them yet: trust them back with something small."
    );
    assert_eq!(link, format!("/delegations/new?to={}", p.mo_id));
    // Mo, who did the asking, is not told the same.
    let (mo_sentence, _) = next_step_of(&p, &p.mo).await;
    assert!(!mo_sentence.contains("Alice"), "{mo_sentence}");
}

/// A miss, a week on, with nothing asked since: a second chance is due.
#[tokio::test]
async fn a_second_chance_is_suggested_a_week_after_a_miss() {
    let p = pair_with(|c| c.nudges_per_week = 0).await;
    p.app.clock.advance(chrono::Duration::days(20));
    delegated_and_recorded(&p, "Book the venue", "missed").await;
    let (sentence, _) = next_step_of(&p, &p.alice).await;
    assert!(
        !sentence.contains("second chance"),
        "not the same day: {sentence}"
    );
    p.app.clock.advance(chrono::Duration::days(8));
    let (sentence, link) = next_step_of(&p, &p.alice).await;
    assert!(
        sentence.starts_with("Give Mo Member a second chance"),
        "{sentence}"
    );
    assert_eq!(link, format!("/delegations/new?to={}", p.mo_id));
    // Given: the step moves on.
    p.delegate("Book the caterer").await;
    let (sentence, _) = next_step_of(&p, &p.alice).await;
    assert!(!sentence.contains("second chance"), "{sentence}");
}

/// In the first 14 days: "Start here" comes first and nothing compares
/// the person with others; afterwards the comparison may appear.
#[tokio::test]
async fn a_newcomer_starts_here_and_is_compared_with_nobody() {
    let p = pair().await;
    let html = page(&p.mo, &p.app.url("/")).await.1;
    let start = html.find(r#"id="start""#).expect("Start here");
    let needs = html.find(r#"id="needs""#).unwrap();
    assert!(start < needs, "Start here comes first for a newcomer");
    let summary = |c: &reqwest::Client| {
        let url = p.app.url("/api/v1/me/relationships");
        let c = c.clone();
        async move { json(c.get(url).send().await.unwrap()).await.1["summary"].to_string() }
    };
    assert!(!summary(&p.mo).await.contains("most people"));
    // Nobody to name yet: the general step, with a link that does it.
    let (sentence, link) = next_step_of(&p, &p.mo).await;
    assert!(sentence.starts_with("Be the first to trust"), "{sentence}");
    assert_eq!(link, "/delegations/new");
    assert!(!html.contains("most people") && !html.contains("than is usual"));

    p.app.clock.advance(chrono::Duration::days(15));
    let html = page(&p.mo, &p.app.url("/")).await.1;
    assert!(html.find(r#"id="start""#).unwrap() > html.find(r#"id="needs""#).unwrap());
    assert!(summary(&p.mo).await.contains("most people"));
}

/// With suggestions on, the next step never names a colleague a
/// suggestion on the same page already names.
#[tokio::test]
async fn the_next_step_and_the_suggestions_name_different_people() {
    let p = pair().await;
    p.app.clock.advance(chrono::Duration::days(20));
    delegated_and_recorded(&p, "Book the venue", "missed").await;
    p.app.clock.advance(chrono::Duration::days(8));
    let html = page(&p.alice, &p.app.url("/")).await.1;
    assert!(
        html.contains(r#"data-kind="second_chance""#),
        "the suggestion: {html}"
    );
    let (sentence, _) = next_step_of(&p, &p.alice).await;
    assert!(!sentence.contains("Mo Member"), "{sentence}");
}
