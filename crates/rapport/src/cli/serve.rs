//! `rapport serve` and `rapport demo`.

use super::demo;
use crate::{Application, Config};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rapport_store::Store;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How many people the demo organization has (up to 100,000).
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub people: u32,
    /// The same seed always generates the same organization.
    #[arg(long, default_value_t = rapport_demo::DEFAULT_SEED)]
    pub seed: u64,
    /// Only generate the data; do not start the server.
    #[arg(long)]
    pub no_serve: bool,
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    tracing::info!(address = %app.state.config.bind, port = app.port(), "rapport is listening");
    eprintln!("rapport is running at {}", app.state.config.public_url);
    app.run_until_stopped().await
}

pub async fn demo(config: Config, args: DemoArgs) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot open the database {}: {e}",
            rapport_store::redact(&config.database_url)
        )
    })?;
    let bar = ProgressBar::new(u64::from(args.people));
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("Storing people");
    let started = std::time::Instant::now();
    let accounts = demo::ensure_demo(
        &store,
        args.seed,
        args.people as usize,
        |phase, done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            bar.set_message(format!("Storing {phase}"));
        },
    )
    .await?;
    bar.finish_and_clear();
    if accounts.already_there {
        eprintln!(
            "The demo organization is already in {} ({} people); using it as it is.",
            rapport_store::redact(&config.database_url),
            accounts.people
        );
    } else {
        eprintln!(
            "Generated the demo organization: {} people in {:.1} s.",
            accounts.people,
            started.elapsed().as_secs_f64()
        );
    }
    let url = config.public_url.clone();
    eprintln!();
    eprintln!("  Open      {url}");
    eprintln!("  Sign in   as an admin:  {}", accounts.admin);
    eprintln!("            as a lead:    {}", accounts.lead);
    eprintln!("            as a member:  {}", accounts.member);
    eprintln!(
        "  Password  {} (the same for every demo account)",
        demo::DEMO_PASSWORD
    );
    eprintln!();
    if args.no_serve {
        return Ok(());
    }
    let app = Application::with_store(config, store).await?;
    eprintln!("rapport is running at {url} (Ctrl-C to stop)");
    app.run_until_stopped().await
}
