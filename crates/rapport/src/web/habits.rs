//! Pages for nudges (their buttons live on the home page), introductions,
//! email preferences and the one-click unsubscribe.

use super::flash;
use super::page::{Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::introductions::{self as intro, IntroductionView, NewSettings, Settings};
use crate::app::links::Page;
use crate::app::notices::Done;
use crate::app::nudges::{self, Answer};
use crate::app::{AppError, email};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use rapport_core::{IntroductionId, NudgeId, PersonId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/nudges/{id}/{action}", post(nudge_action))
        .route("/introductions", get(introductions).post(save_settings))
        .route("/introductions/{id}/{action}", post(introduction_action))
        .route("/me/email", get(email_page).post(email_save))
        .route("/me/slack", axum::routing::post(slack_save))
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
    let answer = match action.as_str() {
        "done" => Answer::Done,
        "dismiss" => Answer::Dismiss,
        "snooze" => Answer::Snooze {
            days: nudges::DEFAULT_SNOOZE_DAYS,
        },
        _ => return Err(AppError::NotFound.into()),
    };
    nudges::answer(&state, &v, id, answer).await?;
    Ok(flash::redirect("/#nudges", Done::NudgeUpdated))
}

#[derive(Template)]
#[template(path = "introductions.html")]
struct IntroductionsPage {
    nav: Nav,
    items: Vec<IntroductionView>,
    settings: Settings,
    picker: super::picker::Picker,
    /// What was typed in "don't pair me with", kept when it is refused.
    person: String,
    errors: super::form::Problems,
    every_days: i64,
}

async fn introductions_page(
    state: &AppState,
    v: &crate::app::Actor,
    person: String,
    errors: super::form::Problems,
) -> Result<IntroductionsPage, AppError> {
    Ok(IntroductionsPage {
        nav: Nav::load(state, v, "introductions").await?,
        items: intro::list(state, v).await?,
        settings: intro::settings(state, v).await?,
        picker: super::picker::Picker::load(state, v).await?,
        person,
        errors: errors.on_page(&["person"]),
        every_days: state.config.introductions_every_days,
    })
}

async fn introductions(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let none = super::form::Problems::none();
    render(&introductions_page(&state, &v, String::new(), none).await?)
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
    let now = intro::settings(&state, &v).await?;
    let mut s = NewSettings {
        opted_in: now.opted_in,
        snoozed_until: now.snoozed_until,
        dont_pair_with: now.dont_pair_with.iter().map(|p| p.id).collect(),
    };
    let person = match f.action.as_str() {
        // Unblocking names someone by id; blocking, as typed in the picker.
        "block" => {
            let picker = super::picker::Picker::load(&state, &v).await?;
            let found = picker.resolve(&state, &v, "person", &f.person).await?;
            match found.and_then(|p| {
                p.map(Some)
                    .ok_or_else(|| rapport_core::InvalidValue::new("person", "choose a colleague"))
            }) {
                Ok(p) => p,
                Err(e) => {
                    let problems = super::form::Problems::of_values(&[e]);
                    let page = introductions_page(&state, &v, f.person, problems).await?;
                    let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    return Ok(axum::response::IntoResponse::into_response((
                        status,
                        render(&page)?,
                    )));
                }
            }
        }
        _ => PersonId::parse(&f.person),
    };
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
    intro::save_settings(&state, &v, &s).await?;
    Ok(flash::redirect(&Page::Introductions.path(), Done::Saved))
}

async fn introduction_action(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = IntroductionId::parse(&id).ok_or(AppError::NotFound)?;
    let answer = match action.as_str() {
        "done" => intro::Answer::Done,
        "skip" => intro::Answer::Skip,
        _ => return Err(AppError::NotFound.into()),
    };
    let done = match answer {
        intro::Answer::Done => Done::IntroductionDone,
        _ => Done::IntroductionSkipped,
    };
    intro::answer(&state, &v, id, answer).await?;
    Ok(flash::redirect(&Page::Introductions.path(), done))
}

#[derive(Template)]
#[template(path = "email_prefs.html")]
struct EmailPage {
    nav: Nav,
    frequency: String,
    configured: bool,
    sent: Vec<rapport_store::EmailJob>,
    /// Direct messages in Slack: on, and whether the organization has Slack.
    slack_dms: bool,
}

async fn email_page(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(&EmailPage {
        nav: Nav::load(&state, &v, "me").await?,
        frequency: email::frequency(&state, &v).await?,
        configured: email::configured(&state),
        sent: email::recent(&state, &v).await?,
        slack_dms: crate::app::chat::direct_messages(&state, &v).await?,
    })
}

#[derive(Deserialize)]
struct SlackForm {
    /// Present (`on`) when the box is ticked.
    #[serde(default)]
    direct_messages: Option<String>,
}

/// My opt-in to direct messages in Slack.
async fn slack_save(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<SlackForm>,
) -> Result<Response, PageError> {
    crate::app::chat::set_direct_messages(&state, &v, f.direct_messages.is_some()).await?;
    Ok(flash::redirect(&Page::EmailPreferences.path(), Done::Saved))
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
    email::set_frequency(&state, &v, &f.frequency).await?;
    Ok(flash::redirect(&Page::EmailPreferences.path(), Done::Saved))
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
    email::unsubscribe(&state, &token).await?;
    render(&UnsubscribePage {
        nav: Nav::default(),
        token,
        done: true,
    })
}
