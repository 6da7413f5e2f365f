//! Personal access tokens for scripts: shown once, stored hashed, revocable.

use super::ApiJson;
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::{hash_secret, new_secret};
use crate::http::ErrorBody;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::{Name, TokenId};
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
    let (id, token) = issue_token(&state, &actor, &body.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { id, token })))
}

pub async fn issue_token(
    state: &AppState,
    actor: &Actor,
    name: &str,
) -> AppResult<(TokenId, String)> {
    let name = Name::parse_field("name", name)?;
    let token = format!("rpt_{}", new_secret());
    let id = state
        .store
        .create_token(
            actor.person.id,
            name.as_str(),
            &hash_secret(&token),
            state.now(),
        )
        .await?;
    Ok((id, token))
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

/// My tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "auth", responses((status = 200, body = TokensPage)))]
async fn list_tokens(State(state): State<AppState>, actor: Actor) -> AppResult<Json<TokensPage>> {
    let items = state.store.list_tokens(actor.person.id).await?;
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
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "auth",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = TokenId::parse(&id).ok_or(AppError::NotFound)?;
    state
        .store
        .revoke_token(actor.person.id, id, state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
