//! Appreciation over JSON: thank someone, privately or visibly to their
//! team; the thanks I may see. Each a call to `app::thanks`.

use super::{ApiJson, ApiQuery, ErrorBody, PageQuery, PersonRefOut};
use crate::AppState;
use crate::app::thanks::{self as ops, Draft, ThanksView};
use crate::app::{Actor, AppResult};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::{AppreciationId, DelegationId, HelpRequestId, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_appreciations, create_appreciation))
}

#[derive(Serialize, ToSchema)]
pub struct AppreciationOut {
    pub id: AppreciationId,
    pub from: PersonRefOut,
    pub to: PersonRefOut,
    pub message: String,
    /// private or team.
    pub visibility: String,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
    pub created_at: DateTime<Utc>,
}

impl From<ThanksView> for AppreciationOut {
    fn from(a: ThanksView) -> Self {
        AppreciationOut {
            id: a.id,
            from: a.from.into(),
            to: a.to.into(),
            message: a.message,
            visibility: a.visibility.as_str().into(),
            delegation_id: a.delegation_id,
            help_request_id: a.help_request_id,
            created_at: a.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThanksBody {
    pub to: PersonId,
    pub message: String,
    /// private (the two of you) or team (their team sees it too).
    #[serde(default)]
    pub visibility: String,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
}

/// Thanks someone.
#[utoipa::path(post, path = "/api/v1/appreciations", tag = "help", request_body = ThanksBody,
    responses((status = 201, body = AppreciationOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_appreciation(
    State(app): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<ThanksBody>,
) -> AppResult<(StatusCode, Json<AppreciationOut>)> {
    let draft = Draft {
        to: Some(b.to),
        message: b.message,
        visibility: b.visibility,
        delegation_id: b.delegation_id,
        help_request_id: b.help_request_id,
    };
    Ok((
        StatusCode::CREATED,
        Json(ops::thank(&app, &actor, draft).await?.into()),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct AppreciationsPage {
    items: Vec<AppreciationOut>,
    next_cursor: Option<String>,
}

/// Thanks I gave or received, and thanks shared with my team.
#[utoipa::path(get, path = "/api/v1/appreciations", tag = "help", params(PageQuery),
    responses((status = 200, body = AppreciationsPage), (status = 422, body = ErrorBody)))]
async fn list_appreciations(
    State(app): State<AppState>,
    actor: Actor,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<AppreciationsPage>> {
    let found = ops::list(&app, &actor, &page.page()?).await?;
    Ok(Json(AppreciationsPage {
        items: found.items.into_iter().map(Into::into).collect(),
        next_cursor: found.next_cursor,
    }))
}
