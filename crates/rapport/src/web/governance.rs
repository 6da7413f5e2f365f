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
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(settings).post(save))
        .route("/admin/audit", get(audit))
        .route("/transparency", get(transparency))
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
        live: admin::live(state, v).await?,
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
    match admin::set_min_group_size(&state, &v, n).await {
        Ok(()) => Ok(flash::redirect("/admin/settings", Done::Saved)),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&settings_page(&state, &v, Some(super::form::words(&e))).await?)?,
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
