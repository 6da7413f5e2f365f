//! Delegations and favors: created by one person for another, moved
//! through their lifecycle by conditional updates (a change applies only
//! from the state it was decided from, so two people acting at once leave
//! one valid state), each change with its event and notification.

use crate::events::{self, NewEvent, NewNotification, Trail};
use crate::paging::{Cursor, Page};
use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::delegation::{Side, Status};
use rapport_core::events::Payload;
use rapport_core::trust::{Outcome, Stakes};
use rapport_core::{DelegationId, OrgId, PersonId};
use serde::Serialize;
use sqlx::Row;

/// A delegation as both people of the pair see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delegation {
    pub id: DelegationId,
    pub from_id: PersonId,
    pub from_name: String,
    pub to_id: PersonId,
    pub to_name: String,
    pub title: String,
    pub details: String,
    pub due_at: Option<DateTime<Utc>>,
    pub stakes: Stakes,
    pub status: Status,
    pub stretch: bool,
    pub outcome: Option<Outcome>,
    pub from_note: String,
    pub to_note: String,
    pub dispute_note: String,
    pub disputed_at: Option<DateTime<Utc>>,
    pub second_chance_of: Option<DelegationId>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// When the delegate said "done, please review".
    pub marked_done_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewDelegation {
    /// Chosen by the caller, so that its notice can link to it.
    pub id: DelegationId,
    pub from: PersonId,
    pub to: PersonId,
    pub title: String,
    pub details: String,
    pub due_at: Option<DateTime<Utc>>,
    pub stakes: Stakes,
    pub second_chance_of: Option<DelegationId>,
}

/// What a transition changes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct DelegationChange {
    pub status: Option<Status>,
    pub stretch: Option<bool>,
    pub outcome: Option<Outcome>,
    pub from_note: Option<String>,
    pub to_note: Option<String>,
    pub dispute_note: Option<String>,
    pub disputed: bool,
    /// Sets `accepted_at` to now.
    pub accepted: bool,
    /// Sets `marked_done_at` to now, only if it was not set (once).
    pub marked_done: bool,
    /// A new due date (`Some(None)` removes it).
    pub due_at: Option<Option<DateTime<Utc>>>,
}

const COLUMNS: &str = "d.*, f.name AS from_name, t.name AS to_name FROM delegations d \
     JOIN people f ON f.id = d.from_id JOIN people t ON t.id = d.to_id";

impl Store {
    /// Creates a delegation with its `delegated` event and the delegate's
    /// notification. Both people must be of the organization.
    #[tracing::instrument(skip(self, d, notice))]
    pub async fn create_delegation(
        &self,
        org: OrgId,
        d: &NewDelegation,
        notice: &NewNotification,
        now: DateTime<Utc>,
    ) -> StoreResult<Delegation> {
        let mut tx = self.write_tx().await?;
        crate::people::pair_names(&mut tx, org, (d.from, d.to)).await?;
        let id = d.id;
        sqlx::query(
            "INSERT INTO delegations (id, org_id, from_id, to_id, title, details, due_at, stakes, status, \
             second_chance_of, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10, $10)",
        )
        .bind(id)
        .bind(org)
        .bind(d.from)
        .bind(d.to)
        .bind(&d.title)
        .bind(&d.details)
        .bind(d.due_at.map(millis))
        .bind(d.stakes.as_str())
        .bind(d.second_chance_of)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let event = NewEvent {
            at: now,
            from: d.from,
            to: d.to,
            payload: Payload::Delegated {
                second_chance_of: d.second_chance_of,
            },
            subject: Some(id.0),
        };
        events::record(&mut tx, org, &event).await?;
        events::notify(&mut tx, org, notice, now).await?;
        tx.commit().await?;
        self.delegation(org, id).await
    }

    pub async fn delegation(&self, org: OrgId, id: DelegationId) -> StoreResult<Delegation> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE d.org_id = $1 AND d.id = $2"
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Applies a change only if the delegation is still in `expected`:
    /// otherwise someone else acted first and the caller gets a conflict.
    #[tracing::instrument(skip(self, change, trail))]
    pub async fn change_delegation(
        &self,
        org: OrgId,
        id: DelegationId,
        expected: Status,
        change: &DelegationChange,
        trail: &Trail,
        now: DateTime<Utc>,
    ) -> StoreResult<Delegation> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE delegations SET status = COALESCE($4, status), stretch = COALESCE($5, stretch), \
               outcome = COALESCE($6, outcome), from_note = COALESCE($7, from_note), to_note = COALESCE($8, to_note), \
               dispute_note = COALESCE($9, dispute_note), \
               disputed_at = CASE WHEN $10 = 1 THEN $11 ELSE disputed_at END, \
               completed_at = CASE WHEN $6 IS NOT NULL THEN $11 ELSE completed_at END, \
               accepted_at = CASE WHEN $12 = 1 THEN $11 ELSE accepted_at END, \
               marked_done_at = CASE WHEN $13 = 1 THEN $11 ELSE marked_done_at END, \
               due_at = CASE WHEN $14 = 1 THEN $15 ELSE due_at END, updated_at = $11 \
             WHERE org_id = $1 AND id = $2 AND status = $3 AND ($10 = 0 OR disputed_at IS NULL) \
               AND ($13 = 0 OR marked_done_at IS NULL)",
        )
        .bind(org)
        .bind(id)
        .bind(expected.as_str())
        .bind(change.status.map(|s| s.as_str().to_string()))
        .bind(change.stretch.map(i64::from))
        .bind(change.outcome.map(|o| o.as_str().to_string()))
        .bind(change.from_note.clone())
        .bind(change.to_note.clone())
        .bind(change.dispute_note.clone())
        .bind(i64::from(change.disputed))
        .bind(millis(now))
        .bind(i64::from(change.accepted))
        .bind(i64::from(change.marked_done))
        .bind(i64::from(change.due_at.is_some()))
        .bind(change.due_at.flatten().map(millis))
        .execute(&mut *tx)
        .await?;
        crate::rows::transitioned(&done)?;
        trail.write(&mut tx, org, now).await?;
        tx.commit().await?;
        self.delegation(org, id).await
    }

    /// A person's delegations, newest first: asked by them (they are the
    /// delegator), of them (the delegate), or both; a page at a time.
    pub async fn list_delegations(
        &self,
        org: OrgId,
        person: PersonId,
        side: Option<Side>,
        status: Option<Status>,
        limit: u32,
        after: Option<&Cursor>,
    ) -> StoreResult<Page<Delegation>> {
        // Each side is the newest `limit` of an index in order; both sides
        // are merged. (One query with an OR would sort a person's whole
        // history first.)
        let newest = |side: &str| {
            format!(
                "SELECT * FROM (SELECT {COLUMNS} WHERE d.org_id = $1 AND {side} \
                 AND ($3 IS NULL OR d.status = $3) \
                 AND ($5 IS NULL OR d.created_at < $5 OR (d.created_at = $5 AND d.id < $6)) \
                 ORDER BY d.created_at DESC, d.id DESC LIMIT $4) s"
            )
        };
        let (from, to) = (
            newest("d.from_id = $2"),
            newest("d.to_id = $2 AND d.from_id <> $2"),
        );
        let sql = match side {
            Some(Side::Delegator) => from,
            Some(Side::Delegate) => to,
            None => format!(
                "SELECT * FROM ({from} UNION ALL {to}) x ORDER BY x.created_at DESC, x.id DESC LIMIT $4"
            ),
        };
        let rows = sqlx::query_as(&sql)
            .bind(org)
            .bind(person)
            .bind(status.map(|s| s.as_str().to_string()))
            .bind(i64::from(limit) + 1)
            .bind(after.map(Cursor::millis).map(|m| m.unwrap_or(i64::MIN)))
            .bind(after.map(|c| c.id.to_string()))
            .fetch_all(self.reader())
            .await?;
        let items = rows;
        Ok(Page::from_rows(items, limit, |d| {
            Cursor::at(d.created_at, d.id.0)
        }))
    }

    /// Claims the accepted delegations due before `horizon` that have had no
    /// reminder yet and are not marked done (nothing left to remind of), and notifies their delegates, in one transaction. Each
    /// reminder is claimed by a conditional update, so two instances running
    /// this at once never remind twice.
    pub async fn send_due_reminders(
        &self,
        horizon: DateTime<Utc>,
        now: DateTime<Utc>,
        remind: impl Fn(&Delegation) -> NewNotification,
    ) -> StoreResult<usize> {
        let mut tx = self.write_tx().await?;
        let due = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE d.status = 'accepted' AND d.marked_done_at IS NULL AND d.reminded_at IS NULL \
             AND d.due_at IS NOT NULL AND d.due_at <= $1 LIMIT 500"
        ))
        .bind(millis(horizon))
        .fetch_all(&mut *tx)
        .await?;
        let mut sent = 0;
        for row in &due {
            let d = delegation(row)?;
            let claimed = sqlx::query(
                "UPDATE delegations SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL",
            )
            .bind(d.id)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 1 {
                let org: String = row.try_get("org_id")?;
                let org = OrgId::parse(&org).ok_or_else(|| StoreError::Corrupt(org.clone()))?;
                events::notify(&mut tx, org, &remind(&d), now).await?;
                sent += 1;
            }
        }
        tx.commit().await?;
        Ok(sent)
    }

    /// The delegations waiting on a person, newest first: those asked of
    /// them that are proposed or accepted, and those they asked that were
    /// accepted (whose outcome they may have to record). What they asked
    /// that is still only proposed waits on someone else, so it is left out.
    pub async fn waiting_on(&self, org: OrgId, person: PersonId) -> StoreResult<Vec<Delegation>> {
        // Three ranges of the (side, status, created_at) indexes, each in
        // order, merged: not one scan with an OR, and never the person's
        // whole history.
        let sql = format!(
            "SELECT * FROM (\
               SELECT {COLUMNS} WHERE d.org_id = $1 AND d.to_id = $2 AND d.status = 'proposed' \
               UNION ALL \
               SELECT {COLUMNS} WHERE d.org_id = $1 AND d.to_id = $2 AND d.status = 'accepted' \
               UNION ALL \
               SELECT {COLUMNS} WHERE d.org_id = $1 AND d.from_id = $2 AND d.status = 'accepted' AND d.to_id <> $2\
             ) x ORDER BY x.created_at DESC LIMIT 200"
        );
        Ok(sqlx::query_as(&sql)
            .bind(org)
            .bind(person)
            .fetch_all(self.reader())
            .await?)
    }

    /// Everything delegated between two people, either way, newest first.
    pub async fn delegations_between(
        &self,
        org: OrgId,
        a: PersonId,
        b: PersonId,
    ) -> StoreResult<Vec<Delegation>> {
        let sql = format!(
            "SELECT {COLUMNS} WHERE d.org_id = $1 AND ((d.from_id = $2 AND d.to_id = $3) OR (d.from_id = $3 AND d.to_id = $2)) \
             ORDER BY d.created_at DESC"
        );
        Ok(sqlx::query_as(&sql)
            .bind(org)
            .bind(a)
            .bind(b)
            .fetch_all(self.reader())
            .await?)
    }
}

pub(crate) async fn person_name(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: PersonId,
) -> StoreResult<String> {
    let row = sqlx::query("SELECT name FROM people WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get("name")?)
}

pub(crate) fn delegation(r: &sqlx::any::AnyRow) -> StoreResult<Delegation> {
    let status: String = r.try_get("status")?;
    Ok(Delegation {
        id: r.try_get::<DelegationId, _>("id")?,
        from_id: r.try_get::<PersonId, _>("from_id")?,
        from_name: r.try_get("from_name")?,
        to_id: r.try_get::<PersonId, _>("to_id")?,
        to_name: r.try_get("to_name")?,
        title: r.try_get("title")?,
        details: r.try_get("details")?,
        due_at: rows::opt_time(r, "due_at")?,
        stakes: rows::parsed(r, "stakes", Stakes::parse)?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
        stretch: rows::flag(r, "stretch")?,
        outcome: rows::opt_parsed(r, "outcome", Outcome::parse)?,
        from_note: r.try_get("from_note")?,
        to_note: r.try_get("to_note")?,
        dispute_note: r.try_get("dispute_note")?,
        disputed_at: rows::opt_time(r, "disputed_at")?,
        second_chance_of: r.try_get::<Option<DelegationId>, _>("second_chance_of")?,
        created_at: rows::time(r, "created_at")?,
        completed_at: rows::opt_time(r, "completed_at")?,
        accepted_at: rows::opt_time(r, "accepted_at")?,
        marked_done_at: rows::opt_time(r, "marked_done_at")?,
    })
}
