//! Single sign-on's pages: `/sso/start` sends a person to their
//! organization's identity provider, `/sso/callback` takes its answer and
//! signs them in (or shows, in words, why not).

use super::flash;
use super::page::{Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::AppError;
use crate::app::notices::Done;
use crate::app::sso::{self, Answer, Refusal, SsoDraft, SsoError};
use crate::auth::{cookie, is_https, sign_in_cookies};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

/// Keeps the sign-in's state in the browser that started it, only for
/// the callback and only while the sign-in may last.
const STATE_COOKIE: &str = "rapport_sso";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sso/start", get(start))
        .route("/sso/callback", get(callback))
        .route("/admin/settings/sso", post(save_settings))
        .route("/admin/settings/sso/remove", post(remove_settings))
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    require_sso: Option<String>,
    /// Separated by commas, spaces or lines.
    #[serde(default)]
    allowed_domains: String,
}

/// The admin settings page's single sign-on form.
async fn save_settings(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
    Form(f): Form<SettingsForm>,
) -> Result<Response, PageError> {
    let draft = SsoDraft {
        issuer: f.issuer,
        client_id: f.client_id,
        client_secret: f.client_secret,
        require_sso: f.require_sso.is_some(),
        allowed_domains: f
            .allowed_domains
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::to_string)
            .collect(),
    };
    match sso::save(&state, &v, draft).await {
        Ok(_) => Ok(flash::redirect("/admin/settings#sso", Done::Saved)),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let words = super::form::words(&e);
            let page = super::governance::settings_page(&state, &v, &headers, Some(words)).await?;
            Ok((e.status(), render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn remove_settings(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    sso::remove(&state, &v).await?;
    Ok(flash::redirect("/admin/settings#sso", Done::Saved))
}

/// Where the provider sends people back: `{public_url}/sso/callback`, or
/// this request's own origin when no public URL is set.
pub fn redirect_uri(state: &AppState, headers: &HeaderMap) -> String {
    if state.config.public_url_set {
        return format!(
            "{}/sso/callback",
            state.config.public_url.trim_end_matches('/')
        );
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if is_https(headers, state) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/sso/callback")
}

#[derive(Deserialize)]
struct StartQuery {
    org: Option<String>,
    login_hint: Option<String>,
    next: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<StartQuery>,
) -> Result<Response, PageError> {
    let next = super::account::safe_next(q.next.as_deref());
    let uri = redirect_uri(&state, &headers);
    let slug = q.org.unwrap_or_default();
    match sso::start(&state, slug.trim(), q.login_hint.as_deref(), &next, &uri).await {
        Ok(started) => {
            let secure = if is_https(&headers, &state) {
                "; Secure"
            } else {
                ""
            };
            let cookie = format!(
                "{STATE_COOKIE}={}; Path=/sso; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
                started.state,
                sso::LOGIN_MINUTES * 60
            );
            let cookie = HeaderValue::from_str(&cookie).map_err(AppError::internal)?;
            Ok((
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&started.authorize_url),
            )
                .into_response())
        }
        Err(e) => refused(e),
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, PageError> {
    let browser = cookie(&headers, STATE_COOKIE);
    let answer = Answer {
        code: q.code,
        state: q.state,
        error: q.error,
    };
    let uri = redirect_uri(&state, &headers);
    match sso::finish(&state, answer, browser.as_deref(), &uri).await {
        Ok(signed_in) => {
            let mut cookies = sign_in_cookies(&signed_in.session, &state, &headers);
            if let Ok(clear) = HeaderValue::from_str(&format!(
                "{STATE_COOKIE}=; Path=/sso; HttpOnly; SameSite=Lax; Max-Age=0"
            )) {
                cookies.push((header::SET_COOKIE, clear));
            }
            Ok((AppendHeaders(cookies), Redirect::to(&signed_in.next)).into_response())
        }
        Err(e) => refused(e),
    }
}

#[derive(Template)]
#[template(path = "sso_refused.html")]
struct RefusedPage {
    nav: Nav,
    heading: &'static str,
    message: &'static str,
    code: &'static str,
}

/// A refusal as a page in words (the cause is already logged).
fn refused(e: SsoError) -> Result<Response, PageError> {
    let r = match e {
        SsoError::Refused(r) => r,
        SsoError::App(e) => return Err(PageError(e)),
    };
    let (heading, message) = sso::words(r);
    let status = match r {
        Refusal::Unreachable => StatusCode::BAD_GATEWAY,
        Refusal::NotConfigured => StatusCode::NOT_FOUND,
        _ => StatusCode::FORBIDDEN,
    };
    let page = RefusedPage {
        nav: Nav::default(),
        heading,
        message,
        code: r.code(),
    };
    Ok((status, render(&page)?).into_response())
}
