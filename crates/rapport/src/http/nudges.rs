//! Nudges over JSON: my suggestions now, and what I did with one, through
//! `app::nudges`.

use super::{ErrorBody, IdPath};
use crate::AppState;
use crate::app::nudges::{self as ops, Answer, DEFAULT_SNOOZE_DAYS, NudgeState, NudgeView};
use crate::app::{Actor, AppResult};
use axum::Json;
use axum::extract::State;
use rapport_core::NudgeId;
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

/// A suggestion as the person sees it.
#[derive(Serialize, ToSchema)]
pub struct NudgeOut {
    pub id: NudgeId,
    /// first_trust, second_chance, ask_for_help, reciprocate, reconnect,
    /// check_in, meet or learn.
    pub kind: String,
    /// Why this was suggested, in plain words.
    pub reason: String,
    /// The colleague it is about, if any.
    pub person: Option<super::PersonRefOut>,
    /// Where to act on it.
    pub link: String,
    /// What the link does, as a button label.
    pub action: String,
}

impl From<NudgeView> for NudgeOut {
    fn from(n: NudgeView) -> Self {
        NudgeOut {
            id: n.id,
            kind: n.kind.into(),
            reason: n.reason,
            person: n.person.map(Into::into),
            link: n.link.path(),
            action: n.action.into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NudgesPage {
    pub items: Vec<NudgeOut>,
    /// Always null: the few suggestions of the week fit one page.
    pub next_cursor: Option<String>,
}

/// My suggestions now, reflecting every event recorded before the request.
#[utoipa::path(get, path = "/api/v1/me/nudges", tag = "nudges", responses((status = 200, body = NudgesPage)))]
async fn list_nudges(State(app): State<AppState>, actor: Actor) -> AppResult<Json<NudgesPage>> {
    Ok(Json(NudgesPage {
        items: ops::nudges_for(&app, &actor)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
        next_cursor: None,
    }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = NudgeState)]
pub struct NudgeStateOut {
    pub id: NudgeId,
    /// done, dismissed or snoozed.
    pub state: String,
    pub snoozed_until: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<NudgeState> for NudgeStateOut {
    fn from(n: NudgeState) -> Self {
        NudgeStateOut {
            id: n.id,
            state: n.state,
            snoozed_until: n.snoozed_until,
        }
    }
}

async fn answer(
    app: &AppState,
    actor: &Actor,
    id: NudgeId,
    a: Answer,
) -> AppResult<Json<NudgeStateOut>> {
    Ok(Json(ops::answer(app, actor, id, a).await?.into()))
}

/// I did it.
#[utoipa::path(post, path = "/api/v1/nudges/{id}/done", tag = "nudges", params(("id" = NudgeId, Path)),
    responses((status = 200, body = NudgeStateOut), (status = 404, body = ErrorBody)))]
async fn done(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<NudgeId>,
) -> AppResult<Json<NudgeStateOut>> {
    answer(&app, &actor, id, Answer::Done).await
}

/// Not for me: never shown again.
#[utoipa::path(post, path = "/api/v1/nudges/{id}/dismiss", tag = "nudges", params(("id" = NudgeId, Path)),
    responses((status = 200, body = NudgeStateOut), (status = 404, body = ErrorBody)))]
async fn dismiss(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<NudgeId>,
) -> AppResult<Json<NudgeStateOut>> {
    answer(&app, &actor, id, Answer::Dismiss).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnoozeBody {
    /// 1 to 90; 7 when the body is empty.
    pub days: i64,
}

/// Not now: hidden for a while (a week unless the body says).
#[utoipa::path(post, path = "/api/v1/nudges/{id}/snooze", tag = "nudges", params(("id" = NudgeId, Path)),
    request_body(content = Option<SnoozeBody>),
    responses((status = 200, body = NudgeStateOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn snooze(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<NudgeId>,
    body: axum::body::Bytes,
) -> AppResult<Json<NudgeStateOut>> {
    let days = super::extract::optional_json::<Option<SnoozeBody>>(&body)?
        .map_or(DEFAULT_SNOOZE_DAYS, |b| b.days);
    answer(&app, &actor, id, Answer::Snooze { days }).await
}
