//! My private trust picture: for each colleague I have interacted with,
//! trust in words (and a number once there is enough history), reliance
//! both ways, reciprocity and the history we share. My figures about a
//! colleague are mine alone: every route here reads the signed-in
//! person's own side only.

use super::delegations::{DelegationOut, PersonRef};
use crate::app::Actor;
use crate::app::AppResult;
use crate::http::ErrorBody;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, TimeZone, Utc};
use rapport_core::PersonId;
use rapport_core::summary::{SummaryFigures, personal_summary};
use rapport_core::trust::{Relationship, Time};
use serde::Serialize;
use std::collections::HashMap;
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
    /// Null while there is not enough history.
    pub value: Option<f64>,
    pub uncertainty: f64,
    /// Words about the relationship, never about the person.
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct RelationshipOut {
    pub person: PersonRef,
    pub trust: TrustOut,
    /// How much I rely on them (decayed count of my delegations and asks).
    pub reliance_out: f64,
    /// How much they rely on me.
    pub reliance_in: f64,
    pub reciprocity: f64,
    pub one_way: bool,
    pub last_interaction: Option<DateTime<Utc>>,
}

fn time_of(t: Time) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(i64::from(t.0) * 60, 0).single()
}

/// A relationship's figure as listed: three decimals.
fn entry_figure(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn entry(person: PersonRef, r: Relationship) -> RelationshipOut {
    let round = entry_figure;
    RelationshipOut {
        person,
        trust: TrustOut {
            value: r.trust.value.map(round),
            uncertainty: round(r.trust.uncertainty),
            label: r.trust.label.text().to_string(),
        },
        reliance_out: round(r.reliance_out),
        reliance_in: round(r.reliance_in),
        reciprocity: round(r.reciprocity),
        one_way: r.one_way,
        last_interaction: r.last_interaction.and_then(time_of),
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

#[derive(Serialize, ToSchema)]
pub struct RelationshipsPage {
    pub summary: SummaryOut,
    pub items: Vec<RelationshipOut>,
    pub next_cursor: Option<String>,
}

/// Every colleague I have interacted with, most recent first, and my summary.
#[utoipa::path(get, path = "/api/v1/me/relationships", tag = "relationships", responses((status = 200, body = RelationshipsPage)))]
pub async fn list_relationships(
    State(state): State<AppState>,
    actor: Actor,
) -> AppResult<Json<RelationshipsPage>> {
    Ok(Json(relationships(&state, &actor).await?))
}

/// How many times a person asked for help in the last 90 days.
pub async fn asks_in_90_days(state: &AppState, actor: &Actor) -> AppResult<u32> {
    let me = &actor.person;
    let since = state.now() - chrono::Duration::days(90);
    let n = state
        .store
        .count_events_from(
            me.org_id,
            me.id,
            rapport_core::events::Kind::HelpAsked,
            since,
        )
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub async fn relationships(state: &AppState, actor: &Actor) -> AppResult<RelationshipsPage> {
    let fresh = state.trust.fresh(&state.store, actor.person.org_id).await?;
    relationships_with(state, actor, &fresh).await
}

/// Everyone I have interacted with, and the minute of our latest
/// interaction: whom the engine knows from our events, and whom I only had
/// a check-in with (starting one is an event the engine does not model).
/// Read from memory and one short query, whatever the length of my history.
async fn partners(
    state: &AppState,
    actor: &Actor,
    fresh: &crate::engine::Fresh,
) -> AppResult<HashMap<PersonId, u32>> {
    let me = &actor.person;
    let mut last: HashMap<PersonId, u32> = fresh
        .facts()
        .partners_of(me.id)
        .map(|(p, t)| (p, t.0))
        .collect();
    for (other, started) in state.store.check_in_partners(me.org_id, me.id).await? {
        let t = Time::from(started).0;
        last.entry(other)
            .and_modify(|l| *l = (*l).max(t))
            .or_insert(t);
    }
    Ok(last)
}

/// The same, on an engine state the caller already brought up to date
/// (a page that also shows nudges checks freshness once).
pub async fn relationships_with(
    state: &AppState,
    actor: &Actor,
    fresh: &crate::engine::Fresh,
) -> AppResult<RelationshipsPage> {
    let me = &actor.person;
    let at = Time::from(state.now());
    let last = partners(state, actor, fresh).await?;
    let ids: Vec<PersonId> = last.keys().copied().collect();
    let mut names = state.store.names_of(me.org_id, &ids).await?;
    let mut partners: Vec<(u32, PersonRef)> = last
        .into_iter()
        .filter_map(|(id, t)| {
            Some((
                t,
                PersonRef {
                    id,
                    name: names.remove(&id)?,
                },
            ))
        })
        .collect();
    // Most recent first.
    partners.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let items: Vec<RelationshipOut> = partners
        .into_iter()
        .map(|(_, p)| {
            let r = fresh.ledger().relationship(me.id, p.id, at);
            entry(p, r)
        })
        .collect();
    let summary = summary_with(state, actor, fresh, items.iter().map(|i| i.reciprocity)).await?;
    Ok(RelationshipsPage {
        summary,
        items,
        next_cursor: None,
    })
}

/// The one thing to try next, as the summary says it (the home page shows
/// only this: it needs no names).
pub async fn next_step(
    state: &AppState,
    actor: &Actor,
    fresh: &crate::engine::Fresh,
) -> AppResult<String> {
    let me = actor.person.id;
    let at = Time::from(state.now());
    let partners = partners(state, actor, fresh).await?;
    let reciprocity = partners
        .keys()
        .map(|&p| entry_figure(fresh.ledger().relationship(me, p, at).reciprocity));
    Ok(summary_with(state, actor, fresh, reciprocity)
        .await?
        .next_step)
}

/// My summary in words, from my trust extended, my asks and the
/// reciprocity of each relationship as listed.
async fn summary_with(
    state: &AppState,
    actor: &Actor,
    fresh: &crate::engine::Fresh,
    reciprocity: impl ExactSizeIterator<Item = f64>,
) -> AppResult<SummaryOut> {
    let me = &actor.person;
    let at = Time::from(state.now());
    let asks = asks_in_90_days(state, actor).await?;
    let extended = fresh
        .extended_of(&state.store, me.org_id, me.id, at)
        .await?;
    let partners = reciprocity.len();
    let mean_reciprocity = if partners == 0 {
        0.0
    } else {
        reciprocity.sum::<f64>() / partners as f64
    };
    let (volume, ratio, breadth) =
        extended.map_or((0.0, 0.0, 0), |e| (e.volume, e.volume_ratio, e.breadth));
    let figures = SummaryFigures {
        volume_ratio: ratio,
        breadth,
        asks_90d: asks,
        mean_reciprocity,
        partners: partners as u32,
    };
    let (sentences, next_step) = personal_summary(&figures);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    Ok(SummaryOut {
        trust_extended_volume: round(volume),
        trust_extended_ratio: round(ratio),
        breadth,
        help_asked_90_days: asks,
        mean_reciprocity: round(mean_reciprocity),
        sentences,
        next_step,
    })
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
    responses((status = 200, body = RelationshipDetail), (status = 404, body = ErrorBody)))]
pub async fn get_relationship(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<RelationshipDetail>> {
    let id = PersonId::parse(&id).ok_or(AppError::NotFound)?;
    Ok(Json(relationship(&state, &actor, id).await?))
}

pub async fn relationship(
    state: &AppState,
    actor: &Actor,
    other: PersonId,
) -> AppResult<RelationshipDetail> {
    let me = &actor.person;
    let p = state.store.person(me.org_id, other).await?;
    if p.id == me.id {
        return Err(AppError::NotFound);
    }
    let now = state.now();
    let at = Time::from(now);
    let r = state
        .trust
        .read(&state.store, me.org_id, |l| {
            l.relationship(me.id, other, at)
        })
        .await?;
    let between = state
        .store
        .delegations_between(me.org_id, me.id, other)
        .await?;
    let count = |o: &str| {
        between
            .iter()
            .filter(|d| d.outcome.as_deref() == Some(o) && d.disputed_at.is_none())
            .count() as u32
    };
    let (delivered, partly, missed) = (count("delivered"), count("partly"), count("missed"));
    Ok(RelationshipDetail {
        relationship: entry(
            PersonRef {
                id: p.id,
                name: p.name,
            },
            r,
        ),
        delegations: between
            .into_iter()
            .map(|d| DelegationOut::new(d, me.id, now))
            .collect(),
        delivered,
        partly,
        missed,
    })
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
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "relationships", responses((status = 200, body = NotificationsPage)))]
async fn list_notifications(
    State(state): State<AppState>,
    actor: Actor,
) -> AppResult<Json<NotificationsPage>> {
    let (items, unread) = state.store.notifications(actor.person.id, 100).await?;
    let items = items
        .into_iter()
        .map(|n| NotificationOut {
            id: n.id,
            text: n.text,
            link: n.link,
            created_at: n.created_at,
            read: n.read,
        })
        .collect();
    Ok(Json(NotificationsPage {
        unread,
        items,
        next_cursor: None,
    }))
}

/// Marks all my notifications read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "relationships", responses((status = 204)))]
async fn read_notifications(
    State(state): State<AppState>,
    actor: Actor,
) -> AppResult<axum::http::StatusCode> {
    state
        .store
        .mark_notifications_read(actor.person.id, state.now())
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
