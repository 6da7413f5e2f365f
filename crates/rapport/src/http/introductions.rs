//! Get-to-know introductions: opt in, snooze, "don't pair me with", and the
//! introductions made each round, each marked done or skipped.

use super::ApiJson;
use super::delegations::PersonRef;
use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::Admin;
use crate::habits;
use crate::http::ErrorBody;
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use rapport_core::{IntroductionId, InvalidValue, PersonId, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_introductions))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(done))
        .routes(routes!(skip))
        .routes(routes!(invite_team))
}

#[derive(Serialize, ToSchema)]
pub struct IntroductionOut {
    pub id: IntroductionId,
    pub person: PersonRef,
    /// pending, done or skipped: my own answer.
    pub my_state: String,
    pub created_at: DateTime<Utc>,
    /// Something to talk about, from both profiles.
    pub topics: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IntroductionsPage {
    pub items: Vec<IntroductionOut>,
    pub next_cursor: Option<String>,
}

pub async fn introductions(state: &AppState, actor: &Actor) -> AppResult<Vec<IntroductionOut>> {
    let me = &actor.person;
    let list = state.store.list_introductions(me.org_id, me.id, 50).await?;
    let others: Vec<_> = list.iter().map(|i| i.other.0).collect();
    let topics = habits::introduction_topics(state, me.org_id, me.id, &others).await?;
    Ok(list
        .into_iter()
        .zip(topics)
        .map(|(i, topics)| IntroductionOut {
            id: i.id,
            person: PersonRef {
                id: i.other.0,
                name: i.other.1,
            },
            my_state: i.my_state,
            created_at: i.created_at,
            topics,
        })
        .collect())
}

/// My introductions, newest first.
#[utoipa::path(get, path = "/api/v1/me/introductions", tag = "introductions", responses((status = 200, body = IntroductionsPage)))]
async fn list_introductions(
    State(state): State<AppState>,
    actor: Actor,
) -> AppResult<Json<IntroductionsPage>> {
    Ok(Json(IntroductionsPage {
        items: introductions(&state, &actor).await?,
        next_cursor: None,
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Take part in introductions.
    pub opted_in: bool,
    /// No introductions until then.
    #[serde(default)]
    pub snoozed_until: Option<DateTime<Utc>>,
    /// "Don't pair me with" these people.
    #[serde(default)]
    pub dont_pair_with: Vec<PersonId>,
    /// An admin invited my team (read only).
    #[serde(default, skip_deserializing)]
    pub invited: bool,
}

async fn settings(state: &AppState, actor: &Actor) -> AppResult<Settings> {
    let p = state.store.intro_prefs(actor.person.id).await?;
    Ok(Settings {
        opted_in: p.opted_in,
        snoozed_until: p.snoozed_until,
        dont_pair_with: p.blocked.into_iter().map(|(id, _)| id).collect(),
        invited: p.invited,
    })
}

/// My introduction settings.
#[utoipa::path(get, path = "/api/v1/me/introduction-settings", tag = "introductions", responses((status = 200, body = Settings)))]
async fn get_settings(State(state): State<AppState>, actor: Actor) -> AppResult<Json<Settings>> {
    Ok(Json(settings(&state, &actor).await?))
}

/// Replaces my introduction settings.
pub async fn save_settings(state: &AppState, actor: &Actor, s: &Settings) -> AppResult<()> {
    let me = &actor.person;
    if s.dont_pair_with.contains(&me.id) {
        return Err(InvalidValue::new("dont_pair_with", "list other people, not yourself").into());
    }
    let now = state.now();
    state
        .store
        .set_intro_prefs(me.id, s.opted_in, s.snoozed_until.filter(|t| *t > now), now)
        .await?;
    let current = state.store.intro_prefs(me.id).await?.blocked;
    for (id, _) in &current {
        if !s.dont_pair_with.contains(id) {
            state
                .store
                .set_intro_block(me.org_id, me.id, *id, false)
                .await?;
        }
    }
    for id in &s.dont_pair_with {
        state
            .store
            .set_intro_block(me.org_id, me.id, *id, true)
            .await?;
    }
    Ok(())
}

#[utoipa::path(put, path = "/api/v1/me/introduction-settings", tag = "introductions", request_body = Settings,
    responses((status = 200, body = Settings), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(s): ApiJson<Settings>,
) -> AppResult<Json<Settings>> {
    save_settings(&state, &actor, &s).await?;
    Ok(Json(settings(&state, &actor).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Answered {
    pub id: IntroductionId,
    pub my_state: String,
}

/// We met.
#[utoipa::path(post, path = "/api/v1/introductions/{id}/done", tag = "introductions",
    responses((status = 200, body = Answered), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn done(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IntroductionId>,
) -> AppResult<Json<Answered>> {
    answer(&state, &actor, id, "done").await.map(Json)
}

/// Not this time.
#[utoipa::path(post, path = "/api/v1/introductions/{id}/skip", tag = "introductions",
    responses((status = 200, body = Answered), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn skip(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<IntroductionId>,
) -> AppResult<Json<Answered>> {
    answer(&state, &actor, id, "skipped").await.map(Json)
}

pub async fn answer(
    state: &AppState,
    actor: &Actor,
    id: IntroductionId,
    what: &'static str,
) -> AppResult<Answered> {
    let me = &actor.person;
    state
        .store
        .answer_introduction(me.org_id, id, me.id, what, state.now())
        .await?;
    Ok(Answered {
        id,
        my_state: what.to_string(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct Invited {
    pub invited: u64,
}

/// Invites a team to join introductions (admin): each member is told and
/// decides for themselves.
#[utoipa::path(post, path = "/api/v1/teams/{id}/introductions-invite", tag = "introductions",
    responses((status = 200, body = Invited), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn invite_team(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<TeamId>,
) -> AppResult<Json<Invited>> {
    let invited = invite_team_to_introductions(&state, &admin, id).await?;
    Ok(Json(Invited { invited }))
}

/// Invites a team's members to introductions, recorded in the audit log.
pub async fn invite_team_to_introductions(
    state: &AppState,
    admin: &Actor,
    team: TeamId,
) -> AppResult<u64> {
    let org = admin.person.org_id;
    let invited = state
        .store
        .invite_team_to_introductions(org, team, state.now())
        .await?;
    state
        .store
        .record_audit(
            org,
            Some(admin.person.id),
            "introductions.invite_team",
            &team.to_string(),
            &format!("{invited} people"),
            state.now(),
        )
        .await?;
    Ok(invited)
}
