//! Retention: the checkpoint an organization's old events are folded into,
//! and deleting those events and the free text of what they were about.

use crate::{Store, StoreResult, StoredEvent, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::OrgId;
use sqlx::Row;

/// A stored checkpoint: events before `through` are folded into `state`
/// (encoded by `rapport_core::retention::Checkpoint`).
#[derive(Debug, Clone)]
pub struct StoredCheckpoint {
    pub through: DateTime<Utc>,
    pub state: Vec<u8>,
}

/// What one fold deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forgotten {
    pub events: u64,
    pub delegations: u64,
    pub help_requests: u64,
    pub thanks: u64,
    pub check_ins: u64,
    pub notifications: u64,
}

impl Store {
    /// Sets how many days events and free text are kept (the caller
    /// checks the range; the schema refuses one outside it too).
    pub async fn set_retention_days(&self, org: OrgId, days: u32) -> StoreResult<()> {
        let done = sqlx::query("UPDATE orgs SET retention_days = $2 WHERE id = $1")
            .bind(org)
            .bind(i64::from(days))
            .execute(self.writer())
            .await?;
        rows::found(&done)
    }

    /// The organization's checkpoint, if events were ever folded.
    pub async fn checkpoint(&self, org: OrgId) -> StoreResult<Option<StoredCheckpoint>> {
        let row = sqlx::query("SELECT through_at, state FROM trust_checkpoints WHERE org_id = $1")
            .bind(org)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| {
            Ok(StoredCheckpoint {
                through: rows::time(&r, "through_at")?,
                state: r.try_get("state")?,
            })
        })
        .transpose()
    }

    /// The events before `cutoff`, in the order the trust engine applies
    /// them (time, then sequence).
    pub async fn events_before(
        &self,
        org: OrgId,
        cutoff: DateTime<Utc>,
    ) -> StoreResult<Vec<StoredEvent>> {
        Ok(
            sqlx::query_as("SELECT * FROM events WHERE org_id = $1 AND at < $2 ORDER BY at, seq")
                .bind(org)
                .bind(millis(cutoff))
                .fetch_all(self.reader())
                .await?,
        )
    }

    /// The events from `since` on, in sequence order: what a period's
    /// figures are counted from.
    pub async fn events_since(
        &self,
        org: OrgId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<StoredEvent>> {
        Ok(
            sqlx::query_as("SELECT * FROM events WHERE org_id = $1 AND at >= $2 ORDER BY seq")
                .bind(org)
                .bind(millis(since))
                .fetch_all(self.reader())
                .await?,
        )
    }

    /// In one transaction: keeps the checkpoint that folds every event
    /// before `cutoff` up to sequence `through_seq`, deletes those events,
    /// deletes what was finished before `cutoff` with its free text
    /// (closed delegations, help requests and check-ins, thanks,
    /// notifications), and bumps the event epoch so that every instance's
    /// trust engine starts again from the checkpoint.
    pub async fn fold_retention(
        &self,
        org: OrgId,
        cutoff: DateTime<Utc>,
        through_seq: i64,
        state: &[u8],
        now: DateTime<Utc>,
    ) -> StoreResult<Forgotten> {
        let c = millis(cutoff);
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO trust_checkpoints (org_id, through_at, state, folded_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (org_id) DO UPDATE \
             SET through_at = excluded.through_at, state = excluded.state, folded_at = excluded.folded_at",
        )
        .bind(org)
        .bind(c)
        .bind(state)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let events = sqlx::query("DELETE FROM events WHERE org_id = $1 AND at < $2 AND seq <= $3")
            .bind(org)
            .bind(c)
            .bind(through_seq)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let mut run = async |sql: &str| -> StoreResult<u64> {
            Ok(sqlx::query(sql)
                .bind(org)
                .bind(c)
                .execute(&mut *tx)
                .await?
                .rows_affected())
        };
        // What went to chat carried the same words: sent calls go with them.
        run("DELETE FROM chat_outbox WHERE org_id = $1 AND created_at < $2 AND status = 'sent'")
            .await?;
        let forgotten = Forgotten {
            events,
            delegations: run(
                "DELETE FROM delegations WHERE org_id = $1 AND updated_at < $2 \
                 AND status IN ('declined', 'handed_back', 'done', 'withdrawn')",
            )
            .await?,
            help_requests: run(
                "DELETE FROM help_requests WHERE org_id = $1 AND created_at < $2 \
                 AND status NOT IN ('open', 'accepted') \
                 AND NOT EXISTS (SELECT 1 FROM help_offers o WHERE o.request_id = help_requests.id AND o.created_at >= $2)",
            )
            .await?,
            thanks: run("DELETE FROM appreciations WHERE org_id = $1 AND created_at < $2").await?,
            check_ins: run(
                "DELETE FROM check_ins WHERE org_id = $1 AND closes_at < $2 AND status <> 'open'",
            )
            .await?,
            notifications: run("DELETE FROM notifications WHERE org_id = $1 AND created_at < $2")
                .await?,
        };
        sqlx::query("UPDATE orgs SET event_epoch = event_epoch + 1 WHERE id = $1")
            .bind(org)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(forgotten)
    }
}
