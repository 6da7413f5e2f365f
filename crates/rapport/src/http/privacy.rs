//! My data: export everything rapport holds about me, or delete my account.

use super::ApiJson;
use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::{clear_session_cookie, is_https};
use crate::http::ErrorBody;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export))
        .routes(routes!(delete_me))
}

/// Everything rapport holds about me, as one JSON document (a download).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "auth", responses((status = 200, description = "the export, as JSON")))]
async fn export(State(state): State<AppState>, actor: Actor) -> AppResult<Response> {
    let body = crate::privacy::export(&state, &actor).await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"rapport-my-data.json\"",
        )],
        axum::Json(body),
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteBody {
    /// My password, to confirm.
    pub password: String,
}

/// Deletes my account, my events and what was recorded between me and
/// others; figures are recomputed without me. The last admin cannot.
#[utoipa::path(delete, path = "/api/v1/me", tag = "auth", request_body = DeleteBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_me(
    State(state): State<AppState>,
    headers: HeaderMap,
    actor: Actor,
    ApiJson(b): ApiJson<DeleteBody>,
) -> AppResult<Response> {
    crate::privacy::delete_account(&state, &actor, b.password).await?;
    let secure = is_https(&headers, &state);
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_session_cookie(secure))],
    )
        .into_response())
}
