//! Background work, claimed from the database so that several instances
//! never do it twice: reminders near a delegation's due date, closing
//! check-ins whose window ended (deleting a lone answer), the introduction
//! round of each period, and clearing expired sessions.

use crate::AppState;
use std::time::Duration;

/// How far ahead of the due date the delegate is reminded.
pub const REMIND_BEFORE_HOURS: i64 = 24;

/// Runs the periodic jobs until the process stops.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(300));
    loop {
        tick.tick().await;
        if let Err(e) = once(&state).await {
            tracing::warn!(error = %e, "background job failed; will retry");
        }
    }
}

/// One round of every job.
pub async fn once(state: &AppState) -> anyhow::Result<()> {
    let now = state.now();
    let sent = state
        .store
        .send_due_reminders(now + chrono::Duration::hours(REMIND_BEFORE_HOURS), now)
        .await?;
    if sent > 0 {
        tracing::info!(sent, "due-date reminders");
    }
    let closed = state.store.close_expired_check_ins(now).await?;
    if closed > 0 {
        tracing::info!(closed, "check-ins closed unrevealed");
    }
    let paired = crate::habits::introduction_rounds(state).await?;
    if paired > 0 {
        tracing::info!(paired, "introductions made");
    }
    state.store.purge_expired(now).await?;
    Ok(())
}
