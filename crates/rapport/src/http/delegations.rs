//! Delegations and favors ("be the first to trust"): create, answer, hand
//! back, record the outcome, dispute it, add notes. Only the pair sees a
//! delegation: anyone else gets a 404; the other person of the pair gets a
//! 403 for an action that is not theirs; the wrong moment is a 409.

use super::{ApiJson, ApiQuery};
use crate::app::Actor;
use crate::app::AppResult;
use crate::http::ErrorBody;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::delegation::{self, Action, Facts, Refusal, Side, Status};
use rapport_core::events::Payload;
use rapport_core::trust::Outcome;
use rapport_core::{DelegationId, FreeText, InvalidValue, PersonId};
use rapport_store::{
    Delegation, DelegationChange, NewDelegation, NewEvent, NewNotification, Trail,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_delegations, create_delegation))
        .routes(routes!(get_delegation))
        .routes(routes!(accept))
        .routes(routes!(decline))
        .routes(routes!(hand_back))
        .routes(routes!(complete))
        .routes(routes!(dispute))
        .routes(routes!(add_note))
}

#[derive(Serialize, ToSchema)]
pub struct PersonRef {
    pub id: PersonId,
    pub name: String,
}

/// A delegation as either person of the pair sees it.
#[derive(Serialize, ToSchema)]
pub struct DelegationOut {
    pub id: DelegationId,
    pub from: PersonRef,
    pub to: PersonRef,
    pub title: String,
    pub details: String,
    pub due: Option<DateTime<Utc>>,
    pub stakes: String,
    pub status: Status,
    /// Accepted, past its due date, no outcome yet.
    pub overdue: bool,
    /// More than 14 days past due with no outcome: it counts as neutral.
    pub outcome_expired: bool,
    pub stretch: bool,
    pub outcome: Option<String>,
    pub disputed: bool,
    /// The delegator's note (what we learned).
    pub from_note: String,
    /// The delegate's note (context, an apology).
    pub to_note: String,
    pub dispute_note: String,
    pub second_chance_of: Option<DelegationId>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// What the actor can do now: accept, decline, hand_back, complete, dispute, note, second_chance.
    pub actions: Vec<&'static str>,
}

impl DelegationOut {
    pub fn new(d: Delegation, actor: PersonId, now: DateTime<Utc>) -> Self {
        let f = facts(&d);
        let side = if d.from_id == actor {
            Side::Delegator
        } else {
            Side::Delegate
        };
        let mut actions: Vec<&'static str> = [
            (Action::Accept, "accept"),
            (Action::Decline, "decline"),
            (Action::HandBack, "hand_back"),
            (Action::Complete(Outcome::Delivered), "complete"),
            (Action::Dispute, "dispute"),
        ]
        .into_iter()
        .filter(|(a, _)| delegation::decide(*a, side, &f, now).is_ok())
        .map(|(_, name)| name)
        .collect();
        actions.push("note");
        if side == Side::Delegator && d.outcome.as_deref() == Some("missed") {
            actions.push("second_chance");
        }
        DelegationOut {
            id: d.id,
            overdue: delegation::is_overdue(&f, now),
            outcome_expired: delegation::outcome_expired(&f, now),
            from: PersonRef {
                id: d.from_id,
                name: d.from_name,
            },
            to: PersonRef {
                id: d.to_id,
                name: d.to_name,
            },
            title: d.title,
            details: d.details,
            due: d.due_at,
            stakes: d.stakes,
            status: d.status,
            stretch: d.stretch,
            outcome: d.outcome,
            disputed: d.disputed_at.is_some(),
            from_note: d.from_note,
            to_note: d.to_note,
            dispute_note: d.dispute_note,
            second_chance_of: d.second_chance_of,
            created_at: d.created_at,
            completed_at: d.completed_at,
            actions,
        }
    }
}

pub fn facts(d: &Delegation) -> Facts {
    let outcome = d
        .outcome
        .as_deref()
        .and_then(|o| serde_json::from_value(serde_json::json!(o)).ok());
    Facts {
        status: d.status,
        due: d.due_at,
        outcome,
        disputed: d.disputed_at.is_some(),
    }
}

/// Loads a delegation the actor is part of; anyone else gets a 404.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> AppResult<(Delegation, Side)> {
    let id = DelegationId::parse(id).ok_or(AppError::NotFound)?;
    let d = state.store.delegation(actor.person.org_id, id).await?;
    let side = if d.from_id == actor.person.id {
        Side::Delegator
    } else if d.to_id == actor.person.id {
        Side::Delegate
    } else {
        return Err(AppError::NotFound);
    };
    Ok((d, side))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// The person asked.
    pub to: PersonId,
    pub title: String,
    #[serde(default)]
    pub details: String,
    /// A date (`2026-12-01`) or a time (RFC 3339).
    pub due: Option<String>,
    /// small, medium or large.
    pub stakes: String,
    /// The earlier delegation this is a second chance after (it must be a miss).
    pub second_chance_of: Option<DelegationId>,
}

/// Parses a creation request: the values a person can get wrong, each with a clear error.
pub fn parse_new(
    actor: &Actor,
    b: CreateBody,
    now: DateTime<Utc>,
) -> Result<NewDelegation, AppError> {
    if b.to == actor.person.id {
        return Err(InvalidValue::new("to", "you cannot delegate to yourself").into());
    }
    let title = FreeText::parse_required("title", &b.title, 200)?;
    if title.as_str().contains('\n') {
        return Err(InvalidValue::new("title", "must be on one line").into());
    }
    let details = FreeText::parse("details", &b.details, 4000)?;
    let stakes = match b.stakes.trim() {
        "small" => "small",
        "medium" => "medium",
        "large" => "large",
        _ => return Err(InvalidValue::new("stakes", "must be small, medium or large").into()),
    };
    let due_at = b
        .due
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_due)
        .transpose()?;
    if due_at.is_some_and(|d| d <= now) {
        return Err(InvalidValue::new("due", "must be in the future").into());
    }
    Ok(NewDelegation {
        from: actor.person.id,
        to: b.to,
        title: title.into_string(),
        details: details.into_string(),
        due_at,
        stakes,
        second_chance_of: b.second_chance_of,
    })
}

/// A due date: a day (due at its end, UTC) or an exact time.
fn parse_due(s: &str) -> Result<DateTime<Utc>, InvalidValue> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
        .ok_or_else(|| {
            InvalidValue::new(
                "due",
                "must be a date such as 2026-12-01 or a time such as 2026-12-01T17:00:00Z",
            )
        })
}

/// Asks a colleague to take something on; the first step of trust.
#[utoipa::path(post, path = "/api/v1/delegations", tag = "delegations", request_body = CreateBody,
    responses((status = 201, body = DelegationOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn create_delegation(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<DelegationOut>)> {
    let now = state.now();
    let new = parse_new(&actor, body, now)?;
    let d = state
        .store
        .create_delegation(actor.person.org_id, &new, now)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(DelegationOut::new(d, actor.person.id, now)),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct DelegationsPage {
    items: Vec<DelegationOut>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// `from`: asked by me; `to`: asked of me; empty: both.
    role: Option<String>,
    /// proposed, accepted, declined, handed_back or done.
    status: Option<String>,
    limit: Option<u32>,
}

/// My delegations, newest first.
#[utoipa::path(get, path = "/api/v1/delegations", tag = "delegations", params(ListQuery), responses((status = 200, body = DelegationsPage)))]
async fn list_delegations(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<DelegationsPage>> {
    let role = match q.role.as_deref() {
        None | Some("") => None,
        Some(r @ ("from" | "to")) => Some(r),
        Some(_) => return Err(InvalidValue::new("role", "must be from or to").into()),
    };
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Status::parse(s)
                .ok_or_else(|| InvalidValue::new("status", "is not a delegation status"))?,
        ),
    };
    let limit = super::PageQuery {
        limit: q.limit,
        cursor: None,
    }
    .limit()?;
    let found = state
        .store
        .list_delegations(actor.person.org_id, actor.person.id, role, status, limit)
        .await?;
    let now = state.now();
    Ok(Json(DelegationsPage {
        items: found
            .into_iter()
            .map(|d| DelegationOut::new(d, actor.person.id, now))
            .collect(),
        next_cursor: None,
    }))
}

/// One delegation; a 404 for anyone outside the pair.
#[utoipa::path(get, path = "/api/v1/delegations/{id}", tag = "delegations", responses((status = 200, body = DelegationOut), (status = 404, body = ErrorBody)))]
async fn get_delegation(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<DelegationOut>> {
    let (d, _) = load(&state, &actor, &id).await?;
    Ok(Json(DelegationOut::new(d, actor.person.id, state.now())))
}

/// Decides, then applies a transition with its event and notification.
pub async fn transition(
    state: &AppState,
    actor: &Actor,
    id: &str,
    action: Action,
    note: Option<String>,
    stretch: bool,
) -> AppResult<DelegationOut> {
    let (d, side) = load(state, actor, id).await?;
    let now = state.now();
    let status = delegation::decide(action, side, &facts(&d), now).map_err(|r| match r {
        Refusal::WrongPerson(why) => AppError::Forbidden(why),
        Refusal::WrongState(why) => AppError::conflict("wrong_state", why),
    })?;
    let note = note
        .map(|n| FreeText::parse("note", &n, 4000))
        .transpose()?
        .map(FreeText::into_string);
    let mut change = DelegationChange {
        status: Some(status),
        ..Default::default()
    };
    let (me, other) = (
        actor.person.id,
        if side == Side::Delegator {
            d.to_id
        } else {
            d.from_id
        },
    );
    let event = |payload: Payload| {
        Some(NewEvent {
            at: now,
            from: d.from_id,
            to: d.to_id,
            subject: Some(d.id.0),
            payload,
        })
    };
    let (event, verb) = match action {
        Action::Accept => {
            change.stretch = Some(stretch);
            (None, "accepted")
        }
        Action::Decline => (event(Payload::Declined), "declined"),
        Action::HandBack => (event(Payload::HandedBack), "handed back"),
        Action::Complete(outcome) => {
            let name = match outcome {
                Outcome::Delivered => "delivered",
                Outcome::Partly => "partly",
                Outcome::Missed => "missed",
            };
            change.outcome = Some(name);
            change.from_note = note.clone();
            let stakes =
                serde_json::from_value(serde_json::json!(d.stakes)).map_err(AppError::internal)?;
            let payload = Payload::Completed {
                stakes,
                outcome,
                stretch: d.stretch,
                second_chance_of: d.second_chance_of,
            };
            (event(payload), "recorded how it went for")
        }
        Action::Dispute => {
            change.disputed = true;
            change.dispute_note = note.clone();
            (event(Payload::Disputed), "added their view on")
        }
        Action::AddNote => {
            if side == Side::Delegator {
                change.from_note = note.clone();
            } else {
                change.to_note = note.clone();
            }
            (None, "added a note to")
        }
    };
    // rapport's own words and a link: never the free text of a miss or a dispute.
    let notice = NewNotification {
        person: other,
        text: format!("{} {verb} “{}”", actor.person.name, d.title),
        link: format!("/delegations/{}", d.id),
    };
    let updated = state
        .store
        .change_delegation(
            actor.person.org_id,
            d.id,
            d.status,
            &change,
            &Trail {
                event,
                notes: vec![notice],
            },
            now,
        )
        .await?;
    Ok(DelegationOut::new(updated, me, now))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    /// A stretch for me: a miss then counts half.
    #[serde(default)]
    stretch: bool,
}

/// The delegate accepts (optionally as a stretch).
#[utoipa::path(post, path = "/api/v1/delegations/{id}/accept", tag = "delegations", request_body(content = Option<AcceptBody>),
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn accept(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> AppResult<Json<DelegationOut>> {
    let stretch = super::extract::optional_json::<AcceptBody>(&body)?.stretch;
    Ok(Json(
        transition(&state, &actor, &id, Action::Accept, None, stretch).await?,
    ))
}

/// The delegate declines: saying no up front is honest and neutral.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/decline", tag = "delegations",
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decline(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<DelegationOut>> {
    Ok(Json(
        transition(&state, &actor, &id, Action::Decline, None, false).await?,
    ))
}

/// The delegate hands the task back before it is due: honest and neutral.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/hand-back", tag = "delegations",
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn hand_back(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<DelegationOut>> {
    Ok(Json(
        transition(&state, &actor, &id, Action::HandBack, None, false).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    /// delivered, partly or missed.
    outcome: String,
    /// What we learned.
    note: Option<String>,
}

pub fn parse_outcome(s: &str) -> Result<Outcome, InvalidValue> {
    match s.trim() {
        "delivered" => Ok(Outcome::Delivered),
        "partly" => Ok(Outcome::Partly),
        "missed" => Ok(Outcome::Missed),
        _ => Err(InvalidValue::new(
            "outcome",
            "must be delivered, partly or missed",
        )),
    }
}

/// The delegator records how it went; the delegate sees it at once.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/complete", tag = "delegations", request_body = CompleteBody,
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn complete(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CompleteBody>,
) -> AppResult<Json<DelegationOut>> {
    let outcome = parse_outcome(&b.outcome)?;
    Ok(Json(
        transition(
            &state,
            &actor,
            &id,
            Action::Complete(outcome),
            b.note,
            false,
        )
        .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    note: String,
}

/// The delegate disputes a recorded outcome: it then counts as neutral, and
/// the pair is offered a check-in.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/dispute", tag = "delegations", request_body = NoteBody,
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn dispute(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBody>,
) -> AppResult<Json<DelegationOut>> {
    FreeText::parse_required("note", &b.note, 4000)?;
    Ok(Json(
        transition(&state, &actor, &id, Action::Dispute, Some(b.note), false).await?,
    ))
}

/// Either person adds their note: what we learned, context, an apology.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/notes", tag = "delegations", request_body = NoteBody,
    responses((status = 200, body = DelegationOut), (status = 404, body = ErrorBody)))]
async fn add_note(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBody>,
) -> AppResult<Json<DelegationOut>> {
    Ok(Json(
        transition(&state, &actor, &id, Action::AddNote, Some(b.note), false).await?,
    ))
}
