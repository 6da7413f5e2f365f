//! Governance pages: the organization's settings and the audit log (for
//! admins), and the transparency page every person can read, generated
//! from the live settings.

use super::flash;
use super::page::{MaybeViewer, Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::admin::{self, AuditEntry, Live};
use crate::app::notices::Done;
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rapport_core::TeamId;
use rapport_core::modules::Module;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(settings).post(save))
        .route("/admin/settings/modules", axum::routing::post(save_modules))
        .route("/admin/settings/slack", axum::routing::post(save_slack))
        .route(
            "/admin/settings/retention",
            axum::routing::post(save_retention),
        )
        .route("/admin/audit", get(audit))
        .route("/transparency", get(transparency))
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
pub(super) struct SettingsPage {
    nav: Nav,
    tab: &'static str,
    live: Live,
    error: Option<String>,
    /// Each module: its API name, its words, whether it is on.
    modules: Vec<(&'static str, &'static str, bool)>,
    /// Each team: its id, its name, whether it is in the pilot.
    teams: Vec<(String, String, bool)>,
    /// Single sign-on: the provider, if any, and the redirect URI to
    /// register with it.
    sso: Option<crate::app::sso::SsoView>,
    redirect_uri: String,
    /// The Slack app: the workspace and whether each secret is set.
    slack: crate::app::chat::SlackStatus,
    /// What the admin typed in the Slack form when it came back with a problem.
    slack_team_typed: Option<String>,
}

pub(super) async fn settings_page(
    state: &AppState,
    v: &Actor,
    headers: &HeaderMap,
    error: Option<String>,
) -> Result<SettingsPage, AppError> {
    if !v.is_admin() {
        return Err(AppError::Forbidden("only an admin can open this page"));
    }
    let s = admin::settings(state, v).await?;
    let teams = crate::app::people::teams(state, v).await?;
    let slack = crate::app::chat::slack_status(state, v).await?;
    Ok(SettingsPage {
        slack,
        slack_team_typed: None,
        nav: Nav::load(state, v, "admin").await?,
        tab: "settings",
        live: admin::live(state, v).await?,
        error,
        modules: Module::ALL
            .into_iter()
            .map(|m| (m.as_str(), m.words(), s.modules.switched_on(m)))
            .collect(),
        teams: teams
            .into_iter()
            .map(|t| {
                let pilot = s.modules.pilot.contains(&t.id);
                (t.id.to_string(), t.name, pilot)
            })
            .collect(),
        sso: crate::app::sso::settings(state, v).await?,
        redirect_uri: super::sso::redirect_uri(state, headers),
    })
}

async fn settings(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    render(&settings_page(&state, &v, &headers, None).await?)
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    min_group_size: String,
}

async fn save(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    if !v.is_admin() {
        return Err(AppError::Forbidden("only an admin can do this").into());
    }
    let n = f.min_group_size.trim().parse::<i64>().unwrap_or(0);
    match admin::set_min_group_size(&state, &v, n).await {
        Ok(()) => Ok(flash::redirect("/admin/settings", Done::Saved)),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&settings_page(&state, &v, &headers, Some(super::form::words(&e))).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ModulesForm {
    /// The modules ticked on.
    #[serde(default)]
    on: Vec<String>,
    /// The pilot teams ticked; none: every team.
    #[serde(default)]
    pilot: Vec<String>,
}

async fn save_modules(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
    axum_extra::extract::Form(f): axum_extra::extract::Form<ModulesForm>,
) -> Result<Response, PageError> {
    let change = admin::OrgChange {
        modules: Module::ALL
            .into_iter()
            .map(|m| (m, f.on.iter().any(|o| o == m.as_str())))
            .collect(),
        pilot_team_ids: Some(f.pilot.iter().filter_map(|t| TeamId::parse(t)).collect()),
        ..Default::default()
    };
    save_change(&state, &v, &headers, change).await
}

#[derive(Deserialize)]
struct RetentionForm {
    #[serde(default)]
    retention_days: String,
}

async fn save_retention(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
    Form(f): Form<RetentionForm>,
) -> Result<Response, PageError> {
    let change = admin::OrgChange {
        // Not a whole number: the range's words say what to type.
        retention_days: Some(f.retention_days.trim().parse::<i64>().unwrap_or(0)),
        ..Default::default()
    };
    save_change(&state, &v, &headers, change).await
}

/// Saves a change from the settings page: back to it with a confirmation,
/// or with the problem in words above the forms.
async fn save_change(
    state: &AppState,
    v: &Actor,
    headers: &HeaderMap,
    change: admin::OrgChange,
) -> Result<Response, PageError> {
    match admin::change(state, v, change).await {
        Ok(_) => Ok(flash::redirect("/admin/settings", Done::Saved)),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&settings_page(state, v, headers, Some(super::form::words(&e))).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct SlackForm {
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    bot_token: String,
    #[serde(default)]
    signing_secret: String,
}

/// The Slack app's workspace and secrets; an empty secret keeps the saved one.
async fn save_slack(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
    Form(f): Form<SlackForm>,
) -> Result<Response, PageError> {
    let typed = f.team_id.clone();
    let draft = crate::app::chat::SlackDraft {
        bot_token: f.bot_token,
        signing_secret: f.signing_secret,
        team_id: f.team_id,
    };
    match crate::app::chat::set_slack(&state, &v, draft).await {
        Ok(_) => Ok(flash::redirect("/admin/settings", Done::Saved)),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let mut page =
                settings_page(&state, &v, &headers, Some(super::form::words(&e))).await?;
            page.slack_team_typed = Some(typed);
            Ok((e.status(), render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    nav: Nav,
    tab: &'static str,
    items: Vec<AuditEntry>,
}

async fn audit(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    if !v.is_admin() {
        return Err(AppError::Forbidden("only an admin can open this page").into());
    }
    render(&AuditPage {
        nav: Nav::load(&state, &v, "admin").await?,
        tab: "audit",
        items: admin::audit_log(&state, &v).await?,
    })
}

#[derive(Template)]
#[template(path = "transparency.html")]
struct TransparencyPage {
    nav: Nav,
    live: Live,
    /// Signed in: the organization's own settings; otherwise the
    /// instance's, for someone deciding whether to join.
    signed_in: bool,
}

async fn transparency(
    State(state): State<AppState>,
    viewer: MaybeViewer,
) -> Result<Response, PageError> {
    let live = match &viewer.0 {
        Some(v) => admin::live(&state, v).await?,
        None => admin::live_for_visitors(&state),
    };
    render(&TransparencyPage {
        nav: viewer.nav(&state, "").await?,
        signed_in: viewer.0.is_some(),
        live,
    })
}
