//! `rapport backup FILE` and `rapport restore FILE [--force]`: a consistent
//! copy of the SQLite database while the server runs, and putting one back
//! (the server stopped). For PostgreSQL, the commands of its own tools.

use crate::Config;
use anyhow::{Context, bail};
use rapport_store::backup::{self, Summary};
use rapport_store::redact;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RestoreArgs {
    /// A backup made by `rapport backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace the database even though it exists (stop the server first).
    #[arg(long)]
    pub force: bool,
}

/// Copies the database to a new file while the server may be running.
pub async fn backup(config: &Config, args: BackupArgs) -> anyhow::Result<()> {
    let Some(db) = backup::sqlite_path(&config.database_url) else {
        bail!(
            "the database is PostgreSQL: back it up with PostgreSQL's own tool, which copies \
             a running database consistently:\n\n  \
             pg_dump --format=custom --file '{}' '{}'\n\n\
             (a password in the URL is hidden here; give it in PGPASSWORD or ~/.pgpass)",
            args.file.display(),
            redact(&config.database_url)
        );
    };
    let summary = backup::backup_sqlite(&db, &args.file).await?;
    println!(
        "Backed up {} to {}: {}.",
        db.display(),
        args.file.display(),
        holds(&summary)
    );
    Ok(())
}

/// Puts a backup back in place of the database.
pub async fn restore(config: &Config, args: RestoreArgs) -> anyhow::Result<()> {
    let Some(db) = backup::sqlite_path(&config.database_url) else {
        bail!(
            "the database is PostgreSQL: restore a pg_dump backup with PostgreSQL's own \
             tool, into an empty database, the servers stopped:\n\n  \
             pg_restore --no-owner --dbname '{}' '{}'\n\n\
             (a password in the URL is hidden here; give it in PGPASSWORD or ~/.pgpass)",
            redact(&config.database_url),
            args.file.display()
        );
    };
    let summary = backup::inspect_sqlite(&args.file).await?;
    let exists = std::fs::metadata(&db).map(|m| m.len() > 0).unwrap_or(false);
    if exists && !args.force {
        bail!(
            "{} already holds a database: restore never replaces one unless told to. Stop \
             every rapport server using it, back it up if you may need it, then run again \
             with --force",
            db.display()
        );
    }
    backup::restore_sqlite(&args.file, &db)
        .with_context(|| format!("restoring {}", args.file.display()))?;
    println!(
        "Restored {} from {}: {}. Start the server to use it (it applies any newer \
         migrations).",
        db.display(),
        args.file.display(),
        holds(&summary)
    );
    Ok(())
}

fn holds(s: &Summary) -> String {
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} and {}, schema version {}",
        plural(s.organizations, "organization", "organizations"),
        plural(s.people, "person", "people"),
        s.schema_version
    )
}
