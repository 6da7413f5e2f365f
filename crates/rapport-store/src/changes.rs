//! Has anything changed? A data version: a number that moves on whenever
//! any transaction has committed since it was last read, by this process,
//! another instance or a command-line tool, so that an in-memory cache can
//! tell in one cheap query whether it may still answer. It is read from a
//! token the database gives:
//!
//! - SQLite: `PRAGMA data_version` on a connection of its own that never
//!   writes; it changes when any other connection commits.
//! - PostgreSQL: the current snapshot (`xmin:xmax:xip…`). Two equal
//!   snapshots see exactly the same committed transactions, so nothing was
//!   committed in between. It covers the whole server (another database's
//!   writes change it too), which costs cache hits, never correctness.
//!
//! [`Changes::version`] is strict: the version it returns was read by a query
//! that *started after the call*, so it reflects every commit that happened
//! before the caller asked. Requests that arrive while a probe is in flight
//! wait for the next one and share it: under load one query serves many
//! requests, and when idle each request costs one query.

use crate::{Backend, StoreError, StoreResult};
use sqlx::{AnyConnection, AnyPool, Connection, Row};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// What the database looked like at one moment: equal tokens mean that no
/// transaction committed between the two reads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ChangeToken(String);

/// Reads the data version, one probe at a time, shared by all who wait.
#[derive(Clone)]
pub(crate) struct Changes {
    inner: Arc<Inner>,
}

struct Inner {
    source: Source,
    probes: Mutex<Probes>,
    finished: Notify,
}

enum Source {
    /// A connection of its own (never from a pool, which may replace it:
    /// `data_version` only compares within one connection), reopened after
    /// an error with a new generation so that tokens never compare equal
    /// across connections.
    Sqlite {
        url: String,
        conn: tokio::sync::Mutex<Option<(u64, AnyConnection)>>,
        generation: std::sync::atomic::AtomicU64,
    },
    Postgres(AnyPool),
}

#[derive(Default)]
struct Probes {
    /// Probes started and finished so far; probes run one at a time, in order.
    started: u64,
    finished: u64,
    running: bool,
    /// The last token read, and the version it was given: the version
    /// moves on each time a probe reads a different token.
    token: Option<ChangeToken>,
    version: u64,
    /// The last probe's outcome: its version, or why it failed.
    last: Option<Result<u64, String>>,
}

impl Changes {
    pub(crate) fn new(backend: Backend, url: &str, pool: &AnyPool) -> Changes {
        let source = match backend {
            Backend::Sqlite => Source::Sqlite {
                url: url.to_string(),
                conn: tokio::sync::Mutex::new(None),
                generation: Default::default(),
            },
            Backend::Postgres => Source::Postgres(pool.clone()),
        };
        Changes {
            inner: Arc::new(Inner {
                source,
                probes: Mutex::new(Probes::default()),
                finished: Notify::new(),
            }),
        }
    }

    /// The data version, read after this call began (see the module's
    /// comment). It only grows within a process.
    pub(crate) async fn version(&self) -> StoreResult<u64> {
        let need = self.lock()?.started + 1;
        loop {
            let finished = self.inner.finished.notified();
            tokio::pin!(finished);
            // Registered before looking, so a probe finishing in between
            // still wakes us.
            finished.as_mut().enable();
            {
                let mut probes = self.lock()?;
                if probes.finished >= need
                    && let Some(last) = &probes.last
                {
                    // Everyone who waited on a failed probe gets its error
                    // (sqlx's error cannot be cloned, its words can).
                    return last.clone().map_err(|e| {
                        StoreError::Other(sqlx::Error::Io(std::io::Error::other(format!(
                            "reading the data version failed: {e}"
                        ))))
                    });
                }
                if !probes.running {
                    probes.running = true;
                    probes.started += 1;
                    // A task of its own: a caller that gives up waiting
                    // (a dropped request) never leaves a probe half-run.
                    tokio::spawn(self.clone().probe(probes.started));
                }
            }
            finished.await;
        }
    }

    async fn probe(self, number: u64) {
        let read = self.read().await;
        if let Ok(mut probes) = self.inner.probes.lock() {
            probes.last = Some(match read {
                Ok(token) => {
                    if probes.token.as_ref() != Some(&token) {
                        probes.version += 1;
                        probes.token = Some(token);
                    }
                    Ok(probes.version)
                }
                Err(e) => Err(e.to_string()),
            });
            probes.finished = number;
            probes.running = false;
        }
        self.inner.finished.notify_waiters();
    }

    async fn read(&self) -> Result<ChangeToken, sqlx::Error> {
        match &self.inner.source {
            Source::Postgres(pool) => {
                let row = sqlx::query("SELECT pg_current_snapshot()::text AS s")
                    .fetch_one(pool)
                    .await?;
                Ok(ChangeToken(row.try_get("s")?))
            }
            Source::Sqlite {
                url,
                conn,
                generation,
            } => {
                let mut conn = conn.lock().await;
                let (g, c) = match &mut *conn {
                    Some(open) => open,
                    closed @ None => {
                        let g = generation.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let mut c = AnyConnection::connect(url).await?;
                        sqlx::query("PRAGMA busy_timeout = 5000")
                            .execute(&mut c)
                            .await?;
                        closed.insert((g, c))
                    }
                };
                let g = *g;
                match sqlx::query("PRAGMA data_version").fetch_one(&mut *c).await {
                    Ok(row) => Ok(ChangeToken(format!("{g}:{}", row.try_get::<i64, _>(0)?))),
                    Err(e) => {
                        *conn = None;
                        Err(e)
                    }
                }
            }
        }
    }

    /// Closes the SQLite probe's own connection (a later probe reopens it).
    pub(crate) async fn close(&self) {
        if let Source::Sqlite { conn, .. } = &self.inner.source
            && let Some((_, c)) = conn.lock().await.take()
        {
            let _ = c.close().await;
        }
    }

    fn lock(&self) -> StoreResult<std::sync::MutexGuard<'_, Probes>> {
        self.inner
            .probes
            .lock()
            .map_err(|_| StoreError::Corrupt("change probe poisoned".into()))
    }
}
