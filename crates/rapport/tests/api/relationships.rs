//! The trust picture through the API and the map: a range and the evidence
//! in words from the first outcome, reliance both ways, and a map that holds
//! only the signed-in person's own ties.

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Alice delegates to Mo, Mo accepts, Alice records `outcome`.
async fn delegated_and_recorded(p: &Pair, title: &str, outcome: &str) {
    let id = p.delegate(title).await;
    assert_eq!(p.act(&p.mo, &id, "accept", None).await.0, StatusCode::OK);
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
    let tess_map = p
        .tess
        .get(p.app.url("/relationships/map.svg"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(tess_map.contains("Zed Zimmer"));
    assert!(!tess_map.contains("Mo Member") && !tess_map.contains("Alice Admin"));

    // The page draws the same map inline; a visitor gets neither.
    let page = p
        .alice
        .get(p.app.url("/relationships"))
        .send()
        .await
        .unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("<svg") && page.contains("Mo Member"));
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
    let svg = p
        .tess
        .get(p.app.url("/relationships/map.svg"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(svg.contains("<title"), "{svg}");
    let page = p
        .tess
        .get(p.app.url("/relationships"))
        .send()
        .await
        .unwrap();
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Delegate") || page.contains("delegate"),
        "{page}"
    );
}
