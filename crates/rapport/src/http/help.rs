//! "Can you help me?": ask a person, a team or everyone; see suggested
//! helpers; offers; accept one; resolve with "this helped" or "not really".

use super::delegations::PersonRef;
use super::{ApiJson, ApiQuery};
use crate::app::Actor;
use crate::app::AppResult;
use crate::http::ErrorBody;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::matching::{Candidate, suggest_helpers};
use rapport_core::trust::Time;
use rapport_core::{FreeText, HelpRequestId, InvalidValue, OfferId, PersonId, SkillName, TeamId};
use rapport_store::{HelpRequest, NewEvent, NewHelpRequest, NewNotification, Trail};
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
}

#[derive(Serialize, ToSchema)]
pub struct OfferOut {
    pub id: OfferId,
    pub helper: PersonRef,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct HelpRequestOut {
    pub id: HelpRequestId,
    pub asker: PersonRef,
    pub skill: String,
    pub text: String,
    pub audience: String,
    pub to: Option<PersonId>,
    pub team: Option<TeamId>,
    /// open, accepted or resolved.
    pub status: String,
    pub accepted_offer: Option<OfferId>,
    pub helped: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub offers: Vec<OfferOut>,
}

impl From<HelpRequest> for HelpRequestOut {
    fn from(h: HelpRequest) -> Self {
        HelpRequestOut {
            id: h.id,
            asker: PersonRef {
                id: h.asker_id,
                name: h.asker_name,
            },
            skill: h.skill,
            text: h.text,
            audience: h.audience,
            to: h.to_person_id,
            team: h.to_team_id,
            status: h.status,
            accepted_offer: h.accepted_offer,
            helped: h.helped,
            created_at: h.created_at,
            offers: h
                .offers
                .into_iter()
                .map(|o| OfferOut {
                    id: o.id,
                    helper: PersonRef {
                        id: o.helper_id,
                        name: o.helper_name,
                    },
                    text: o.text,
                    created_at: o.created_at,
                })
                .collect(),
        }
    }
}

/// Who may see a request: the asker, and those it is addressed to.
pub fn can_see(h: &HelpRequest, actor: &Actor) -> bool {
    let me = &actor.person;
    h.asker_id == me.id
        || h.audience == "org"
        || h.to_person_id == Some(me.id)
        || (h.audience == "team" && h.to_team_id.is_some() && h.to_team_id == me.team_id)
}

pub async fn load(state: &AppState, actor: &Actor, id: &str) -> AppResult<HelpRequest> {
    let id = HelpRequestId::parse(id).ok_or(AppError::NotFound)?;
    let h = state.store.help_request(actor.person.org_id, id).await?;
    if !can_see(&h, actor) {
        return Err(AppError::NotFound);
    }
    Ok(h)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// The skill or topic, by name.
    pub skill: String,
    pub text: String,
    /// person, team or org.
    pub audience: String,
    /// The person (audience person) or team (audience team) asked.
    pub to: Option<String>,
}

pub async fn parse_new(
    state: &AppState,
    actor: &Actor,
    b: CreateBody,
) -> AppResult<NewHelpRequest> {
    let skill = SkillName::parse(&b.skill)?;
    let text = FreeText::parse_required("text", &b.text, 4000)?.into_string();
    let to = b.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let (audience, to_person, to_team) = match (b.audience.trim(), to) {
        ("person", Some(t)) => {
            let id = PersonId::parse(t)
                .ok_or_else(|| InvalidValue::new("to", "must be a person's id"))?;
            if id == actor.person.id {
                return Err(InvalidValue::new("to", "ask someone other than yourself").into());
            }
            ("person", Some(id), None)
        }
        ("team", to) => {
            let team = match to {
                Some(t) => TeamId::parse(t)
                    .ok_or_else(|| InvalidValue::new("to", "must be a team's id"))?,
                None => actor
                    .person
                    .team_id
                    .ok_or_else(|| InvalidValue::new("to", "name a team: you are not in one"))?,
            };
            ("team", None, Some(team))
        }
        ("org", None) => ("org", None, None),
        ("person", None) => {
            return Err(InvalidValue::new("to", "name the person you are asking").into());
        }
        ("org", Some(_)) => {
            return Err(InvalidValue::new("to", "leave it out when asking everyone").into());
        }
        _ => return Err(InvalidValue::new("audience", "must be person, team or org").into()),
    };
    let _ = state;
    Ok(NewHelpRequest {
        asker: actor.person.id,
        skill,
        text,
        audience,
        to_person,
        to_team,
    })
}

/// Asks for help: a sign of trust in others.
#[utoipa::path(post, path = "/api/v1/help-requests", tag = "help", request_body = CreateBody,
    responses((status = 201, body = HelpRequestOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_request(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<HelpRequestOut>)> {
    let new = parse_new(&state, &actor, b).await?;
    let h = state
        .store
        .create_help_request(actor.person.org_id, &new, state.now())
        .await?;
    Ok((StatusCode::CREATED, Json(h.into())))
}

#[derive(Serialize, ToSchema)]
pub struct HelpPage {
    items: Vec<HelpRequestOut>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    limit: Option<u32>,
}

/// Requests I asked, and open requests addressed to me, my team or everyone.
#[utoipa::path(get, path = "/api/v1/help-requests", tag = "help", params(ListQuery), responses((status = 200, body = HelpPage)))]
async fn list_requests(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<HelpPage>> {
    let limit = super::PageQuery {
        limit: q.limit,
        cursor: None,
    }
    .limit()?;
    let me = &actor.person;
    let items = state
        .store
        .list_help_requests(me.org_id, me.id, me.team_id, limit)
        .await?;
    Ok(Json(HelpPage {
        items: items.into_iter().map(Into::into).collect(),
        next_cursor: None,
    }))
}

/// One request, for the asker and those it is addressed to.
#[utoipa::path(get, path = "/api/v1/help-requests/{id}", tag = "help", responses((status = 200, body = HelpRequestOut), (status = 404, body = ErrorBody)))]
async fn get_request(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(load(&state, &actor, &id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct SuggestedHelper {
    pub person: PersonRef,
    pub reasons: Vec<String>,
}

/// Colleagues strong where the asker wants help, best match first (asker only).
#[utoipa::path(get, path = "/api/v1/help-requests/{id}/suggested-helpers", tag = "help",
    responses((status = 200, body = Vec<SuggestedHelper>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn suggested_helpers(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<SuggestedHelper>>> {
    let h = load(&state, &actor, &id).await?;
    if h.asker_id != actor.person.id {
        return Err(AppError::Forbidden(
            "only the person asking sees suggested helpers",
        ));
    }
    Ok(Json(
        suggestions(&state, &actor, &SkillName::parse(&h.skill)?.key(), 5).await?,
    ))
}

/// Ranks colleagues for a skill with the pure matcher.
pub async fn suggestions(
    state: &AppState,
    actor: &Actor,
    skill_key: &str,
    limit: usize,
) -> AppResult<Vec<SuggestedHelper>> {
    let me = &actor.person;
    let now = state.now();
    let mine = state.store.person_skills(me.org_id, me.id, true).await?;
    let my_strengths = mine.strengths.iter().map(|s| s.to_lowercase()).collect();
    let people = state.store.people_strong_in(me.org_id, skill_key).await?;
    let load = state
        .store
        .recent_offer_counts(me.org_id, now - chrono::Duration::days(30))
        .await?;
    let at = Time::from(now);
    let candidates: Vec<Candidate> = state
        .trust
        .read(&state.store, me.org_id, |l| {
            people
                .iter()
                .map(|p| Candidate {
                    id: p.id,
                    strengths: p.strengths.clone(),
                    shared_growth: p.shared_growth.clone(),
                    tie: l.reliance(me.id, p.id, at) + l.reliance(p.id, me.id, at),
                    recent_load: load.get(&p.id).copied().unwrap_or(0),
                })
                .collect()
        })
        .await?;
    let ranked = suggest_helpers(me.id, &my_strengths, skill_key, &candidates, limit);
    let mut out = Vec::with_capacity(ranked.len());
    for s in ranked {
        let p = state.store.person(me.org_id, s.id).await?;
        out.push(SuggestedHelper {
            person: PersonRef {
                id: p.id,
                name: p.name,
            },
            reasons: s.reasons,
        });
    }
    Ok(out)
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
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/offers", tag = "help", request_body = OfferBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn offer(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<OfferBody>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = make_offer(&state, &actor, &id, &b.text).await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

pub async fn make_offer(
    state: &AppState,
    actor: &Actor,
    id: &str,
    text: &str,
) -> AppResult<OfferId> {
    let h = load(state, actor, id).await?;
    if h.asker_id == actor.person.id {
        return Err(AppError::Forbidden(
            "you cannot offer help on your own request",
        ));
    }
    let text = FreeText::parse_required("text", text, 2000)?;
    Ok(state
        .store
        .add_offer(
            actor.person.org_id,
            h.id,
            actor.person.id,
            text.as_str(),
            state.now(),
        )
        .await?)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    offer_id: OfferId,
}

/// The asker accepts one offer.
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/accept", tag = "help", request_body = AcceptBody,
    responses((status = 200, body = HelpRequestOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn accept_offer(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AcceptBody>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(accept(&state, &actor, &id, b.offer_id).await?.into()))
}

pub async fn accept(
    state: &AppState,
    actor: &Actor,
    id: &str,
    offer: OfferId,
) -> AppResult<HelpRequest> {
    let h = load(state, actor, id).await?;
    if h.asker_id != actor.person.id {
        return Err(AppError::Forbidden(
            "only the person asking accepts an offer",
        ));
    }
    let o = h
        .offers
        .iter()
        .find(|o| o.id == offer)
        .ok_or_else(|| InvalidValue::new("offer_id", "is not an offer on this request"))?;
    let now = state.now();
    // Relying on a helper counts once: already counted for a request addressed to them.
    let event = (h.to_person_id != Some(o.helper_id)).then_some(NewEvent {
        at: now,
        from: h.asker_id,
        to: o.helper_id,
        subject: Some(h.id.0),
        payload: rapport_core::events::Payload::HelpAsked,
    });
    let note = NewNotification {
        person: o.helper_id,
        text: format!("{} accepted your offer of help", actor.person.name),
        link: format!("/help/{}", h.id),
    };
    Ok(state
        .store
        .change_help_request(
            actor.person.org_id,
            h.id,
            ("open", "accepted"),
            (Some(offer), None),
            &Trail {
                event,
                notes: vec![note],
            },
            now,
        )
        .await?)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    /// true: "this helped"; false: "not really".
    helped: bool,
}

/// The asker closes the request: "this helped" or "not really".
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/resolve", tag = "help", request_body = ResolveBody,
    responses((status = 200, body = HelpRequestOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resolve(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ResolveBody>,
) -> AppResult<Json<HelpRequestOut>> {
    Ok(Json(
        resolve_request(&state, &actor, &id, b.helped).await?.into(),
    ))
}

pub async fn resolve_request(
    state: &AppState,
    actor: &Actor,
    id: &str,
    helped: bool,
) -> AppResult<HelpRequest> {
    let h = load(state, actor, id).await?;
    if h.asker_id != actor.person.id {
        return Err(AppError::Forbidden(
            "only the person asking resolves a request",
        ));
    }
    let helper = h
        .accepted_offer
        .and_then(|a| h.offers.iter().find(|o| o.id == a))
        .map(|o| o.helper_id)
        .ok_or_else(|| AppError::conflict("wrong_state", "accept an offer before resolving"))?;
    let now = state.now();
    let event = NewEvent {
        at: now,
        from: h.asker_id,
        to: helper,
        subject: Some(h.id.0),
        payload: rapport_core::events::Payload::HelpResolved { helped },
    };
    let note = NewNotification {
        person: helper,
        text: format!("{} closed their request for help", actor.person.name),
        link: format!("/help/{}", h.id),
    };
    Ok(state
        .store
        .change_help_request(
            actor.person.org_id,
            h.id,
            ("accepted", "resolved"),
            (None, Some(helped)),
            &Trail {
                event: Some(event),
                notes: vec![note],
            },
            now,
        )
        .await?)
}
