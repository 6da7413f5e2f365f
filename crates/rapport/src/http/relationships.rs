//! My private trust picture and my notifications over JSON, each a call to
//! `app::relationships` or `app::notifications`. Every route reads the
//! signed-in person's own side only.

use super::delegations::DelegationOut;
use super::{ApiQuery, ErrorBody, IdPath, PageQuery, PersonRefOut};
use crate::AppState;
use crate::app::relationships::{self as ops, RelationshipView, Summary};
use crate::app::{Actor, AppResult, notifications};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use rapport_core::PersonId;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_relationships))
        .routes(routes!(get_relationship))
        .routes(routes!(list_notifications))
        .routes(routes!(read_notifications))
}

#[derive(Serialize, ToSchema)]
pub struct TrustOut {
    /// Null while there is not enough history (uncertainty above 0.5).
    pub value: Option<f64>,
    /// Belief: where my trust lies at least, from what the evidence shows.
    /// Null only with no evidence at all.
    pub low: Option<f64>,
    /// Belief + uncertainty: where it would lie if all not yet known went
    /// well. Null only with no evidence at all.
    pub high: Option<f64>,
    pub uncertainty: f64,
    /// Words about the relationship, never about the person.
    pub label: String,
    /// Counts (not decayed) of what feeds my opinion of them.
    pub evidence: EvidenceOut,
}

/// What my opinion of a colleague rests on, counted.
#[derive(Serialize, ToSchema)]
pub struct EvidenceOut {
    /// Outcomes of what I delegated to them.
    pub delivered: u32,
    pub partly: u32,
    pub missed: u32,
    /// Their help that I marked "this helped".
    pub helped: u32,
    /// Our check-ins, revealed to both.
    pub check_ins: u32,
}

#[derive(Serialize, ToSchema)]
pub struct RelationshipOut {
    pub person: PersonRefOut,
    pub trust: TrustOut,
    /// The evidence in words ("2 delivered, 1 partly, last in October");
    /// empty with no evidence.
    pub evidence_words: String,
    /// Delegations and help requests I addressed to them, and they to me.
    pub asked_out: u32,
    pub asked_in: u32,
    /// Reliance both ways in words.
    pub reliance_words: String,
    /// How much I rely on them (decayed count of my delegations and asks).
    pub reliance_out: f64,
    /// How much they rely on me.
    pub reliance_in: f64,
    pub reciprocity: f64,
    pub one_way: bool,
    pub last_interaction: Option<DateTime<Utc>>,
}

impl From<RelationshipView> for RelationshipOut {
    fn from(r: RelationshipView) -> Self {
        RelationshipOut {
            person: r.person.into(),
            trust: TrustOut {
                value: r.trust.value,
                low: r.trust.range.map(|(low, _)| low),
                high: r.trust.range.map(|(_, high)| high),
                uncertainty: r.trust.uncertainty,
                label: r.trust.label.into(),
                evidence: EvidenceOut {
                    delivered: r.grounds.evidence.delivered,
                    partly: r.grounds.evidence.partly,
                    missed: r.grounds.evidence.missed,
                    helped: r.grounds.evidence.helped,
                    check_ins: r.grounds.evidence.check_ins,
                },
            },
            evidence_words: r.grounds.evidence_words,
            asked_out: r.grounds.asked_out,
            asked_in: r.grounds.asked_in,
            reliance_words: r.grounds.reliance_words,
            reliance_out: r.reliance_out,
            reliance_in: r.reliance_in,
            reciprocity: r.reciprocity,
            one_way: r.one_way,
            last_interaction: r.last_interaction,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SummaryOut {
    /// Decayed volume of my delegations and asks.
    pub trust_extended_volume: f64,
    /// Relative to the organization's median (1 is typical).
    pub trust_extended_ratio: f64,
    /// Distinct people I relied on lately.
    pub breadth: u32,
    pub help_asked_90_days: u32,
    pub mean_reciprocity: f64,
    /// The pattern in plain words.
    pub sentences: Vec<String>,
    /// One thing to try next.
    pub next_step: String,
}

impl From<Summary> for SummaryOut {
    fn from(s: Summary) -> Self {
        SummaryOut {
            trust_extended_volume: s.trust_extended_volume,
            trust_extended_ratio: s.trust_extended_ratio,
            breadth: s.breadth,
            help_asked_90_days: s.help_asked_90_days,
            mean_reciprocity: s.mean_reciprocity,
            sentences: s.sentences,
            next_step: s.next_step,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RelationshipsPage {
    pub summary: SummaryOut,
    pub items: Vec<RelationshipOut>,
    pub next_cursor: Option<String>,
}

/// Every colleague I have interacted with, most recent first, and my summary.
#[utoipa::path(get, path = "/api/v1/me/relationships", tag = "relationships", params(PageQuery),
    responses((status = 200, body = RelationshipsPage), (status = 422, body = ErrorBody)))]
async fn list_relationships(
    State(app): State<AppState>,
    actor: Actor,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<RelationshipsPage>> {
    let p = ops::picture(&app, &actor, &page.page()?).await?;
    Ok(Json(RelationshipsPage {
        summary: p.summary.into(),
        items: p.relationships.items.into_iter().map(Into::into).collect(),
        next_cursor: p.relationships.next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RelationshipDetail {
    #[serde(flatten)]
    pub relationship: RelationshipOut,
    /// Everything delegated between us, either way: ours, both of us see it.
    pub delegations: Vec<DelegationOut>,
    pub delivered: u32,
    pub partly: u32,
    pub missed: u32,
}

/// My relationship with one colleague and our shared history.
#[utoipa::path(get, path = "/api/v1/me/relationships/{person_id}", tag = "relationships",
    params(("person_id" = PersonId, Path)),
    responses((status = 200, body = RelationshipDetail), (status = 404, body = ErrorBody)))]
async fn get_relationship(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<PersonId>,
) -> AppResult<Json<RelationshipDetail>> {
    let r = ops::relationship(&app, &actor, id).await?;
    Ok(Json(RelationshipDetail {
        relationship: r.relationship.into(),
        delegations: r.delegations.into_iter().map(Into::into).collect(),
        delivered: r.delivered,
        partly: r.partly,
        missed: r.missed,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct NotificationOut {
    pub id: uuid::Uuid,
    pub text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationsPage {
    pub unread: i64,
    pub items: Vec<NotificationOut>,
    pub next_cursor: Option<String>,
}

/// My notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "relationships", params(PageQuery),
    responses((status = 200, body = NotificationsPage), (status = 422, body = ErrorBody)))]
async fn list_notifications(
    State(app): State<AppState>,
    actor: Actor,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<NotificationsPage>> {
    let inbox = notifications::list(&app, &actor, &page.page()?).await?;
    Ok(Json(NotificationsPage {
        unread: inbox.unread,
        items: inbox
            .page
            .items
            .into_iter()
            .map(|n| NotificationOut {
                id: n.id,
                text: n.text,
                link: n.link,
                created_at: n.created_at,
                read: n.read,
            })
            .collect(),
        next_cursor: inbox.page.next_cursor,
    }))
}

/// Marks all my notifications read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "relationships", responses((status = 204)))]
async fn read_notifications(
    State(app): State<AppState>,
    actor: Actor,
) -> AppResult<axum::http::StatusCode> {
    notifications::mark_all_read(&app, &actor).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
