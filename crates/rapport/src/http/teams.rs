//! Teams: everyone can list them; admins create them.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::app::people as ops;
use crate::app::{Actor, AppResult};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rapport_core::{PersonId, TeamId};
use rapport_store::Team;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_teams, create_team))
}

#[derive(Serialize, ToSchema)]
pub struct TeamOut {
    id: TeamId,
    name: String,
    parent_id: Option<TeamId>,
    member_count: i64,
    lead_ids: Vec<PersonId>,
}

impl From<Team> for TeamOut {
    fn from(t: Team) -> Self {
        TeamOut {
            id: t.id,
            name: t.name,
            parent_id: t.parent_id,
            member_count: t.member_count,
            lead_ids: t.lead_ids,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TeamsPage {
    items: Vec<TeamOut>,
    next_cursor: Option<String>,
}

/// Every team of your organization, by name.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", responses((status = 200, body = TeamsPage)))]
async fn list_teams(State(state): State<AppState>, actor: Actor) -> AppResult<Json<TeamsPage>> {
    let teams = ops::teams(&state, &actor).await?;
    Ok(Json(TeamsPage {
        items: teams.into_iter().map(TeamOut::from).collect(),
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTeamBody {
    name: String,
    parent_id: Option<TeamId>,
    /// People who lead the team.
    #[serde(default)]
    lead_ids: Vec<PersonId>,
}

/// Creates a team (admins).
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = CreateTeamBody,
    responses((status = 201, body = TeamOut), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "The parent team or a lead is not in your organization"),
              (status = 409, body = ErrorBody)))]
async fn create_team(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(body): ApiJson<CreateTeamBody>,
) -> AppResult<(StatusCode, Json<TeamOut>)> {
    let team = ops::create_team(&state, &admin, &body.name, body.parent_id, &body.lead_ids).await?;
    Ok((StatusCode::CREATED, Json(team.into())))
}
