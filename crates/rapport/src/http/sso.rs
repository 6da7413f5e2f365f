//! Single sign-on's settings through the API (admins): the organization's
//! OpenID provider, whether passwords still work, and the domains whose
//! people join on first sign-in. The client secret is write-only. And the
//! tokens an organization's directory provisions people with (SCIM).

use super::{ApiJson, ErrorBody, IdPath};
use crate::AppState;
use crate::app::AppResult;
use crate::app::sso::{self as service, SsoDraft, SsoView};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_sso, put_sso, delete_sso))
        .routes(routes!(create_scim_token, list_scim_tokens))
        .routes(routes!(revoke_scim_token))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScimTokenBody {
    /// What the token is for, such as `Okta`.
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ScimTokenOut {
    pub id: String,
    /// Shown this once: rapport keeps only its hash.
    pub token: String,
}

/// Creates a token for the organization's directory to provision people
/// over SCIM 2.0 (`/scim/v2/`, `Authorization: Bearer`).
#[utoipa::path(post, path = "/api/v1/admin/scim-tokens", tag = "admin", request_body = ScimTokenBody,
    responses((status = 201, body = ScimTokenOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_scim_token(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<ScimTokenBody>,
) -> AppResult<(StatusCode, Json<ScimTokenOut>)> {
    let (id, token) = crate::app::provisioning::issue_token(&state, &admin, &b.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(ScimTokenOut {
            id: id.to_string(),
            token,
        }),
    ))
}

/// A provisioning token: never its secret.
#[derive(Serialize, ToSchema)]
pub struct ScimTokenInfo {
    pub id: uuid::Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// When it stopped working; `null` while it works.
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct ScimTokenList {
    pub items: Vec<ScimTokenInfo>,
}

/// The organization's provisioning tokens, newest first, revoked ones
/// included.
#[utoipa::path(get, path = "/api/v1/admin/scim-tokens", tag = "admin",
    responses((status = 200, body = ScimTokenList), (status = 403, body = ErrorBody)))]
async fn list_scim_tokens(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> AppResult<Json<ScimTokenList>> {
    let items = crate::app::provisioning::tokens(&state, &admin)
        .await?
        .into_iter()
        .map(|t| ScimTokenInfo {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            revoked_at: t.revoked_at,
        })
        .collect();
    Ok(Json(ScimTokenList { items }))
}

/// Revokes a provisioning token: the directory's next call with it is
/// refused (401).
#[utoipa::path(delete, path = "/api/v1/admin/scim-tokens/{id}", tag = "admin",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_scim_token(
    State(state): State<AppState>,
    Admin(admin): Admin,
    IdPath(id): IdPath<uuid::Uuid>,
) -> AppResult<StatusCode> {
    crate::app::provisioning::revoke_token(&state, &admin, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoBody {
    /// The provider's issuer, such as `https://login.example.com`; its
    /// discovery document must answer.
    pub issuer: String,
    pub client_id: String,
    /// Write-only; empty keeps the one saved.
    #[serde(default)]
    pub client_secret: String,
    /// Passwords stop working for everyone but admins.
    #[serde(default)]
    pub require_sso: bool,
    /// Email domains whose people are created as members on first sign-in.
    #[serde(default)]
    pub allowed_domains: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SsoSettingsOut {
    pub issuer: String,
    pub client_id: String,
    pub require_sso: bool,
    pub allowed_domains: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct SsoOut {
    pub configured: bool,
    /// Never the client secret.
    pub settings: Option<SsoSettingsOut>,
}

impl From<Option<SsoView>> for SsoOut {
    fn from(v: Option<SsoView>) -> Self {
        SsoOut {
            configured: v.is_some(),
            settings: v.map(|s| SsoSettingsOut {
                issuer: s.issuer,
                client_id: s.client_id,
                require_sso: s.require_sso,
                allowed_domains: s.allowed_domains,
                updated_at: s.updated_at,
            }),
        }
    }
}

/// The organization's identity provider, without its secret.
#[utoipa::path(get, path = "/api/v1/admin/sso", tag = "admin",
    responses((status = 200, body = SsoOut), (status = 403, body = ErrorBody)))]
async fn get_sso(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<SsoOut>> {
    Ok(Json(service::settings(&state, &admin).await?.into()))
}

/// Sets the identity provider (its discovery document is read first).
#[utoipa::path(put, path = "/api/v1/admin/sso", tag = "admin", request_body = SsoBody,
    responses((status = 200, body = SsoOut), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_sso(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<SsoBody>,
) -> AppResult<Json<SsoOut>> {
    let draft = SsoDraft {
        issuer: b.issuer,
        client_id: b.client_id,
        client_secret: b.client_secret,
        require_sso: b.require_sso,
        allowed_domains: b.allowed_domains,
    };
    Ok(Json(
        Some(service::save(&state, &admin, draft).await?).into(),
    ))
}

/// Back to passwords only.
#[utoipa::path(delete, path = "/api/v1/admin/sso", tag = "admin",
    responses((status = 200, body = SsoOut), (status = 403, body = ErrorBody)))]
async fn delete_sso(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<SsoOut>> {
    service::remove(&state, &admin).await?;
    Ok(Json(None.into()))
}
