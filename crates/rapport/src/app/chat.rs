//! Chat: the organization's Slack app (admins), a person's opt-in to
//! direct messages, and a team's Slack channel and Microsoft Teams webhook
//! (admins). The Slack adapter (`slack/`) calls these and the other
//! operations; what it posts follows the email's rule: rapport's own words
//! and a link, never the free text of a miss, a dispute or a check-in.

use super::{Actor, AppResult};
use crate::AppState;
use rapport_core::{InvalidValue, TeamId};
use rapport_store::{SlackSettings, TeamChat};

/// The Slack app as an admin sees it: the secrets only as "set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlackStatus {
    pub team_id: Option<String>,
    pub bot_token_set: bool,
    pub signing_secret_set: bool,
}

/// The Slack app as an admin typed it; an empty secret keeps the saved one.
#[derive(Debug, Clone, Default)]
pub struct SlackDraft {
    pub bot_token: String,
    pub signing_secret: String,
    pub team_id: String,
}

pub async fn slack_status(app: &AppState, admin: &Actor) -> AppResult<SlackStatus> {
    admin.require_admin()?;
    Ok(match app.store.slack_settings(admin.org()).await? {
        Some(s) => SlackStatus {
            team_id: Some(s.team_id),
            bot_token_set: !s.bot_token.is_empty(),
            signing_secret_set: !s.signing_secret.is_empty(),
        },
        None => SlackStatus::default(),
    })
}

/// Saves the Slack app, audited (the secrets never in the log).
pub async fn set_slack(app: &AppState, admin: &Actor, d: SlackDraft) -> AppResult<SlackStatus> {
    admin.require_admin()?;
    let team_id = d.team_id.trim().to_string();
    if team_id.is_empty()
        || team_id.len() > 32
        || !team_id.starts_with('T')
        || !team_id.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(InvalidValue::new(
            "team_id",
            "must be the workspace's id as Slack shows it, such as T0123ABCD",
        )
        .into());
    }
    let old = app.store.slack_settings(admin.org()).await?;
    let keep = |typed: &str, old: Option<&str>, field: &'static str, how: &'static str| {
        let typed = typed.trim();
        match (typed.is_empty(), old) {
            (false, _) if typed.len() > 256 || typed.chars().any(char::is_whitespace) => {
                Err(InvalidValue::new(field, how))
            }
            (false, _) => Ok(typed.to_string()),
            (true, Some(old)) => Ok(old.to_string()),
            (true, None) => Err(InvalidValue::new(field, how)),
        }
    };
    let bot_token = keep(
        &d.bot_token,
        old.as_ref().map(|o| o.bot_token.as_str()),
        "bot_token",
        "paste the Bot User OAuth Token from the app's OAuth & Permissions page (it starts with xoxb-)",
    )?;
    if !bot_token.starts_with("xoxb-") {
        return Err(InvalidValue::new(
            "bot_token",
            "must be the Bot User OAuth Token, which starts with xoxb-",
        )
        .into());
    }
    let signing_secret = keep(
        &d.signing_secret,
        old.as_ref().map(|o| o.signing_secret.as_str()),
        "signing_secret",
        "paste the Signing Secret from the app's Basic Information page",
    )?;
    let (org, now) = (admin.org(), app.now());
    let s = SlackSettings {
        team_id: team_id.clone(),
        bot_token,
        signing_secret,
    };
    app.store.set_slack_settings(org, &s, now).await?;
    app.store
        .record_audit(org, Some(admin.id()), "slack.set", &team_id, "", now)
        .await?;
    slack_status(app, admin).await
}

/// Whether I get direct messages in Slack.
pub async fn direct_messages(app: &AppState, actor: &Actor) -> AppResult<bool> {
    Ok(app.store.slack_direct_messages(actor.id()).await?)
}

pub async fn set_direct_messages(app: &AppState, actor: &Actor, on: bool) -> AppResult<bool> {
    app.store
        .set_slack_direct_messages(actor.id(), on, app.now())
        .await?;
    Ok(on)
}

/// A team's chat places as an admin typed them; empty clears one.
#[derive(Debug, Clone, Default)]
pub struct TeamChatDraft {
    pub slack_channel: String,
    pub teams_webhook_url: String,
}

pub async fn team_chat(app: &AppState, admin: &Actor, team: TeamId) -> AppResult<TeamChat> {
    admin.require_admin()?;
    Ok(app.store.team_chat(admin.org(), team).await?)
}

/// Sets where a team's thanks are posted (admins), audited. The webhook is
/// checked by the outbound guard as it is saved, and again when used.
pub async fn set_team_chat(
    app: &AppState,
    admin: &Actor,
    team: TeamId,
    d: TeamChatDraft,
) -> AppResult<TeamChat> {
    admin.require_admin()?;
    let channel = d.slack_channel.trim();
    let channel = match channel {
        "" => None,
        c if c.len() <= 32 && c.chars().all(|ch| ch.is_ascii_alphanumeric()) => Some(c.to_string()),
        _ => {
            return Err(InvalidValue::new(
                "slack_channel",
                "must be the channel's id (in Slack: the channel's details, at the bottom), such as C0123ABCD",
            )
            .into());
        }
    };
    let hook = d.teams_webhook_url.trim();
    let hook = if hook.is_empty() {
        None
    } else {
        let url = url::Url::parse(hook).map_err(|_| {
            InvalidValue::new(
                "teams_webhook_url",
                "must be the Workflows webhook's full URL (https://…)",
            )
        })?;
        let allow_private = app.config.allow_private_targets;
        if url.scheme() != "https" && !(allow_private && url.scheme() == "http") {
            return Err(InvalidValue::new("teams_webhook_url", "must start with https://").into());
        }
        crate::outbound::check_url("teams_webhook_url", &url, allow_private)?;
        Some(url.to_string())
    };
    let c = TeamChat {
        slack_channel: channel,
        teams_webhook_url: hook,
    };
    let (org, now) = (admin.org(), app.now());
    app.store.set_team_chat(org, team, &c, now).await?;
    let detail = match (&c.slack_channel, &c.teams_webhook_url) {
        (None, None) => "no chat",
        (Some(_), None) => "a Slack channel",
        (None, Some(_)) => "a Teams webhook",
        (Some(_), Some(_)) => "a Slack channel and a Teams webhook",
    };
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "team.chat",
            &team.to_string(),
            detail,
            now,
        )
        .await?;
    Ok(c)
}
