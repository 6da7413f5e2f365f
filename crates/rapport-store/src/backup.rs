//! Backups: a consistent copy of a SQLite database taken while the server
//! runs, checking that a file is a rapport database, and putting one back.
//! PostgreSQL has its own tools (`pg_dump`, `pg_restore`); the command line
//! says so rather than doing their job less well.

use crate::Backend;
use sqlx::{Connection, Row, SqliteConnection};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// Why a backup or a restore could not be done, in words for the operator.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackupError(String);

fn fail<T>(why: impl Into<String>) -> Result<T, BackupError> {
    Err(BackupError(why.into()))
}

/// The file a `sqlite:` URL names (`sqlite://rapport.db?mode=rwc` is
/// `rapport.db`), or `None` for another backend.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    if Backend::from_url(url).ok()? != Backend::Sqlite {
        return None;
    }
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// What a rapport database holds, to say what was copied or restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub organizations: i64,
    pub people: i64,
    /// The newest migration applied (its version number).
    pub schema_version: i64,
}

/// Copies the SQLite database at `source` to the new file `dest` with
/// `VACUUM INTO`: one read transaction, so the copy holds exactly the
/// transactions committed before it began, while the server goes on
/// reading and writing. The copy is flushed to disk before this returns.
pub async fn backup_sqlite(source: &Path, dest: &Path) -> Result<Summary, BackupError> {
    if !source.is_file() {
        return fail(format!("there is no database at {}", source.display()));
    }
    if dest.exists() {
        return fail(format!(
            "{} already exists: a backup never overwrites a file; choose a new name",
            dest.display()
        ));
    }
    // Read-write without creating (so a wrong path is an error, not an
    // empty database); VACUUM INTO itself writes only to `dest`.
    let mut conn = open(source, "rw").await?;
    sqlx::query("PRAGMA busy_timeout = 5000")
        .execute(&mut conn)
        .await
        .map_err(|e| BackupError(format!("cannot read {}: {e}", source.display())))?;
    let summary = summarize(&mut conn, source).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(dest.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await
        .map_err(|e| BackupError(format!("cannot write {}: {e}", dest.display())))?;
    let _ = conn.close().await;
    File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|e| BackupError(format!("cannot flush {}: {e}", dest.display())))?;
    Ok(summary)
}

/// Checks that `file` is a whole rapport SQLite database (its header, its
/// tables, SQLite's quick integrity check) and says what it holds.
pub async fn inspect_sqlite(file: &Path) -> Result<Summary, BackupError> {
    let not_ours = |why: &str| {
        BackupError(format!(
            "{} is not a rapport SQLite database ({why})",
            file.display()
        ))
    };
    let mut header = [0u8; 16];
    let read = File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => not_ours("it is too short"),
            _ => BackupError(format!("cannot read {}: {e}", file.display())),
        });
    read?;
    if &header != b"SQLite format 3\0" {
        return Err(not_ours("it is not an SQLite file"));
    }
    // Immutable: the file is only read, and no -wal or -shm file is made.
    let mut conn = open(file, "ro&immutable=1").await?;
    let ok: String = sqlx::query("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(|e| not_ours(&e.to_string()))?;
    if ok != "ok" {
        return Err(not_ours(&format!("SQLite finds it damaged: {ok}")));
    }
    let summary = summarize(&mut conn, file).await?;
    let _ = conn.close().await;
    Ok(summary)
}

/// Replaces the database file at `target` with a copy of `backup` (which
/// [`inspect_sqlite`] accepted): copied beside the target, flushed, the
/// target's write-ahead log removed (it belongs to the old file and would
/// be replayed into the new one), then renamed into place. The server must
/// not be running on `target`.
pub fn restore_sqlite(backup: &Path, target: &Path) -> Result<(), BackupError> {
    let io = |what: &str, e: std::io::Error| BackupError(format!("cannot {what}: {e}"));
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".restoring");
    let temp = dir.join(name);
    fs::copy(backup, &temp).map_err(|e| io(&format!("copy to {}", temp.display()), e))?;
    File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(&format!("flush {}", temp.display()), e))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_os_string();
        side.push(suffix);
        match fs::remove_file(PathBuf::from(side)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&format!("remove {}{suffix}", target.display()), e)),
        }
    }
    fs::rename(&temp, target).map_err(|e| io(&format!("replace {}", target.display()), e))?;
    // The rename itself lasts only once the directory is flushed.
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io(&format!("flush {}", dir.display()), e))?;
    Ok(())
}

async fn open(file: &Path, mode: &str) -> Result<SqliteConnection, BackupError> {
    let url = format!("sqlite://{}?mode={mode}", file.display());
    SqliteConnection::connect(&url)
        .await
        .map_err(|e| BackupError(format!("cannot open {}: {e}", file.display())))
}

async fn summarize(conn: &mut SqliteConnection, file: &Path) -> Result<Summary, BackupError> {
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut *conn)
        .await
        .and_then(|rows| rows.iter().map(|r| r.try_get(0)).collect())
        .map_err(|e| BackupError(format!("cannot read {}: {e}", file.display())))?;
    if let Some(missing) = ["_sqlx_migrations", "orgs", "people", "events", "sessions"]
        .into_iter()
        .find(|t| !tables.iter().any(|have| have == t))
    {
        return fail(format!(
            "{} is not a rapport SQLite database (it has no `{missing}` table)",
            file.display()
        ));
    }
    Ok(Summary {
        organizations: count(conn, "SELECT COUNT(*) FROM orgs", file).await?,
        people: count(conn, "SELECT COUNT(*) FROM people", file).await?,
        schema_version: count(
            conn,
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations",
            file,
        )
        .await?,
    })
}

async fn count(conn: &mut SqliteConnection, sql: &str, file: &Path) -> Result<i64, BackupError> {
    sqlx::query(sql)
        .fetch_one(conn)
        .await
        .and_then(|r| r.try_get::<i64, _>(0))
        .map_err(|e| BackupError(format!("cannot read {}: {e}", file.display())))
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;
    use std::path::PathBuf;

    #[test]
    fn a_sqlite_url_names_its_file() {
        for (url, path) in [
            ("sqlite://rapport.db", Some("rapport.db")),
            ("sqlite:rapport.db", Some("rapport.db")),
            ("sqlite:///srv/rapport.db?mode=rwc", Some("/srv/rapport.db")),
            ("sqlite::memory:", None),
            ("postgres://db/rapport", None),
        ] {
            assert_eq!(sqlite_path(url), path.map(PathBuf::from), "{url}");
        }
    }
}
