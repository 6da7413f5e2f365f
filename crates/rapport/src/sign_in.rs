//! Signing in, shared by the API and the sign-in page: rate limits per
//! client and per account, the password check, and a new session.

use crate::auth::{hash_secret, new_secret, verify_password};
use crate::{AppError, AppState};
use rapport_core::Email;
use rapport_store::Person;
use std::net::IpAddr;

/// A new session: the person, and the secret for their cookie.
pub struct NewSession {
    pub person: Person,
    pub token: String,
}

/// Checks the password and opens a session. A wrong email and a wrong
/// password give the same error, after the same amount of work.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: IpAddr,
) -> Result<NewSession, AppError> {
    let window = state.config.rate_limit_window_secs;
    check_limit(
        state,
        &format!("sign-in:client:{client}"),
        state.config.sign_in_per_client,
        window,
    )
    .await?;
    // An unparseable email cannot belong to anyone; still count the attempt.
    let email = Email::parse(email).ok();
    let account_key = format!(
        "sign-in:account:{}",
        email.as_ref().map_or("-", |e| e.as_str())
    );
    check_limit(
        state,
        &account_key,
        state.config.sign_in_per_account,
        window,
    )
    .await?;

    let found = match &email {
        Some(e) => state.store.person_for_sign_in(e).await?,
        None => None,
    };
    let (person, hash) = match found {
        Some((p, h)) => (Some(p), h),
        None => (None, None),
    };
    if !verify_password(password.to_string(), hash).await? {
        return Err(AppError::InvalidCredentials);
    }
    let person = person.ok_or(AppError::InvalidCredentials)?;
    state.store.clear_rate_limit(&account_key).await?;
    open_session(state, person).await
}

/// Opens a session for a person whose identity is already established.
pub async fn open_session(state: &AppState, person: Person) -> Result<NewSession, AppError> {
    let token = new_secret();
    let now = state.now();
    let expires = now + chrono::Duration::days(state.config.session_days);
    state
        .store
        .create_session(person.id, &hash_secret(&token), now, expires)
        .await?;
    tracing::info!(person = %person.id, "signed in");
    Ok(NewSession { person, token })
}

async fn check_limit(
    state: &AppState,
    key: &str,
    max: i64,
    window_secs: i64,
) -> Result<(), AppError> {
    let now = state.now();
    let (count, started) = state
        .store
        .hit_rate_limit(key, window_secs * 1000, now)
        .await?;
    if count > max {
        let retry_after = (started + window_secs * 1000 - now.timestamp_millis()) / 1000 + 1;
        tracing::warn!(key, "sign-in rate limit reached");
        return Err(AppError::TooManyRequests { retry_after });
    }
    Ok(())
}

pub async fn sign_out(state: &AppState, token: Option<&str>) -> Result<(), AppError> {
    if let Some(token) = token {
        state.store.delete_session(&hash_secret(token)).await?;
    }
    Ok(())
}
