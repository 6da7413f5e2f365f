//! Nudges: at most a few suggestions a week, each with its reason, that
//! the person can mark done, dismiss for good, or snooze.

use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::habits::{self, NudgeOut};
use crate::http::ErrorBody;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rapport_core::{InvalidValue, NudgeId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_nudges))
        .routes(routes!(done))
        .routes(routes!(dismiss))
        .routes(routes!(snooze))
}

/// How long a snooze lasts when the body does not say.
pub const DEFAULT_SNOOZE_DAYS: i64 = 7;

#[derive(Serialize, ToSchema)]
pub struct NudgesPage {
    pub items: Vec<NudgeOut>,
    pub next_cursor: Option<String>,
}

/// My suggestions now, reflecting every event recorded before the request.
#[utoipa::path(get, path = "/api/v1/me/nudges", tag = "nudges", responses((status = 200, body = NudgesPage)))]
async fn list_nudges(State(state): State<AppState>, actor: Actor) -> AppResult<Json<NudgesPage>> {
    Ok(Json(NudgesPage {
        items: habits::nudges_for(&state, &actor).await?,
        next_cursor: None,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct NudgeState {
    pub id: NudgeId,
    /// done, dismissed or snoozed.
    pub state: String,
    pub snoozed_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// Records what the person did with one of their nudges.
pub async fn set(
    state: &AppState,
    actor: &Actor,
    id: NudgeId,
    what: &'static str,
    snooze_days: Option<i64>,
) -> AppResult<NudgeState> {
    let now = state.now();
    let until = snooze_days.map(|d| now + chrono::Duration::days(d));
    let n = state
        .store
        .set_nudge_state(actor.person.id, id, what, until, now)
        .await?;
    Ok(NudgeState {
        id: n.id,
        state: n.state,
        snoozed_until: n.snoozed_until,
    })
}

/// I did it.
#[utoipa::path(post, path = "/api/v1/nudges/{id}/done", tag = "nudges",
    responses((status = 200, body = NudgeState), (status = 404, body = ErrorBody)))]
async fn done(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<NudgeId>,
) -> AppResult<Json<NudgeState>> {
    Ok(Json(set(&state, &actor, id, "done", None).await?))
}

/// Not for me: never shown again.
#[utoipa::path(post, path = "/api/v1/nudges/{id}/dismiss", tag = "nudges",
    responses((status = 200, body = NudgeState), (status = 404, body = ErrorBody)))]
async fn dismiss(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<NudgeId>,
) -> AppResult<Json<NudgeState>> {
    Ok(Json(set(&state, &actor, id, "dismissed", None).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnoozeBody {
    /// 1 to 90; 7 when the body is empty.
    pub days: i64,
}

/// Not now: hidden for a while (a week unless the body says).
#[utoipa::path(post, path = "/api/v1/nudges/{id}/snooze", tag = "nudges", request_body(content = Option<SnoozeBody>),
    responses((status = 200, body = NudgeState), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn snooze(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<NudgeId>,
    body: axum::body::Bytes,
) -> AppResult<(StatusCode, Json<NudgeState>)> {
    let days = super::extract::optional_json::<Option<SnoozeBody>>(&body)?
        .map_or(DEFAULT_SNOOZE_DAYS, |b| b.days);
    if !(1..=90).contains(&days) {
        return Err(InvalidValue::new("days", "must be 1 to 90").into());
    }
    Ok((
        StatusCode::OK,
        Json(set(&state, &actor, id, "snoozed", Some(days)).await?),
    ))
}
