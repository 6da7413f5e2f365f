//! Writing a ready-made history in bulk (the demo's six months): rows as
//! they would be after their whole lifecycle, with their events, in one
//! transaction per batch.

use crate::events::{self, NewEvent, NewNotification};
use crate::{Store, StoreResult, millis};
use chrono::{DateTime, Utc};
use rapport_core::delegation::Status;
use rapport_core::{
    AppreciationId, DelegationId, HelpRequestId, OfferId, OrgId, PersonId, SkillName, TeamId,
};

#[derive(Debug, Clone)]
pub struct PastDelegation {
    pub id: DelegationId,
    pub from: PersonId,
    pub to: PersonId,
    pub title: String,
    pub details: String,
    pub due_at: Option<DateTime<Utc>>,
    pub stakes: &'static str,
    pub status: Status,
    pub stretch: bool,
    pub outcome: Option<&'static str>,
    pub from_note: String,
    pub to_note: String,
    pub dispute_note: String,
    pub disputed_at: Option<DateTime<Utc>>,
    pub second_chance_of: Option<DelegationId>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct PastHelp {
    pub id: HelpRequestId,
    pub asker: PersonId,
    pub skill: SkillName,
    pub text: String,
    pub audience: &'static str,
    pub to_team: Option<TeamId>,
    pub status: &'static str,
    /// The offer made, and whether the asker accepted it.
    pub offer: Option<(OfferId, PersonId, String, bool)>,
    pub helped: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct PastThanks {
    pub from: PersonId,
    pub to: PersonId,
    pub message: String,
    pub visibility: &'static str,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
    pub at: DateTime<Utc>,
}

/// A batch of history: rows, their events, and notifications for what is
/// still waiting for someone.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub delegations: Vec<PastDelegation>,
    pub help: Vec<PastHelp>,
    pub thanks: Vec<PastThanks>,
    pub events: Vec<NewEvent>,
    pub notes: Vec<(NewNotification, DateTime<Utc>)>,
}

impl Store {
    /// Writes a batch of history in one transaction.
    #[tracing::instrument(skip_all, fields(delegations = h.delegations.len(), events = h.events.len()))]
    pub async fn import_history(&self, org: OrgId, h: &History) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let o = org.to_string();
        for d in &h.delegations {
            // History does not say when each was accepted: as soon as asked.
            sqlx::query(
                "INSERT INTO delegations (id, org_id, from_id, to_id, title, details, due_at, stakes, status, stretch, outcome, \
                 from_note, to_note, dispute_note, disputed_at, second_chance_of, created_at, updated_at, completed_at, accepted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, \
                 CASE WHEN $9 IN ('accepted', 'done') THEN $17 END)",
            )
            .bind(d.id)
            .bind(&o)
            .bind(d.from)
            .bind(d.to)
            .bind(&d.title)
            .bind(&d.details)
            .bind(d.due_at.map(millis))
            .bind(d.stakes)
            .bind(d.status.as_str())
            .bind(i64::from(d.stretch))
            .bind(d.outcome)
            .bind(&d.from_note)
            .bind(&d.to_note)
            .bind(&d.dispute_note)
            .bind(d.disputed_at.map(millis))
            .bind(d.second_chance_of)
            .bind(millis(d.created_at))
            .bind(d.completed_at.map(millis))
            .execute(&mut *tx)
            .await?;
        }
        for r in &h.help {
            let accepted = r.offer.as_ref().filter(|o| o.3).map(|o| o.0.to_string());
            sqlx::query(
                "INSERT INTO help_requests (id, org_id, asker_id, skill, skill_key, text, audience, to_team_id, status, \
                 accepted_offer, helped, created_at, resolved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(r.id)
            .bind(&o)
            .bind(r.asker)
            .bind(r.skill.as_str())
            .bind(r.skill.key())
            .bind(&r.text)
            .bind(r.audience)
            .bind(r.to_team)
            .bind(r.status)
            .bind(accepted)
            .bind(r.helped.map(i64::from))
            .bind(millis(r.created_at))
            .bind(r.resolved_at.map(millis))
            .execute(&mut *tx)
            .await?;
            if let Some((id, helper, text, _)) = &r.offer {
                sqlx::query("INSERT INTO help_offers (id, request_id, helper_id, text, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(r.id)
                    .bind(helper)
                    .bind(text)
                    .bind(millis(r.created_at) + 3_600_000)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for t in &h.thanks {
            sqlx::query(
                "INSERT INTO appreciations (id, org_id, from_id, to_id, message, visibility, delegation_id, help_request_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(AppreciationId::new().to_string())
            .bind(&o)
            .bind(t.from)
            .bind(t.to)
            .bind(&t.message)
            .bind(t.visibility)
            .bind(t.delegation_id)
            .bind(t.help_request_id)
            .bind(millis(t.at))
            .execute(&mut *tx)
            .await?;
        }
        events::record_many(&mut tx, org, &h.events).await?;
        for (n, at) in &h.notes {
            events::notify(&mut tx, org, n, *at).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
