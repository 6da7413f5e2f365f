//! Pages for check-ins: start one, answer it, wait, and read both answers
//! after the reveal.

use super::flash;
use super::form::{self, Problems, Submitted};
use super::page::{Nav, PageError, PageViewer, render};
use super::picker::Picker;
use super::pictures;
use crate::AppState;
use crate::app::checkins::{self as ops, AnswerDraft, CheckInView};
use crate::app::links::Page;
use crate::app::notices::Done;
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use rapport_core::checkin::{MAX_TEXT, QUESTIONS, Scores};
use rapport_core::{CheckInId, FreeText, InvalidValue};
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
    items: Vec<CheckInView>,
    picker: Picker,
    form: StartForm,
    errors: Problems,
    window_days: i64,
}

async fn list_page(
    state: &AppState,
    v: &Actor,
    mut form: StartForm,
    errors: Problems,
) -> Result<ListPage, AppError> {
    let items = ops::list(state, v).await?;
    let picker = Picker::load(state, v).await?;
    form.with = picker.shown(&form.with);
    Ok(ListPage {
        nav: Nav::load(state, v, "check-ins").await?,
        items,
        picker,
        form,
        errors: errors.on_page(&["with"]),
        window_days: state.config.check_in_window_days,
    })
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<StartForm>,
) -> Result<Response, PageError> {
    render(&list_page(&state, &v, q, Problems::none()).await?)
}

async fn start(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let picker = Picker::load(&state, &v).await?;
    let result = match picker.resolve(&state, &v, "with", &f.with).await? {
        Ok(Some(with)) => ops::start(&state, &v, with).await,
        Ok(None) => Err(InvalidValue::new("with", "choose the colleague to ask").into()),
        Err(e) => Err(e.into()),
    };
    match form::submitted(result)? {
        Submitted::Done(c) => Ok(flash::redirect(
            &Page::CheckIn(c.id).path(),
            Done::CheckInStarted,
        )),
        Submitted::Fix(fix) => fix.render(&list_page(&state, &v, f, fix.problems.clone()).await?),
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

    /// Every problem of the answer at once (the operation stops at the
    /// first): each question left unanswered, each text left empty.
    fn problems(&self) -> Vec<InvalidValue> {
        let mut out = vec![];
        for (field, value) in self.scores().by_question() {
            if !(1..=5).contains(&value) {
                out.push(InvalidValue::new(
                    field,
                    "choose a number from 1 (not at all) to 5 (completely)",
                ));
            }
        }
        for (field, text) in [("improve", &self.improve), ("works", &self.works)] {
            if let Err(e) = FreeText::parse_required(field, text, MAX_TEXT) {
                out.push(e);
            }
        }
        out
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
    c: CheckInView,
    questions: Vec<Question>,
    form: AnswerForm,
    errors: Problems,
}

impl ShowPage {
    fn question_text(&self, field: &str) -> &'static str {
        QUESTIONS
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, t)| *t)
    }

    /// Both views as paired dots, once revealed (empty before).
    fn dots(&self) -> String {
        let (Some(mine), Some(theirs)) = (&self.c.my_answer, &self.c.their_answer) else {
            return String::new();
        };
        let (m, t) = (&mine.scores, &theirs.scores);
        let rows = [
            ("count_on", m.count_on, t.count_on),
            ("would_help", m.would_help, t.would_help),
            ("admit_mistakes", m.admit_mistakes, t.admit_mistakes),
            ("communication", m.communication, t.communication),
            ("know_as_person", m.know_as_person, t.know_as_person),
        ]
        .map(|(field, a, b)| (self.question_text(field), a, b));
        pictures::dots("views-dots", &rows, &self.c.with.name)
    }
}

async fn show_page(
    state: &AppState,
    v: &Actor,
    id: CheckInId,
    form: AnswerForm,
    errors: Problems,
) -> Result<ShowPage, AppError> {
    let c = ops::get(state, v, id).await?;
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
        errors: errors.on_page(&QUESTION_FIELDS),
    })
}

/// The questionnaire's fields and its two texts, beside which problems show.
const QUESTION_FIELDS: [&str; 7] = [
    "count_on",
    "would_help",
    "admit_mistakes",
    "communication",
    "know_as_person",
    "improve",
    "works",
];

async fn show(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = CheckInId::parse(&id).ok_or(AppError::NotFound)?;
    render(&show_page(&state, &v, id, AnswerForm::default(), Problems::none()).await?)
}

async fn answer(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let id = CheckInId::parse(&id).ok_or(AppError::NotFound)?;
    let d = AnswerDraft {
        scores: f.scores(),
        improve: f.improve.clone(),
        works: f.works.clone(),
    };
    let problems = f.problems();
    let done = if problems.is_empty() {
        form::submitted(ops::answer(&state, &v, id, d).await)?
    } else {
        form::invalid(problems)
    };
    match done {
        Submitted::Done(_) => Ok(flash::redirect(
            &Page::CheckIn(id).path(),
            Done::CheckInAnswered,
        )),
        Submitted::Fix(fix) => {
            fix.render(&show_page(&state, &v, id, f, fix.problems.clone()).await?)
        }
    }
}
