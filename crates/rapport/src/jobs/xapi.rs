//! Delivering xAPI statements to an organization's Learning Record Store.
//!
//! Statements are queued in the database when a learning event happens
//! (`learning.rs`) and sent here in batches: `POST {endpoint}/statements`
//! with basic auth and `X-Experience-API-Version: 1.0.3`. A statement's id
//! is deterministic, so a resend after a crash or a timeout is harmless: an
//! LRS keeps the first copy (and may answer 409, which counts as
//! delivered). Transient failures (network, 5xx, 401/403 until an admin
//! fixes the credentials, 429) are retried with backoff for as long as it
//! takes: a statement is never dropped. Only a 400 (the LRS refuses the
//! statement itself) marks it failed, for an admin to see.

use crate::AppState;
use crate::app::AppResult;
use chrono::{DateTime, Duration, Utc};
use rapport_store::QueuedStatement;
use std::time::Duration as StdDuration;

/// Statements per request.
const BATCH: i64 = 100;
/// Batches per round, so one round ends.
const ROUNDS: usize = 20;
const LEASE_MINUTES: i64 = 5;
/// Below the request deadline, like every outbound call.
const TIMEOUT: StdDuration = StdDuration::from_secs(10);

/// Backoff after `attempts` failed attempts: 1, 2, 4 … minutes, at most 6 hours.
pub fn backoff(attempts: i64) -> Duration {
    let minutes = 1i64 << attempts.clamp(1, 12).saturating_sub(1);
    Duration::minutes(minutes.min(6 * 60))
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Sends what is due. Returns what happened to how many statements.
pub async fn deliver_due(state: &AppState, now: DateTime<Utc>) -> AppResult<Delivered> {
    let allow_private = state.config.allow_private_targets;
    let client =
        crate::outbound::client(allow_private, TIMEOUT).map_err(crate::AppError::internal)?;
    let mut out = Delivered::default();
    for _ in 0..ROUNDS {
        let batch = state
            .store
            .claim_statements(now, Duration::minutes(LEASE_MINUTES), BATCH)
            .await?;
        let Some(first) = batch.first() else { break };
        let org = first.org_id;
        let result = match state.store.lrs_settings(org).await? {
            None => Err(Failure::Retry(
                "no Learning Record Store is configured".into(),
            )),
            Some(lrs) => send(&client, &lrs, &batch, allow_private).await,
        };
        let attempts = batch.iter().map(|s| s.attempts).max().unwrap_or(1);
        let outcome = match &result {
            Ok(()) => {
                out.sent += batch.len();
                Ok(())
            }
            Err(Failure::Retry(e)) => {
                out.retried += batch.len();
                Err((e.as_str(), Some(state.now() + backoff(attempts))))
            }
            Err(Failure::Refused(e)) => {
                out.failed += batch.len();
                Err((e.as_str(), None))
            }
        };
        state
            .store
            .finish_statements(&batch, outcome, state.now())
            .await?;
        if result.is_err() {
            // The LRS is unhappy; try the rest next round.
            break;
        }
    }
    Ok(out)
}

enum Failure {
    /// Try again later.
    Retry(String),
    /// The LRS refused the statements themselves.
    Refused(String),
}

async fn send(
    client: &reqwest::Client,
    lrs: &rapport_store::LrsSettings,
    batch: &[QueuedStatement],
    allow_private: bool,
) -> Result<(), Failure> {
    let url = format!("{}/statements", lrs.endpoint.trim_end_matches('/'));
    // Saved before the guard existed, or the operator changed their mind.
    let parsed = url::Url::parse(&url)
        .map_err(|_| Failure::Refused("the LRS address is not a URL".into()))?;
    crate::outbound::check_url("endpoint", &parsed, allow_private)
        .map_err(|e| Failure::Retry(format!("the LRS address {}", e.reason)))?;
    let bodies: Vec<&str> = batch.iter().map(|s| s.body.as_str()).collect();
    let body = format!("[{}]", bodies.join(","));
    let res = client
        .post(&url)
        .basic_auth(&lrs.username, Some(&lrs.password))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| Failure::Retry(crate::outbound::failure_words("the LRS", &e)))?;
    let status = res.status();
    if status.is_success() || status == reqwest::StatusCode::CONFLICT {
        return Ok(());
    }
    // The status only, in words; never the body the LRS sent.
    let detail = format!("the LRS answered with HTTP status {}", status.as_u16());
    match status.as_u16() {
        400 => Err(Failure::Refused(detail)),
        _ => Err(Failure::Retry(detail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(40), Duration::hours(6));
    }
}
