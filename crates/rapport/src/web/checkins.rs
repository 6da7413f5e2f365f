//! Pages for check-ins: start one, answer it, wait, and read both answers
//! after the reveal.

use super::page::{Nav, PageError, PageViewer, colleagues, render};
use crate::app::Actor;
use crate::http::checkins::{self as api, AnswerBody, CheckInOut};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::checkin::{QUESTIONS, Scores};
use rapport_core::{CheckInId, InvalidValue, PersonId};
use rapport_store::Person;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/check-ins", get(list).post(start))
        .route("/check-ins/{id}", get(show))
        .route("/check-ins/{id}/answer", post(answer))
}

#[derive(Deserialize, Default)]
struct StartForm {
    #[serde(default)]
    with: String,
}

#[derive(Template)]
#[template(path = "check_ins.html")]
struct ListPage {
    nav: Nav,
    items: Vec<CheckInOut>,
    people: Vec<Person>,
    form: StartForm,
    errors: Vec<String>,
    window_days: i64,
}

async fn list_page(
    state: &AppState,
    v: &Actor,
    form: StartForm,
    errors: Vec<String>,
) -> Result<ListPage, AppError> {
    let me = &v.person;
    let items = state
        .store
        .list_check_ins(me.org_id, me.id, 100)
        .await?
        .into_iter()
        .map(|c| CheckInOut::new(c, me.id))
        .collect();
    Ok(ListPage {
        nav: Nav::load(state, v, "check-ins").await?,
        items,
        people: colleagues(state, v, &form.with).await?,
        form,
        errors,
        window_days: state.config.check_in_window_days,
    })
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<StartForm>,
) -> Result<Response, PageError> {
    render(&list_page(&state, &v, q, vec![]).await?)
}

async fn start(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let result = async {
        let with = PersonId::parse(&f.with)
            .ok_or_else(|| InvalidValue::new("with", "choose a colleague"))?;
        api::start(&state, &v, with).await
    }
    .await;
    match result {
        Ok(c) => Ok(Redirect::to(&format!("/check-ins/{}", c.id)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => Ok((
            e.status(),
            render(&list_page(&state, &v, f, vec![e.to_string()]).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// The questionnaire as the form shows it: one row per question with the
/// score chosen so far (kept when the form comes back with an error).
struct Question {
    field: &'static str,
    text: &'static str,
    chosen: u8,
}

#[derive(Deserialize, Default)]
struct AnswerForm {
    #[serde(default)]
    count_on: String,
    #[serde(default)]
    would_help: String,
    #[serde(default)]
    admit_mistakes: String,
    #[serde(default)]
    communication: String,
    #[serde(default)]
    know_as_person: String,
    #[serde(default)]
    improve: String,
    #[serde(default)]
    works: String,
}

impl AnswerForm {
    fn score(&self, field: &str) -> u8 {
        let v = match field {
            "count_on" => &self.count_on,
            "would_help" => &self.would_help,
            "admit_mistakes" => &self.admit_mistakes,
            "communication" => &self.communication,
            _ => &self.know_as_person,
        };
        v.trim().parse().unwrap_or(0)
    }

    fn scores(&self) -> Scores {
        Scores {
            count_on: self.score("count_on"),
            would_help: self.score("would_help"),
            admit_mistakes: self.score("admit_mistakes"),
            communication: self.score("communication"),
            know_as_person: self.score("know_as_person"),
        }
    }
}

#[derive(Template)]
#[template(path = "check_in.html")]
struct ShowPage {
    nav: Nav,
    c: CheckInOut,
    questions: Vec<Question>,
    form: AnswerForm,
    errors: Vec<String>,
}

impl ShowPage {
    fn question_text(&self, field: &str) -> &'static str {
        QUESTIONS
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, t)| *t)
    }
}

async fn show_page(
    state: &AppState,
    v: &Actor,
    id: CheckInId,
    form: AnswerForm,
    errors: Vec<String>,
) -> Result<ShowPage, AppError> {
    let me = &v.person;
    let c = CheckInOut::new(state.store.check_in(me.org_id, id, me.id).await?, me.id);
    let questions = QUESTIONS
        .iter()
        .map(|(field, text)| Question {
            field,
            text,
            chosen: form.score(field),
        })
        .collect();
    Ok(ShowPage {
        nav: Nav::load(state, v, "check-ins").await?,
        c,
        questions,
        form,
        errors,
    })
}

async fn show(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = CheckInId::parse(&id).ok_or(AppError::NotFound)?;
    render(&show_page(&state, &v, id, AnswerForm::default(), vec![]).await?)
}

async fn answer(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let id = CheckInId::parse(&id).ok_or(AppError::NotFound)?;
    let body = AnswerBody {
        scores: f.scores(),
        improve: f.improve.clone(),
        works: f.works.clone(),
    };
    match api::answer(&state, &v, id, body).await {
        Ok(_) => Ok(Redirect::to(&format!("/check-ins/{id}")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => Ok((
            e.status(),
            render(&show_page(&state, &v, id, f, vec![e.to_string()]).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
