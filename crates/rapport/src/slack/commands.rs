//! The slash command `/rapport`: `thanks @someone message` (add `team` to
//! share it with their team), `help skill: what I need`, `delegate
//! @someone title [by DATE]`, `next`; anything else answers how to use it.
//! Every answer is only for the person (ephemeral). When everyone named is
//! linked already, the answer comes at once; otherwise Slack is answered
//! at once and the answer follows at the command's `response_url` (Slack
//! waits three seconds at most).

use super::{Workspace, messages, outbox};
use crate::AppState;
use crate::app::notices::{self, chat as words};
use crate::app::{Actor, AppError, AppResult, delegations, help, home, modules, thanks};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rapport_core::modules::Module;
use serde::Deserialize;
use serde_json::{Value, json};

/// What Slack posts for a slash command (the fields rapport reads).
#[derive(Debug, Deserialize)]
struct CommandForm {
    user_id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    response_url: String,
    #[serde(default)]
    trigger_id: String,
}

/// A command as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Thanks {
        to: Option<String>,
        team: bool,
        message: String,
    },
    Help {
        skill: String,
        text: String,
    },
    HelpWithoutColon,
    Delegate {
        to: Option<String>,
        title: String,
        due: String,
    },
    Next,
    Usage,
}

/// A Slack user named in a command's text: `<@U123>` or `<@U123|name>`,
/// and the text after it.
fn mention(s: &str) -> (Option<String>, &str) {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix("<@")
        && let Some((inside, after)) = rest.split_once('>')
    {
        let id = inside.split('|').next().unwrap_or_default().trim();
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return (Some(id.to_string()), after);
        }
    }
    (None, s)
}

fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let s = s.trim_start();
    let (first, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    first.eq_ignore_ascii_case(word).then_some(rest)
}

pub fn parse(text: &str) -> Command {
    let text = text.trim();
    let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    match verb.to_ascii_lowercase().as_str() {
        "thanks" | "thank" => {
            let mut team = false;
            let mut rest = rest;
            if let Some(r) = strip_word(rest, "team") {
                team = true;
                rest = r;
            }
            let (to, mut rest) = mention(rest);
            if let Some(r) = strip_word(rest, "team") {
                team = true;
                rest = r;
            }
            Command::Thanks {
                to,
                team,
                message: messages::unescape(rest.trim()),
            }
        }
        "help" if rest.trim().is_empty() => Command::Usage,
        "help" => match rest.split_once(':') {
            Some((skill, what)) => Command::Help {
                skill: messages::unescape(skill.trim()),
                text: messages::unescape(what.trim()),
            },
            None => Command::HelpWithoutColon,
        },
        "delegate" => {
            let (to, rest) = mention(rest);
            let rest = rest.trim();
            let (title, due) = match rest.rsplit_once(" by ") {
                Some((title, day))
                    if day.trim().starts_with(|c: char| c.is_ascii_digit())
                        && !day.trim().contains(char::is_whitespace) =>
                {
                    (title, day.trim())
                }
                _ => (rest, ""),
            };
            Command::Delegate {
                to,
                title: messages::unescape(title.trim()),
                due: due.to_string(),
            }
        }
        "next" => Command::Next,
        _ => Command::Usage,
    }
}

fn answer(text: &str) -> Value {
    json!({"response_type": "ephemeral", "text": text})
}

pub async fn handle(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let team = fields
        .iter()
        .find(|(k, _)| k == "team_id")
        .map(|(_, v)| v.as_str());
    let ws = match super::verified(&state, &headers, &body, team).await {
        Ok(ws) => ws,
        Err(refused) => return refused,
    };
    let Ok(form) = serde_urlencoded::from_bytes::<CommandForm>(&body) else {
        return AppError::BadRequest("a slash command needs user_id".into()).into_response();
    };
    let key = super::request_key(Some(&form.trigger_id), &headers);
    match super::first_time(&state, &key).await {
        Ok(true) => {}
        Ok(false) => return axum::Json(answer(&words::already_handled())).into_response(),
        Err(e) => return e.into_response(),
    }
    let command = parse(&form.text);
    match everyone_linked(&state, &ws, &form.user_id, &command).await {
        Ok(true) => {
            let reply = run(&state, &ws, &form.user_id, command).await;
            axum::Json(answer(&reply)).into_response()
        }
        Ok(false) => {
            // Linking calls Slack: answer now, and the rest after.
            tokio::spawn(answer_later(state, ws, form, command, key));
            StatusCode::OK.into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// Whether the person and the colleague the command names are linked
/// already, so that it runs without calling Slack.
async fn everyone_linked(
    state: &AppState,
    ws: &Workspace,
    user: &str,
    command: &Command,
) -> AppResult<bool> {
    let named = match command {
        Command::Thanks { to: Some(u), .. } | Command::Delegate { to: Some(u), .. } => Some(u),
        _ => None,
    };
    if !super::is_linked(state, ws, user).await? {
        return Ok(false);
    }
    match named {
        Some(u) => super::is_linked(state, ws, u).await,
        None => Ok(true),
    }
}

/// Runs the command after Slack was answered, and posts the answer to the
/// command's `response_url` (through the outbox).
async fn answer_later(
    state: AppState,
    ws: Workspace,
    form: CommandForm,
    command: Command,
    key: String,
) {
    let reply = run(&state, &ws, &form.user_id, command).await;
    if !form.response_url.starts_with("https://") && !form.response_url.starts_with("http://") {
        tracing::warn!("a slash command without a response_url: its answer is not sent");
        return;
    }
    let body = messages::ephemeral(&reply);
    let reply_key = format!("reply:{key}");
    if let Err(e) = outbox::queue(&state, ws.org, &reply_key, &form.response_url, &body).await {
        tracing::warn!(error = %e, "could not queue a slash command's answer");
    }
}

/// Runs a command for the Slack user; the answer in words, whatever happened.
async fn run(state: &AppState, ws: &Workspace, user: &str, command: Command) -> String {
    let actor = match super::person_for(state, ws, user).await {
        Ok(Some(actor)) => actor,
        Ok(None) => return words::unknown_user(),
        Err(e) => {
            e.log();
            return words::refused(&e);
        }
    };
    match act(state, ws, &actor, command).await {
        Ok(reply) => reply,
        Err(e) => {
            e.log();
            words::refused(&e)
        }
    }
}

/// A suggested helper who wants direct messages hears of the request,
/// with an Offer button (once per request and helper).
async fn tell_suggested(
    state: &AppState,
    actor: &Actor,
    h: &help::HelpView,
    helper: rapport_core::PersonId,
) -> AppResult<()> {
    let Some(slack_user) = state.store.slack_user_of(helper).await? else {
        return Ok(());
    };
    if !state.store.slack_direct_messages(helper).await? {
        return Ok(());
    }
    let notice = notices::help_asked(&actor.person.name, &h.skill, h.id);
    let dm = rapport_store::DirectMessageDue {
        org_id: actor.org(),
        person_id: helper,
        slack_user_id: slack_user,
        notification_id: format!("suggested:{}:{helper}", h.id),
        text: notice.text.clone(),
        link: notice.link.path(),
    };
    let body = messages::direct_message(state, &dm).await?;
    outbox::queue(
        state,
        actor.org(),
        &dm.notification_id,
        "chat.postMessage",
        &body,
    )
    .await?;
    Ok(())
}

/// The colleague a command names, or why not.
async fn colleague(
    state: &AppState,
    ws: &Workspace,
    to: Option<String>,
    what: &str,
) -> Result<Actor, String> {
    let to = to.ok_or_else(|| words::mention_needed(what))?;
    match super::person_for(state, ws, &to).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(words::colleague_unknown(&to)),
        Err(e) => Err(words::refused(&e)),
    }
}

async fn require(state: &AppState, actor: &Actor, module: Module) -> Result<(), String> {
    match modules::on(state, actor).await {
        Ok(on) if on.has(module) => Ok(()),
        Ok(_) => Err(words::module_off(module.words())),
        Err(e) => Err(words::refused(&e)),
    }
}

async fn act(state: &AppState, ws: &Workspace, actor: &Actor, c: Command) -> AppResult<String> {
    Ok(match c {
        Command::Usage => words::USAGE.to_string(),
        Command::HelpWithoutColon => words::help_needs_colon(),
        Command::Thanks { to, team, message } => {
            let to = match colleague(state, ws, to, "thanks").await {
                Ok(a) => a,
                Err(w) => return Ok(w),
            };
            let draft = thanks::Draft {
                to: Some(to.id()),
                message,
                visibility: if team { "team" } else { "private" }.into(),
                ..Default::default()
            };
            let t = thanks::thank(state, actor, draft).await?;
            words::thanked(&t.to.name, team)
        }
        Command::Help { skill, text } => {
            if let Err(w) = require(state, actor, Module::Help).await {
                return Ok(w);
            }
            let draft = help::Draft {
                skill,
                text,
                audience: "org".into(),
                to: None,
            };
            let h = help::create(state, actor, draft.parse(actor)?).await?;
            let suggested = help::suggested_helpers(state, actor, h.id).await?;
            for s in &suggested {
                tell_suggested(state, actor, &h, s.person.id).await?;
            }
            let names: Vec<String> = suggested.into_iter().map(|s| s.person.name).collect();
            words::help_opened(&names)
        }
        Command::Delegate { to, title, due } => {
            if let Err(w) = require(state, actor, Module::Delegations).await {
                return Ok(w);
            }
            let to = match colleague(state, ws, to, "delegate").await {
                Ok(a) => a,
                Err(w) => return Ok(w),
            };
            let draft = delegations::Draft {
                to: Some(to.id()),
                title,
                due,
                stakes: "small".into(),
                ..Default::default()
            };
            let cmd = draft.parse().map_err(|problems| {
                let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
                AppError::BadRequest(all.join("; "))
            })?;
            let d = delegations::create(state, actor, cmd).await?;
            words::delegated(&d.to.name, &d.title)
        }
        Command::Next => {
            let h = home::home(state, actor).await?;
            words::next_step(&h.next_step.sentence)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_as_slack_sends_them() {
        assert_eq!(
            parse("thanks <@U123|ada> for the review &amp; the tests"),
            Command::Thanks {
                to: Some("U123".into()),
                team: false,
                message: "for the review & the tests".into()
            }
        );
        assert_eq!(
            parse("thanks <@U123> team for the demo"),
            Command::Thanks {
                to: Some("U123".into()),
                team: true,
                message: "for the demo".into()
            }
        );
        assert_eq!(
            parse("help Spreadsheets: a formula"),
            Command::Help {
                skill: "Spreadsheets".into(),
                text: "a formula".into()
            }
        );
        assert_eq!(parse("help me please"), Command::HelpWithoutColon);
        assert_eq!(
            parse("delegate <@U9> Draft the notes by 2026-12-01"),
            Command::Delegate {
                to: Some("U9".into()),
                title: "Draft the notes".into(),
                due: "2026-12-01".into()
            }
        );
        assert_eq!(
            parse("delegate <@U9> Stand by me"),
            Command::Delegate {
                to: Some("U9".into()),
                title: "Stand by me".into(),
                due: String::new()
            }
        );
        assert_eq!(parse("NEXT"), Command::Next);
        assert_eq!(parse("dance"), Command::Usage);
        assert_eq!(parse(""), Command::Usage);
    }
}
