//! Pages for my relationships (my private picture) and my notifications.

use super::delegations::DelegationLook;
use super::page::{Nav, PageError, PageViewer, render};
use super::pictures::{self, MapPerson};
use crate::AppState;
use crate::app::links::Page;
use crate::app::paging::PageRequest;
use crate::app::relationships::{
    self as ops, MapView, Picture, RelationshipDetail, RelationshipView,
};
use crate::app::{AppError, notifications};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::PersonId;
use rapport_store::Notification;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/relationships", get(list))
        .route("/relationships/map.svg", get(map_svg))
        .route("/relationships/{id}", get(detail))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(read_all))
}

#[derive(Template)]
#[template(path = "relationships.html")]
struct ListPage {
    nav: Nav,
    page: Picture,
    /// The map, drawn inline so that it needs no second request.
    map: String,
}

impl ListPage {
    fn avatar(&self, r: &RelationshipView) -> String {
        pictures::avatar(&r.person.name, &r.person.id.to_string(), 28)
    }

    fn range(&self, r: &RelationshipView) -> String {
        pictures::range_bar(
            &format!("range-{}", r.person.id),
            r.trust.range,
            r.trust.value,
        )
    }
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let page = ops::picture(&state, &v, &PageRequest::first(500)).await?;
    let map = draw_map(&ops::map(&state, &v).await?);
    render(&ListPage {
        nav: Nav::load(&state, &v, "relationships").await?,
        page,
        map,
    })
}

/// The map as its own address: for the API's users, and to save or print.
async fn map_svg(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let svg = draw_map(&ops::map(&state, &v).await?);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

fn bits(id: uuid::Uuid) -> u64 {
    id.as_u64_pair().0
}

fn draw_map(m: &MapView) -> String {
    // Teams in the legend by name, so colours do not depend on the order
    // of the people.
    let mut teams: Vec<&str> = m
        .people
        .iter()
        .filter_map(|p| p.team.as_ref().map(|(_, n)| n.as_str()))
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let people: Vec<MapPerson> = m
        .people
        .iter()
        .map(|p| MapPerson {
            name: p.person.name.clone(),
            key: bits(p.person.id.0),
            team: p.team.as_ref().map(|(_, name)| {
                let k = teams.binary_search(&name.as_str()).unwrap_or(0);
                (k as u32, name.clone())
            }),
            closeness: p.closeness,
            i_asked: p.i_asked,
            they_asked: p.they_asked,
        })
        .collect();
    pictures::relationship_map(&m.me.name, &people, bits(m.me.id.0))
}

#[derive(Template)]
#[template(path = "relationship.html")]
struct DetailPage {
    nav: Nav,
    r: RelationshipDetail,
}

impl DetailPage {
    fn range(&self) -> String {
        let t = &self.r.relationship.trust;
        pictures::range_bar("range", t.range, t.value)
    }

    fn balance(&self) -> String {
        let g = &self.r.relationship.grounds;
        pictures::balance("balance", g.asked_out, g.asked_in, &g.reliance_words)
    }

    fn trend(&self) -> String {
        pictures::trend("trend", &self.r.trend)
    }

    fn trend_is_empty(&self) -> bool {
        self.r.trend.iter().all(|(_, c)| c.total() == 0)
    }
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
