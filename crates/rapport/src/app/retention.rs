//! Retention: once a day per organization, events older than its retention
//! are folded into its checkpoint (`rapport_core::retention`) and deleted
//! with the free text of what was finished before then. Every figure stays
//! the same: the trust engine and each pair's history start from the
//! checkpoint, and the insights never read further back than 365 days,
//! the shortest retention.

use crate::AppState;
use crate::app::AppResult;
use crate::trust_cache::{params, to_engine};
use chrono::{DateTime, Duration, Utc};
use rapport_core::OrgId;
use rapport_core::retention::Checkpoint;
use rapport_core::trust::{HistoryEvent, Time};
use rapport_store::Forgotten;

/// Folds every organization's events past its retention, once a day each
/// across instances. Returns the events folded.
pub async fn fold_due(state: &AppState) -> AppResult<u64> {
    let now = state.now();
    let day = now.format("%Y-%m-%d").to_string();
    let mut folded = 0;
    for org in state.store.list_orgs().await? {
        if !state
            .store
            .claim_job_run(org.id, "retention", &day, now)
            .await?
        {
            continue;
        }
        let cutoff = now - Duration::days(org.retention_days);
        let forgotten = fold(state, org.id, cutoff).await?;
        if forgotten != Forgotten::default() {
            tracing::info!(org = %org.id, ?forgotten, "folded and deleted what is past the retention");
        }
        folded += forgotten.events;
    }
    Ok(folded)
}

/// Folds the organization's events before `cutoff` into its checkpoint and
/// deletes them, with what was finished before `cutoff` and its words.
pub async fn fold(state: &AppState, org: OrgId, cutoff: DateTime<Utc>) -> AppResult<Forgotten> {
    let mut checkpoint = match state.store.checkpoint(org).await? {
        Some(stored) => Checkpoint::decode(&stored.state).map_err(crate::AppError::internal)?,
        None => Checkpoint::new(params()),
    };
    let events = state.store.events_before(org, cutoff).await?;
    let through_seq = events.iter().map(|e| e.seq).max().unwrap_or(0);
    for e in &events {
        // A malformed event is counted (by `to_engine`) and goes with the rest.
        let Ok(payload) = &e.payload else {
            let _ = to_engine(e, &state.metrics);
            continue;
        };
        let history = HistoryEvent {
            at: Time::from(e.at),
            from: e.from,
            to: e.to,
            payload,
            subject: e.subject,
        };
        checkpoint.fold(&history, to_engine(e, &state.metrics).map(|ev| ev.kind));
    }
    // A longer retention set after a fold cannot bring deleted events back.
    checkpoint.through = checkpoint.through.max(Time::from(cutoff));
    Ok(state
        .store
        .fold_retention(org, cutoff, through_seq, &checkpoint.encode(), state.now())
        .await?)
}
