//! "Ask for their perspective" over JSON: two-sided check-ins with a
//! mutual reveal, through `app::checkins`.

use super::{ApiJson, ErrorBody, IdPath, PersonRefOut};
use crate::AppState;
use crate::app::checkins::{self as ops, AnswerDraft, CheckInView};
use crate::app::{Actor, AppResult};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::checkin::{Difference, Scores};
use rapport_core::{CheckInId, PersonId};
use rapport_store::StoredAnswer;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_check_ins, start_check_in))
        .routes(routes!(get_check_in))
        .routes(routes!(answer_check_in))
}

#[derive(Serialize, ToSchema)]
pub struct AnswerOut {
    pub scores: Scores,
    /// One thing we could do better.
    pub improve: String,
    /// One thing that works.
    pub works: String,
    pub answered_at: DateTime<Utc>,
}

impl From<StoredAnswer> for AnswerOut {
    fn from(a: StoredAnswer) -> Self {
        AnswerOut {
            scores: a.scores,
            improve: a.improve,
            works: a.works,
            answered_at: a.answered_at,
        }
    }
}

/// A check-in as one of its two people sees it: their own answer always,
/// the other's only after both have answered.
#[derive(Serialize, ToSchema)]
pub struct CheckInOut {
    pub id: CheckInId,
    /// The other person.
    pub with: PersonRefOut,
    pub started_by_me: bool,
    /// open, revealed, or closed (the window ended before both answered).
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub revealed_at: Option<DateTime<Utc>>,
    pub i_answered: bool,
    pub they_answered: bool,
    pub my_answer: Option<AnswerOut>,
    /// Null until both have answered.
    pub their_answer: Option<AnswerOut>,
    /// After the reveal: where our views differ, largest gap first.
    pub differences: Vec<Difference>,
    /// After the reveal: a way to start the conversation.
    pub opener: Option<String>,
}

impl From<CheckInView> for CheckInOut {
    fn from(c: CheckInView) -> Self {
        CheckInOut {
            id: c.id,
            with: c.with.into(),
            started_by_me: c.started_by_me,
            status: c.status.as_str().to_string(),
            created_at: c.created_at,
            closes_at: c.closes_at,
            revealed_at: c.revealed_at,
            i_answered: c.i_answered,
            they_answered: c.they_answered,
            my_answer: c.my_answer.map(Into::into),
            their_answer: c.their_answer.map(Into::into),
            differences: c.differences,
            opener: c.opener,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    /// The colleague whose perspective you ask for.
    pub with: PersonId,
}

/// Asks a colleague for their perspective on how you work together.
#[utoipa::path(post, path = "/api/v1/check-ins", tag = "check-ins", request_body = StartBody,
    responses((status = 201, body = CheckInOut), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_check_in(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<StartBody>,
) -> AppResult<(StatusCode, Json<CheckInOut>)> {
    let c = ops::start(&state, &actor, b.with).await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

#[derive(Serialize, ToSchema)]
pub struct CheckInsPage {
    pub items: Vec<CheckInOut>,
    pub next_cursor: Option<String>,
}

/// My check-ins, newest first (without answers: open one to read them).
#[utoipa::path(get, path = "/api/v1/check-ins", tag = "check-ins", responses((status = 200, body = CheckInsPage)))]
async fn list_check_ins(
    State(state): State<AppState>,
    actor: Actor,
) -> AppResult<Json<CheckInsPage>> {
    let items = ops::list(&state, &actor)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(CheckInsPage {
        items,
        next_cursor: None,
    }))
}

/// One check-in; 404 for anyone outside the pair.
#[utoipa::path(get, path = "/api/v1/check-ins/{id}", tag = "check-ins", params(("id" = CheckInId, Path)),
    responses((status = 200, body = CheckInOut), (status = 404, body = ErrorBody)))]
async fn get_check_in(
    State(state): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<CheckInId>,
) -> AppResult<Json<CheckInOut>> {
    Ok(Json(ops::get(&state, &actor, id).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// Each 1–5: count_on, would_help, admit_mistakes, communication, know_as_person.
    pub scores: Scores,
    /// One thing we could do better.
    pub improve: String,
    /// One thing that works.
    pub works: String,
}

/// Answers a check-in, once. A second answer by the same person is 409.
#[utoipa::path(post, path = "/api/v1/check-ins/{id}/answers", tag = "check-ins", params(("id" = CheckInId, Path)), request_body = AnswerBody,
    responses((status = 201, body = CheckInOut), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer_check_in(
    State(state): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<CheckInId>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> AppResult<(StatusCode, Json<CheckInOut>)> {
    let d = AnswerDraft {
        scores: b.scores,
        improve: b.improve,
        works: b.works,
    };
    let c = ops::answer(&state, &actor, id, d).await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}
