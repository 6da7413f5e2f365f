//! Background work, claimed from the database so that several instances
//! never do it twice: reminders near a delegation's due date, closing
//! check-ins whose window ended (deleting a lone answer), the introduction
//! round of each period, queueing and sending email digests, delivering
//! xAPI statements to Learning Record Stores, folding and deleting what is
//! past each organization's retention, and clearing expired sessions.

pub mod digests;
pub mod xapi;

use crate::AppState;
use crate::app::{checkins, delegations, introductions, retention};
use std::time::Duration;

/// Digests and xAPI statements are sent every minute (so a retry waits about as long as its
/// backoff says); everything else runs every fifth minute.
const TICK: Duration = Duration::from_secs(60);
const HOUSEKEEPING_EVERY: u32 = 5;

/// Runs the periodic jobs until the process stops.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(TICK);
    let mut round = 0u32;
    loop {
        tick.tick().await;
        if round.is_multiple_of(HOUSEKEEPING_EVERY)
            && let Err(e) = housekeeping(&state).await
        {
            tracing::warn!(error = %e, "background job failed; will retry");
        }
        if let Err(e) = send_digests(&state).await {
            tracing::warn!(error = %e, "sending digests failed; will retry");
        }
        match xapi::deliver_due(&state, state.now()).await {
            Ok(d) if d != xapi::Delivered::default() => {
                tracing::info!(?d, "xAPI statements");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "delivering xAPI statements failed; will retry"),
        }
        round = round.wrapping_add(1);
    }
}

/// Sends the digests that are due.
pub async fn send_digests(state: &AppState) -> anyhow::Result<()> {
    let sent = digests::send_due(state, state.now()).await?;
    if sent != digests::Sent::default() {
        tracing::info!(?sent, "digests");
    }
    Ok(())
}

/// One round of every job but sending.
pub async fn housekeeping(state: &AppState) -> anyhow::Result<()> {
    let now = state.now();
    let sent = delegations::send_due_reminders(state).await?;
    if sent > 0 {
        tracing::info!(sent, "due-date reminders");
    }
    let closed = checkins::close_expired(state).await?;
    if closed > 0 {
        tracing::info!(closed, "check-ins closed unrevealed");
    }
    let paired = introductions::introduction_rounds(state).await?;
    if paired > 0 {
        tracing::info!(paired, "introductions made");
    }
    if state.config.email.is_some() {
        let queued = digests::enqueue_due(state, now).await?;
        if queued > 0 {
            tracing::info!(queued, "digests queued");
        }
    }
    let folded = retention::fold_due(state).await?;
    if folded > 0 {
        tracing::info!(folded, "events folded past the retention");
    }
    state.store.purge_expired(now).await?;
    Ok(())
}
