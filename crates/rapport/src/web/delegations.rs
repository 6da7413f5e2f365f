//! Pages for delegations: my lists, a new one (or a second chance), and one
//! delegation with what its actor can do now. Forms post to the same
//! transitions as the API.

use super::page::{Nav, PageError, PageViewer, colleagues, render};
use crate::app::Actor;
use crate::http::delegations::{
    self as api, CreateBody, DelegationOut, load, parse_outcome, transition,
};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::delegation::{Action, Side, Status};
use rapport_core::{DelegationId, PersonId};
use rapport_store::Person;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/delegations", get(list))
        .route("/delegations/new", get(new_page).post(create))
        .route("/delegations/{id}", get(detail))
        .route("/delegations/{id}/{action}", post(act))
}

/// Words and colours for a delegation's state.
pub trait StatusView {
    fn status_label(&self) -> &'static str;
    fn status_class(&self) -> &'static str;
    /// Whether the actor can take this action now.
    fn can(&self, action: &str) -> bool;
}

impl StatusView for DelegationOut {
    fn status_label(&self) -> &'static str {
        match (self.status, self.overdue) {
            (Status::Proposed, _) => "waiting for an answer",
            (Status::Accepted, true) => "overdue",
            (Status::Accepted, false) => "in progress",
            (Status::Declined, _) => "declined",
            (Status::HandedBack, _) => "handed back",
            (Status::Done, _) => "done",
        }
    }

    fn can(&self, action: &str) -> bool {
        self.actions.contains(&action)
    }

    fn status_class(&self) -> &'static str {
        match (self.status, self.overdue) {
            (Status::Accepted, true) => "warn",
            (Status::Done, _) => "good",
            _ => "",
        }
    }
}

#[derive(Template)]
#[template(path = "delegations.html")]
struct ListPage {
    nav: Nav,
    to_me: Vec<DelegationOut>,
    by_me: Vec<DelegationOut>,
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let (org, me, now) = (v.person.org_id, v.person.id, state.now());
    let get = |role| state.store.list_delegations(org, me, Some(role), None, 100);
    let to_me = get("to")
        .await?
        .into_iter()
        .map(|d| DelegationOut::new(d, me, now))
        .collect();
    let by_me = get("from")
        .await?
        .into_iter()
        .map(|d| DelegationOut::new(d, me, now))
        .collect();
    render(&ListPage {
        nav: Nav::load(&state, &v, "delegations").await?,
        to_me,
        by_me,
    })
}

#[derive(Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    stakes: String,
    #[serde(default)]
    second_chance_of: String,
}

#[derive(Template)]
#[template(path = "delegation_new.html")]
struct NewPage {
    nav: Nav,
    people: Vec<Person>,
    form: NewForm,
    second_chance_of: Option<String>,
    errors: Vec<String>,
}

async fn new_page(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(mut q): Query<NewForm>,
) -> Result<Response, PageError> {
    let people = colleagues(&state, &v, &q.to).await?;
    if q.stakes.is_empty() {
        q.stakes = "small".into();
    }
    let second_chance_of = DelegationId::parse(&q.second_chance_of).map(|d| d.to_string());
    let page = NewPage {
        nav: Nav::load(&state, &v, "delegations").await?,
        people,
        form: q,
        second_chance_of,
        errors: vec![],
    };
    render(&page)
}

async fn create(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<NewForm>,
) -> Result<Response, PageError> {
    let result = async {
        let to = PersonId::parse(&f.to)
            .ok_or_else(|| rapport_core::InvalidValue::new("to", "choose a colleague"))?;
        let second = if f.second_chance_of.is_empty() {
            None
        } else {
            DelegationId::parse(&f.second_chance_of)
        };
        let body = CreateBody {
            to,
            title: f.title.clone(),
            details: f.details.clone(),
            due: Some(f.due.clone()),
            stakes: f.stakes.clone(),
            second_chance_of: second,
        };
        let new = api::parse_new(&v, body, state.now())?;
        Ok::<_, AppError>(
            state
                .store
                .create_delegation(v.person.org_id, &new, state.now())
                .await?,
        )
    }
    .await;
    match result {
        Ok(d) => Ok(Redirect::to(&format!("/delegations/{}", d.id)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let status = e.status();
            let second_chance_of = DelegationId::parse(&f.second_chance_of).map(|d| d.to_string());
            let page = NewPage {
                nav: Nav::load(&state, &v, "delegations").await?,
                people: colleagues(&state, &v, &f.to).await?,
                form: f,
                second_chance_of,
                errors: vec![e.to_string()],
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "delegation.html")]
struct DetailPage {
    nav: Nav,
    d: DelegationOut,
    error: Option<String>,
    viewer_is_delegate: bool,
    my_note: String,
    other_id: String,
    delivered: usize,
    partly: usize,
    missed: usize,
}

async fn detail_page(
    state: &AppState,
    v: &Actor,
    id: &str,
    error: Option<String>,
) -> Result<DetailPage, PageError> {
    let (d, side) = load(state, v, id).await?;
    let other = if side == Side::Delegator {
        d.to_id
    } else {
        d.from_id
    };
    let between = state
        .store
        .delegations_between(v.person.org_id, v.person.id, other)
        .await?;
    let count = |o: &str| {
        between
            .iter()
            .filter(|x| x.outcome.as_deref() == Some(o) && x.disputed_at.is_none())
            .count()
    };
    let d = DelegationOut::new(d, v.person.id, state.now());
    let my_note = if side == Side::Delegator {
        d.from_note.clone()
    } else {
        d.to_note.clone()
    };
    Ok(DetailPage {
        nav: Nav::load(state, v, "delegations").await?,
        viewer_is_delegate: side == Side::Delegate,
        my_note,
        other_id: other.to_string(),
        delivered: count("delivered"),
        partly: count("partly"),
        missed: count("missed"),
        d,
        error,
    })
}

async fn detail(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    render(&detail_page(&state, &v, &id, None).await?)
}

#[derive(Deserialize)]
struct ActForm {
    stretch: Option<String>,
    outcome: Option<String>,
    note: Option<String>,
}

async fn act(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    let result = async {
        let action = match action.as_str() {
            "accept" => Action::Accept,
            "decline" => Action::Decline,
            "hand-back" => Action::HandBack,
            "complete" => Action::Complete(parse_outcome(f.outcome.as_deref().unwrap_or(""))?),
            "dispute" => Action::Dispute,
            "notes" => Action::AddNote,
            _ => return Err(AppError::NotFound),
        };
        if action == Action::Dispute {
            rapport_core::FreeText::parse_required("note", f.note.as_deref().unwrap_or(""), 4000)?;
        }
        transition(
            &state,
            &v,
            &id,
            action,
            f.note
                .clone()
                .filter(|n| !n.trim().is_empty() || action == Action::AddNote),
            f.stretch.is_some(),
        )
        .await
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/delegations/{id}")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. } | AppError::Forbidden(_))) => {
            let status = e.status();
            Ok((
                status,
                render(&detail_page(&state, &v, &id, Some(e.to_string())).await?)?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
