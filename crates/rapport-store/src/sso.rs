//! Single sign-on: each organization's OpenID provider, the email domains
//! whose people join on first sign-in, and the sign-ins under way (their
//! `state`, nonce and PKCE verifier, each used once).

use crate::error::{Conflict, on_unique};
use crate::{Store, StoreResult, from_millis, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::OrgId;
use sqlx::Row;

/// An organization's provider as its admin set it.
#[derive(Debug, Clone, PartialEq)]
pub struct SsoSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub require_sso: bool,
    /// Lowercase domains, sorted.
    pub allowed_domains: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

/// A sign-in sent to the provider, as the callback finds it.
#[derive(Debug, Clone)]
pub struct SsoLogin {
    pub org_id: OrgId,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next_path: String,
}

/// What became of a sign-in's `state` when its answer came back.
#[derive(Debug, Clone)]
pub enum SsoLoginTaken {
    /// First use, in time: the sign-in may go on.
    Fresh(SsoLogin),
    /// Already used: the answer is being replayed.
    Used,
    /// Expired, or never issued here.
    Unknown,
}

impl Store {
    pub async fn sso_settings(&self, org: OrgId) -> StoreResult<Option<SsoSettings>> {
        let Some(r) = sqlx::query("SELECT * FROM sso_settings WHERE org_id = $1")
            .bind(org)
            .fetch_optional(self.reader())
            .await?
        else {
            return Ok(None);
        };
        let domains =
            sqlx::query("SELECT domain FROM sso_domains WHERE org_id = $1 ORDER BY domain")
                .bind(org)
                .fetch_all(self.reader())
                .await?
                .iter()
                .map(|d| d.try_get::<String, _>("domain"))
                .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(SsoSettings {
            issuer: r.try_get("issuer")?,
            client_id: r.try_get("client_id")?,
            client_secret: r.try_get("client_secret")?,
            require_sso: r.try_get::<i64, _>("require_sso")? != 0,
            allowed_domains: domains,
            updated_at: from_millis(r.try_get("updated_at")?),
        }))
    }

    /// Sets (or, with `None`, removes) the organization's provider and its
    /// domains in one transaction. A domain another organization already
    /// has is `Conflict(Conflict::DomainTaken)`.
    pub async fn set_sso_settings(
        &self,
        org: OrgId,
        s: Option<&SsoSettings>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sso_domains WHERE org_id = $1")
            .bind(org)
            .execute(&mut *tx)
            .await?;
        match s {
            None => {
                sqlx::query("DELETE FROM sso_settings WHERE org_id = $1")
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
            }
            Some(s) => {
                sqlx::query(
                    "INSERT INTO sso_settings (org_id, issuer, client_id, client_secret, require_sso, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id) DO UPDATE SET \
                     issuer = $2, client_id = $3, client_secret = $4, require_sso = $5, updated_at = $6",
                )
                .bind(org)
                .bind(&s.issuer)
                .bind(&s.client_id)
                .bind(&s.client_secret)
                .bind(i64::from(s.require_sso))
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                for d in &s.allowed_domains {
                    sqlx::query("INSERT INTO sso_domains (domain, org_id) VALUES ($1, $2)")
                        .bind(d)
                        .bind(org)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| on_unique(e, Conflict::DomainTaken))?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The organization that signs in people of this email domain, if any.
    pub async fn sso_org_for_domain(&self, domain: &str) -> StoreResult<Option<OrgId>> {
        let row = sqlx::query("SELECT org_id FROM sso_domains WHERE domain = $1")
            .bind(domain)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| rows::id(&r, "org_id", OrgId::parse))
            .transpose()
    }

    /// Records a sign-in sent to the provider; expired ones are cleared on
    /// the way.
    pub async fn start_sso_login(
        &self,
        state_hash: &str,
        login: &SsoLogin,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sso_logins WHERE expires_at < $1")
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sso_logins (state_hash, org_id, nonce, pkce_verifier, next_path, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(state_hash)
        .bind(login.org_id)
        .bind(&login.nonce)
        .bind(&login.pkce_verifier)
        .bind(&login.next_path)
        .bind(millis(now))
        .bind(millis(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a sign-in by its state's hash, once: a second take (two
    /// answers at once included) is `Used`.
    pub async fn take_sso_login(
        &self,
        state_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<SsoLoginTaken> {
        let mut tx = self.write_tx().await?;
        let Some(r) = sqlx::query("SELECT * FROM sso_logins WHERE state_hash = $1")
            .bind(state_hash)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(SsoLoginTaken::Unknown);
        };
        if r.try_get::<i64, _>("expires_at")? < millis(now) {
            return Ok(SsoLoginTaken::Unknown);
        }
        let done = sqlx::query(
            "UPDATE sso_logins SET used_at = $2 WHERE state_hash = $1 AND used_at IS NULL",
        )
        .bind(state_hash)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(SsoLoginTaken::Used);
        }
        let login = SsoLogin {
            org_id: rows::id(&r, "org_id", OrgId::parse)?,
            nonce: r.try_get("nonce")?,
            pkce_verifier: r.try_get("pkce_verifier")?,
            next_path: r.try_get("next_path")?,
        };
        tx.commit().await?;
        Ok(SsoLoginTaken::Fresh(login))
    }
}
