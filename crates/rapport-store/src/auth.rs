//! Sign-in state: sessions, personal access tokens, invitations and the
//! rate-limit counters. Secrets arrive here already hashed.

use crate::error::Conflict;
use crate::rows::{self, PERSON_COLUMNS, PERSON_FROM};
use crate::{Person, Store, StoreError, StoreResult, millis};
use chrono::{DateTime, Utc};
use rapport_core::{InvitationId, OrgId, PersonId, TokenId};
use serde::Serialize;
use sqlx::Row;

/// The person a session or token belongs to.
pub type SessionPerson = Person;

/// A personal access token as listed (never the token itself).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenInfo {
    pub id: TokenId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationState {
    Pending,
    Accepted,
    Expired,
    Revoked,
}

/// An invitation to set a password, for a person already in the directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invitation {
    pub id: InvitationId,
    pub person_id: PersonId,
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: InvitationState,
}

impl Store {
    pub async fn create_session(
        &self,
        person: PersonId,
        token_hash: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(person)
            .bind(millis(now))
            .bind(millis(expires))
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// The person a live session belongs to.
    pub async fn session_person(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        let version = self.data_version().await?;
        if let Some(person) = self.sign_ins.get(token_hash, now, version) {
            return Ok(person);
        }
        let sql = format!(
            "SELECT {PERSON_COLUMNS}, s.expires_at AS session_expires_at FROM {PERSON_FROM} \
             JOIN sessions s ON s.person_id = p.id WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(millis(now))
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        let person = rows::person(&row)?;
        let expires = rows::time(&row, "session_expires_at")?;
        self.sign_ins
            .put(token_hash, person.clone(), Some(expires), version);
        Ok(person)
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.writer())
            .await?;
        self.sign_ins.forget(token_hash);
        Ok(())
    }

    /// Ends every session of one person (signing out everywhere), on every
    /// instance at once; returns how many there were. Tokens stay.
    pub async fn delete_sessions_of(&self, person: PersonId) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person)
            .execute(self.writer())
            .await?;
        self.sign_ins.forget_person(person);
        Ok(done.rows_affected())
    }

    /// Removes expired sessions and stale rate-limit windows.
    pub async fn purge_expired(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let a = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(millis(now))
            .execute(self.writer())
            .await?;
        let b = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(millis(now) - 24 * 3600 * 1000)
            .execute(self.writer())
            .await?;
        Ok(a.rows_affected() + b.rows_affected())
    }

    pub async fn create_token(
        &self,
        person: PersonId,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<TokenId> {
        let id = TokenId::new();
        sqlx::query("INSERT INTO api_tokens (id, person_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(person)
            .bind(name)
            .bind(token_hash)
            .bind(millis(now))
            .execute(self.writer())
            .await?;
        Ok(id)
    }

    pub async fn list_tokens(&self, person: PersonId) -> StoreResult<Vec<TokenInfo>> {
        let rows =
            sqlx::query("SELECT * FROM api_tokens WHERE person_id = $1 ORDER BY created_at DESC")
                .bind(person)
                .fetch_all(self.reader())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(TokenInfo {
                    id: r.try_get::<TokenId, _>("id")?,
                    name: r.try_get("name")?,
                    created_at: rows::time(r, "created_at")?,
                    last_used_at: rows::opt_time(r, "last_used_at")?,
                    revoked_at: rows::opt_time(r, "revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of a person's own tokens; anyone else's is `NotFound`.
    pub async fn revoke_token(
        &self,
        person: PersonId,
        id: TokenId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE person_id = $1 AND id = $2")
            .bind(person)
            .bind(id)
            .bind(millis(now))
            .execute(self.writer())
            .await?;
        self.sign_ins.forget_person(person);
        rows::found(&done)
    }

    /// The person a live (unrevoked) token belongs to.
    pub async fn token_person(&self, token_hash: &str) -> StoreResult<Person> {
        let version = self.data_version().await?;
        if let Some(person) = self.sign_ins.get(token_hash, Utc::now(), version) {
            return Ok(person);
        }
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} JOIN api_tokens k ON k.person_id = p.id \
             WHERE k.token_hash = $1 AND k.revoked_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(self.reader())
            .await?;
        let person = rows::person(&row.ok_or(StoreError::NotFound)?)?;
        self.sign_ins.put(token_hash, person.clone(), None, version);
        Ok(person)
    }

    /// Creates an invitation for a person who has no password yet.
    pub async fn create_invitation(
        &self,
        org: OrgId,
        person: PersonId,
        invited_by: PersonId,
        token_hash: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<InvitationId> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_person(&mut tx, org, person).await?;
        let id = InvitationId::new();
        sqlx::query(
            "INSERT INTO invitations (id, org_id, person_id, token_hash, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(org)
        .bind(person)
        .bind(token_hash)
        .bind(invited_by)
        .bind(millis(now))
        .bind(millis(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn list_invitations(
        &self,
        org: OrgId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Invitation>> {
        let rows = sqlx::query(
            "SELECT i.*, p.email, p.name FROM invitations i JOIN people p ON p.id = i.person_id \
             WHERE i.org_id = $1 ORDER BY i.created_at DESC",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| invitation(r, now)).collect()
    }

    /// The invitation a link carries, whatever its state.
    pub async fn invitation_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<(OrgId, Invitation)> {
        let row = sqlx::query(
            "SELECT i.*, p.email, p.name FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((row.try_get::<OrgId, _>("org_id")?, invitation(&row, now)?))
    }

    /// Accepts a pending invitation: sets the password, marks it used, in
    /// one transaction. A used, revoked or expired one is a conflict.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<PersonId> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL \
             AND revoked_at IS NULL AND expires_at > $2 RETURNING person_id",
        )
        .bind(token_hash)
        .bind(millis(now))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::Conflict(Conflict::InvitationNotValid))?;
        let person = row.try_get::<PersonId, _>("person_id")?;
        sqlx::query("UPDATE people SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(person)
            .bind(password_hash)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(person)
    }

    pub async fn revoke_invitation(
        &self,
        org: OrgId,
        id: InvitationId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE invitations SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(org)
        .bind(id)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        rows::found(&done)
    }

    /// Counts one attempt against `key` in a fixed window and returns the
    /// count so far and when the window started. Shared by all instances.
    pub async fn hit_rate_limit(
        &self,
        key: &str,
        window_ms: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)> {
        let now = millis(now);
        let row = sqlx::query(
            "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start <= $2 - $3 THEN 1 ELSE rate_limits.count + 1 END, \
               window_start = CASE WHEN rate_limits.window_start <= $2 - $3 THEN $2 ELSE rate_limits.window_start END \
             RETURNING count, window_start",
        )
        .bind(key)
        .bind(now)
        .bind(window_ms)
        .fetch_one(self.writer())
        .await?;
        Ok((row.try_get("count")?, row.try_get("window_start")?))
    }

    /// The attempts counted against `key` in the window that includes
    /// `now`, and when that window started; (0, now) with none. Reads only.
    pub async fn peek_rate_limit(
        &self,
        key: &str,
        window_ms: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)> {
        let now = millis(now);
        let row = sqlx::query(
            "SELECT count, window_start FROM rate_limits WHERE key = $1 AND window_start > $2 - $3",
        )
        .bind(key)
        .bind(now)
        .bind(window_ms)
        .fetch_optional(self.reader())
        .await?;
        Ok(match row {
            Some(r) => (r.try_get("count")?, r.try_get("window_start")?),
            None => (0, now),
        })
    }

    /// Forgets the attempts against `key` (after a successful sign-in).
    pub async fn clear_rate_limit(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM rate_limits WHERE key = $1")
            .bind(key)
            .execute(self.writer())
            .await?;
        Ok(())
    }
}

fn invitation(r: &sqlx::any::AnyRow, now: DateTime<Utc>) -> StoreResult<Invitation> {
    let expires_at = rows::time(r, "expires_at")?;
    let state = if rows::opt_time(r, "accepted_at")?.is_some() {
        InvitationState::Accepted
    } else if rows::opt_time(r, "revoked_at")?.is_some() {
        InvitationState::Revoked
    } else if expires_at <= now {
        InvitationState::Expired
    } else {
        InvitationState::Pending
    };
    Ok(Invitation {
        id: r.try_get::<InvitationId, _>("id")?,
        person_id: r.try_get::<PersonId, _>("person_id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        created_at: rows::time(r, "created_at")?,
        expires_at,
        state,
    })
}
