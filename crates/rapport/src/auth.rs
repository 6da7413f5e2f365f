//! Who is asking, for the adapters that speak HTTP: the session cookie or
//! a personal access token turned into a signed-in [`Actor`] (or refused),
//! `Admin` refused before the body is read, and the cookies themselves.

use crate::app::Actor;
use crate::app::secrets::hash_secret;
use crate::{AppError, AppState};
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use rapport_store::StoreError;

pub const SESSION_COOKIE: &str = "rapport_session";
/// Marks a client that has signed in to an account before (its own
/// sign-in budget); it outlives sessions and signing out.
pub const DEVICE_COOKIE: &str = "rapport_device";
const DEVICE_DAYS: i64 = 365;

/// Reads a cookie from a request's headers.
pub fn cookie(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, value)| *name == wanted && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// Reads the session cookie from a request.
pub fn session_token(parts: &Parts) -> Option<String> {
    cookie(&parts.headers, SESSION_COOKIE)
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

/// The cookies a successful sign-in sets: the session first, then the
/// device cookie when there is one.
pub fn sign_in_cookies(
    session: &crate::app::sessions::NewSession,
    state: &AppState,
    headers: &HeaderMap,
) -> Vec<(header::HeaderName, HeaderValue)> {
    let secure = is_https(headers, state);
    let mut cookies = vec![session_cookie(
        &session.token,
        state.config.session_days * 86_400,
        secure,
    )];
    if let Some(device) = &session.device {
        let flag = if secure { "; Secure" } else { "" };
        cookies.push(format!(
            "{DEVICE_COOKIE}={device}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{flag}",
            DEVICE_DAYS * 86_400
        ));
    }
    cookies
        .into_iter()
        .filter_map(|c| HeaderValue::from_str(&c).ok())
        .map(|v| (header::SET_COOKIE, v))
        .collect()
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
