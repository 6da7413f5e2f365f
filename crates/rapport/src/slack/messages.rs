//! What rapport posts, in Slack's Block Kit and as a Teams Adaptive Card.
//! A direct message is the notification's own sentence (rapport's words,
//! names and titles) and a link, with buttons when the person can act on
//! it now: never the text of a miss, a dispute, a check-in answer or a
//! growth area, which stay behind the link.

use crate::AppState;
use crate::app::delegations::{self, Can};
use crate::app::links::Page;
use crate::app::notices::chat as words;
use crate::app::{Actor, AppResult, help};
use rapport_core::delegation::Side;
use rapport_core::{DelegationId, HelpRequestId};
use rapport_store::{DirectMessageDue, TeamThanksDue};
use serde_json::{Value, json};

/// Slack's mrkdwn treats `&`, `<` and `>` as markup: escaped in any text
/// that came from a person (a name, a title, a message).
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What Slack sends back of a person's text, as they typed it.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn page_url(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.public_url)
}

fn section(text: &str) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})
}

fn button(label: &str, action_id: &str, value: &str, style: Option<&str>) -> Value {
    let mut b = json!({"type": "button", "text": {"type": "plain_text", "text": label},
        "action_id": action_id, "value": value});
    if let Some(style) = style {
        b["style"] = json!(style);
    }
    b
}

/// The sentence with a link under it.
pub fn linked(state: &AppState, text: &str, path: &str) -> Vec<Value> {
    vec![section(&format!(
        "{}\n<{}|{}>",
        escape(text),
        page_url(state, path),
        words::OPEN
    ))]
}

/// A notification as a direct message, with the buttons the person can
/// use on it now (decided with the same operations as the pages).
pub async fn direct_message(state: &AppState, dm: &DirectMessageDue) -> AppResult<Value> {
    let mut blocks = linked(state, &dm.text, &dm.link);
    let actor = Actor::new(state.store.person(dm.org_id, dm.person_id).await?);
    let buttons = buttons_for(state, &actor, &dm.link).await;
    if !buttons.is_empty() {
        blocks.push(json!({"type": "actions", "elements": buttons}));
    }
    Ok(json!({
        "channel": dm.slack_user_id,
        "text": dm.text,
        "blocks": blocks,
        "unfurl_links": false,
    }))
}

async fn buttons_for(state: &AppState, actor: &Actor, link: &str) -> Vec<Value> {
    if let Some(id) = link
        .strip_prefix("/delegations/")
        .and_then(DelegationId::parse)
        && let Ok(d) = delegations::get(state, actor, id).await
    {
        let v = id.to_string();
        if d.can(Can::Accept) {
            return vec![
                button(words::ACCEPT, "delegation_accept", &v, Some("primary")),
                button(words::DECLINE, "delegation_decline", &v, None),
            ];
        }
        if d.side == Side::Delegator && d.marked_done_at.is_some() && d.can(Can::Complete) {
            return vec![
                button(
                    "Delivered",
                    "delegation_outcome:delivered",
                    &v,
                    Some("primary"),
                ),
                button(words::PARTLY, "delegation_outcome:partly", &v, None),
                button(words::MISSED, "delegation_outcome:missed", &v, None),
            ];
        }
    }
    if let Some(id) = link.strip_prefix("/help/").and_then(HelpRequestId::parse)
        && let Ok(h) = help::get(state, actor, id).await
        && !h.mine
        && h.status == rapport_core::help::Status::Open
        && !h.offers.iter().any(|o| o.helper.id == actor.id())
    {
        return vec![button(
            "Offer to help",
            "help_offer",
            &id.to_string(),
            Some("primary"),
        )];
    }
    Vec::new()
}

/// The message a button leaves in place of itself: what happened.
pub fn done(state: &AppState, channel: &str, ts: &str, text: &str, path: &str) -> Value {
    json!({"channel": channel, "ts": ts, "text": text, "blocks": linked(state, text, path)})
}

/// An answer only the person sees, at a `response_url`.
pub fn ephemeral(text: &str) -> Value {
    json!({"response_type": "ephemeral", "replace_original": false, "text": text})
}

/// Thanks visible to a team, in its Slack channel.
pub fn team_thanks_slack(state: &AppState, t: &TeamThanksDue, channel: &str) -> Value {
    let text = words::team_thanks(&t.from_name, &t.to_name, &t.message);
    json!({"channel": channel, "text": text, "blocks": linked(state, &text, &Page::Thanks.path()),
        "unfurl_links": false})
}

/// Thanks visible to a team, as an Adaptive Card for a Teams Workflows
/// webhook ("Post to a channel when a webhook request is received").
pub fn team_thanks_teams(state: &AppState, t: &TeamThanksDue) -> Value {
    let text = words::team_thanks(&t.from_name, &t.to_name, &t.message);
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [{"type": "TextBlock", "text": text, "wrap": true}],
                "actions": [{"type": "Action.OpenUrl", "title": words::OPEN,
                    "url": page_url(state, &Page::Thanks.path())}]
            }
        }]
    })
}

/// The modal of the message shortcut "Thank for this".
pub fn thanks_modal(trigger_id: &str, metadata: &str) -> Value {
    json!({
        "trigger_id": trigger_id,
        "view": {
            "type": "modal",
            "callback_id": "thank_for_this",
            "private_metadata": metadata,
            "title": {"type": "plain_text", "text": words::THANK_FOR_THIS},
            "submit": {"type": "plain_text", "text": words::THANK},
            "close": {"type": "plain_text", "text": words::CANCEL},
            "blocks": [{
                "type": "input",
                "block_id": "message",
                "label": {"type": "plain_text", "text": words::THANKS_LABEL},
                "element": {"type": "plain_text_input", "action_id": "text", "multiline": true}
            }]
        }
    })
}

/// The nudge of the week: what to do and with whom, never why (a reason
/// may touch a growth area), with Done and Not this week.
pub fn weekly_nudge(
    state: &AppState,
    slack_user: &str,
    n: &crate::app::nudges::NudgeView,
) -> Value {
    let text = words::weekly_nudge(n.action, n.person.as_ref().map(|p| p.name.as_str()));
    let mut blocks = linked(state, &text, &n.link.path());
    let id = n.id.to_string();
    blocks.push(json!({"type": "actions", "elements": [
        button(words::DONE, "nudge_done", &id, Some("primary")),
        button(words::NOT_THIS_WEEK, "nudge_snooze", &id, None),
    ]}));
    json!({"channel": slack_user, "text": text, "blocks": blocks, "unfurl_links": false})
}
