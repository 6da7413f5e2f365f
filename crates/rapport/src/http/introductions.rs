//! Get-to-know introductions over JSON: my introductions and settings, my
//! answer to one, and an admin's invitation of a team; through
//! `app::introductions`.

use super::{ApiJson, ErrorBody, IdPath, PersonRefOut};
use crate::AppState;
use crate::app::introductions::{self as ops, Answer, IntroductionView, NewSettings};
use crate::app::{Actor, AppResult};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use rapport_core::{IntroductionId, PersonId, TeamId};
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
    pub person: PersonRefOut,
    /// pending, done or skipped: my own answer.
    pub my_state: String,
    pub created_at: DateTime<Utc>,
    /// Something to talk about, from both profiles.
    pub topics: Vec<String>,
}

impl From<IntroductionView> for IntroductionOut {
    fn from(i: IntroductionView) -> Self {
        IntroductionOut {
            id: i.id,
            person: i.person.into(),
            my_state: i.my_state,
            created_at: i.created_at,
            topics: i.topics,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct IntroductionsPage {
    pub items: Vec<IntroductionOut>,
    /// Always null: the recent introductions fit one page.
    pub next_cursor: Option<String>,
}

/// My introductions, newest first.
#[utoipa::path(get, path = "/api/v1/me/introductions", tag = "introductions", responses((status = 200, body = IntroductionsPage)))]
async fn list_introductions(
    State(app): State<AppState>,
    actor: Actor,
) -> AppResult<Json<IntroductionsPage>> {
    Ok(Json(IntroductionsPage {
        items: ops::list(&app, &actor)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
        next_cursor: None,
    }))
}

/// My introduction settings as I set them.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// Take part in introductions.
    pub opted_in: bool,
    /// No introductions until then.
    #[serde(default)]
    pub snoozed_until: Option<DateTime<Utc>>,
    /// "Don't pair me with" these people.
    #[serde(default)]
    pub dont_pair_with: Vec<PersonId>,
}

/// My introduction settings.
#[derive(Serialize, ToSchema)]
pub struct Settings {
    /// Take part in introductions.
    pub opted_in: bool,
    /// No introductions until then.
    pub snoozed_until: Option<DateTime<Utc>>,
    /// "Don't pair me with" these people.
    pub dont_pair_with: Vec<PersonId>,
    /// An admin invited my team.
    pub invited: bool,
}

async fn settings(app: &AppState, actor: &Actor) -> AppResult<Settings> {
    let s = ops::settings(app, actor).await?;
    Ok(Settings {
        opted_in: s.opted_in,
        snoozed_until: s.snoozed_until,
        dont_pair_with: s.dont_pair_with.into_iter().map(|p| p.id).collect(),
        invited: s.invited,
    })
}

/// My introduction settings.
#[utoipa::path(get, path = "/api/v1/me/introduction-settings", tag = "introductions", responses((status = 200, body = Settings)))]
async fn get_settings(State(app): State<AppState>, actor: Actor) -> AppResult<Json<Settings>> {
    Ok(Json(settings(&app, &actor).await?))
}

/// Replaces my introduction settings.
#[utoipa::path(put, path = "/api/v1/me/introduction-settings", tag = "introductions", request_body = SettingsBody,
    responses((status = 200, body = Settings), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(app): State<AppState>,
    actor: Actor,
    ApiJson(s): ApiJson<SettingsBody>,
) -> AppResult<Json<Settings>> {
    let new = NewSettings {
        opted_in: s.opted_in,
        snoozed_until: s.snoozed_until,
        dont_pair_with: s.dont_pair_with,
    };
    ops::save_settings(&app, &actor, &new).await?;
    Ok(Json(settings(&app, &actor).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Answered {
    pub id: IntroductionId,
    pub my_state: String,
}

async fn answer(
    app: &AppState,
    actor: &Actor,
    id: IntroductionId,
    a: Answer,
) -> AppResult<Json<Answered>> {
    let a = ops::answer(app, actor, id, a).await?;
    Ok(Json(Answered {
        id,
        my_state: a.as_str().into(),
    }))
}

/// We met.
#[utoipa::path(post, path = "/api/v1/introductions/{id}/done", tag = "introductions", params(("id" = IntroductionId, Path)),
    responses((status = 200, body = Answered), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn done(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<IntroductionId>,
) -> AppResult<Json<Answered>> {
    answer(&app, &actor, id, Answer::Done).await
}

/// Not this time.
#[utoipa::path(post, path = "/api/v1/introductions/{id}/skip", tag = "introductions", params(("id" = IntroductionId, Path)),
    responses((status = 200, body = Answered), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn skip(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<IntroductionId>,
) -> AppResult<Json<Answered>> {
    answer(&app, &actor, id, Answer::Skip).await
}

#[derive(Serialize, ToSchema)]
pub struct Invited {
    pub invited: u64,
}

/// Invites a team to join introductions (admin): each member is told and
/// decides for themselves.
#[utoipa::path(post, path = "/api/v1/teams/{id}/introductions-invite", tag = "introductions", params(("id" = TeamId, Path)),
    responses((status = 200, body = Invited), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn invite_team(
    State(app): State<AppState>,
    Admin(admin): Admin,
    IdPath(id): IdPath<TeamId>,
) -> AppResult<Json<Invited>> {
    let invited = ops::invite_team(&app, &admin, id).await?;
    Ok(Json(Invited { invited }))
}
