//! Adapter: Slack (and a Microsoft Teams webhook for team thanks). One more
//! way in over the same `app::` operations as the API and the pages: the
//! slash command `/rapport`, buttons in direct messages, the message
//! shortcut "Thank for this", and the Events API's address.
//!
//! Every request is checked against the organization's signing secret
//! (`verify.rs`) before anything else is read from it; a request already
//! handled (Slack retries, `X-Slack-Retry-Num`) is remembered in the
//! database and not done twice. A person acts as themselves: the first
//! time a Slack user turns up, `users.info` gives their email and they are
//! linked to the person with that email in the organization whose
//! workspace it is. Anything that calls out (Slack's Web API, an answer to
//! `response_url`, a Teams webhook) is queued in the outbox (`outbox.rs`)
//! and sent by a worker woken at once, through the outbound guard.
//!
//! Nothing private leaves: direct messages carry the notification's own
//! words (rapport's sentences, names and titles) and a link, never the text
//! of a miss, a dispute, a check-in answer or a growth area.

pub mod commands;
pub mod interactions;
pub mod manifest;
pub mod messages;
pub mod outbox;
pub mod verify;

use crate::AppState;
use crate::app::{Actor, AppError, AppResult};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use rapport_core::{Email, OrgId, PersonId};
use rapport_store::SlackSettings;
use serde_json::{Value, json};
use std::time::Duration;

/// Outbound calls end well inside Slack's three seconds when they must.
const TIMEOUT: Duration = Duration::from_secs(5);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/slack/commands", post(commands::handle))
        .route("/slack/interactions", post(interactions::handle))
        .route("/slack/events", post(events))
}

/// The workspace a request is from, as the organization knows it.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub org: OrgId,
    pub settings: SlackSettings,
}

/// Finds the organization by the workspace the body names and checks the
/// signature with its secret (every organization's, when the body names
/// none, as Slack's URL check does not). Any failure is a 401 that says
/// nothing about why; the log does.
pub async fn verified(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    team_id: Option<&str>,
) -> Result<Workspace, Response> {
    let candidates = match team_id {
        Some(t) => state
            .store
            .slack_settings_by_team(t)
            .await
            .map(|o| o.into_iter().collect::<Vec<_>>()),
        None => state.store.all_slack_settings().await,
    };
    let candidates = candidates.map_err(|e| AppError::from(e).into_response())?;
    let now = state.now();
    let mut why = verify::Refused::BadSignature;
    for (org, settings) in candidates {
        match verify::check(headers, body, &settings.signing_secret, now) {
            Ok(()) => return Ok(Workspace { org, settings }),
            Err(e) => why = e,
        }
    }
    if verify::check(headers, body, "", now) == Err(verify::Refused::MissingHeader) {
        why = verify::Refused::MissingHeader;
    }
    tracing::warn!(
        ?why,
        team_id,
        "refused a request claiming to come from Slack"
    );
    Err(unauthorized())
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        axum::Json(json!({"error": {"code": "bad_signature",
            "message": "this request is not signed by Slack with this organization's signing secret"}})),
    )
        .into_response()
}

/// `true` the first time a request or event is seen.
pub async fn first_time(state: &AppState, key: &str) -> AppResult<bool> {
    Ok(state.store.first_time_handled(key, state.now()).await?)
}

/// The person a Slack user is, linking them by email the first time (one
/// call to `users.info`); `None` when rapport has no such person.
pub async fn person_for(
    state: &AppState,
    ws: &Workspace,
    slack_user: &str,
) -> AppResult<Option<Actor>> {
    let id = match state.store.slack_person(ws.org, slack_user).await? {
        Some(id) => Some(id),
        None => link(state, ws, slack_user).await?,
    };
    match id {
        Some(id) => Ok(Some(Actor::new(state.store.person(ws.org, id).await?))),
        None => Ok(None),
    }
}

/// Whether the Slack user is linked already (no call needed).
pub async fn is_linked(state: &AppState, ws: &Workspace, slack_user: &str) -> AppResult<bool> {
    Ok(state
        .store
        .slack_person(ws.org, slack_user)
        .await?
        .is_some())
}

async fn link(state: &AppState, ws: &Workspace, slack_user: &str) -> AppResult<Option<PersonId>> {
    let info = call(state, &ws.settings, "users.info", &[("user", slack_user)]).await?;
    // A user of another workspace (a shared channel) is no one here.
    let team = info["user"]["team_id"].as_str().unwrap_or_default();
    if !team.is_empty() && team != ws.settings.team_id {
        return Ok(None);
    }
    let Some(email) = info["user"]["profile"]["email"]
        .as_str()
        .and_then(|e| Email::parse(e).ok())
    else {
        return Ok(None);
    };
    let person = match state.store.person_by_email(ws.org, &email).await {
        Ok(p) => p,
        Err(rapport_store::StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let linked = state
        .store
        .link_slack_user(ws.org, slack_user, person.id, state.now())
        .await?;
    tracing::info!(slack_user, "linked a Slack user by email");
    Ok(linked.filter(|p| *p == person.id))
}

/// A read from Slack's Web API (`users.info`), answered now: a GET with
/// the bot token, through the outbound guard. Slack's `ok: false` is an
/// error in words, never its own text.
async fn call(
    state: &AppState,
    settings: &SlackSettings,
    method: &str,
    query: &[(&str, &str)],
) -> AppResult<Value> {
    let client = crate::outbound::client(state.config.allow_private_targets, TIMEOUT)
        .map_err(AppError::internal)?;
    let url = format!("{}/{method}", state.config.slack_api_base);
    let res = client
        .get(&url)
        .bearer_auth(&settings.bot_token)
        .query(query)
        .send()
        .await
        .map_err(|e| {
            AppError::internal(anyhow::anyhow!(crate::outbound::failure_words("Slack", &e)))
        })?;
    let body: Value = res.json().await.map_err(AppError::internal)?;
    if body["ok"].as_bool() != Some(true) {
        return Err(AppError::internal(anyhow::anyhow!(
            "Slack refused {method}: {}",
            body["error"].as_str().unwrap_or("no reason given")
        )));
    }
    Ok(body)
}

/// The Events API: the URL check answers its challenge; an event is
/// acknowledged once (a retry carries the same `event_id`).
async fn events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Err(refused) = verified(&state, &headers, &body, parsed["team_id"].as_str()).await {
        return refused;
    }
    if parsed["type"] == "url_verification" {
        return axum::Json(json!({"challenge": parsed["challenge"]})).into_response();
    }
    if let Some(id) = parsed["event_id"].as_str() {
        match first_time(&state, &format!("event:{id}")).await {
            Ok(true) => tracing::info!(event = %parsed["event"]["type"], "Slack event"),
            Ok(false) => tracing::info!(id, "a Slack event retried: already handled"),
            Err(e) => return e.into_response(),
        }
    }
    StatusCode::OK.into_response()
}

/// The key a request is remembered by: Slack's `trigger_id`, unique per
/// command or click, or the signature when there is none.
pub fn request_key(trigger_id: Option<&str>, headers: &HeaderMap) -> String {
    match trigger_id.filter(|t| !t.is_empty()) {
        Some(t) => format!("trigger:{t}"),
        None => format!(
            "signature:{}",
            headers
                .get("x-slack-signature")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
        ),
    }
}
