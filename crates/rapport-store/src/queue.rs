//! The leased queues (email digests, chat calls): rows with a `status`,
//! `next_attempt_at`, `lease_until` and `attempts`, claimed by one worker
//! at a time across instances (`FOR UPDATE SKIP LOCKED` on PostgreSQL,
//! the single writer on SQLite).

use crate::{Store, StoreResult, millis};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;

impl Store {
    /// Claims up to `limit` rows of `table` for `lease`: pending ones whose
    /// time has come, and ones whose worker's lease ran out, in `order`.
    pub(crate) async fn claim_leased(
        &self,
        table: &str,
        order: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<AnyRow>> {
        let lock = self.backend().skip_locked();
        let sql = format!(
            "UPDATE {table} SET status = 'sending', lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM {table} \
               WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1) \
               ORDER BY {order} LIMIT $3 {lock}) \
             RETURNING *"
        );
        let mut tx = self.write_tx().await?;
        let rows = sqlx::query(&sql)
            .bind(millis(now))
            .bind(millis(now + lease))
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(rows)
    }
}
