//! The audit log: admin actions that touch people's data.

use crate::{Store, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::{OrgId, PersonId};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub actor_id: Option<PersonId>,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub at: DateTime<Utc>,
}

impl Store {
    pub async fn record_audit(
        &self,
        org: OrgId,
        actor: Option<PersonId>,
        action: &str,
        subject: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (id, org_id, actor_id, action, subject, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org)
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    pub async fn list_audit(&self, org: OrgId, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let rows =
            sqlx::query("SELECT * FROM audit_log WHERE org_id = $1 ORDER BY at DESC LIMIT $2")
                .bind(org)
                .bind(i64::from(limit))
                .fetch_all(self.reader())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    actor_id: r.try_get::<Option<PersonId>, _>("actor_id")?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    detail: r.try_get("detail")?,
                    at: rows::time(r, "at")?,
                })
            })
            .collect()
    }
}
