//! Slack and Teams settings, through `app::chat`: the organization's Slack
//! app (admins; the secrets are never returned), my opt-in to direct
//! messages, and a team's Slack channel and Teams webhook (admins).

use super::{ApiJson, ErrorBody, IdPath};
use crate::AppState;
use crate::app::{Actor, AppResult, chat as ops};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use rapport_core::TeamId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_slack, put_slack))
        .routes(routes!(get_my_slack, put_my_slack))
        .routes(routes!(get_team_chat, put_team_chat))
}

/// The organization's Slack app: whether each secret is set, never the secret.
#[derive(Serialize, ToSchema)]
pub struct SlackSettingsOut {
    /// The workspace's id (T…), or null before it is set up.
    pub team_id: Option<String>,
    pub bot_token_set: bool,
    pub signing_secret_set: bool,
}

/// The Slack app's secrets and workspace; an empty secret keeps the saved one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlackSettingsIn {
    /// The Bot User OAuth Token (xoxb-…).
    #[serde(default)]
    pub bot_token: String,
    /// The app's Signing Secret.
    #[serde(default)]
    pub signing_secret: String,
    /// The workspace's id (T…).
    pub team_id: String,
}

impl From<ops::SlackStatus> for SlackSettingsOut {
    fn from(s: ops::SlackStatus) -> Self {
        SlackSettingsOut {
            team_id: s.team_id,
            bot_token_set: s.bot_token_set,
            signing_secret_set: s.signing_secret_set,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/slack", tag = "admin",
    responses((status = 200, body = SlackSettingsOut), (status = 403, body = ErrorBody)))]
async fn get_slack(
    State(app): State<AppState>,
    Admin(admin): Admin,
) -> AppResult<Json<SlackSettingsOut>> {
    Ok(Json(ops::slack_status(&app, &admin).await?.into()))
}

/// Sets up the organization's Slack app (audited).
#[utoipa::path(put, path = "/api/v1/admin/slack", tag = "admin", request_body = SlackSettingsIn,
    responses((status = 200, body = SlackSettingsOut), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn put_slack(
    State(app): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<SlackSettingsIn>,
) -> AppResult<Json<SlackSettingsOut>> {
    let draft = ops::SlackDraft {
        bot_token: b.bot_token,
        signing_secret: b.signing_secret,
        team_id: b.team_id,
    };
    Ok(Json(ops::set_slack(&app, &admin, draft).await?.into()))
}

/// Whether I get direct messages in Slack (beside email).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MySlack {
    pub direct_messages: bool,
}

#[utoipa::path(get, path = "/api/v1/me/slack", tag = "nudges", responses((status = 200, body = MySlack)))]
async fn get_my_slack(State(app): State<AppState>, actor: Actor) -> AppResult<Json<MySlack>> {
    Ok(Json(MySlack {
        direct_messages: ops::direct_messages(&app, &actor).await?,
    }))
}

/// Turns my direct messages in Slack on or off.
#[utoipa::path(put, path = "/api/v1/me/slack", tag = "nudges", request_body = MySlack,
    responses((status = 200, body = MySlack)))]
async fn put_my_slack(
    State(app): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<MySlack>,
) -> AppResult<Json<MySlack>> {
    Ok(Json(MySlack {
        direct_messages: ops::set_direct_messages(&app, &actor, b.direct_messages).await?,
    }))
}

/// Where a team's thanks visible to the team are posted; null: nowhere.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TeamChatSettings)]
pub struct TeamChatOut {
    /// The Slack channel's id (C…).
    pub slack_channel: Option<String>,
    /// A Microsoft Teams Workflows webhook's URL.
    pub teams_webhook_url: Option<String>,
}

impl From<rapport_store::TeamChat> for TeamChatOut {
    fn from(c: rapport_store::TeamChat) -> Self {
        TeamChatOut {
            slack_channel: c.slack_channel,
            teams_webhook_url: c.teams_webhook_url,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/teams/{id}/chat", tag = "teams", params(("id" = TeamId, Path)),
    responses((status = 200, body = TeamChatOut), (status = 403, body = ErrorBody)))]
async fn get_team_chat(
    State(app): State<AppState>,
    Admin(admin): Admin,
    IdPath(id): IdPath<TeamId>,
) -> AppResult<Json<TeamChatOut>> {
    Ok(Json(ops::team_chat(&app, &admin, id).await?.into()))
}

/// Sets a team's Slack channel and Teams webhook (admins, audited); null
/// or empty clears one. The webhook is checked by the outbound guard.
#[utoipa::path(put, path = "/api/v1/teams/{id}/chat", tag = "teams", params(("id" = TeamId, Path)),
    request_body = TeamChatOut,
    responses((status = 200, body = TeamChatOut), (status = 403, body = ErrorBody)))]
async fn put_team_chat(
    State(app): State<AppState>,
    Admin(admin): Admin,
    IdPath(id): IdPath<TeamId>,
    ApiJson(b): ApiJson<TeamChatOut>,
) -> AppResult<Json<TeamChatOut>> {
    let draft = ops::TeamChatDraft {
        slack_channel: b.slack_channel.unwrap_or_default(),
        teams_webhook_url: b.teams_webhook_url.unwrap_or_default(),
    };
    Ok(Json(
        ops::set_team_chat(&app, &admin, id, draft).await?.into(),
    ))
}
