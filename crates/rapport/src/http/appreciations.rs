//! Appreciation: thank someone, privately or visibly to their team.

use super::delegations::PersonRef;
use super::{ApiJson, ApiQuery};
use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::http::ErrorBody;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::{AppreciationId, DelegationId, FreeText, HelpRequestId, InvalidValue, PersonId};
use rapport_store::{Appreciation, NewAppreciation};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_appreciations, create_appreciation))
}

#[derive(Serialize, ToSchema)]
pub struct AppreciationOut {
    pub id: AppreciationId,
    pub from: PersonRef,
    pub to: PersonRef,
    pub message: String,
    pub visibility: String,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
    pub created_at: DateTime<Utc>,
}

impl From<Appreciation> for AppreciationOut {
    fn from(a: Appreciation) -> Self {
        AppreciationOut {
            id: a.id,
            from: PersonRef {
                id: a.from_id,
                name: a.from_name,
            },
            to: PersonRef {
                id: a.to_id,
                name: a.to_name,
            },
            message: a.message,
            visibility: a.visibility,
            delegation_id: a.delegation_id,
            help_request_id: a.help_request_id,
            created_at: a.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    pub to: PersonId,
    pub message: String,
    /// private (the two of you) or team (their team sees it too).
    #[serde(default = "private")]
    pub visibility: String,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
}

fn private() -> String {
    "private".into()
}

/// Says thank you; a linked delegation or request must be one the two share.
pub async fn thank(state: &AppState, actor: &Actor, b: CreateBody) -> AppResult<Appreciation> {
    if b.to == actor.person.id {
        return Err(InvalidValue::new("to", "thank someone other than yourself").into());
    }
    let message = FreeText::parse_required("message", &b.message, 2000)?;
    let visibility = match b.visibility.trim() {
        "private" => "private",
        "team" => "team",
        _ => return Err(InvalidValue::new("visibility", "must be private or team").into()),
    };
    let org = actor.person.org_id;
    if let Some(d) = b.delegation_id {
        let d = state.store.delegation(org, d).await?;
        let pair = [d.from_id, d.to_id];
        if !pair.contains(&actor.person.id) || !pair.contains(&b.to) {
            return Err(crate::AppError::NotFound);
        }
    }
    if let Some(h) = b.help_request_id {
        let h = state.store.help_request(org, h).await?;
        let involved = |p: PersonId| h.asker_id == p || h.offers.iter().any(|o| o.helper_id == p);
        if !involved(actor.person.id) || !involved(b.to) {
            return Err(crate::AppError::NotFound);
        }
    }
    let new = NewAppreciation {
        from: actor.person.id,
        to: b.to,
        message: message.into_string(),
        visibility,
        delegation_id: b.delegation_id,
        help_request_id: b.help_request_id,
    };
    Ok(state
        .store
        .create_appreciation(org, &new, state.now())
        .await?)
}

/// Thanks someone.
#[utoipa::path(post, path = "/api/v1/appreciations", tag = "help", request_body = CreateBody,
    responses((status = 201, body = AppreciationOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_appreciation(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<AppreciationOut>)> {
    Ok((
        StatusCode::CREATED,
        Json(thank(&state, &actor, b).await?.into()),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct AppreciationsPage {
    items: Vec<AppreciationOut>,
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    limit: Option<u32>,
}

/// Thanks I gave or received, and thanks shared with my team.
#[utoipa::path(get, path = "/api/v1/appreciations", tag = "help", params(ListQuery), responses((status = 200, body = AppreciationsPage)))]
async fn list_appreciations(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<AppreciationsPage>> {
    let limit = super::PageQuery {
        limit: q.limit,
        cursor: None,
    }
    .limit()?;
    let me = &actor.person;
    let items = state
        .store
        .list_appreciations(me.org_id, me.id, me.team_id, limit)
        .await?;
    Ok(Json(AppreciationsPage {
        items: items.into_iter().map(Into::into).collect(),
        next_cursor: None,
    }))
}
