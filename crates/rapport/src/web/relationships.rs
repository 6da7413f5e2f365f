//! Pages for my relationships (my private picture) and my notifications.

use super::page::{Nav, PageError, PageViewer, render};
use crate::http::relationships::{
    self as api, NotificationOut, RelationshipDetail, RelationshipsPage,
};
use crate::web::delegations::StatusView;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::PersonId;

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
    page: RelationshipsPage,
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let page = api::relationships(&state, &v).await?;
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
    let r = api::relationship(&state, &v, id).await?;
    render(&DetailPage {
        nav: Nav::load(&state, &v, "relationships").await?,
        r,
    })
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    nav: Nav,
    items: Vec<NotificationOut>,
    unread: i64,
}

async fn notifications(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let (items, unread) = state.store.notifications(v.person.id, 100).await?;
    let items = items
        .into_iter()
        .map(|n| NotificationOut {
            id: n.id,
            text: n.text,
            link: n.link,
            created_at: n.created_at,
            read: n.read,
        })
        .collect();
    render(&NotificationsPage {
        nav: Nav::load(&state, &v, "notifications").await?,
        items,
        unread,
    })
}

async fn read_all(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    state
        .store
        .mark_notifications_read(v.person.id, state.now())
        .await?;
    Ok(Redirect::to("/notifications").into_response())
}
