//! Pages for my relationships (my private picture) and my notifications.

use super::delegations::DelegationLook;
use super::page::{Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::links::Page;
use crate::app::paging::PageRequest;
use crate::app::relationships::{self as ops, Picture, RelationshipDetail};
use crate::app::{AppError, notifications};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::PersonId;
use rapport_store::Notification;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/relationships", get(list))
        .route("/relationships/{id}", get(detail))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(read_all))
}

#[derive(Template)]
#[template(path = "relationships.html")]
struct ListPage {
    nav: Nav,
    page: Picture,
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let page = ops::picture(&state, &v, &PageRequest::first(500)).await?;
    render(&ListPage {
        nav: Nav::load(&state, &v, "relationships").await?,
        page,
    })
}

#[derive(Template)]
#[template(path = "relationship.html")]
struct DetailPage {
    nav: Nav,
    r: RelationshipDetail,
}

async fn detail(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId::parse(&id).ok_or(AppError::NotFound)?;
    let r = ops::relationship(&state, &v, id).await?;
    render(&DetailPage {
        nav: Nav::load(&state, &v, "relationships").await?,
        r,
    })
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    nav: Nav,
    items: Vec<Notification>,
    unread: i64,
}

async fn notifications(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let inbox = notifications::list(&state, &v, &PageRequest::default()).await?;
    render(&NotificationsPage {
        nav: Nav::load(&state, &v, "notifications").await?,
        items: inbox.page.items,
        unread: inbox.unread,
    })
}

async fn read_all(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    notifications::mark_all_read(&state, &v).await?;
    Ok(Redirect::to(&Page::Notifications.path()).into_response())
}
