//! The `rapport` command line: one binary for the server, the demo, admin
//! tasks, imports, analysis and benchmarks. Every command has `--help`.

mod admin;
mod analyze;
mod backup;
mod bench;
mod bench_insights;
mod bench_nudges;
mod courses;
mod demo;
mod import;
mod serve;

use crate::config::FileConfig;
use crate::telemetry::{self, LogFormat};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "rapport", version, about = "Build trust between colleagues: a self-hosted web application.", long_about = None)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, global = true, env = "RAPPORT_BIND")]
    pub bind: Option<String>,
    /// Database: sqlite://FILE (the default, sqlite://rapport.db) or postgres://…
    #[arg(
        long,
        global = true,
        env = "RAPPORT_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Log format: text for a terminal, json for a log collector.
    #[arg(long, global = true, env = "RAPPORT_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// A TOML configuration file; flags and environment variables win over it.
    #[arg(long, global = true, env = "RAPPORT_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server.
    Serve,
    /// Generate a realistic demo organization and serve it.
    Demo(serve::DemoArgs),
    /// Administrative tasks.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Analyze a relationship graph exported from elsewhere (edge list and groups CSVs).
    Analyze(analyze::AnalyzeArgs),
    /// Benchmarks you can rerun.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Copy the database to FILE while the server runs (SQLite; for
    /// PostgreSQL, prints the pg_dump command).
    Backup(backup::BackupArgs),
    /// Put a backup made by `rapport backup` in place of the database
    /// (stop the server first; an existing database only with --force).
    Restore(backup::RestoreArgs),
    /// Course content: check the files before a server reloads them.
    #[command(subcommand)]
    Courses(courses::CoursesCommand),
    /// Slack: the app manifest to paste into api.slack.com.
    #[command(subcommand)]
    Slack(SlackCommand),
}

#[derive(Subcommand, Debug)]
pub enum SlackCommand {
    /// Print the Slack app manifest (JSON) for a rapport reachable at --public-url.
    Manifest {
        /// The address Slack reaches rapport at, such as https://rapport.example.com
        #[arg(long)]
        public_url: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// The trust engine on a synthetic organization: replay, EigenTrust, reciprocity, constraint, betweenness.
    Trust(bench::BenchTrustArgs),
    /// Insights (issue 14) of a synthetic organization with teams under parents, for each period.
    Insights(bench_insights::BenchInsightsArgs),
}

/// Runs the command line and turns any error into a message and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Analysis and benchmarks touch no database and print their own output.
    match cli.command {
        Command::Analyze(args) => {
            return tokio::task::spawn_blocking(move || analyze::run(args)).await?;
        }
        Command::Bench(BenchCommand::Trust(args)) => {
            return tokio::task::spawn_blocking(move || bench::run(args)).await?;
        }
        Command::Bench(BenchCommand::Insights(args)) => {
            return tokio::task::spawn_blocking(move || bench_insights::run(args)).await?;
        }
        Command::Slack(SlackCommand::Manifest { public_url }) => {
            let url = url::Url::parse(&public_url).map_err(|_| {
                anyhow::anyhow!(
                    "--public-url must be a full URL, such as https://rapport.example.com"
                )
            })?;
            if url.scheme() != "https" {
                anyhow::bail!(
                    "--public-url must start with https:// (Slack only calls HTTPS addresses)"
                );
            }
            let manifest = crate::slack::manifest::manifest(&public_url);
            println!("{}", serde_json::to_string_pretty(&manifest)?);
            return Ok(());
        }
        _ => {}
    }
    let file = FileConfig::load(cli.config.as_deref())?;
    let log_format = match (cli.log_format, file.log_format.as_deref()) {
        (Some(f), _) => f,
        (None, Some("json")) => LogFormat::Json,
        (None, Some("text") | None) => LogFormat::Text,
        (None, Some(other)) => {
            anyhow::bail!("config file: log_format must be text or json, not `{other}`")
        }
    };
    telemetry::init(log_format);
    let config = file.apply(cli.bind, cli.database_url)?;
    config.validate()?;
    match cli.command {
        Command::Serve => serve::serve(config).await,
        Command::Demo(args) => serve::demo(config, args).await,
        Command::Admin(cmd) => admin::run(config, cmd).await,
        Command::Import(cmd) => import::run(config, cmd).await,
        Command::Courses(cmd) => courses::run(cmd, config.content_dir.clone()),
        Command::Backup(args) => backup::backup(&config, args).await,
        Command::Restore(args) => backup::restore(&config, args).await,
        Command::Analyze(_) | Command::Bench(_) | Command::Slack(_) => Ok(()),
    }
}
