//! Importing people in bulk: create or update by email, teams created as
//! needed, managers resolved by email, all in one transaction.

use crate::error::Conflict;
use crate::people::{NewPerson, insert_person};
use crate::teams::team_id_creating;
use crate::{Store, StoreError, StoreResult, millis};
use chrono::{DateTime, Utc};
use rapport_core::{Email, FreeText, Name, OrgId, PersonId, Role, SkillName, TimeZone, Title};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

/// One person to create or update. Values are parsed and the whole file
/// has been checked (emails unique, managers known, no cycles) before this.
#[derive(Debug, Clone)]
pub struct ImportPerson {
    pub email: Email,
    pub name: Name,
    pub title: Title,
    pub team: Option<Name>,
    pub manager_email: Option<Email>,
    /// `None` keeps an existing person's role; a new person is a member.
    pub role: Option<Role>,
    /// Extra fields the demo fills; an import from CSV leaves them `None`.
    pub extra: Option<ImportExtra>,
}

/// Profile fields beyond the CSV's columns (used by the demo).
#[derive(Debug, Clone)]
pub struct ImportExtra {
    pub time_zone: TimeZone,
    pub about: FreeText,
    pub how_i_work: FreeText,
    pub password_hash: Option<String>,
    pub strengths: Vec<SkillName>,
    pub growth_areas: Vec<(SkillName, bool)>,
}

/// A person as an import sees them before it changes anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingPerson {
    pub id: PersonId,
    pub name: String,
    pub title: String,
    pub role: Role,
    pub team: Option<String>,
    pub manager_email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub teams_created: usize,
}

impl Store {
    /// Everyone in the organization by email, as an import compares them.
    pub async fn people_by_email(
        &self,
        org: OrgId,
    ) -> StoreResult<HashMap<String, ExistingPerson>> {
        let rows = sqlx::query(
            "SELECT p.id, p.email, p.name, p.title, p.role, t.name AS team, m.email AS manager_email \
             FROM people p LEFT JOIN people m ON m.id = p.manager_id LEFT JOIN teams t ON t.id = p.team_id \
             WHERE p.org_id = $1",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                let p = ExistingPerson {
                    id: r.try_get::<PersonId, _>("id")?,
                    name: r.try_get("name")?,
                    title: r.try_get("title")?,
                    role: Role::parse(&role).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    team: r.try_get("team")?,
                    manager_email: r.try_get("manager_email")?,
                };
                Ok((r.try_get("email")?, p))
            })
            .collect()
    }

    /// Which of these emails belong to a person of another organization.
    pub async fn emails_taken_elsewhere(
        &self,
        org: OrgId,
        emails: &[&str],
    ) -> StoreResult<Vec<String>> {
        let mut taken = Vec::new();
        for chunk in emails.chunks(500) {
            let params: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT email FROM people WHERE org_id <> $1 AND email IN ({})",
                params.join(",")
            );
            let mut q = sqlx::query(&sql).bind(org);
            for e in chunk {
                q = q.bind(*e);
            }
            for r in q.fetch_all(self.reader()).await? {
                taken.push(r.try_get("email")?);
            }
        }
        Ok(taken)
    }

    /// Writes an import in one transaction: all of it, or nothing.
    #[tracing::instrument(skip(self, people), fields(rows = people.len()))]
    pub async fn import_people(
        &self,
        org: OrgId,
        people: &[ImportPerson],
        now: DateTime<Utc>,
    ) -> StoreResult<ImportSummary> {
        let mut tx = self.write_tx().await?;
        let summary = import_in(&mut tx, org, people, now).await?;
        tx.commit().await?;
        // An import may change existing people's names, teams and roles.
        self.sign_ins.forget_all();
        Ok(summary)
    }
}

async fn import_in(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    people: &[ImportPerson],
    now: DateTime<Utc>,
) -> StoreResult<ImportSummary> {
    let mut summary = ImportSummary::default();
    let mut teams = HashMap::new();
    let mut ids: HashMap<&str, PersonId> = HashMap::new();
    let mut skills = crate::skills::SkillCache::new();
    for p in people {
        let team_id = match &p.team {
            Some(name) => {
                let key = name.as_str().to_lowercase();
                if let Some(id) = teams.get(&key) {
                    Some(*id)
                } else {
                    let before =
                        count(tx, "SELECT COUNT(*) AS n FROM teams WHERE org_id = $1", org).await?;
                    let id = team_id_creating(tx, org, name, now).await?;
                    let after =
                        count(tx, "SELECT COUNT(*) AS n FROM teams WHERE org_id = $1", org).await?;
                    summary.teams_created += (after - before) as usize;
                    teams.insert(key, id);
                    Some(id)
                }
            }
            None => None,
        };
        let existing = sqlx::query("SELECT id, org_id FROM people WHERE email = $1")
            .bind(p.email.as_str())
            .fetch_optional(&mut **tx)
            .await?;
        let id = match existing {
            Some(row) if row.try_get::<OrgId, _>("org_id")? != org => {
                return Err(StoreError::Conflict(Conflict::EmailTaken));
            }
            Some(row) => {
                let id = row.try_get::<PersonId, _>("id")?;
                sqlx::query(
                    "UPDATE people SET name = $2, name_key = $3, title = $4, team_id = $5, \
                     role = COALESCE($6, role), updated_at = $7 WHERE id = $1",
                )
                .bind(id)
                .bind(p.name.as_str())
                .bind(p.name.as_str().to_lowercase())
                .bind(p.title.as_str())
                .bind(team_id)
                .bind(p.role.map(|r| r.as_str().to_string()))
                .bind(millis(now))
                .execute(&mut **tx)
                .await?;
                summary.updated += 1;
                id
            }
            None => {
                let mut new = NewPerson::basic(
                    p.email.clone(),
                    p.name.clone(),
                    p.role.unwrap_or(Role::Member),
                );
                new.title = p.title.clone();
                new.team_id = team_id;
                if let Some(x) = &p.extra {
                    new.time_zone = x.time_zone;
                    new.about = x.about.clone();
                    new.how_i_work = x.how_i_work.clone();
                    new.password_hash = x.password_hash.clone();
                }
                summary.created += 1;
                insert_person(tx, org, &new, now).await?
            }
        };
        if let Some(x) = &p.extra {
            crate::skills::replace_person_skills(
                tx,
                &mut skills,
                org,
                id,
                &x.strengths,
                &x.growth_areas,
            )
            .await?;
        }
        ids.insert(p.email.as_str(), id);
    }
    // Managers second: a manager may appear later in the file.
    for p in people {
        let Some(manager) = &p.manager_email else {
            continue;
        };
        let row = sqlx::query("SELECT id FROM people WHERE org_id = $1 AND email = $2")
            .bind(org)
            .bind(manager.as_str())
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::Conflict(Conflict::UnknownManager))?;
        sqlx::query("UPDATE people SET manager_id = $2 WHERE id = $1")
            .bind(ids[p.email.as_str()].to_string())
            .bind(row.try_get::<String, _>("id")?)
            .execute(&mut **tx)
            .await?;
    }
    Ok(summary)
}

async fn count(tx: &mut Transaction<'static, Any>, sql: &str, org: OrgId) -> StoreResult<i64> {
    let row = sqlx::query(sql).bind(org).fetch_one(&mut **tx).await?;
    Ok(row.try_get("n")?)
}
