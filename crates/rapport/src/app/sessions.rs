//! Sessions and the ways to get one: signing in with a password (limits on
//! failures per address and per account and address, the same work for an
//! unknown email),
//! accepting an invitation; signing out, here or everywhere; personal access tokens; and the
//! invitations admins hand out.

use super::secrets::{hash_password, hash_secret, new_secret, verify_password};
use super::{Actor, AppError, AppResult};
use crate::AppState;
use rapport_core::{Email, Name, Password, PersonId, TokenId};
use rapport_store::{Invitation, Person, TokenInfo};
use std::net::IpAddr;

/// A new session: the person, and the secret for their cookie.
pub struct NewSession {
    pub person: Person,
    pub token: String,
}

/// Checks the password and opens a session. A wrong email and a wrong
/// password give the same error, after the same amount of work.
///
/// Limits count failures only, so that signing in never uses them up:
/// per account *and address* (wrong passwords from one address cannot
/// lock the owner out from theirs), and per address across accounts (one
/// client guessing many). Both are checked before the password's work.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    client: IpAddr,
) -> Result<NewSession, AppError> {
    // An unparseable email cannot belong to anyone; still count the attempt.
    let email = Email::parse(email).ok();
    let limits = [
        (
            format!("sign-in:client:{client}"),
            state.config.sign_in_per_client,
        ),
        (
            format!(
                "sign-in:account:{}:{client}",
                email.as_ref().map_or("-", |e| e.as_str())
            ),
            state.config.sign_in_per_account,
        ),
    ];
    for (key, max) in &limits {
        check_limit(state, key, *max).await?;
    }
    let found = match &email {
        Some(e) => state.store.person_for_sign_in(e).await?,
        None => None,
    };
    let (person, hash) = match found {
        Some((p, h)) => (Some(p), h),
        None => (None, None),
    };
    let verified = verify_password(password.to_string(), hash).await?;
    let window_ms = state.config.rate_limit_window_secs * 1000;
    match person {
        Some(person) if verified => {
            state.store.clear_rate_limit(&limits[1].0).await?;
            open_session(state, person).await
        }
        _ => {
            for (key, _) in &limits {
                state
                    .store
                    .hit_rate_limit(key, window_ms, state.now())
                    .await?;
            }
            Err(AppError::InvalidCredentials)
        }
    }
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

/// Refuses (429, with when to try again) once `key` has `max` failures in
/// the current window.
async fn check_limit(state: &AppState, key: &str, max: i64) -> Result<(), AppError> {
    let now = state.now();
    let window_ms = state.config.rate_limit_window_secs * 1000;
    let (count, started) = state.store.peek_rate_limit(key, window_ms, now).await?;
    if count >= max {
        let retry_after = (started + window_ms - now.timestamp_millis()) / 1000 + 1;
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

/// Ends every session of the actor, this one included, on every instance
/// at once (a lost laptop, a shared computer); returns how many ended.
/// Personal access tokens stay: they are revoked one by one.
pub async fn sign_out_everywhere(state: &AppState, actor: &Actor) -> AppResult<u64> {
    let ended = state.store.delete_sessions_of(actor.id()).await?;
    tracing::info!(person = %actor.id(), ended, "signed out everywhere");
    Ok(ended)
}

/// Creates a personal access token for the actor; its secret is returned
/// this once and stored only as a hash.
pub async fn issue_token(
    app: &AppState,
    actor: &Actor,
    name: &str,
) -> AppResult<(TokenId, String)> {
    let name = Name::parse_field("name", name)?;
    let token = format!("rpt_{}", new_secret());
    let id = app
        .store
        .create_token(actor.id(), name.as_str(), &hash_secret(&token), app.now())
        .await?;
    Ok((id, token))
}

/// My tokens (never their secrets).
pub async fn tokens(app: &AppState, actor: &Actor) -> AppResult<Vec<TokenInfo>> {
    Ok(app.store.list_tokens(actor.id()).await?)
}

/// Revokes one of my tokens; it stops working at once.
pub async fn revoke_token(app: &AppState, actor: &Actor, id: TokenId) -> AppResult<()> {
    Ok(app.store.revoke_token(actor.id(), id, app.now()).await?)
}

/// An invitation with the link to hand over (only when just created).
#[derive(Debug, Clone)]
pub struct Invited {
    pub invitation: Invitation,
    pub link: String,
}

/// Invites a person of the directory to set a password (admins), audited.
pub async fn invite(app: &AppState, admin: &Actor, person: PersonId) -> AppResult<Invited> {
    admin.require_admin()?;
    let org = admin.org();
    let p = app.store.person(org, person).await?;
    if p.can_sign_in {
        return Err(AppError::conflict(
            "already_active",
            "this person can already sign in",
        ));
    }
    let secret = new_secret();
    let now = app.now();
    let expires = now + chrono::Duration::days(app.config.invitation_days);
    let id = app
        .store
        .create_invitation(org, person, admin.id(), &hash_secret(&secret), now, expires)
        .await?;
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "invitation.create",
            &person.to_string(),
            &p.email,
            now,
        )
        .await?;
    let invitation = app
        .store
        .list_invitations(org, now)
        .await?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(Invited {
        invitation,
        link: format!("{}/invitations/{secret}", app.config.public_url),
    })
}

/// Every invitation of the organization, newest first (admins).
pub async fn invitations(app: &AppState, admin: &Actor) -> AppResult<Vec<Invitation>> {
    admin.require_admin()?;
    Ok(app.store.list_invitations(admin.org(), app.now()).await?)
}

/// Revokes a pending invitation (admins).
pub async fn revoke_invitation(
    app: &AppState,
    admin: &Actor,
    id: rapport_core::InvitationId,
) -> AppResult<()> {
    admin.require_admin()?;
    Ok(app
        .store
        .revoke_invitation(admin.org(), id, app.now())
        .await?)
}

/// An invitation as its link shows it, before a password is set.
pub async fn invitation(app: &AppState, token: &str) -> AppResult<Invitation> {
    Ok(app
        .store
        .invitation_by_token(&hash_secret(token), app.now())
        .await?
        .1)
}

/// Sets the password an invitation asks for; an unknown link is a 404, a
/// used, revoked or expired one a 409. The person can then sign in.
pub async fn accept_invitation(app: &AppState, token: &str, password: &str) -> AppResult<Person> {
    let password = Password::parse(password)?;
    let hash = hash_secret(token);
    let (org, _) = app.store.invitation_by_token(&hash, app.now()).await?;
    let password_hash = hash_password(password).await?;
    let person = app
        .store
        .accept_invitation(&hash, &password_hash, app.now())
        .await?;
    Ok(app.store.person(org, person).await?)
}
