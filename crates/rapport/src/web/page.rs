//! What every page shares: the navigation, the signed-in actor (or a
//! redirect to sign-in), rendering, and errors shown as pages.

use super::time::{Time, Zone};
use crate::app::Actor;
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::{StatusCode, request::Parts};
use axum::response::{Html, IntoResponse, Redirect, Response};

/// The signed-in person, for the navigation bar.
#[derive(Debug, Clone)]
pub struct NavMe {
    pub name: String,
    pub is_admin: bool,
    /// A lead or an admin: the insights are in the navigation.
    pub sees_insights: bool,
}

/// What the layout needs: who is signed in, where they are, a notice.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub me: Option<NavMe>,
    pub section: &'static str,
    pub notice: Option<String>,
    /// Unread notifications, shown beside the bell.
    pub unread: i64,
    /// The viewer's time zone and the page's now, for every time shown.
    pub zone: Zone,
    /// The modules on for the viewer: a switched-off one has no link.
    pub on: crate::app::modules::On,
}

impl Nav {
    /// Whether the page may link to a module (`"delegations"`, `"help"`,
    /// `"check_ins"`, …, as in the API's `modules`).
    pub fn shows(&self, module: &str) -> bool {
        rapport_core::modules::Module::parse(module).is_ok_and(|m| self.on.has(m))
    }

    /// The navigation for a signed-in person, with their unread count.
    pub async fn load(
        state: &AppState,
        actor: &Actor,
        section: &'static str,
    ) -> Result<Self, AppError> {
        Ok(Nav {
            me: Some(NavMe {
                name: actor.person.name.clone(),
                is_admin: actor.is_admin(),
                sees_insights: actor.is_admin() || actor.role() == rapport_core::Role::Lead,
            }),
            section,
            notice: super::flash::take().map(str::to_string),
            unread: state.store.unread_notifications(actor.person.id).await?,
            zone: Zone::new(&actor.person.time_zone, state.now()),
            on: crate::app::modules::on(state, actor).await?,
        })
    }

    /// A moment in the viewer's zone and in words ("3 hours ago").
    pub fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> Time {
        self.zone.when(t)
    }

    /// A date in the viewer's zone ("10 Dec").
    pub fn date(&self, t: &chrono::DateTime<chrono::Utc>) -> Time {
        self.zone.date(t)
    }

    /// A day in the viewer's zone and in words ("in 3 days").
    pub fn day(&self, t: &chrono::DateTime<chrono::Utc>) -> Time {
        self.zone.day(t)
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }
}

/// A signed-in person; anyone else is sent to the sign-in page and back.
#[derive(Debug, Clone)]
pub struct PageViewer(pub Actor);

impl FromRequestParts<AppState> for PageViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Actor::from_request_parts(parts, state).await {
            Ok(v) => Ok(PageViewer(v)),
            Err(AppError::Unauthorized) => {
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                let to = format!("/sign-in?next={}", urlencode(next));
                Err(Redirect::to(&to).into_response())
            }
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

/// The signed-in person if there is one, for pages anyone may read (the
/// front door): they show the signed-in navigation to people who have it.
#[derive(Debug, Clone)]
pub struct MaybeViewer(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Actor::from_request_parts(parts, state).await {
            Ok(v) => Ok(MaybeViewer(Some(v))),
            Err(AppError::Unauthorized) => Ok(MaybeViewer(None)),
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

impl MaybeViewer {
    /// The navigation for whoever is looking.
    pub async fn nav(&self, state: &AppState, section: &'static str) -> Result<Nav, AppError> {
        match &self.0 {
            Some(v) => Nav::load(state, v, section).await,
            None => Ok(Nav::default()),
        }
    }
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Renders a template as a page.
pub fn render(t: &impl Template) -> Result<Response, PageError> {
    let html = t.render().map_err(|e| PageError(AppError::internal(e)))?;
    Ok(Html(html).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Nav,
    heading: String,
    message: String,
    /// The HTTP status, which chooses the page's way onward.
    status: u16,
}

/// Any address no route knows (outside `/api/`, which answers in JSON): a
/// page in the site's layout with a way home, and the signed-in navigation
/// for someone signed in.
pub async fn not_found(state: AppState, viewer: MaybeViewer) -> Response {
    let nav = match viewer.nav(&state, "").await {
        Ok(nav) => nav,
        Err(e) => return PageError(e).into_response(),
    };
    let mut res = error_page(nav, &AppError::NotFound);
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    res
}

/// The 500 page, for a request that failed outside any handler's care
/// (a panic, already logged).
pub fn server_error() -> Response {
    let e = AppError::internal(anyhow::anyhow!("a request handler panicked"));
    error_page(Nav::default(), &e)
}

/// A request refused before any handler (from another site, too large):
/// the error page without the navigation (who is asking is not known yet).
pub fn refused_page(e: AppError) -> Response {
    error_page(Nav::default(), &e)
}

fn error_page(nav: Nav, e: &AppError) -> Response {
    let status = e.status();
    let heading = match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
        s if s.is_server_error() => "Something went wrong",
        _ => "That did not work",
    };
    let message = match status {
        StatusCode::NOT_FOUND => {
            "There is no page at this address, or it is not one you can see.".to_string()
        }
        s if s.is_server_error() => {
            "Something went wrong on our side, not yours. It has been logged; please try again in a moment.".to_string()
        }
        _ => super::form::words(e),
    };
    let page = ErrorPage {
        nav,
        heading: heading.to_string(),
        message,
        status: status.as_u16(),
    };
    // The template is compiled in; should it still fail, plain words beat
    // an empty answer.
    let body = page
        .render()
        .unwrap_or_else(|_| "Something went wrong".into());
    (status, Html(body)).into_response()
}

/// Words as a sentence: a capital first letter and a full stop.
pub fn sentence(words: &str) -> String {
    let words = words.trim();
    let mut chars = words.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?', ':']) {
        out.push('.');
    }
    out
}

/// An error shown as a page, with the same status the API would use.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        error_page(Nav::default(), &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 500 page is a page in the layout with a way home; the cause stays
    /// in the log.
    #[tokio::test]
    async fn a_server_error_is_a_page_that_hides_its_cause() {
        let e = AppError::internal(anyhow::anyhow!("the disk is on fire"));
        let res = error_page(Nav::default(), &e);
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8_lossy(&body);
        assert!(html.contains("Something went wrong"));
        assert!(!html.contains("on fire"));
        assert!(html.contains(r#"href="/static/app.css""#));
        assert!(html.contains(r#"href="/""#));
        assert!(html.contains("server's log"));
    }

    #[test]
    fn words_become_a_sentence() {
        assert_eq!(sentence("must be in the future"), "Must be in the future.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
    }
}
