//! Appreciation: a thank-you, private to the two people or visible to the
//! recipient's team.

use crate::events::{self, NewEvent, NewNotification};
use crate::{Store, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::events::Payload;
use rapport_core::{AppreciationId, DelegationId, HelpRequestId, OrgId, PersonId, TeamId};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appreciation {
    pub id: AppreciationId,
    pub from_id: PersonId,
    pub from_name: String,
    pub to_id: PersonId,
    pub to_name: String,
    pub message: String,
    pub visibility: String,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewAppreciation {
    pub from: PersonId,
    pub to: PersonId,
    pub message: String,
    pub visibility: &'static str,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
}

const COLUMNS: &str = "a.*, f.name AS from_name, t.name AS to_name FROM appreciations a \
     JOIN people f ON f.id = a.from_id JOIN people t ON t.id = a.to_id";

impl Store {
    pub async fn create_appreciation(
        &self,
        org: OrgId,
        a: &NewAppreciation,
        now: DateTime<Utc>,
    ) -> StoreResult<Appreciation> {
        let mut tx = self.write_tx().await?;
        let (name, _) = crate::people::pair_names(&mut tx, org, (a.from, a.to)).await?;
        let id = AppreciationId::new();
        sqlx::query(
            "INSERT INTO appreciations (id, org_id, from_id, to_id, message, visibility, delegation_id, help_request_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.to_string())
        .bind(org.to_string())
        .bind(a.from.to_string())
        .bind(a.to.to_string())
        .bind(&a.message)
        .bind(a.visibility)
        .bind(a.delegation_id.map(|d| d.to_string()))
        .bind(a.help_request_id.map(|h| h.to_string()))
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let e = NewEvent {
            at: now,
            from: a.from,
            to: a.to,
            payload: Payload::Thanked,
            subject: Some(id.0),
        };
        events::record(&mut tx, org, &e).await?;
        events::notify(
            &mut tx,
            org,
            &NewNotification {
                person: a.to,
                text: format!("{name} thanked you"),
                link: "/thanks".into(),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        let row = sqlx::query(&format!("SELECT {COLUMNS} WHERE a.id = $1"))
            .bind(id.to_string())
            .fetch_one(self.reader())
            .await?;
        appreciation(&row)
    }

    /// Thanks a person may see: given or received, and team-visible thanks
    /// to members of their team.
    pub async fn list_appreciations(
        &self,
        org: OrgId,
        person: PersonId,
        team: Option<TeamId>,
        limit: u32,
    ) -> StoreResult<Vec<Appreciation>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE a.org_id = $1 AND (a.from_id = $2 OR a.to_id = $2 OR \
               (a.visibility = 'team' AND $3 IS NOT NULL AND t.team_id = $3)) ORDER BY a.created_at DESC LIMIT $4"
        ))
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(team.map(|t| t.to_string()))
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(appreciation).collect()
    }
}

fn appreciation(r: &sqlx::any::AnyRow) -> StoreResult<Appreciation> {
    Ok(Appreciation {
        id: rows::id(r, "id", AppreciationId::parse)?,
        from_id: rows::id(r, "from_id", PersonId::parse)?,
        from_name: r.try_get("from_name")?,
        to_id: rows::id(r, "to_id", PersonId::parse)?,
        to_name: r.try_get("to_name")?,
        message: r.try_get("message")?,
        visibility: r.try_get("visibility")?,
        delegation_id: rows::opt_id(r, "delegation_id", DelegationId::parse)?,
        help_request_id: rows::opt_id(r, "help_request_id", HelpRequestId::parse)?,
        created_at: rows::time(r, "created_at")?,
    })
}
