//! The "my data" page: download everything, or delete my account.

use super::page::{Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::{AppError, my_data};
use crate::auth::{clear_session_cookie, is_https};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(page))
        .route("/me/delete", post(delete))
}

#[derive(Template)]
#[template(path = "my_data.html")]
struct DataPage {
    nav: Nav,
    error: Option<String>,
    deleted: bool,
}

async fn page(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(&DataPage {
        nav: Nav::load(&state, &v, "me").await?,
        error: None,
        deleted: false,
    })
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageViewer(v): PageViewer,
    Form(f): Form<DeleteForm>,
) -> Result<Response, PageError> {
    match my_data::delete_account(&state, &v, f.password).await {
        Ok(()) => {
            let cookie = clear_session_cookie(is_https(&headers, &state));
            let page = render(&DataPage {
                nav: Nav::default(),
                error: None,
                deleted: true,
            })?;
            Ok(([(header::SET_COOKIE, cookie)], page).into_response())
        }
        Err(e @ (AppError::Forbidden(_) | AppError::Conflict { .. })) => Ok((
            e.status(),
            render(&DataPage {
                nav: Nav::load(&state, &v, "me").await?,
                error: Some(super::form::words(&e)),
                deleted: false,
            })?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
