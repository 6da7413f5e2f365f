//! "Ask for their perspective": two-sided check-ins with a mutual reveal.
//! The sealing rules are enforced by the store; this module parses, checks
//! who is asking, and shapes what each of the two may see.

use super::ApiJson;
use super::delegations::PersonRef;
use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::http::ErrorBody;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::checkin::{self, Answer, Difference, Scores};
use rapport_core::{CheckInId, InvalidValue, PersonId};
use rapport_store::{CheckIn, StoredAnswer};
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
    pub with: PersonRef,
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

impl CheckInOut {
    pub fn new(c: CheckIn, actor: PersonId) -> Self {
        let other = c.other(actor).clone();
        let (differences, opener) = match (&c.mine, &c.theirs) {
            (Some(m), Some(t)) => (
                checkin::differences(m.scores, t.scores),
                Some(checkin::opener(m.scores, t.scores)),
            ),
            _ => (vec![], None),
        };
        CheckInOut {
            id: c.id,
            with: PersonRef {
                id: other.0,
                name: other.1,
            },
            started_by_me: c.a.0 == actor,
            status: c.status.as_str().to_string(),
            created_at: c.created_at,
            closes_at: c.closes_at,
            revealed_at: c.revealed_at,
            i_answered: c.answered,
            they_answered: c.other_answered,
            my_answer: c.mine.map(Into::into),
            their_answer: c.theirs.map(Into::into),
            differences,
            opener,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    /// The colleague whose perspective you ask for.
    pub with: PersonId,
}

/// Starts a check-in; the window is the organization's (14 days by default).
pub async fn start(state: &AppState, actor: &Actor, with: PersonId) -> AppResult<CheckIn> {
    if with == actor.person.id {
        return Err(InvalidValue::new("with", "choose a colleague, not yourself").into());
    }
    let now = state.now();
    let closes = now + chrono::Duration::days(state.config.check_in_window_days);
    Ok(state
        .store
        .start_check_in(actor.person.org_id, actor.person.id, with, now, closes)
        .await?)
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
    let c = start(&state, &actor, b.with).await?;
    Ok((
        StatusCode::CREATED,
        Json(CheckInOut::new(c, actor.person.id)),
    ))
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
    let me = &actor.person;
    let items = state
        .store
        .list_check_ins(me.org_id, me.id, 100)
        .await?
        .into_iter()
        .map(|c| CheckInOut::new(c, me.id))
        .collect();
    Ok(Json(CheckInsPage {
        items,
        next_cursor: None,
    }))
}

/// One check-in; 404 for anyone outside the pair.
#[utoipa::path(get, path = "/api/v1/check-ins/{id}", tag = "check-ins",
    responses((status = 200, body = CheckInOut), (status = 404, body = ErrorBody)))]
async fn get_check_in(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<CheckInId>,
) -> AppResult<Json<CheckInOut>> {
    let me = &actor.person;
    let c = state.store.check_in(me.org_id, id, me.id).await?;
    Ok(Json(CheckInOut::new(c, me.id)))
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

/// Seals my answer; the second answer reveals both.
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    id: CheckInId,
    b: AnswerBody,
) -> AppResult<CheckIn> {
    let answer = Answer::parse(b.scores, &b.improve, &b.works)?;
    let me = &actor.person;
    Ok(state
        .store
        .answer_check_in(me.org_id, id, me.id, &answer, state.now())
        .await?)
}

/// Answers a check-in, once. A second answer by the same person is 409.
#[utoipa::path(post, path = "/api/v1/check-ins/{id}/answers", tag = "check-ins", request_body = AnswerBody,
    responses((status = 201, body = CheckInOut), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer_check_in(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<CheckInId>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> AppResult<(StatusCode, Json<CheckInOut>)> {
    let c = answer(&state, &actor, id, b).await?;
    Ok((
        StatusCode::CREATED,
        Json(CheckInOut::new(c, actor.person.id)),
    ))
}
