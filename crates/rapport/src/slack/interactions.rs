//! Buttons, the message shortcut and its modal. A button acts through the
//! same operation as the API, with the same rules: a person who may not
//! (not the delegate, say) gets a refusal only they see and nothing
//! changes; otherwise the message is updated to say what happened.

use super::{Workspace, messages, outbox};
use crate::AppState;
use crate::app::delegations::{self, Act};
use crate::app::links::Page;
use crate::app::notices::chat as words;
use crate::app::{Actor, AppError, AppResult, help, modules, nudges, thanks};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rapport_core::modules::Module;
use rapport_core::{DelegationId, HelpRequestId};
use serde_json::{Value, json};

pub async fn handle(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let payload: Value = fields
        .iter()
        .find(|(k, _)| k == "payload")
        .and_then(|(_, v)| serde_json::from_str(v).ok())
        .unwrap_or(Value::Null);
    let ws = match super::verified(&state, &headers, &body, payload["team"]["id"].as_str()).await {
        Ok(ws) => ws,
        Err(refused) => return refused,
    };
    let key = super::request_key(payload["trigger_id"].as_str(), &headers);
    match super::first_time(&state, &key).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::OK.into_response(),
        Err(e) => return e.into_response(),
    }
    let done = match payload["type"].as_str() {
        Some("block_actions") => button(&state, &ws, &payload, &key).await,
        Some("message_action") => shortcut(&state, &ws, &payload, &key).await,
        Some("view_submission") => return submission(&state, &ws, &payload).await,
        _ => Ok(()),
    };
    match done {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}

/// A button of a direct message.
async fn button(state: &AppState, ws: &Workspace, p: &Value, key: &str) -> AppResult<()> {
    let user = p["user"]["id"].as_str().unwrap_or_default();
    let action = &p["actions"][0];
    let action_id = action["action_id"].as_str().unwrap_or_default();
    let value = action["value"].as_str().unwrap_or_default();
    let response_url = p["response_url"].as_str().unwrap_or_default();
    let channel = p["container"]["channel_id"]
        .as_str()
        .or(p["channel"]["id"].as_str())
        .unwrap_or_default();
    let ts = p["container"]["message_ts"]
        .as_str()
        .or(p["message"]["ts"].as_str())
        .unwrap_or_default();
    let refuse = |text: String| async move {
        if response_url.is_empty() {
            return Ok(());
        }
        let body = messages::ephemeral(&text);
        outbox::queue(
            state,
            ws.org,
            &format!("refusal:{key}"),
            response_url,
            &body,
        )
        .await
        .map(|_| ())
    };
    // Buttons are only in direct messages to linked people.
    let Some(person) = state.store.slack_person(ws.org, user).await? else {
        return refuse(words::not_linked()).await;
    };
    let actor = Actor::new(state.store.person(ws.org, person).await?);
    match press(state, &actor, action_id, value).await {
        Ok(Some((text, page))) => {
            let body = messages::done(state, channel, ts, &text, &page.path());
            outbox::queue(
                state,
                ws.org,
                &format!("update:{key}"),
                "chat.update",
                &body,
            )
            .await?;
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => {
            e.log();
            refuse(words::refused(&e)).await
        }
    }
}

async fn require(state: &AppState, actor: &Actor, module: Module) -> AppResult<()> {
    if modules::on(state, actor).await?.has(module) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "your organization has switched this off",
        ))
    }
}

/// What a button does, through the operations; what happened, in words.
async fn press(
    state: &AppState,
    actor: &Actor,
    action_id: &str,
    value: &str,
) -> AppResult<Option<(String, Page)>> {
    if let Some(what) = action_id.strip_prefix("delegation_") {
        require(state, actor, Module::Delegations).await?;
        let id = DelegationId::parse(value).ok_or(AppError::NotFound)?;
        let (act, outcome) = match what {
            "accept" => (Act::Accept { stretch: false }, None),
            "decline" => (Act::Decline, None),
            o => match o.strip_prefix("outcome:") {
                Some(o) => (Act::complete(o, "")?, Some(o.to_string())),
                None => return Ok(None),
            },
        };
        let d = delegations::act(state, actor, id, act).await?;
        let text = match (what, outcome) {
            ("accept", _) => words::accepted(&d.title),
            ("decline", _) => words::declined(&d.title),
            (_, Some(o)) => words::outcome(&d.title, &o),
            _ => return Ok(None),
        };
        return Ok(Some((text, Page::Delegation(id))));
    }
    if let Some(what) = action_id.strip_prefix("nudge_") {
        let id = rapport_core::NudgeId::parse(value).ok_or(AppError::NotFound)?;
        let (answer, text) = match what {
            "done" => (nudges::Answer::Done, words::NUDGE_DONE),
            "snooze" => (
                nudges::Answer::Snooze {
                    days: nudges::DEFAULT_SNOOZE_DAYS,
                },
                words::NUDGE_SNOOZED,
            ),
            _ => return Ok(None),
        };
        nudges::answer(state, actor, id, answer).await?;
        return Ok(Some((text.to_string(), Page::Home)));
    }
    if action_id == "help_offer" {
        require(state, actor, Module::Help).await?;
        let id = HelpRequestId::parse(value).ok_or(AppError::NotFound)?;
        help::offer(state, actor, id, words::OFFER_TEXT).await?;
        let h = help::get(state, actor, id).await?;
        return Ok(Some((words::offered(&h.skill), Page::HelpRequest(id))));
    }
    Ok(None)
}

/// The message shortcut "Thank for this": a modal asks what for.
async fn shortcut(state: &AppState, ws: &Workspace, p: &Value, key: &str) -> AppResult<()> {
    if p["callback_id"] != "thank_for_this" {
        return Ok(());
    }
    let author = p["message"]["user"].as_str().unwrap_or_default();
    let channel = p["channel"]["id"].as_str().unwrap_or_default();
    let ts = p["message"]["ts"].as_str().unwrap_or_default();
    let domain = p["team"]["domain"].as_str().unwrap_or("app");
    let permalink = format!(
        "https://{domain}.slack.com/archives/{channel}/p{}",
        ts.replace('.', "")
    );
    let metadata = json!({"author": author, "permalink": permalink}).to_string();
    let trigger = p["trigger_id"].as_str().unwrap_or_default();
    let body = messages::thanks_modal(trigger, &metadata);
    outbox::queue(state, ws.org, &format!("modal:{key}"), "views.open", &body).await?;
    Ok(())
}

/// The modal sent: thanks the message's author, quoting a link to it.
async fn submission(state: &AppState, ws: &Workspace, p: &Value) -> Response {
    let view = &p["view"];
    if view["callback_id"] != "thank_for_this" {
        return StatusCode::OK.into_response();
    }
    let meta: Value = view["private_metadata"]
        .as_str()
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or(Value::Null);
    let typed = view["state"]["values"]["message"]["text"]["value"]
        .as_str()
        .unwrap_or_default();
    let errors = |text: String| {
        axum::Json(json!({"response_action": "errors", "errors": {"message": text}}))
            .into_response()
    };
    let user = p["user"]["id"].as_str().unwrap_or_default();
    let author = meta["author"].as_str().unwrap_or_default();
    let actor = match super::person_for(state, ws, user).await {
        Ok(Some(a)) => a,
        Ok(None) => return errors(words::unknown_user()),
        Err(e) => return errors(words::refused(&e)),
    };
    let to = match super::person_for(state, ws, author).await {
        Ok(Some(a)) => a,
        Ok(None) => return errors(words::colleague_unknown(author)),
        Err(e) => return errors(words::refused(&e)),
    };
    let draft = thanks::Draft {
        to: Some(to.id()),
        message: words::thanks_for_message(
            typed.trim(),
            meta["permalink"].as_str().unwrap_or_default(),
        ),
        ..Default::default()
    };
    if typed.trim().is_empty() {
        return errors(words::THANKS_LABEL.to_string());
    }
    match thanks::thank(state, &actor, draft).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => {
            e.log();
            errors(words::refused(&e))
        }
    }
}
