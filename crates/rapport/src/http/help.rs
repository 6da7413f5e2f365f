//! "Can you help me?" over JSON: requests, suggested helpers, offers,
//! acceptance and resolution, each a call to `app::help`.

use super::{ApiJson, ApiQuery, ErrorBody, IdPath, PageQuery, PersonRefOut};
use crate::AppState;
use crate::app::help::{self as ops, Draft, HelpView, SuggestedHelper};
use crate::app::{Actor, AppResult};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::help::Audience;
use rapport_core::{HelpRequestId, OfferId, PersonId, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(get_request))
        .routes(routes!(suggested_helpers))
        .routes(routes!(offer))
        .routes(routes!(accept_offer))
        .routes(routes!(resolve))
        .routes(routes!(close))
        .routes(routes!(ask_helper))
}

#[derive(Serialize, ToSchema)]
pub struct OfferOut {
    pub id: OfferId,
    pub helper: PersonRefOut,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct HelpRequestOut {
    pub id: HelpRequestId,
    pub asker: PersonRefOut,
    pub skill: String,
    pub text: String,
    /// person, team or org.
    pub audience: String,
    pub to: Option<PersonId>,
    pub team: Option<TeamId>,
    /// open, accepted or resolved.
    pub status: String,
    pub accepted_offer: Option<OfferId>,
    pub helped: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub offers: Vec<OfferOut>,
    /// Resolved by the asker closing it, without saying whether it helped.
    pub closed: bool,
    /// Colleagues the asker asked directly (shown to the asker only).
    pub asked: Vec<PersonId>,
}

impl From<HelpView> for HelpRequestOut {
    fn from(h: HelpView) -> Self {
        let (to, team) = match h.audience {
            Audience::Person(p) => (Some(p), None),
            Audience::Team(t) => (None, Some(t)),
            Audience::Org => (None, None),
        };
        HelpRequestOut {
            closed: h.closed(),
            asked: if h.mine { h.asked.clone() } else { Vec::new() },
            id: h.id,
            asker: h.asker.into(),
            skill: h.skill,
            text: h.text,
            audience: h.audience.as_str().into(),
            to,
            team,
            status: h.status.as_str().into(),
            accepted_offer: h.accepted_offer,
            helped: h.helped,
            created_at: h.created_at,
            offers: h
                .offers
                .into_iter()
                .map(|o| OfferOut {
                    id: o.id,
                    helper: o.helper.into(),
                    text: o.text,
                    created_at: o.created_at,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHelpRequestBody {
    /// The skill or topic, by name.
    pub skill: String,
    pub text: String,
    /// person, team or org.
    pub audience: String,
    /// The person (audience person) or team (audience team) asked.
    pub to: Option<String>,
}

/// Asks for help: a sign of trust in others.
#[utoipa::path(post, path = "/api/v1/help-requests", tag = "help", request_body = NewHelpRequestBody,
    responses((status = 201, body = HelpRequestOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_request(
    State(app): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<NewHelpRequestBody>,
) -> AppResult<(StatusCode, Json<HelpRequestOut>)> {
    let draft = Draft {
        skill: b.skill,
        text: b.text,
        audience: b.audience,
        to: b.to,
    };
    let h = ops::create(&app, &actor, draft.parse(&actor)?).await?;
    Ok((StatusCode::CREATED, Json(h.into())))
}

#[derive(Serialize, ToSchema)]
pub struct HelpPage {
    items: Vec<HelpRequestOut>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Only requests about this skill (by name).
    skill: Option<String>,
    /// Only requests about skills I list as a strength.
    my_strengths: Option<bool>,
    /// Only requests still open to offers.
    open: Option<bool>,
}

/// Requests I asked, and open requests addressed to me, my team or
/// everyone (or to me directly), narrowed by skill, my strengths, open only.
#[utoipa::path(get, path = "/api/v1/help-requests", tag = "help", params(BoardQuery, PageQuery),
    responses((status = 200, body = HelpPage), (status = 422, body = ErrorBody)))]
async fn list_requests(
    State(app): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<BoardQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<HelpPage>> {
    let board = ops::Board {
        skill: q.skill,
        my_strengths: q.my_strengths.unwrap_or(false),
        open_only: q.open.unwrap_or(false),
    };
    let found = ops::list(&app, &actor, &board, &page.page()?).await?;
    Ok(Json(HelpPage {
        items: found.items.into_iter().map(Into::into).collect(),
        next_cursor: found.next_cursor,
    }))
}

/// One request, for the asker and those it is addressed to.
#[utoipa::path(get, path = "/api/v1/help-requests/{id}", tag = "help", params(("id" = HelpRequestId, Path)),
    responses((status = 200, body = HelpRequestOut), (status = 404, body = ErrorBody)))]
async fn get_request(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(ops::get(&app, &actor, id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct SuggestedHelperOut {
    pub person: PersonRefOut,
    pub reasons: Vec<String>,
}

impl From<SuggestedHelper> for SuggestedHelperOut {
    fn from(s: SuggestedHelper) -> Self {
        SuggestedHelperOut {
            person: s.person.into(),
            reasons: s.reasons,
        }
    }
}

/// Colleagues strong where the asker wants help, best match first (asker only).
#[utoipa::path(get, path = "/api/v1/help-requests/{id}/suggested-helpers", tag = "help", params(("id" = HelpRequestId, Path)),
    responses((status = 200, body = Vec<SuggestedHelperOut>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn suggested_helpers(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
) -> AppResult<Json<Vec<SuggestedHelperOut>>> {
    let found = ops::suggested_helpers(&app, &actor, id).await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferBody {
    text: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: uuid::Uuid,
}

/// Offers help on a request addressed to me, my team or everyone.
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/offers", tag = "help", params(("id" = HelpRequestId, Path)),
    request_body = OfferBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn offer(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
    ApiJson(b): ApiJson<OfferBody>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = ops::offer(&app, &actor, id, &b.text).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptOfferBody {
    offer_id: OfferId,
}

/// The asker accepts one offer.
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/accept", tag = "help", params(("id" = HelpRequestId, Path)),
    request_body = AcceptOfferBody,
    responses((status = 200, body = HelpRequestOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn accept_offer(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
    ApiJson(b): ApiJson<AcceptOfferBody>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(
        ops::accept_offer(&app, &actor, id, b.offer_id)
            .await?
            .into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    /// true: "this helped"; false: "not really".
    helped: bool,
}

/// The asker closes the request: "this helped" or "not really".
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/resolve", tag = "help", params(("id" = HelpRequestId, Path)),
    request_body = ResolveBody,
    responses((status = 200, body = HelpRequestOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resolve(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
    ApiJson(b): ApiJson<ResolveBody>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(ops::resolve(&app, &actor, id, b.helped).await?.into()))
}

/// The asker closes their own request without saying whether it helped
/// (found help elsewhere, no longer needed); whoever offered is told.
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/close", tag = "help", params(("id" = HelpRequestId, Path)),
    responses((status = 200, body = HelpRequestOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn close(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(ops::close(&app, &actor, id).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskHelperBody {
    /// The colleague asked (a suggested helper, of the same organization).
    person: PersonId,
}

/// The asker asks a colleague directly: they get a notification and may
/// then see and answer the request. Asking the same person twice is a 409.
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/ask", tag = "help", params(("id" = HelpRequestId, Path)),
    request_body = AskHelperBody,
    responses((status = 200, body = HelpRequestOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn ask_helper(
    State(app): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<HelpRequestId>,
    ApiJson(b): ApiJson<AskHelperBody>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(
        ops::ask_helper(&app, &actor, id, b.person).await?.into(),
    ))
}
