//! Appreciation: a thank-you, private to the two people or visible to the
//! recipient's team.

use crate::events::{self, NewEvent, NewNotification};
use crate::paging::{Cursor, Page};
use crate::{Store, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::events::Payload;
use rapport_core::{
    AppreciationId, DelegationId, HelpRequestId, OrgId, PersonId, TeamId, Visibility,
};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq)]
pub struct Appreciation {
    pub id: AppreciationId,
    pub from_id: PersonId,
    pub from_name: String,
    pub to_id: PersonId,
    pub to_name: String,
    pub message: String,
    pub visibility: Visibility,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewAppreciation {
    pub from: PersonId,
    pub to: PersonId,
    pub message: String,
    pub visibility: Visibility,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
}

const COLUMNS: &str = "a.*, f.name AS from_name, t.name AS to_name FROM appreciations a \
     JOIN people f ON f.id = a.from_id JOIN people t ON t.id = a.to_id";

impl Store {
    /// Records a thank-you, its event, and the recipient's notification.
    pub async fn create_appreciation(
        &self,
        org: OrgId,
        a: &NewAppreciation,
        notice: &NewNotification,
        now: DateTime<Utc>,
    ) -> StoreResult<Appreciation> {
        let mut tx = self.write_tx().await?;
        crate::people::pair_names(&mut tx, org, (a.from, a.to)).await?;
        let id = AppreciationId::new();
        sqlx::query(
            "INSERT INTO appreciations (id, org_id, from_id, to_id, message, visibility, delegation_id, help_request_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(org)
        .bind(a.from)
        .bind(a.to)
        .bind(&a.message)
        .bind(a.visibility.as_str())
        .bind(a.delegation_id)
        .bind(a.help_request_id)
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
        events::notify(&mut tx, org, notice, now).await?;
        tx.commit().await?;
        Ok(sqlx::query_as(&format!("SELECT {COLUMNS} WHERE a.id = $1"))
            .bind(id)
            .fetch_one(self.reader())
            .await?)
    }

    /// Thanks a person may see: given or received, and team-visible thanks
    /// to members of their team.
    pub async fn list_appreciations(
        &self,
        org: OrgId,
        person: PersonId,
        team: Option<TeamId>,
        limit: u32,
        after: Option<&Cursor>,
    ) -> StoreResult<Page<Appreciation>> {
        let rows = sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE a.org_id = $1 AND (a.from_id = $2 OR a.to_id = $2 OR \
               (a.visibility = 'team' AND $3 IS NOT NULL AND t.team_id = $3)) \
               AND ($5 IS NULL OR a.created_at < $5 OR (a.created_at = $5 AND a.id < $6)) \
             ORDER BY a.created_at DESC, a.id DESC LIMIT $4"
        ))
        .bind(org)
        .bind(person)
        .bind(team)
        .bind(i64::from(limit) + 1)
        .bind(after.map(|c| c.millis().unwrap_or(i64::MIN)))
        .bind(after.map(|c| c.id.to_string()))
        .fetch_all(self.reader())
        .await?;
        let items = rows;
        Ok(Page::from_rows(items, limit, |a| {
            Cursor::at(a.created_at, a.id.0)
        }))
    }
}

pub(crate) fn appreciation(r: &sqlx::any::AnyRow) -> StoreResult<Appreciation> {
    Ok(Appreciation {
        id: r.try_get::<AppreciationId, _>("id")?,
        from_id: r.try_get::<PersonId, _>("from_id")?,
        from_name: r.try_get("from_name")?,
        to_id: r.try_get::<PersonId, _>("to_id")?,
        to_name: r.try_get("to_name")?,
        message: r.try_get("message")?,
        visibility: rows::parsed(r, "visibility", Visibility::parse)?,
        delegation_id: r.try_get::<Option<DelegationId>, _>("delegation_id")?,
        help_request_id: r.try_get::<Option<HelpRequestId>, _>("help_request_id")?,
        created_at: rows::time(r, "created_at")?,
    })
}
