//! Opening a database: choosing the backend from the URL, setting SQLite up
//! for a web server, and applying each backend's own migrations.

use crate::{Store, StoreResult};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::time::Duration;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// What a claim query adds so that concurrent workers skip each
    /// other's rows (PostgreSQL); SQLite has one writer, so nothing.
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }

    /// The backend a URL selects, or an error saying which URLs work.
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(format!(
                "unsupported database URL `{}`: use sqlite://FILE or postgres://…",
                redact(url)
            ))
        }
    }
}

/// A URL with its password replaced, safe to print.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// SQLite settings for a web server, in one place:
/// - WAL lets readers go on while the writer writes;
/// - busy_timeout waits for a lock instead of failing at once (another
///   process, such as `rapport import`, may hold it briefly);
/// - foreign_keys is off by default in SQLite and we rely on it;
/// - synchronous=NORMAL is safe with WAL (a power cut may lose the last
///   transactions, never corrupt the file) and much faster than FULL.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

impl Store {
    /// Connects, creating a SQLite file if it is missing, and migrates.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        install_default_drivers();
        let backend = Backend::from_url(url).map_err(crate::StoreError::Corrupt)?;
        let store = match backend {
            Backend::Sqlite => {
                let url = sqlite_url_creating_file(url);
                let writer = sqlite_pool(&url, 1, false).await?;
                // Migrate before readers connect, so they see the schema.
                sqlx::migrate!("migrations/sqlite")
                    .run(&writer)
                    .await
                    .map_err(|e| crate::StoreError::Other(e.into()))?;
                let reader = sqlite_pool(&url, 8, true).await?;
                Store {
                    backend,
                    changes: crate::changes::Changes::new(backend, &url, &reader),
                    writer,
                    reader,
                    sign_ins: Default::default(),
                }
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                sqlx::migrate!("migrations/postgres")
                    .run(&pool)
                    .await
                    .map_err(|e| crate::StoreError::Other(e.into()))?;
                Store {
                    backend,
                    changes: crate::changes::Changes::new(backend, url, &pool),
                    writer: pool.clone(),
                    reader: pool,
                    sign_ins: Default::default(),
                }
            }
        };
        Ok(store)
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a transaction that reads then writes can never
    /// fail half-way with SQLITE_BUSY when another process writes.
    pub(crate) async fn write_tx(&self) -> StoreResult<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    pub(crate) fn writer(&self) -> &AnyPool {
        &self.writer
    }

    pub(crate) fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// Closes every connection (tests call this before dropping a database).
    pub async fn close(&self) {
        self.changes.close().await;
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Makes one organization's events commit in the order of their numbers
/// (PostgreSQL): the number is taken after this lock, which is held to the
/// commit. Otherwise two transactions may commit in the other order, and
/// every instance's trust engine would replay the whole history to place
/// the late one. Only notifications are written after an event, so no
/// transaction waits for this lock holding a row another needs. SQLite has
/// one writer at a time anyway.
pub(crate) async fn number_events_in_commit_order(
    tx: &mut Transaction<'static, Any>,
    org: rapport_core::OrgId,
) -> StoreResult<()> {
    if tx.backend_name() == "PostgreSQL" {
        let mut key = [0u8; 8];
        key.copy_from_slice(&org.0.as_bytes()[..8]);
        sqlx::query("SELECT COUNT(*) AS n FROM (SELECT pg_advisory_xact_lock($1)) l")
            .bind(i64::from_be_bytes(key))
            .fetch_one(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Makes two transactions about the same pair of people run one after the
/// other (PostgreSQL): the pair's lock is held to the commit, so the second
/// sees what the first wrote. Two 32-bit keys, a space apart from the
/// events' 64-bit ones. SQLite has one writer at a time anyway.
pub(crate) async fn serialize_pair(
    tx: &mut Transaction<'static, Any>,
    a: rapport_core::PersonId,
    b: rapport_core::PersonId,
) -> StoreResult<()> {
    if tx.backend_name() == "PostgreSQL" {
        let key = |p: rapport_core::PersonId| (p.0.as_u128() >> 96) as i32;
        let (lo, hi) = (key(a.min(b)), key(a.max(b)));
        sqlx::query("SELECT COUNT(*) AS n FROM (SELECT pg_advisory_xact_lock($1, $2)) l")
            .bind(lo)
            .bind(hi)
            .fetch_one(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// How far below the highest event number an event may still appear
    /// later. SQLite serializes writers, so numbers appear in order; on
    /// PostgreSQL a transaction that took a number may commit after a later
    /// one (other writers than ours may not take the lock above). Write
    /// transactions are short, so 1,000 events is far wider than any gap.
    pub fn late_event_window(&self) -> i64 {
        match self.backend {
            Backend::Sqlite => 0,
            Backend::Postgres => 1_000,
        }
    }
}

/// `sqlite://rapport.db` opens read-write and creates the file if missing.
fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

async fn sqlite_pool(url: &str, max: u32, read_only: bool) -> StoreResult<AnyPool> {
    let pool = AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(if read_only { 0 } else { 1 })
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                if read_only {
                    conn.execute("PRAGMA query_only = ON").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(pool)
}
