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

/// A new session: the person, the secret for their cookie, and the value
/// of the device cookie that gives this client its own sign-in budget.
pub struct NewSession {
    pub person: Person,
    pub token: String,
    pub device: Option<String>,
}

/// Where a sign-in attempt comes from: the client's address and the device
/// cookie it carries, if any.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub client: IpAddr,
    pub device: Option<&'a str>,
}

/// Checks the password and opens a session. A wrong email and a wrong
/// password give the same error, after the same amount of work.
///
/// After OWASP's guidance on brute force: limits count failures only, so
/// signing in never uses them up. A client that has signed in to this
/// account before shows its device cookie and has a budget of its own, so
/// strangers' wrong guesses cannot lock the owner out. Unknown clients
/// share one budget per account and have one per address across accounts;
/// after a few failures each answer is slowed (a few seconds at most), and
/// then refused. Everything is checked before the password's work.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    from: Attempt<'_>,
) -> Result<NewSession, AppError> {
    // An unparseable email cannot belong to anyone; still count the attempt.
    let email = Email::parse(email).ok();
    let found = match &email {
        Some(e) => state.store.person_for_sign_in(e).await?,
        None => None,
    };
    let (person, hash) = match found {
        Some((p, h)) => (Some(p), h),
        None => (None, None),
    };
    let known_device = match (&person, &hash, from.device) {
        (Some(p), Some(h), Some(cookie)) => device::verify(cookie, p.id, h),
        _ => None,
    };
    let per_account = state.config.sign_in_per_account;
    let limits = match &known_device {
        Some(nonce) => vec![(format!("sign-in:device:{nonce}"), per_account)],
        None => vec![
            (
                format!("sign-in:client:{}", from.client),
                state.config.sign_in_per_client,
            ),
            (
                format!(
                    "sign-in:account:{}",
                    email.as_ref().map_or("-", |e| e.as_str())
                ),
                per_account,
            ),
        ],
    };
    let mut failures = 0;
    for (key, max) in &limits {
        failures = failures.max(check_limit(state, key, *max).await?);
    }
    let verified = verify_password(password.to_string(), hash.clone()).await?;
    let window_ms = state.config.rate_limit_window_secs * 1000;
    match (person, hash) {
        (Some(person), Some(hash)) if verified => {
            if !super::sso::password_allowed(state, &person).await? {
                tracing::info!(person = %person.id, "password refused: the organization requires single sign-on");
                return Err(AppError::Forbidden(
                    "your organization signs in through its identity provider: leave the password empty and continue",
                ));
            }
            if known_device.is_some() {
                state.store.clear_rate_limit(&limits[0].0).await?;
            }
            let mut session = open_session(state, person).await?;
            session.device = Some(device::issue(session.person.id, &hash));
            Ok(session)
        }
        _ => {
            for (key, _) in &limits {
                state
                    .store
                    .hit_rate_limit(key, window_ms, state.now())
                    .await?;
            }
            if known_device.is_none() {
                tokio::time::sleep(slow_down(state, failures + 1)).await;
            }
            Err(AppError::InvalidCredentials)
        }
    }
}

/// How long to hold the answer to an unknown client's failed attempt: none
/// for the first few, then a growing step, never more than a few seconds.
fn slow_down(state: &AppState, failures: i64) -> std::time::Duration {
    const FREE: i64 = 3;
    const MOST_MS: u64 = 3_000;
    let step = state.config.sign_in_delay_ms;
    let over = u64::try_from(failures - FREE).unwrap_or(0);
    std::time::Duration::from_millis((over * step).min(MOST_MS))
}

/// The device cookie: `{person}.{nonce}.{proof}`, where the proof is an
/// HMAC of the person and nonce keyed by the account's stored password
/// hash. Nothing new to store or configure, the same on every instance, and
/// a changed password retires every device.
mod device {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    use rapport_core::PersonId;
    use sha2::Sha256;

    fn proof(person: PersonId, nonce: &str, key: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
        mac.update(format!("rapport-device:{person}:{nonce}").as_bytes());
        mac
    }

    pub fn issue(person: PersonId, key: &str) -> String {
        let nonce = super::new_secret();
        let tag = proof(person, &nonce, key).finalize().into_bytes();
        let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag);
        format!("{person}.{nonce}.{tag}")
    }

    /// The cookie's nonce when it was issued for this person and key.
    pub fn verify(cookie: &str, person: PersonId, key: &str) -> Option<String> {
        let mut parts = cookie.split('.');
        let (who, nonce, tag) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || who != person.to_string() {
            return None;
        }
        let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(tag)
            .ok()?;
        proof(person, nonce, key)
            .verify_slice(&tag)
            .ok()
            .map(|()| nonce.to_string())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_device_cookie_works_only_for_its_person_and_key() {
            let (p, q) = (PersonId::new(), PersonId::new());
            let cookie = issue(p, "hash-1");
            assert!(verify(&cookie, p, "hash-1").is_some());
            assert!(verify(&cookie, q, "hash-1").is_none(), "another person");
            assert!(verify(&cookie, p, "hash-2").is_none(), "a changed password");
            let forged = format!("{}x", &cookie[..cookie.len() - 1]);
            assert!(verify(&forged, p, "hash-1").is_none(), "a changed proof");
            assert!(verify("", p, "hash-1").is_none());
            assert!(verify(&format!("{cookie}.more"), p, "hash-1").is_none());
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
    Ok(NewSession {
        person,
        token,
        device: None,
    })
}

/// Refuses (429, with when to try again) once `key` has `max` failures in
/// the current window; otherwise answers how many it has.
async fn check_limit(state: &AppState, key: &str, max: i64) -> Result<i64, AppError> {
    let now = state.now();
    let window_ms = state.config.rate_limit_window_secs * 1000;
    let (count, started) = state.store.peek_rate_limit(key, window_ms, now).await?;
    if count >= max {
        let retry_after = (started + window_ms - now.timestamp_millis()) / 1000 + 1;
        tracing::warn!(key, "sign-in rate limit reached");
        return Err(AppError::TooManyRequests { retry_after });
    }
    Ok(count)
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
