//! Fresh databases for tests: a new SQLite file, and, when
//! `RAPPORT_TEST_POSTGRES_URL` is set, a new PostgreSQL database per test.

use crate::{Store, StoreResult};
use sqlx::{Connection, Executor};

/// A database made for one test, removed when the test is done.
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    admin_url: Option<String>,
    name: String,
}

impl TestDb {
    /// A fresh SQLite database in the temp directory.
    pub fn sqlite() -> TestDb {
        let name = format!("rapport-test-{}", uuid::Uuid::new_v4().simple());
        let path = std::env::temp_dir().join(format!("{name}.db"));
        TestDb {
            url: format!("sqlite://{}", path.display()),
            admin_url: None,
            name,
        }
    }

    /// A fresh PostgreSQL database, or `None` when no server is configured.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("RAPPORT_TEST_POSTGRES_URL").ok()?;
        sqlx::any::install_default_drivers();
        let name = format!("rapport_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::AnyConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("RAPPORT_TEST_POSTGRES_URL is set but unreachable: {e}"));
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
        let _ = conn.close().await;
        let mut url = url::Url::parse(&admin_url)
            .unwrap_or_else(|e| panic!("bad RAPPORT_TEST_POSTGRES_URL: {e}"));
        url.set_path(&name);
        Some(TestDb {
            url: url.to_string(),
            admin_url: Some(admin_url),
            name,
        })
    }

    /// Every backend this machine can test: SQLite always, PostgreSQL when
    /// configured. Prints once that PostgreSQL was skipped otherwise.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite()];
        match TestDb::postgres().await {
            Some(pg) => dbs.push(pg),
            None => {
                static SAID: std::sync::Once = std::sync::Once::new();
                SAID.call_once(|| {
                    eprintln!("PostgreSQL tests skipped: RAPPORT_TEST_POSTGRES_URL is not set")
                });
            }
        }
        dbs
    }

    pub async fn store(&self) -> StoreResult<Store> {
        Store::connect(&self.url).await
    }

    /// Drops the database (PostgreSQL) or deletes the files (SQLite).
    /// Dropping a `TestDb` does the same; this spelling reads better at the
    /// end of a test.
    pub async fn cleanup(self) {}

    fn remove(&self) {
        match &self.admin_url {
            None => {
                for suffix in ["db", "db-wal", "db-shm"] {
                    let _ = std::fs::remove_file(
                        std::env::temp_dir().join(format!("{}.{suffix}", self.name)),
                    );
                }
            }
            // On its own thread and runtime: a drop cannot await, and the
            // test's runtime may be shutting down (a task spawned there was
            // cancelled, and left 348 databases behind).
            Some(admin) => {
                let (admin, name) = (admin.clone(), self.name.clone());
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime for dropping a test database");
                    runtime.block_on(async {
                        if let Ok(mut conn) = sqlx::AnyConnection::connect(&admin).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = conn.execute(sql.as_str()).await;
                            let _ = conn.close().await;
                        }
                    })
                });
                let _ = dropped.join();
            }
        }
    }
}

/// A test that fails, or never calls `cleanup`, still leaves nothing behind.
impl Drop for TestDb {
    fn drop(&mut self) {
        self.remove();
    }
}
