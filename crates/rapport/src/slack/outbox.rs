//! The outbox worker: finds what should go to chat (notifications of people
//! who turned direct messages on, thanks visible to a team whose channel or
//! webhook is set), queues it once (each under its own key), and sends the
//! queue. Woken at once when something is queued, and every few seconds
//! for what the API and the pages caused; a call is claimed by one worker
//! on one instance (the store's lease, `SKIP LOCKED` on PostgreSQL),
//! retried with backoff until it goes through, and never sent twice.

use super::messages;
use crate::AppState;
use crate::app::{AppError, AppResult};
use chrono::Duration;
use rapport_store::{ChatCall, ChatResult};
use serde_json::Value;
use std::time::Duration as StdDuration;

/// How often notifications are looked for, between wake-ups.
const POLL: StdDuration = StdDuration::from_secs(2);
/// Below the request deadline, like every outbound call.
const TIMEOUT: StdDuration = StdDuration::from_secs(10);
const LEASE_SECS: i64 = 120;
const BATCH: i64 = 25;
/// Only what happened in the last day is sent (a person who turns direct
/// messages on gets what happens from then on).
const LOOK_BACK_HOURS: i64 = 24;

/// How often the weekly nudges are looked for.
const NUDGES_EVERY: StdDuration = StdDuration::from_secs(5 * 60);

/// Runs until the process stops.
pub async fn run(state: AppState) {
    let mut nudges_checked: Option<std::time::Instant> = None;
    loop {
        if nudges_checked.is_none_or(|t| t.elapsed() >= NUDGES_EVERY) {
            nudges_checked = Some(std::time::Instant::now());
            if let Err(e) = queue_weekly_nudges(&state).await {
                tracing::warn!(error = %e, "queueing the weekly nudges failed; will retry");
            }
        }
        match round(&state).await {
            Ok(n) if n.sent + n.retried > 0 => tracing::info!(?n, "chat calls"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sending to chat failed; will retry"),
        }
        tokio::select! {
            _ = state.chat_wakeup.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub queued: usize,
    pub sent: usize,
    pub retried: usize,
}

/// Queues what is due, then sends what is queued.
pub async fn round(state: &AppState) -> AppResult<Sent> {
    let queued = queue_due(state).await?;
    let mut out = send_due(state).await?;
    out.queued = queued;
    Ok(out)
}

/// Queues a call (once per `dedupe`) and wakes the worker.
pub async fn queue(
    state: &AppState,
    org: rapport_core::OrgId,
    dedupe: &str,
    target: &str,
    body: &Value,
) -> AppResult<bool> {
    let added = state
        .store
        .queue_chat_call(org, dedupe, target, &body.to_string(), state.now())
        .await?;
    state.chat_wakeup.notify_one();
    Ok(added)
}

async fn queue_due(state: &AppState) -> AppResult<usize> {
    let since = state.now() - Duration::hours(LOOK_BACK_HOURS);
    let mut queued = 0;
    for dm in state.store.direct_messages_due(since, BATCH * 4).await? {
        let body = messages::direct_message(state, &dm).await?;
        let key = format!("dm:{}", dm.notification_id);
        queued +=
            usize::from(queue_quietly(state, dm.org_id, &key, "chat.postMessage", &body).await?);
    }
    for t in state.store.team_thanks_due(since, BATCH * 4).await? {
        if let Some(channel) = &t.chat.slack_channel {
            let body = messages::team_thanks_slack(state, &t, channel);
            let key = format!("slack-thanks:{}", t.appreciation_id);
            queued +=
                usize::from(queue_quietly(state, t.org_id, &key, "chat.postMessage", &body).await?);
        }
        if let Some(hook) = &t.chat.teams_webhook_url {
            let body = messages::team_thanks_teams(state, &t);
            let key = format!("teams-thanks:{}", t.appreciation_id);
            queued += usize::from(queue_quietly(state, t.org_id, &key, hook, &body).await?);
        }
    }
    Ok(queued)
}

async fn queue_quietly(
    state: &AppState,
    org: rapport_core::OrgId,
    dedupe: &str,
    target: &str,
    body: &Value,
) -> AppResult<bool> {
    Ok(state
        .store
        .queue_chat_call(org, dedupe, target, &body.to_string(), state.now())
        .await?)
}

/// Each opted-in person's nudge of the week (in their time zone), once a
/// week, with Done and Not this week. Returns how many were queued.
pub async fn queue_weekly_nudges(state: &AppState) -> AppResult<usize> {
    use chrono::Datelike;
    let now = state.now();
    let mut queued = 0;
    for (org, person, slack_user, zone) in state.store.direct_message_people().await? {
        let tz = rapport_core::TimeZone::parse(&zone)
            .unwrap_or_else(|_| rapport_core::TimeZone::utc())
            .tz();
        let week = now.with_timezone(&tz).iso_week();
        let key = format!("nudge:{person}:{}-W{:02}", week.year(), week.week());
        if state.store.chat_call_queued(&key).await? {
            continue;
        }
        let actor = crate::app::Actor::new(state.store.person(org, person).await?);
        let Some(nudge) = crate::app::nudges::nudges_for(state, &actor)
            .await?
            .into_iter()
            .next()
        else {
            continue;
        };
        let body = messages::weekly_nudge(state, &slack_user, &nudge);
        queued += usize::from(queue(state, org, &key, "chat.postMessage", &body).await?);
    }
    Ok(queued)
}

/// Backoff after `attempts` failed attempts: 10 s, 30 s, 90 s … at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let secs = 10i64.saturating_mul(3i64.saturating_pow(attempts.clamp(1, 10) as u32 - 1));
    Duration::seconds(secs.min(3600))
}

async fn send_due(state: &AppState) -> AppResult<Sent> {
    let allow_private = state.config.allow_private_targets;
    let client = crate::outbound::client(allow_private, TIMEOUT).map_err(AppError::internal)?;
    let mut out = Sent::default();
    loop {
        let now = state.now();
        let batch = state
            .store
            .claim_chat_calls(now, Duration::seconds(LEASE_SECS), BATCH)
            .await?;
        if batch.is_empty() {
            return Ok(out);
        }
        for call in batch {
            let result = match send(state, &client, &call).await {
                Ok(()) => {
                    out.sent += 1;
                    ChatResult::Sent
                }
                Err(error) => {
                    out.retried += 1;
                    tracing::warn!(%error, dedupe = %call.dedupe, "a chat call will be retried");
                    ChatResult::Retry {
                        error,
                        next: state.now() + backoff(call.attempts),
                    }
                }
            };
            state
                .store
                .finish_chat_call(&call, &result, state.now())
                .await?;
        }
        if out.retried > 0 {
            // Something is unhappy; the rest waits for the next round.
            return Ok(out);
        }
    }
}

/// One call: a Slack Web API method with the organization's bot token, or
/// a POST of the JSON to a URL (a `response_url`, a Teams webhook).
async fn send(state: &AppState, client: &reqwest::Client, call: &ChatCall) -> Result<(), String> {
    let allow_private = state.config.allow_private_targets;
    let request = if call.target.starts_with("http://") || call.target.starts_with("https://") {
        let url =
            url::Url::parse(&call.target).map_err(|_| "the address is not a URL".to_string())?;
        crate::outbound::check_url("url", &url, allow_private)
            .map_err(|e| format!("the address {}", e.reason))?;
        client.post(url)
    } else {
        let settings = state
            .store
            .slack_settings(call.org_id)
            .await
            .map_err(|e| format!("reading the Slack settings: {e}"))?
            .ok_or("the organization has no Slack app set up")?;
        client
            .post(format!("{}/{}", state.config.slack_api_base, call.target))
            .bearer_auth(&settings.bot_token)
    };
    let res = request
        .header("Content-Type", "application/json; charset=utf-8")
        .body(call.body.clone())
        .send()
        .await
        .map_err(|e| crate::outbound::failure_words("chat", &e))?;
    let status = res.status();
    if !status.is_success() {
        return Err(format!("answered with HTTP status {}", status.as_u16()));
    }
    if call.target.contains("://") {
        return Ok(());
    }
    let body: Value = res
        .json()
        .await
        .map_err(|_| "Slack's answer was not JSON".to_string())?;
    if body["ok"].as_bool() == Some(true) {
        Ok(())
    } else {
        // Slack's error code (a short documented token) only.
        let code: String = body["error"]
            .as_str()
            .unwrap_or("no reason")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        Err(format!("Slack refused {} ({code})", call.target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(10));
        assert_eq!(backoff(2), Duration::seconds(30));
        assert_eq!(backoff(9), Duration::hours(1));
    }
}
