//! Personal access tokens for scripts: shown once, stored hashed, revocable.

use super::{ApiJson, ErrorBody, IdPath};
use crate::AppState;
use crate::app::{Actor, AppResult, sessions};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::TokenId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenBody {
    /// What the token is for, such as "weekly report script".
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    id: TokenId,
    /// The secret: shown this once. Send it as `Authorization: Bearer <token>`.
    token: String,
}

/// Creates a token for the signed-in person.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "auth", request_body = CreateTokenBody,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CreateTokenBody>,
) -> AppResult<(StatusCode, Json<CreatedToken>)> {
    let (id, token) = sessions::issue_token(&state, &actor, &body.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { id, token })))
}

#[derive(Serialize, ToSchema)]
pub struct TokenOut {
    id: TokenId,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct TokensPage {
    items: Vec<TokenOut>,
    next_cursor: Option<String>,
}

/// My tokens (never their secrets), newest first; they fit one page.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "auth", responses((status = 200, body = TokensPage)))]
async fn list_tokens(State(state): State<AppState>, actor: Actor) -> AppResult<Json<TokensPage>> {
    let items = sessions::tokens(&state, &actor).await?;
    let items = items
        .into_iter()
        .map(|t| TokenOut {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
        .collect();
    Ok(Json(TokensPage {
        items,
        next_cursor: None,
    }))
}

/// Revokes one of my tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "auth", params(("id" = TokenId, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<TokenId>,
) -> AppResult<StatusCode> {
    sessions::revoke_token(&state, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
