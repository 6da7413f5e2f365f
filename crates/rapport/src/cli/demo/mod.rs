//! `rapport demo`: stores the generated demo organization (see
//! `rapport_demo`) so that every page has something real to show.
//! Every string is parsed into its domain value on the way in, like any
//! other input; the password is hashed once for all demo accounts. Six
//! months of history follow: delegations, second chances, help and thanks,
//! then check-ins and this week's introductions.

mod habits;
mod history;

use crate::app::secrets::hash_password_blocking;
use anyhow::Context;
use rapport_core::{Email, FreeText, Name, Password, Role, SkillName, Slug, TimeZone, Title};
use rapport_demo::DemoOrg;
use rapport_store::{History, ImportExtra, ImportPerson, Store};

/// Everyone in the demo signs in with this password.
pub const DEMO_PASSWORD: &str = "northwind-demo";
const BATCH: usize = 1_000;

/// Who to sign in as, printed after generation.
#[derive(Debug)]
pub struct DemoAccounts {
    pub admin: String,
    pub lead: String,
    pub member: String,
    pub people: usize,
    pub already_there: bool,
}

/// Generates and stores the demo organization, unless it is already there.
pub async fn ensure_demo(
    store: &Store,
    seed: u64,
    people: usize,
    progress: impl Fn(&str, usize, usize),
) -> anyhow::Result<DemoAccounts> {
    let org = rapport_demo::generate(seed, people);
    if let Ok(existing) = store.org_by_slug(&org.slug).await {
        let count = store.count_people(existing.id).await? as usize;
        let accounts = accounts(&org, count, true);
        return Ok(accounts);
    }
    write(store, &org, seed, progress).await?;
    Ok(accounts(&org, org.people.len(), false))
}

fn accounts(org: &DemoOrg, count: usize, already_there: bool) -> DemoAccounts {
    let first = |role: Role| {
        org.featured(role)
            .map(|i| org.people[i].email.clone())
            .unwrap_or_default()
    };
    DemoAccounts {
        admin: first(Role::Admin),
        lead: first(Role::Lead),
        member: first(Role::Member),
        people: count,
        already_there,
    }
}

async fn write(
    store: &Store,
    org: &DemoOrg,
    seed: u64,
    progress: impl Fn(&str, usize, usize),
) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let password = Password::parse(DEMO_PASSWORD)?;
    let hash = tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let created = store
        .create_org(&Slug::parse(&org.slug)?, &org.name, now)
        .await?;
    let skills: Vec<SkillName> = org
        .skills
        .iter()
        .map(|s| SkillName::parse(s))
        .collect::<Result<_, _>>()?;
    store.add_skills(created.id, &skills).await?;
    let mut team_ids = Vec::with_capacity(org.teams.len());
    for t in &org.teams {
        let parent = t.parent.map(|i| team_ids[i]);
        team_ids.push(
            store
                .create_team(
                    created.id,
                    &Name::parse_field("team", &t.name)?,
                    parent,
                    now,
                )
                .await?
                .id,
        );
    }
    let rows: Vec<ImportPerson> = org
        .people
        .iter()
        .map(|p| person_row(org, p, &hash))
        .collect::<anyhow::Result<_>>()?;
    for (i, batch) in rows.chunks(BATCH).enumerate() {
        store
            .import_people(created.id, batch, now)
            .await
            .context("storing demo people")?;
        progress(
            "people",
            (i * BATCH + batch.len()).min(rows.len()),
            rows.len(),
        );
    }
    let by_email = store.people_by_email(created.id).await?;
    let person_ids = org
        .people
        .iter()
        .map(|p| {
            by_email
                .get(&p.email)
                .map(|x| x.id)
                .ok_or_else(|| anyhow::anyhow!("demo person {} was not stored", p.email))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    for (t, team) in org.teams.iter().enumerate() {
        for lead in &team.leads {
            store
                .add_team_lead(created.id, team_ids[t], person_ids[*lead])
                .await?;
        }
    }
    let history = rapport_demo::history::history(org, seed);
    let rows = history::rows(org, &history, &person_ids, &team_ids, now)?;
    let batches = batches(rows);
    for (i, batch) in batches.iter().enumerate() {
        progress("history batches", i, batches.len());
        store
            .import_history(created.id, batch)
            .await
            .context("storing demo history")?;
    }
    progress("check-ins and introductions", 0, 1);
    let logins: Vec<_> = [Role::Admin, Role::Lead, Role::Member]
        .iter()
        .filter_map(|r| org.featured(*r))
        .map(|i| person_ids[i])
        .collect();
    habits::write(store, created.id, &logins, &person_ids, seed, now)
        .await
        .context("storing demo check-ins and introductions")?;
    Ok(())
}

/// Splits a history into transactions of bounded size, in an order that
/// keeps every reference to an earlier row: delegations (second chances
/// point back), then help, then thanks, then events and notifications.
fn batches(h: History) -> Vec<History> {
    const ROWS: usize = 5_000;
    let mut out = Vec::new();
    out.extend(h.delegations.chunks(ROWS).map(|c| History {
        delegations: c.to_vec(),
        ..Default::default()
    }));
    out.extend(h.help.chunks(ROWS).map(|c| History {
        help: c.to_vec(),
        ..Default::default()
    }));
    out.extend(h.thanks.chunks(ROWS).map(|c| History {
        thanks: c.to_vec(),
        ..Default::default()
    }));
    out.extend(h.events.chunks(ROWS).map(|c| History {
        events: c.to_vec(),
        ..Default::default()
    }));
    out.push(History {
        notes: h.notes,
        ..Default::default()
    });
    out
}

fn person_row(
    org: &DemoOrg,
    p: &rapport_demo::DemoPerson,
    hash: &str,
) -> anyhow::Result<ImportPerson> {
    let skill = |s: &String| SkillName::parse(s);
    Ok(ImportPerson {
        email: Email::parse(&p.email)?,
        name: Name::parse(&p.name)?,
        title: Title::parse(&p.title)?,
        team: Some(Name::parse_field("team", &org.teams[p.team].name)?),
        manager_email: p
            .manager
            .map(|m| Email::parse(&org.people[m].email))
            .transpose()?,
        role: Some(p.role),
        extra: Some(ImportExtra {
            time_zone: TimeZone::parse(p.time_zone)?,
            about: FreeText::parse("about", &p.about, 1000)?,
            how_i_work: FreeText::parse("how_i_work", &p.how_i_work, 1000)?,
            password_hash: Some(hash.to_string()),
            strengths: p.strengths.iter().map(skill).collect::<Result<_, _>>()?,
            growth_areas: p
                .growth_areas
                .iter()
                .map(|(s, shared)| Ok((SkillName::parse(s)?, *shared)))
                .collect::<Result<_, rapport_core::InvalidValue>>()?,
        }),
    })
}
