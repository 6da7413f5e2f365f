//! Provisioning (SCIM): the tokens an organization's directory calls with,
//! deactivating and reactivating people, and the directory's view of
//! everyone (deactivated people included), a page at a time.

use crate::rows::{self, PERSON_COLUMNS, PERSON_FROM};
use crate::{Person, Store, StoreError, StoreResult, millis};
use chrono::{DateTime, Utc};
use rapport_core::{OrgId, PersonId};
use sqlx::Row;

impl Store {
    /// Records a provisioning token (its hash); answers its id.
    pub async fn create_scim_token(
        &self,
        org: OrgId,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<uuid::Uuid> {
        let id = uuid::Uuid::new_v4();
        sqlx::query(
            "INSERT INTO scim_tokens (id, org_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.to_string())
        .bind(org)
        .bind(name)
        .bind(token_hash)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(id)
    }

    /// The organization a live provisioning token belongs to.
    pub async fn scim_token_org(&self, token_hash: &str) -> StoreResult<OrgId> {
        let row = sqlx::query(
            "SELECT org_id FROM scim_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        rows::id(&row, "org_id", OrgId::parse)
    }

    /// Deactivates (ending every session and revoking every personal
    /// token, in one transaction) or reactivates a person; their history
    /// stays either way.
    pub async fn set_person_active(
        &self,
        org: OrgId,
        id: PersonId,
        active: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(if active {
            "UPDATE people SET deactivated_at = NULL, updated_at = $3 WHERE org_id = $1 AND id = $2"
        } else {
            "UPDATE people SET deactivated_at = COALESCE(deactivated_at, $3), updated_at = $3 \
             WHERE org_id = $1 AND id = $2"
        })
        .bind(org)
        .bind(id)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE person_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE person_id = $1",
            )
            .bind(id)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.sign_ins.forget_person(id);
        self.person(org, id).await
    }

    /// Everyone of the organization, deactivated people included, by
    /// creation: `offset` people skipped, at most `limit`, and the total.
    pub async fn provisioned_people(
        &self,
        org: OrgId,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<Person>, i64)> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.org_id = $1 \
             ORDER BY p.created_at, p.id LIMIT {limit} OFFSET {offset}"
        );
        let items = sqlx::query_as::<_, Person>(&sql)
            .bind(org)
            .fetch_all(self.reader())
            .await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM people WHERE org_id = $1")
            .bind(org)
            .fetch_one(self.reader())
            .await?
            .try_get("n")?;
        Ok((items, total))
    }
}
