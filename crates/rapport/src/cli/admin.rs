//! `rapport admin`: create organizations and people from the command line.

use crate::Config;
use crate::app::secrets::hash_password;
use anyhow::Context;
use clap::Subcommand;
use rapport_core::{Email, Name, Password, Role, Slug};
use rapport_store::{NewPerson, Store};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an organization.
    CreateOrg {
        /// Its display name, such as "Acme Corporation".
        #[arg(long)]
        name: String,
        /// A short id for scripts, such as acme (lower-case letters, digits, hyphens).
        #[arg(long)]
        slug: String,
    },
    /// Create a person who can sign in.
    CreateUser {
        /// The organization's slug.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// member, lead or admin.
        #[arg(long, default_value = "member")]
        role: String,
        /// A team's name; created if it does not exist.
        #[arg(long)]
        team: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

pub async fn run(config: Config, cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::CreateOrg { name, slug } => {
            let slug = Slug::parse(&slug)?;
            let name = Name::parse(&name)?;
            let store = open(&config).await?;
            let org = store
                .create_org(&slug, name.as_str(), chrono::Utc::now())
                .await
                .map_err(crate::AppError::from)?;
            println!(
                "Created organization {} ({}), id {}",
                org.name, org.slug, org.id
            );
            Ok(())
        }
        AdminCommand::CreateUser {
            org,
            email,
            name,
            role,
            team,
            password_stdin: _,
        } => {
            // Parse everything before touching the database.
            let email = Email::parse(&email)?;
            let name = Name::parse(&name)?;
            let role = Role::parse(&role)?;
            let team = team.map(|t| Name::parse_field("team", &t)).transpose()?;
            let password = Password::parse(&read_password_line()?)?;
            let store = open(&config).await?;
            let org = store
                .org_by_slug(&org)
                .await
                .map_err(|_| anyhow::anyhow!("no organization has the slug `{org}`"))?;
            let now = chrono::Utc::now();
            let mut new = NewPerson::basic(email, name, role);
            if let Some(team) = team {
                new.team_id = Some(store.team_named(org.id, &team, now).await?.id);
            }
            new.password_hash = Some(
                hash_password(password)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            );
            let person = store
                .create_person(org.id, &new, now)
                .await
                .map_err(crate::AppError::from)?;
            println!(
                "Created {} <{}> as {} in {}, id {}",
                person.name, person.email, person.role, org.slug, person.id
            );
            Ok(())
        }
    }
}

/// One line from standard input, without its line ending.
fn read_password_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(line.strip_suffix('\r').unwrap_or(line).to_string())
}

pub async fn open(config: &Config) -> anyhow::Result<Store> {
    Store::connect(&config.database_url).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot open the database {}: {e}",
            rapport_store::redact(&config.database_url)
        )
    })
}
