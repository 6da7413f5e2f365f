//! A person's email digest: how often (weekly, daily or off), the digests
//! sent to them, and the one-click unsubscribe from a digest's link.

use super::{Actor, AppResult};
use crate::AppState;
use rapport_core::InvalidValue;
use rapport_store::EmailJob;

/// weekly, daily or off.
pub fn parse_frequency(s: &str) -> Result<&'static str, InvalidValue> {
    rapport_store::FREQUENCIES
        .into_iter()
        .find(|f| *f == s.trim())
        .ok_or_else(|| InvalidValue::new("frequency", "must be weekly, daily or off"))
}

/// How often I get the digest.
pub async fn frequency(app: &AppState, actor: &Actor) -> AppResult<String> {
    Ok(app.store.email_prefs(actor.id(), app.now()).await?.0)
}

/// Changes how often I get the digest.
pub async fn set_frequency(
    app: &AppState,
    actor: &Actor,
    frequency: &str,
) -> AppResult<&'static str> {
    let f = parse_frequency(frequency)?;
    app.store
        .set_email_frequency(actor.id(), f, app.now())
        .await?;
    Ok(f)
}

/// The last digests queued or sent to me.
pub async fn recent(app: &AppState, actor: &Actor) -> AppResult<Vec<EmailJob>> {
    Ok(app.store.email_jobs_for(actor.id(), 10).await?)
}

/// Whether digests can be sent at all (the instance has a mail server).
pub fn configured(app: &AppState) -> bool {
    app.config.email.is_some()
}

/// The digest's unsubscribe link, signed in or not: the token names the person.
pub async fn unsubscribe(app: &AppState, token: &str) -> AppResult<()> {
    app.store.unsubscribe(token, app.now()).await?;
    Ok(())
}
