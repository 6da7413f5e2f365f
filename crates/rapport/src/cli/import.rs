//! `rapport import people FILE.csv --org SLUG [--dry-run]`.

use super::admin::open;
use crate::Config;
use crate::app::import;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Create or update people from a CSV file (name,email,title,team,manager_email,role).
    /// All or nothing: a file with any problem writes nothing and lists every problem.
    People {
        /// The CSV file; the header line is required.
        file: PathBuf,
        /// The organization's slug.
        #[arg(long)]
        org: String,
        /// Show what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(config: Config, cmd: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::People { file, org, dry_run } = cmd;
    let bytes =
        std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let store = open(&config).await?;
    let org = store
        .org_by_slug(&org)
        .await
        .map_err(|_| anyhow::anyhow!("no organization has the slug `{org}`"))?;
    let plan = match import::plan(&store, org.id, &bytes).await? {
        Ok(plan) => plan,
        Err(problems) => {
            for p in &problems {
                eprintln!("{}: {p}", file.display());
            }
            anyhow::bail!(
                "{} problem(s) in {}; nothing was imported",
                problems.len(),
                file.display()
            );
        }
    };
    for c in plan.changes.iter().filter(|c| c.action != "unchanged") {
        println!(
            "line {}: {} {} <{}>{}",
            c.line,
            c.action,
            c.name,
            c.email,
            if c.details.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.details.join(", "))
            }
        );
    }
    let (created, updated, unchanged) = (
        plan.count("create"),
        plan.count("update"),
        plan.count("unchanged"),
    );
    if dry_run {
        println!(
            "Dry run: {created} to create, {updated} to update, {unchanged} unchanged. Nothing was written."
        );
    } else {
        let summary = import::apply(&store, org.id, &plan, chrono::Utc::now()).await?;
        println!(
            "Imported: {} created, {} updated, {unchanged} unchanged, {} new team(s).",
            summary.created, summary.updated, summary.teams_created
        );
    }
    Ok(())
}
