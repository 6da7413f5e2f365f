//! Provisioning (SCIM): the tokens an organization's directory calls with,
//! deactivating and reactivating people, and the directory's view of
//! everyone (deactivated people included), a page at a time.

use crate::rows::{self, PERSON_COLUMNS, PERSON_FROM};
use crate::{Person, Store, StoreError, StoreResult, millis};
use chrono::{DateTime, Utc};
use rapport_core::{OrgId, PersonId};
use sqlx::Row;

/// A provisioning token as an admin sees it: never its secret.
#[derive(Debug, Clone)]
pub struct ScimToken {
    pub id: uuid::Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

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

    /// The organization's provisioning tokens, newest first (never their
    /// secret: only its hash is kept, and that is not listed either).
    pub async fn scim_tokens(&self, org: OrgId) -> StoreResult<Vec<ScimToken>> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, revoked_at FROM scim_tokens WHERE org_id = $1 \
             ORDER BY created_at DESC, id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ScimToken {
                    id: r.try_get::<String, _>("id")?.parse().map_err(|_| {
                        StoreError::Corrupt("a provisioning token's id is not a UUID".into())
                    })?,
                    name: r.try_get("name")?,
                    created_at: rows::time(r, "created_at")?,
                    revoked_at: rows::opt_time(r, "revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of the organization's live provisioning tokens: the
    /// directory's next call with it is refused. Another organization's,
    /// or one already revoked, is `NotFound`.
    pub async fn revoke_scim_token(
        &self,
        org: OrgId,
        id: uuid::Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE scim_tokens SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL",
        )
        .bind(org)
        .bind(id.to_string())
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        rows::found(&done)
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
        rows::found(&done)?;
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
