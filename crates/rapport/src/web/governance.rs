//! Governance pages: the organization's settings and the audit log (for
//! admins), and the transparency page every person can read, generated
//! from the live settings.

use super::page::{Nav, PageError, PageViewer, render};
use crate::app::Actor;
use crate::http::org_settings::{self as api, AuditOut};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(settings).post(save))
        .route("/admin/audit", get(audit))
        .route("/transparency", get(transparency))
}

/// What the settings and transparency pages say about this instance.
struct Live {
    min_group_size: i64,
    check_in_window_days: i64,
    nudges_per_week: usize,
    introductions_every_days: i64,
    email_on: bool,
    lrs_on: bool,
    lrs_actor: String,
}

async fn live(state: &AppState, v: &Actor) -> Result<Live, AppError> {
    let org = state.store.org(v.person.org_id).await?;
    let lrs = state.store.lrs_settings(org.id).await?;
    Ok(Live {
        min_group_size: org.min_group_size,
        check_in_window_days: state.config.check_in_window_days,
        nudges_per_week: state.config.nudges_per_week,
        introductions_every_days: state.config.introductions_every_days,
        email_on: state.config.email.is_some(),
        lrs_on: lrs.is_some(),
        lrs_actor: lrs.map(|l| l.actor).unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    nav: Nav,
    tab: &'static str,
    live: Live,
    error: Option<String>,
}

async fn settings_page(
    state: &AppState,
    v: &Actor,
    error: Option<String>,
) -> Result<SettingsPage, AppError> {
    if !v.is_admin() {
        return Err(AppError::Forbidden("only an admin can open this page"));
    }
    Ok(SettingsPage {
        nav: Nav::load(state, v, "admin").await?,
        tab: "settings",
        live: live(state, v).await?,
        error,
    })
}

async fn settings(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(&settings_page(&state, &v, None).await?)
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    min_group_size: String,
}

async fn save(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    if !v.is_admin() {
        return Err(AppError::Forbidden("only an admin can do this").into());
    }
    let n = f.min_group_size.trim().parse::<i64>().unwrap_or(0);
    match api::set_min_group_size(&state, &v, n).await {
        Ok(()) => Ok(Redirect::to("/admin/settings").into_response()),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&settings_page(&state, &v, Some(e.to_string())).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    nav: Nav,
    tab: &'static str,
    items: Vec<AuditOut>,
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
        items: api::audit_entries(&state, &v).await?,
    })
}

#[derive(Template)]
#[template(path = "transparency.html")]
struct TransparencyPage {
    nav: Nav,
    live: Live,
}

async fn transparency(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(&TransparencyPage {
        nav: Nav::load(&state, &v, "").await?,
        live: live(&state, &v).await?,
    })
}
