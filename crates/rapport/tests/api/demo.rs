//! The demo as its visitors see it: `rapport demo` writes the default
//! company into this test's database, and each account the demo suggests
//! signs in and reads My relationships through the API.

use crate::helpers::{json, spawn_app_with};
use reqwest::Client;
use serde_json::Value;
use std::process::Command;

/// Of the relationships that have any recorded outcome (either way) or a
/// revealed check-in, the share whose trust shows a range or a number.
async fn picture_coverage(app: &crate::helpers::TestApp, email: &str) -> (usize, usize) {
    let client = Client::builder().cookie_store(true).build().unwrap();
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": "northwind-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{email} signs in");
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = app.url("/api/v1/me/relationships?limit=50");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={}", urlencoding(c)));
        }
        let (_, page) = json(client.get(url).send().await.unwrap()).await;
        for item in page["items"].as_array().unwrap() {
            ids.push(item["person"]["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let (mut with_history, mut shown) = (0, 0);
    for id in ids {
        let url = app.url(&format!("/api/v1/me/relationships/{id}"));
        let (_, d): (_, Value) = json(client.get(url).send().await.unwrap()).await;
        let outcome = d["delegations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| !x["outcome"].is_null());
        let check_in = d["trust"]["evidence"]["check_ins"].as_u64().unwrap() > 0;
        if outcome || check_in {
            with_history += 1;
            if !d["trust"]["low"].is_null() || !d["trust"]["value"].is_null() {
                shown += 1;
            }
        }
    }
    (shown, with_history)
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The trust-picture issue's measure: as the demo's member, lead and admin,
/// at least 60% of the relationships with any recorded outcome or revealed
/// check-in show a range or a number.
#[tokio::test]
async fn the_demo_accounts_see_a_picture_of_most_of_their_relationships() {
    // The server's background jobs would write while `rapport demo` does,
    // and on SQLite one of the two writers could be refused ("database is
    // locked"): the demo is written into a quiet database, as in real use.
    let app = spawn_app_with(|c| c.background_jobs = false).await;
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["demo", "--no-serve", "--database-url"])
        .arg(app.database_url().unwrap())
        .env_remove("RAPPORT_CONFIG")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for role in ["member", "lead", "admin"] {
        let pattern = format!("as a {role}:");
        let pattern = if role == "admin" {
            "as an admin:".to_string()
        } else {
            pattern
        };
        let email = text
            .lines()
            .find_map(|l| l.split(&pattern).nth(1))
            .map(|rest| rest.trim().to_string())
            .unwrap_or_else(|| panic!("the demo names its {role}: {text}"));
        let (shown, with_history) = picture_coverage(&app, &email).await;
        let share = shown as f64 / with_history.max(1) as f64;
        eprintln!(
            "{role} ({email}): {shown} of {with_history} ({:.0}%)",
            share * 100.0
        );
        assert!(with_history >= 3, "{role} has a history: {with_history}");
        assert!(share >= 0.6, "{role}: {shown} of {with_history}");
    }
}
