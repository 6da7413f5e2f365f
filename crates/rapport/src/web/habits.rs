//! Pages for nudges (their buttons live on the home page), introductions,
//! email preferences and the one-click unsubscribe.

use super::page::{Nav, PageError, PageViewer, render};
use crate::http::introductions::{self as intro_api, IntroductionOut, Settings};
use crate::http::nudges as nudge_api;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::{IntroductionId, NudgeId, PersonId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/nudges/{id}/{action}", post(nudge_action))
        .route("/introductions", get(introductions).post(save_settings))
        .route("/introductions/{id}/{action}", post(introduction_action))
        .route("/me/email", get(email_page).post(email_save))
        .route(
            "/email/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

async fn nudge_action(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = NudgeId::parse(&id).ok_or(AppError::NotFound)?;
    let (what, days) = match action.as_str() {
        "done" => ("done", None),
        "dismiss" => ("dismissed", None),
        "snooze" => ("snoozed", Some(nudge_api::DEFAULT_SNOOZE_DAYS)),
        _ => return Err(AppError::NotFound.into()),
    };
    nudge_api::set(&state, &v, id, what, days).await?;
    Ok(Redirect::to("/#nudges").into_response())
}

#[derive(Template)]
#[template(path = "introductions.html")]
struct IntroductionsPage {
    nav: Nav,
    items: Vec<IntroductionOut>,
    settings: Settings,
    blocked: Vec<(PersonId, String)>,
    people: Vec<rapport_store::Person>,
    every_days: i64,
}

async fn introductions(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let prefs = state.store.intro_prefs(v.person.id).await?;
    render(&IntroductionsPage {
        nav: Nav::load(&state, &v, "introductions").await?,
        items: intro_api::introductions(&state, &v).await?,
        settings: Settings {
            opted_in: prefs.opted_in,
            snoozed_until: prefs.snoozed_until,
            dont_pair_with: prefs.blocked.iter().map(|(id, _)| *id).collect(),
            invited: prefs.invited,
        },
        blocked: prefs.blocked,
        people: super::page::colleagues(&state, &v, "").await?,
        every_days: state.config.introductions_every_days,
    })
}

#[derive(Deserialize)]
struct SettingsForm {
    /// opt_in, opt_out, snooze, unsnooze, block or unblock.
    action: String,
    #[serde(default)]
    person: String,
}

async fn save_settings(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let prefs = state.store.intro_prefs(v.person.id).await?;
    let mut s = Settings {
        opted_in: prefs.opted_in,
        snoozed_until: prefs.snoozed_until,
        dont_pair_with: prefs.blocked.iter().map(|(id, _)| *id).collect(),
        invited: prefs.invited,
    };
    let person = PersonId::parse(&f.person);
    match (f.action.as_str(), person) {
        ("opt_in", _) => s.opted_in = true,
        ("opt_out", _) => s.opted_in = false,
        ("snooze", _) => s.snoozed_until = Some(state.now() + chrono::Duration::days(28)),
        ("unsnooze", _) => s.snoozed_until = None,
        ("block", Some(p)) => s.dont_pair_with.push(p),
        ("unblock", Some(p)) => s.dont_pair_with.retain(|x| *x != p),
        _ => {
            return Err(AppError::Invalid(rapport_core::InvalidValue::new(
                "person",
                "choose a colleague",
            ))
            .into());
        }
    }
    intro_api::save_settings(&state, &v, &s).await?;
    Ok(Redirect::to("/introductions").into_response())
}

async fn introduction_action(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = IntroductionId::parse(&id).ok_or(AppError::NotFound)?;
    let what = match action.as_str() {
        "done" => "done",
        "skip" => "skipped",
        _ => return Err(AppError::NotFound.into()),
    };
    intro_api::answer(&state, &v, id, what).await?;
    Ok(Redirect::to("/introductions").into_response())
}

#[derive(Template)]
#[template(path = "email_prefs.html")]
struct EmailPage {
    nav: Nav,
    frequency: String,
    configured: bool,
    sent: Vec<rapport_store::EmailJob>,
}

async fn email_page(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let (frequency, _) = state.store.email_prefs(v.person.id, state.now()).await?;
    render(&EmailPage {
        nav: Nav::load(&state, &v, "me").await?,
        frequency,
        configured: state.config.email.is_some(),
        sent: state.store.email_jobs_for(v.person.id, 10).await?,
    })
}

#[derive(Deserialize)]
struct EmailForm {
    frequency: String,
}

async fn email_save(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<EmailForm>,
) -> Result<Response, PageError> {
    let frequency = crate::digests::parse_frequency(&f.frequency)?;
    state
        .store
        .set_email_frequency(v.person.id, frequency, state.now())
        .await?;
    Ok(Redirect::to("/me/email").into_response())
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    nav: Nav,
    token: String,
    done: bool,
}

/// The link in every digest: a page with one button, so that a mail
/// scanner following links does not unsubscribe anyone.
async fn unsubscribe_page(Path(token): Path<String>) -> Result<Response, PageError> {
    render(&UnsubscribePage {
        nav: Nav::default(),
        token,
        done: false,
    })
}

/// One click (RFC 8058): the mail client POSTs here, or the page's button.
async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    state.store.unsubscribe(&token, state.now()).await?;
    render(&UnsubscribePage {
        nav: Nav::default(),
        token,
        done: true,
    })
}
