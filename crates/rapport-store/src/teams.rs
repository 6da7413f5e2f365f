//! Teams: a name, an optional parent team, and leads.

use crate::error::Conflict;
use crate::rows;
use crate::{Store, StoreError, StoreResult, error, millis};
use chrono::{DateTime, Utc};
use rapport_core::{Name, OrgId, PersonId, TeamId};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};

/// A team, with its size and leads for listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub parent_id: Option<TeamId>,
    pub member_count: i64,
    pub lead_ids: Vec<PersonId>,
}

impl Store {
    /// Creates a team; a name already used in the organization (ignoring
    /// case) is `Conflict(Conflict::TeamExists)`.
    #[tracing::instrument(skip(self))]
    pub async fn create_team(
        &self,
        org: OrgId,
        name: &Name,
        parent: Option<TeamId>,
        now: DateTime<Utc>,
    ) -> StoreResult<Team> {
        let mut tx = self.write_tx().await?;
        if let Some(parent) = parent {
            crate::people::ensure_team(&mut tx, org, parent).await?;
        }
        let id = insert_team(&mut tx, org, name, parent, now).await?;
        tx.commit().await?;
        self.team(org, id).await
    }

    /// The team with this name, created if it does not exist.
    pub async fn team_named(
        &self,
        org: OrgId,
        name: &Name,
        now: DateTime<Utc>,
    ) -> StoreResult<Team> {
        let mut tx = self.write_tx().await?;
        let id = team_id_creating(&mut tx, org, name, now).await?;
        tx.commit().await?;
        self.team(org, id).await
    }

    pub async fn team(&self, org: OrgId, id: TeamId) -> StoreResult<Team> {
        self.teams_where(org, Some(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Every team of the organization, by name.
    #[tracing::instrument(skip(self))]
    pub async fn list_teams(&self, org: OrgId) -> StoreResult<Vec<Team>> {
        self.teams_where(org, None).await
    }

    async fn teams_where(&self, org: OrgId, only: Option<TeamId>) -> StoreResult<Vec<Team>> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, t.parent_id, \
               (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id) AS member_count \
             FROM teams t WHERE t.org_id = $1 AND ($2 IS NULL OR t.id = $2) ORDER BY t.name_key",
        )
        .bind(org)
        .bind(only)
        .fetch_all(self.reader())
        .await?;
        let leads = sqlx::query(
            "SELECT l.team_id, l.person_id FROM team_leads l JOIN teams t ON t.id = l.team_id \
             WHERE t.org_id = $1 ORDER BY l.person_id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        let mut teams = Vec::with_capacity(rows.len());
        for row in &rows {
            let id = row.try_get::<TeamId, _>("id")?;
            let mut lead_ids = Vec::new();
            for l in &leads {
                if l.try_get::<TeamId, _>("team_id")? == id {
                    lead_ids.push(l.try_get::<PersonId, _>("person_id")?);
                }
            }
            teams.push(Team {
                id,
                name: row.try_get("name")?,
                parent_id: row.try_get::<Option<TeamId>, _>("parent_id")?,
                member_count: row.try_get("member_count")?,
                lead_ids,
            });
        }
        Ok(teams)
    }

    /// Makes a person one of a team's leads (both in this organization).
    pub async fn add_team_lead(
        &self,
        org: OrgId,
        team: TeamId,
        person: PersonId,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_team(&mut tx, org, team).await?;
        crate::people::ensure_person(&mut tx, org, person).await?;
        sqlx::query(
            "INSERT INTO team_leads (team_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(team)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) async fn insert_team(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    name: &Name,
    parent: Option<TeamId>,
    now: DateTime<Utc>,
) -> StoreResult<TeamId> {
    let id = TeamId::new();
    sqlx::query("INSERT INTO teams (id, org_id, name, name_key, parent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(org)
        .bind(name.as_str())
        .bind(name.as_str().to_lowercase())
        .bind(parent)
        .bind(millis(now))
        .execute(&mut **tx)
        .await
        .map_err(|e| error::on_unique(e, Conflict::TeamExists))?;
    Ok(id)
}

/// The id of the team with this name (any case), creating it if needed.
pub(crate) async fn team_id_creating(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    name: &Name,
    now: DateTime<Utc>,
) -> StoreResult<TeamId> {
    let row = sqlx::query("SELECT id FROM teams WHERE org_id = $1 AND name_key = $2")
        .bind(org)
        .bind(name.as_str().to_lowercase())
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(row) => rows::id(&row, "id", TeamId::parse),
        None => insert_team(tx, org, name, None, now).await,
    }
}
