//! What every page shares: the navigation, the signed-in actor (or a
//! redirect to sign-in), rendering, and errors shown as pages.

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
}

/// What the layout needs: who is signed in, where they are, a notice.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub me: Option<NavMe>,
    pub section: &'static str,
    pub notice: Option<String>,
    /// Unread notifications, shown beside the bell.
    pub unread: i64,
}

impl Nav {
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
            }),
            section,
            notice: super::flash::take().map(str::to_string),
            unread: state.store.unread_notifications(actor.person.id).await?,
        })
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

/// Colleagues to choose from in a form: the first 500 by name, never the
/// actor, and always the person a link preselected (`chosen`, an id).
pub async fn colleagues(
    state: &AppState,
    v: &Actor,
    chosen: &str,
) -> Result<Vec<rapport_store::Person>, AppError> {
    let page = state
        .store
        .list_people(
            v.person.org_id,
            &rapport_store::PeopleFilter::default(),
            500,
            None,
        )
        .await?;
    let mut people: Vec<_> = page
        .items
        .into_iter()
        .filter(|p| p.id != v.person.id)
        .collect();
    if let Some(id) = rapport_core::PersonId::parse(chosen)
        && id != v.person.id
        && !people.iter().any(|p| p.id == id)
    {
        people.insert(0, state.store.person(v.person.org_id, id).await?);
    }
    Ok(people)
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
        let e = self.0;
        e.log();
        let status = e.status();
        let heading = match status {
            StatusCode::NOT_FOUND => "Not found".to_string(),
            StatusCode::FORBIDDEN => "Not allowed".to_string(),
            StatusCode::TOO_MANY_REQUESTS => "Too many attempts".to_string(),
            s if s.is_server_error() => "Something went wrong".to_string(),
            _ => "That did not work".to_string(),
        };
        let message = match status {
            StatusCode::NOT_FOUND => "This page does not exist, or you cannot see it.".to_string(),
            _ => e.to_string(),
        };
        let page = ErrorPage {
            nav: Nav::default(),
            heading,
            message,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| "Something went wrong".into());
        (status, Html(body)).into_response()
    }
}
