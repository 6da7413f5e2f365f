//! Durability: the real binary killed with SIGKILL in the middle of a write
//! load loses no write it acknowledged, on each backend. (A killed process
//! is not a power cut: this catches answering before committing, not a
//! disk that lies about fsync.)

use crate::helpers::*;
use rapport_core::{Email, Name, Role, Slug};
use rapport_store::test_db::TestDb;
use rapport_store::{NewPerson, Store};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A port nobody listens on (the kernel's pick, released at once).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_until_up(base: &str) {
    for _ in 0..200 {
        if let Ok(res) = reqwest::get(format!("{base}/readyz")).await
            && res.status() == StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server at {base} did not come up");
}

/// Four writers create tokens as fast as the server acknowledges them; the
/// server is killed (SIGKILL: no shutdown, no flush) mid-load; a new
/// connection to the database finds every acknowledged token.
#[tokio::test]
async fn a_killed_server_loses_no_acknowledged_write() {
    for db in TestDb::all().await {
        let store = Store::connect(&db.url).await.unwrap();
        let org = store
            .create_org(&Slug::parse("acme").unwrap(), "Acme", chrono::Utc::now())
            .await
            .unwrap()
            .id;
        let mut p = NewPerson::basic(
            Email::parse("writer@acme.example").unwrap(),
            Name::parse("Wren Writer").unwrap(),
            Role::Member,
        );
        p.password_hash = Some(password_hash());
        let writer = store
            .create_person(org, &p, chrono::Utc::now())
            .await
            .unwrap()
            .id;
        store.close().await;

        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &db.url,
            ])
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        wait_until_up(&base).await;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let res = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": "writer@acme.example", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut writers = Vec::new();
        for w in 0..4 {
            let (client, base, acked) = (client.clone(), base.clone(), acknowledged.clone());
            writers.push(tokio::spawn(async move {
                for i in 0.. {
                    let name = format!("w{w}-{i}");
                    match client
                        .post(format!("{base}/api/v1/tokens"))
                        .json(&json!({"name": name}))
                        .send()
                        .await
                    {
                        Ok(res) if res.status() == StatusCode::CREATED => {
                            acked.lock().unwrap().push(name)
                        }
                        Ok(res) => panic!("a write was refused: {}", res.status()),
                        Err(_) => return, // the server is gone
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill().unwrap(); // SIGKILL
        server.wait().unwrap();
        for w in writers {
            w.await.unwrap();
        }

        let acked = acknowledged.lock().unwrap().clone();
        assert!(acked.len() > 20, "the load ran: {} writes", acked.len());
        let store = Store::connect(&db.url).await.unwrap();
        let kept: std::collections::HashSet<String> = store
            .list_tokens(writer)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        let lost: Vec<&String> = acked.iter().filter(|n| !kept.contains(*n)).collect();
        assert!(
            lost.is_empty(),
            "{} of {} acknowledged writes lost on {}: {lost:?}",
            lost.len(),
            acked.len(),
            rapport_store::redact(&db.url)
        );
        eprintln!(
            "durability: {} acknowledged writes, all kept after SIGKILL, on {}",
            acked.len(),
            rapport_store::redact(&db.url)
        );
        store.close().await;
    }
}
