//! Who is asking: passwords (Argon2id, hashed off the async threads),
//! session cookies and personal access tokens, and the extractors that turn
//! a request into a signed-in [`Actor`] (or refuse it).

use crate::app::Actor;
use crate::{AppError, AppState};
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use base64::Engine;
use rand::RngCore;
use rapport_core::Password;
use rapport_store::StoreError;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "rapport_session";

/// Hashes a password with Argon2id on a blocking thread: a hash takes tens
/// of milliseconds of CPU and must not stall the async workers.
pub async fn hash_password(password: Password) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password_blocking(password.expose()))
        .await
        .map_err(AppError::internal)?
}

pub fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(anyhow::anyhow!("hashing failed: {e}")))
}

/// Checks a password against a stored hash, or against a fixed dummy hash
/// when there is none, so that an unknown email takes as long as a known one.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| AppError::internal(anyhow::anyhow!("bad stored hash: {e}")))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && known)
    })
    .await
    .map_err(AppError::internal)?
}

/// A hash of a random secret nobody knows, with the same parameters as real
/// hashes, made once on first use.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password_blocking(&new_secret()).unwrap_or_default());

/// A new random secret (session, token or invitation), URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Secrets are stored as SHA-256 hex: a leaked table grants nothing. A fast
/// hash is right here because the secrets are long and random.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A password verifies against its own hash and no other.
    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password(Password::parse("correct horse battery").unwrap())
            .await
            .unwrap();
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("anything at all".into(), None)
                .await
                .unwrap()
        );
    }

    /// Two secrets are never the same and their hashes are stable.
    #[test]
    fn secrets_are_random_and_hashed_stably() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_eq!(hash_secret(&a).len(), 64);
    }
}
