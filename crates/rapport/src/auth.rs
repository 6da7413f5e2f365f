//! Who is asking, for the adapters that speak HTTP: the session cookie or
//! a personal access token turned into a signed-in [`Actor`] (or refused),
//! `Admin` refused before the body is read, and the cookies themselves.

use crate::app::Actor;
use crate::app::secrets::hash_secret;
use crate::{AppError, AppState};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use rapport_store::StoreError;

pub const SESSION_COOKIE: &str = "rapport_session";

/// Reads the session cookie from a request.
pub fn session_token(parts: &Parts) -> Option<String> {
    let cookies = parts.headers.get_all(header::COOKIE);
    cookies
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(v) = parts.extensions.get::<Actor>() {
            return Ok(v.clone());
        }
        let found = if let Some(token) = bearer_token(parts) {
            state.store.token_person(&hash_secret(token)).await
        } else if let Some(token) = session_token(parts) {
            state
                .store
                .session_person(&hash_secret(&token), state.now())
                .await
        } else {
            return Err(AppError::Unauthorized);
        };
        let actor = match found {
            Ok(person) => Actor::new(person),
            Err(StoreError::NotFound) => return Err(AppError::Unauthorized),
            Err(e) => return Err(e.into()),
        };
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}

/// A signed-in admin; anyone else is refused (403) before the body is read.
#[derive(Debug, Clone)]
pub struct Admin(pub Actor);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let actor = Actor::from_request_parts(parts, state).await?;
        if !actor.is_admin() {
            return Err(AppError::Forbidden("only an admin can do this"));
        }
        Ok(Admin(actor))
    }
}

/// The `Set-Cookie` value for a new session. `Secure` only over HTTPS:
/// browsers drop Secure cookies set over plain HTTP.
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    )
}

pub fn clear_session_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}

/// Whether this request reached us over HTTPS (directly configured, or as
/// a TLS-terminating proxy reports it).
pub fn is_https(parts_headers: &axum::http::HeaderMap, state: &AppState) -> bool {
    state.config.served_over_https()
        || parts_headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https")
}
