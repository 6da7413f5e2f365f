//! A database made by the previous release, 0.4.2 (commit 5d8edd7), opened
//! by this one: migrated at start, and everything in it still reads.
//!
//! The fixtures are the demo organization that 0.4.2's own binary wrote
//! (`rapport demo --people 12 --no-serve`, see `fixtures/README.md`): a
//! SQLite file, and a `pg_dump --inserts` of the same on PostgreSQL. So
//! they hold what that release's code wrote, not what this release's code
//! thinks it wrote.

use crate::helpers::*;
use rapport_store::test_db::TestDb;
use reqwest::StatusCode;
use serde_json::json;
use std::io::Read;

const SQLITE: &[u8] = include_bytes!("fixtures/rapport-0.4.2.db.gz");
const POSTGRES: &[u8] = include_bytes!("fixtures/rapport-0.4.2-postgres.sql.gz");
/// The password 0.4.2's demo gave every account, and one of its members.
const DEMO_PASSWORD: &str = "northwind-demo";
const DEMO_MEMBER: &str = "khalid.haddad@northwind.example";

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// This release starts on a 0.4.2 SQLite database and migrates it.
#[tokio::test]
async fn a_sqlite_database_made_by_0_4_2_is_migrated_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport-0.4.2.db");
    std::fs::write(&path, gunzip(SQLITE)).unwrap();
    reads_back(format!("sqlite://{}", path.display())).await;
}

/// This release starts on a 0.4.2 PostgreSQL database (when one is
/// configured for tests) and migrates it.
#[tokio::test]
async fn a_postgres_database_made_by_0_4_2_is_migrated_and_reads_back() {
    use sqlx::{Connection, PgConnection};
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let dump = String::from_utf8(gunzip(POSTGRES)).unwrap();
    // psql's own commands (\restrict) are not SQL.
    let sql: String = dump
        .lines()
        .filter(|l| !l.starts_with('\\'))
        .flat_map(|l| [l, "\n"])
        .collect();
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    sqlx::raw_sql(&sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    reads_back(db.url.clone()).await;
}

/// The server migrates the database at `url` as it starts; the 0.4.2
/// people sign in with their old password and find their history: their
/// delegations, relationships and thanks, and their pages.
async fn reads_back(url: String) {
    let app = spawn_app_with(|c| {
        c.database_url = url.clone();
        c.background_jobs = false;
    })
    .await;
    let (_, found) = json(
        app.admin()
            .await
            .get(app.url("/api/v1/people?limit=1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(found["items"].is_array(), "{found}");

    let c = app.anonymous();
    let (status, me) = json(
        c.post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": DEMO_MEMBER, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    for path in [
        "/api/v1/delegations",
        "/api/v1/me/relationships",
        "/api/v1/appreciations",
    ] {
        let (status, body) = json(c.get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert!(
            !body["items"].as_array().unwrap().is_empty(),
            "{path}: the history is there"
        );
    }
    for path in ["/", "/relationships", "/delegations", "/courses"] {
        let (status, html) = page(&c, &app.url(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html:.300}");
    }
}
