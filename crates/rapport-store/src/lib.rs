//! rapport's storage: one [`Store`] with domain-named methods, over SQLite
//! (embedded, the default) or PostgreSQL (for scale and several instances).
//!
//! Both backends run the same plain SQL through sqlx's `Any` driver: the SQL
//! here is the common subset of the two dialects (`$1` parameters, `ON
//! CONFLICT`, `RETURNING`), so every query is written once and tested on
//! both. What differs lives in [`connect`]: each backend's own migrations,
//! SQLite's pragmas and its one-writer-many-readers pools, and how a write
//! transaction begins (`BEGIN IMMEDIATE` on SQLite).

mod appreciations;
mod audit;
mod auth;
pub mod backup;
mod changes;
mod chat;
mod checkins;
mod connect;
mod delegations;
mod email;
mod error;
mod events;
mod help;
mod history;
mod import;
mod introductions;
mod learning;
mod nudges;
mod paging;
mod people;
mod queue;
mod retention;
mod rows;
mod scim;
mod sign_in_cache;
mod skills;
mod sso;
mod teams;
pub mod test_db;

pub use appreciations::{Appreciation, NewAppreciation};
pub use audit::AuditEntry;
pub use auth::{Invitation, InvitationState, SessionPerson, TokenInfo};
pub use chat::{ChatCall, ChatResult, DirectMessageDue, SlackSettings, TeamChat, TeamThanksDue};
pub use checkins::{AnswerNotices, CheckIn, StoredAnswer};
pub use connect::{Backend, redact};
pub use delegations::{Delegation, DelegationChange, NewDelegation};
pub use email::{DigestPerson, EmailJob, FREQUENCIES, JobResult};
pub use error::{Conflict, StoreError, StoreResult};
pub use events::{
    EventTail, Message, NewEvent, NewNotification, Notification, Partner, StoredEvent, Trail,
};
pub use help::{HelpFilter, HelpRequest, NewHelpRequest, Offer, SkilledPerson};
pub use history::{History, PastDelegation, PastHelp, PastThanks};
pub use import::{ExistingPerson, ImportExtra, ImportPerson, ImportSummary};
pub use introductions::{IntroCandidate, IntroPrefs, Introduction};
pub use learning::{
    DeliveryStatus, Enrollment, LearningEventRow, LrsSettings, PartRow, QueuedStatement,
    TeamProgress,
};
pub use nudges::{IssuedNudge, NudgePerson};
pub use paging::{Cursor, Page};
pub use people::{NewPerson, PeopleFilter, Person, PersonPatch};
pub use retention::{Forgotten, StoredCheckpoint};
pub use scim::ScimToken;
pub use sign_in_cache::TTL as SIGN_IN_CACHE_TTL;
pub use skills::{PersonSkills, SkillLists, SkillUse};
pub use sso::{SsoLogin, SsoLoginTaken, SsoSettings};
pub use teams::Team;

use chrono::{DateTime, TimeZone as _, Utc};
use rapport_core::{OrgId, Slug};
use sqlx::AnyPool;

/// The database, whichever backend it is. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    /// Writes go here. On SQLite this pool has exactly one connection, so
    /// writers queue in the process instead of fighting over the file lock.
    writer: AnyPool,
    /// Reads go here. On PostgreSQL this is the same pool as `writer`.
    reader: AnyPool,
    /// Who recent sessions and tokens belong to (see [`sign_in_cache`]).
    sign_ins: std::sync::Arc<sign_in_cache::SignInCache>,
    /// Whether anything committed since (see [`changes`]).
    changes: changes::Changes,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

/// An organization (tenant).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Org {
    pub id: OrgId,
    pub slug: String,
    pub name: String,
    pub min_group_size: i64,
    /// How many days events and free text are kept.
    pub retention_days: i64,
    /// Switched-off modules and the pilot teams.
    #[serde(skip)]
    pub modules: rapport_core::modules::Modules,
    pub created_at: DateTime<Utc>,
}

impl Store {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A number that moves on whenever any transaction commits, read
    /// after this call began: the same number means nothing changed in
    /// between (see [`changes`]).
    pub async fn data_version(&self) -> StoreResult<u64> {
        self.changes.version().await
    }

    /// True when the database answers a trivial query.
    pub async fn is_ready(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.reader).await.is_ok()
    }

    /// Sets the smallest group an aggregate may describe (3 to 10; the
    /// caller checks the range).
    pub async fn set_min_group_size(&self, org: OrgId, n: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE orgs SET min_group_size = $2 WHERE id = $1")
            .bind(org)
            .bind(n)
            .execute(&self.writer)
            .await?;
        rows::found(&done)
    }

    /// Sets the switched-off modules and the pilot teams (the caller checks
    /// the teams are the organization's).
    pub async fn set_modules(
        &self,
        org: OrgId,
        modules: &rapport_core::modules::Modules,
    ) -> StoreResult<()> {
        let done =
            sqlx::query("UPDATE orgs SET modules_off = $2, pilot_team_ids = $3 WHERE id = $1")
                .bind(org)
                .bind(modules.off_text())
                .bind(modules.pilot_text())
                .execute(&self.writer)
                .await?;
        rows::found(&done)
    }

    /// Creates an organization; a taken slug is [`StoreError::Conflict`].
    #[tracing::instrument(skip(self))]
    pub async fn create_org(
        &self,
        slug: &Slug,
        name: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Org> {
        let org = Org {
            id: OrgId::new(),
            slug: slug.to_string(),
            name: name.to_string(),
            min_group_size: 5,
            retention_days: i64::from(rapport_core::retention::DEFAULT_RETENTION_DAYS),
            modules: rapport_core::modules::Modules::default(),
            created_at: now,
        };
        sqlx::query("INSERT INTO orgs (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(org.id)
            .bind(&org.slug)
            .bind(&org.name)
            .bind(millis(now))
            .execute(&self.writer)
            .await
            .map_err(|e| error::on_unique(e, Conflict::SlugTaken))?;
        Ok(org)
    }

    #[tracing::instrument(skip(self))]
    pub async fn org_by_slug(&self, slug: &str) -> StoreResult<Org> {
        sqlx::query_as("SELECT * FROM orgs WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)
    }

    #[tracing::instrument(skip(self))]
    pub async fn org(&self, id: OrgId) -> StoreResult<Org> {
        sqlx::query_as("SELECT * FROM orgs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn list_orgs(&self) -> StoreResult<Vec<Org>> {
        Ok(sqlx::query_as("SELECT * FROM orgs ORDER BY created_at")
            .fetch_all(&self.reader)
            .await?)
    }
}

/// Times are stored as Unix milliseconds: portable, and ordered as numbers.
pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}
