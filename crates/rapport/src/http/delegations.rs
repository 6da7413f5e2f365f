//! Delegations and favors over JSON: each handler parses the request, calls
//! `app::delegations`, and renders the view. The rules are there.

use super::{ApiJson, ApiQuery, ErrorBody, IdPath, PageQuery, PersonRefOut};
use crate::AppState;
use crate::app::delegations::{self as ops, Act, DelegationView, Draft, Filter};
use crate::app::{Actor, AppError, AppResult};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::delegation::{Side, Status};
use rapport_core::{DelegationId, InvalidValue, PersonId};
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
        .routes(routes!(mark_done))
        .routes(routes!(withdraw))
        .routes(routes!(change_due))
}

/// A delegation as either person of the pair sees it.
#[derive(Serialize, ToSchema)]
pub struct DelegationOut {
    pub id: DelegationId,
    pub from: PersonRefOut,
    pub to: PersonRefOut,
    pub title: String,
    pub details: String,
    pub due: Option<DateTime<Utc>>,
    /// small, medium or large.
    pub stakes: String,
    pub status: Status,
    /// Accepted, past its due date, no outcome yet.
    pub overdue: bool,
    /// More than 14 days past due with no outcome: it counts as neutral.
    pub outcome_expired: bool,
    pub stretch: bool,
    /// delivered, partly or missed, once recorded.
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
    pub accepted_at: Option<DateTime<Utc>>,
    /// When the delegate said "done, please review".
    pub marked_done_at: Option<DateTime<Utc>>,
    /// While the outcome cannot be recorded yet: from when it can be
    /// without the delegate marking it done (the due date, or 14 days
    /// after acceptance).
    pub outcome_opens: Option<DateTime<Utc>>,
    /// What the viewer can do now: accept, decline, hand_back, complete,
    /// dispute, note, second_chance, mark_done, withdraw, change_due.
    pub actions: Vec<&'static str>,
}

impl From<DelegationView> for DelegationOut {
    fn from(d: DelegationView) -> Self {
        DelegationOut {
            id: d.id,
            from: d.from.into(),
            to: d.to.into(),
            title: d.title,
            details: d.details,
            due: d.due,
            stakes: d.stakes.as_str().into(),
            status: d.status,
            overdue: d.overdue,
            outcome_expired: d.outcome_expired,
            stretch: d.stretch,
            outcome: d.outcome.map(|o| o.as_str().into()),
            disputed: d.disputed,
            from_note: d.from_note,
            to_note: d.to_note,
            dispute_note: d.dispute_note,
            second_chance_of: d.second_chance_of,
            created_at: d.created_at,
            completed_at: d.completed_at,
            accepted_at: d.accepted_at,
            marked_done_at: d.marked_done_at,
            outcome_opens: d.outcome_opens,
            actions: d.can.iter().map(|c| c.as_str()).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDelegationBody {
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

/// The first problem of a draft (the API reports one field at a time).
pub(super) fn first(errors: Vec<InvalidValue>) -> AppError {
    errors
        .into_iter()
        .next()
        .map_or(AppError::BadRequest("invalid request".into()), Into::into)
}

/// Asks a colleague to take something on; the first step of trust.
#[utoipa::path(post, path = "/api/v1/delegations", tag = "delegations", request_body = NewDelegationBody,
    responses((status = 201, body = DelegationOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn create_delegation(
    State(app): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<NewDelegationBody>,
) -> AppResult<(StatusCode, Json<DelegationOut>)> {
    let draft = Draft {
        to: Some(b.to),
        title: b.title,
        details: b.details,
        due: b.due.unwrap_or_default(),
        stakes: b.stakes,
        second_chance_of: b.second_chance_of,
    };
    let cmd = draft.parse().map_err(first)?;
    let d = ops::create(&app, &actor, cmd).await?;
    Ok((StatusCode::CREATED, Json(d.into())))
}

#[derive(Serialize, ToSchema)]
pub struct DelegationsPage {
    items: Vec<DelegationOut>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `from`: asked by me; `to`: asked of me; empty: both.
    role: Option<String>,
    /// proposed, accepted, declined, handed_back, done or withdrawn.
    status: Option<String>,
}

/// My delegations, newest first.
#[utoipa::path(get, path = "/api/v1/delegations", tag = "delegations", params(ListQuery, PageQuery),
    responses((status = 200, body = DelegationsPage), (status = 422, body = ErrorBody)))]
async fn list_delegations(
    State(app): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ListQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<DelegationsPage>> {
    let side = match q.role.as_deref() {
        None | Some("") => None,
        Some("from") => Some(Side::Delegator),
        Some("to") => Some(Side::Delegate),
        Some(_) => return Err(InvalidValue::new("role", "must be from or to").into()),
    };
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Status::parse(s)
                .ok_or_else(|| InvalidValue::new("status", "is not a delegation status"))?,
        ),
    };
    let found = ops::list(&app, &actor, Filter { side, status }, &page.page()?).await?;
    Ok(Json(DelegationsPage {
        items: found.items.into_iter().map(Into::into).collect(),
        next_cursor: found.next_cursor,
    }))
}

/// One delegation; a 404 for anyone outside the pair.
#[utoipa::path(get, path = "/api/v1/delegations/{id}", tag = "delegations", params(("id" = DelegationId, Path)),
    responses((status = 200, body = DelegationOut), (status = 404, body = ErrorBody)))]
async fn get_delegation(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
) -> AppResult<Json<DelegationOut>> {
    Ok(Json(ops::get(&app, &actor, id).await?.into()))
}

async fn act(
    app: &AppState,
    actor: &Actor,
    id: DelegationId,
    a: Act,
) -> AppResult<Json<DelegationOut>> {
    Ok(Json(ops::act(app, actor, id, a).await?.into()))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AcceptDelegationBody {
    /// A stretch for me: a miss then counts half.
    #[serde(default)]
    stretch: bool,
}

/// The delegate accepts (optionally as a stretch).
#[utoipa::path(post, path = "/api/v1/delegations/{id}/accept", tag = "delegations", params(("id" = DelegationId, Path)),
    request_body(content = Option<AcceptDelegationBody>),
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn accept(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
    body: axum::body::Bytes,
) -> AppResult<Json<DelegationOut>> {
    let stretch = super::extract::optional_json::<AcceptDelegationBody>(&body)?.stretch;
    act(&app, &actor, id, Act::Accept { stretch }).await
}

/// The delegate declines: saying no up front is honest and neutral.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/decline", tag = "delegations", params(("id" = DelegationId, Path)),
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decline(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
) -> AppResult<Json<DelegationOut>> {
    act(&app, &actor, id, Act::Decline).await
}

/// The delegate hands the task back before it is due: honest and neutral.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/hand-back", tag = "delegations", params(("id" = DelegationId, Path)),
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn hand_back(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
) -> AppResult<Json<DelegationOut>> {
    act(&app, &actor, id, Act::HandBack).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    /// delivered, partly or missed.
    outcome: String,
    /// What we learned.
    note: Option<String>,
}

/// The delegator records how it went; the delegate sees it at once. Only
/// once the delegate marked it done, or once it is due (no due date: 14
/// days after it was accepted); before that a 409 says from when.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/complete", tag = "delegations", params(("id" = DelegationId, Path)),
    request_body = OutcomeBody,
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn complete(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
    ApiJson(b): ApiJson<OutcomeBody>,
) -> AppResult<Json<DelegationOut>> {
    let a = Act::complete(&b.outcome, b.note.as_deref().unwrap_or(""))?;
    act(&app, &actor, id, a).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    note: String,
}

/// The delegate disputes a recorded outcome: it then counts as neutral, and
/// the pair is offered a check-in.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/dispute", tag = "delegations", params(("id" = DelegationId, Path)),
    request_body = NoteBody,
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn dispute(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
    ApiJson(b): ApiJson<NoteBody>,
) -> AppResult<Json<DelegationOut>> {
    act(&app, &actor, id, Act::dispute(&b.note)?).await
}

/// Either person adds their note: what we learned, context, an apology.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/notes", tag = "delegations", params(("id" = DelegationId, Path)),
    request_body = NoteBody,
    responses((status = 200, body = DelegationOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_note(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
    ApiJson(b): ApiJson<NoteBody>,
) -> AppResult<Json<DelegationOut>> {
    act(&app, &actor, id, Act::note(&b.note)?).await
}

/// The delegate says it is done and asks the delegator to review it; the
/// delegator can then record the outcome.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/mark-done", tag = "delegations", params(("id" = DelegationId, Path)),
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn mark_done(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
) -> AppResult<Json<DelegationOut>> {
    act(&app, &actor, id, Act::MarkDone).await
}

/// The delegator takes it back before it is accepted; the delegate is told.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/withdraw", tag = "delegations", params(("id" = DelegationId, Path)),
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
) -> AppResult<Json<DelegationOut>> {
    act(&app, &actor, id, Act::Withdraw).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DueBody {
    /// A date (`2026-12-01`) or a time (RFC 3339); null or empty: no due date.
    due: Option<String>,
}

/// The delegator changes the due date while the delegation is still
/// proposed: accepting is agreeing to it, so after that it stays.
#[utoipa::path(post, path = "/api/v1/delegations/{id}/due", tag = "delegations", params(("id" = DelegationId, Path)),
    request_body = DueBody,
    responses((status = 200, body = DelegationOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_due(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<DelegationId>,
    ApiJson(b): ApiJson<DueBody>,
) -> AppResult<Json<DelegationOut>> {
    let a = Act::change_due(b.due.as_deref().unwrap_or(""))?;
    act(&app, &actor, id, a).await
}
