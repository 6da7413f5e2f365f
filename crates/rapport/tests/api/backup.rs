//! `rapport backup` while the server takes writes, and `rapport restore`:
//! the real binary against a running server's database.

use crate::helpers::*;
use rapport_store::Store;
use rapport_store::test_db::TestDb;
use reqwest::StatusCode;
use serde_json::json;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// `rapport ARGS --database-url URL`, with no configuration from the
/// environment, off the async threads.
async fn rapport(args: &[&str], database_url: &str) -> Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.args(args)
        .args(["--database-url", database_url])
        .env_remove("RAPPORT_CONFIG")
        .env_remove("RAPPORT_DATABASE_URL")
        .env_remove("RAPPORT_BIND")
        .env_remove("RAPPORT_LOG_FORMAT");
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A backup taken while a client writes through the API holds every write
/// acknowledged before the backup began; restored into a new file, the
/// server's store reads them all back.
#[tokio::test]
async fn a_backup_under_write_load_restores_every_acknowledged_write() {
    let db = TestDb::sqlite();
    let url = db.url.clone();
    let app = spawn_app_with(|c| c.database_url = url.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (member, acked, stop) = (app.member().await, acked.clone(), stop.clone());
        let tokens = app.url("/api/v1/tokens");
        tokio::spawn(async move {
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let name = format!("write {i}");
                let res = member
                    .post(&tokens)
                    .json(&json!({ "name": name }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), StatusCode::CREATED);
                acked.lock().unwrap().push(name);
            }
        })
    };
    while acked.lock().unwrap().len() < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before = acked.lock().unwrap().clone();
    let file = dir.path().join("rapport-backup.db");
    let out = rapport(&["backup", file.to_str().unwrap()], &url).await;
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("2 people"), "{}", said(&out));
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    let total = acked.lock().unwrap().len();

    let restored = dir.path().join("restored.db");
    let out = rapport(&["restore", file.to_str().unwrap()], &sqlite_url(&restored)).await;
    assert!(out.status.success(), "{}", said(&out));
    let store = Store::connect(&sqlite_url(&restored)).await.unwrap();
    let member = store
        .person_for_sign_in(&rapport_core::Email::parse(&app.member_email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .0;
    let names: Vec<String> = store
        .list_tokens(member.id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    for name in &before {
        assert!(
            names.contains(name),
            "{name} was acknowledged before the backup"
        );
    }
    assert!(
        names.len() <= total,
        "{} restored, {total} written",
        names.len()
    );
    store.close().await;
}

/// Restore never replaces a database without `--force`, refuses files that
/// are not rapport databases, and a backup never overwrites a file.
#[tokio::test]
async fn restore_refuses_to_overwrite_or_to_take_a_foreign_file() {
    let db = TestDb::sqlite();
    let url = db.url.clone();
    let app = spawn_app_with(|c| c.database_url = url.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let out = rapport(&["backup", file.to_str().unwrap()], &url).await;
    assert!(out.status.success(), "{}", said(&out));
    let out = rapport(&["backup", file.to_str().unwrap()], &url).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(said(&out).contains("already exists"), "{}", said(&out));

    // The live database is not replaced, and the server goes on.
    let out = rapport(&["restore", file.to_str().unwrap()], &url).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(said(&out).contains("--force"), "{}", said(&out));
    let (status, _) = page(&app.member().await, &app.url("/api/v1/me")).await;
    assert_eq!(status, StatusCode::OK);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database, but long enough to have a header").unwrap();
    let other = dir.path().join("other.db");
    {
        use sqlx::{Connection, Executor};
        let mut c = sqlx::SqliteConnection::connect(&format!("{}?mode=rwc", sqlite_url(&other)))
            .await
            .unwrap();
        c.execute("CREATE TABLE things (id INTEGER)").await.unwrap();
        c.close().await.unwrap();
    }
    let target = sqlite_url(&dir.path().join("new.db"));
    for (foreign, why) in [
        (&text, "it is not an SQLite file"),
        (&other, "it has no `_sqlx_migrations` table"),
    ] {
        let out = rapport(&["restore", foreign.to_str().unwrap(), "--force"], &target).await;
        assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        assert!(
            said(&out).contains(&format!("is not a rapport SQLite database ({why})")),
            "{}",
            said(&out)
        );
    }
    assert!(!dir.path().join("new.db").exists());

    // With --force, an existing (stopped) database is replaced.
    let out = rapport(
        &["restore", file.to_str().unwrap(), "--force"],
        &sqlite_url(&other),
    )
    .await;
    assert!(out.status.success(), "{}", said(&out));
    let out = rapport(
        &["backup", dir.path().join("again.db").to_str().unwrap()],
        &sqlite_url(&other),
    )
    .await;
    assert!(
        said(&out).contains("1 organization and 2 people"),
        "{}",
        said(&out)
    );
}

/// On PostgreSQL, backup and restore name PostgreSQL's own tools with the
/// command for this database, its password hidden, and do nothing.
#[tokio::test]
async fn on_postgresql_backup_and_restore_give_the_pg_commands() {
    let url = "postgres://rapport:s3cret@db.internal:5432/rapport";
    let out = rapport(&["backup", "/tmp/rapport.dump"], url).await;
    assert_eq!(out.status.code(), Some(1));
    let text = said(&out);
    assert!(
        text.contains("pg_dump --format=custom --file '/tmp/rapport.dump' 'postgres://rapport:***@db.internal:5432/rapport'"),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "{text}");
    let out = rapport(&["restore", "/tmp/rapport.dump"], url).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        said(&out).contains("pg_restore --no-owner --dbname"),
        "{}",
        said(&out)
    );
}
