//! The directory and profiles: list, read, create (admins), edit (yourself,
//! or anyone for an admin), and my strengths and growth areas.

use super::{ApiJson, ApiQuery, ErrorBody, IdPath, PageQuery};
use crate::AppState;
use crate::app::people::{self as ops, DirectoryQuery, NewPersonDraft, Profile, ProfileEdit};
use crate::app::{Actor, AppResult};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rapport_core::{PersonId, Role, TeamId};
use rapport_store::{Person, PersonSkills};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_people, create_person))
        .routes(routes!(get_person, patch_person))
        .routes(routes!(put_my_skills))
        .routes(routes!(list_skills))
}

/// A person in a list.
#[derive(Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub email: String,
    pub title: String,
    /// The team's name.
    pub team: Option<String>,
    pub team_id: Option<TeamId>,
    pub role: Role,
}

impl From<&Person> for PersonSummary {
    fn from(p: &Person) -> Self {
        PersonSummary {
            id: p.id,
            name: p.name.clone(),
            email: p.email.clone(),
            title: p.title.clone(),
            team: p.team_name.clone(),
            team_id: p.team_id,
            role: p.role,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ManagerOut {
    pub id: PersonId,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct GrowthOut {
    pub skill: String,
    /// Shared for matching (and shown on the profile); otherwise only you see it.
    pub shared: bool,
}

/// A person's profile. Growth areas that are not shared appear only in the
/// person's own view.
#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    #[serde(flatten)]
    pub summary: PersonSummary,
    pub manager: Option<ManagerOut>,
    pub time_zone: String,
    /// "Get to know me": interests, what to ask me about.
    pub about: String,
    pub how_i_work: String,
    pub strengths: Vec<String>,
    pub growth_areas: Vec<GrowthOut>,
}

impl From<Profile> for PersonOut {
    fn from(p: Profile) -> Self {
        PersonOut::new(p.person, p.skills)
    }
}

impl PersonOut {
    fn new(p: Person, skills: PersonSkills) -> Self {
        PersonOut {
            summary: PersonSummary::from(&p),
            manager: p.manager_id.map(|id| ManagerOut {
                id,
                name: p.manager_name.clone().unwrap_or_default(),
            }),
            time_zone: p.time_zone,
            about: p.about,
            how_i_work: p.how_i_work,
            strengths: skills.strengths,
            growth_areas: skills
                .growth_areas
                .into_iter()
                .map(|g| GrowthOut {
                    skill: g.skill,
                    shared: g.shared,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Words in a name, email or title.
    q: Option<String>,
    /// A team's id or name.
    team: Option<String>,
    /// A skill: people strong in it, or growing in it and sharing that.
    skill: Option<String>,
}

/// The directory of your organization.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PeopleQuery, PageQuery),
    responses((status = 200, body = PeoplePage), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn list_people(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<PeopleQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<PeoplePage>> {
    let q = DirectoryQuery {
        q: q.q,
        team: q.team,
        skill: q.skill,
    };
    let found = ops::directory(&state, &actor, q, &page.page()?).await?;
    Ok(Json(PeoplePage {
        items: found.items.iter().map(PersonSummary::from).collect(),
        next_cursor: found.next_cursor,
    }))
}

/// A colleague's profile; anyone outside your organization is a 404.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = PersonId, Path)),
    responses((status = 200, body = PersonOut), (status = 404, body = ErrorBody)))]
async fn get_person(
    State(state): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<PersonId>,
) -> AppResult<Json<PersonOut>> {
    Ok(Json(ops::profile(&state, &actor, id).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePersonBody {
    name: String,
    email: String,
    #[serde(default)]
    title: String,
    role: Option<String>,
    /// A team's name; created if it does not exist.
    team: Option<String>,
    manager_id: Option<PersonId>,
    time_zone: Option<String>,
}

/// Adds a person to the directory (admins). Invite them to let them sign in.
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = CreatePersonBody,
    responses((status = 201, body = PersonOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn create_person(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(body): ApiJson<CreatePersonBody>,
) -> AppResult<(StatusCode, Json<PersonOut>)> {
    let draft = NewPersonDraft {
        name: body.name,
        email: body.email,
        title: body.title,
        role: body.role,
        team: body.team,
        manager_id: body.manager_id,
        time_zone: body.time_zone,
    };
    let person = ops::create(&state, &admin, draft).await?;
    Ok((StatusCode::CREATED, Json(person.into())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PatchPersonBody {
    name: Option<String>,
    title: Option<String>,
    time_zone: Option<String>,
    about: Option<String>,
    how_i_work: Option<String>,
    /// Admins only.
    role: Option<String>,
    /// Admins only: a team's id, or null for none.
    #[serde(default, deserialize_with = "super::extract::double_option")]
    #[schema(value_type = Option<TeamId>)]
    team_id: Option<Option<TeamId>>,
    /// Admins only: a person's id, or null for none.
    #[serde(default, deserialize_with = "super::extract::double_option")]
    #[schema(value_type = Option<PersonId>)]
    manager_id: Option<Option<PersonId>>,
}

/// Edits a profile: your own, or anyone's for an admin. Role, team and
/// manager are set by admins.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", params(("id" = PersonId, Path)), request_body = PatchPersonBody,
    responses((status = 200, body = PersonOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The manager would make a loop in the reporting lines"), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn patch_person(
    State(state): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<PersonId>,
    ApiJson(body): ApiJson<PatchPersonBody>,
) -> AppResult<Json<PersonOut>> {
    let edit = ProfileEdit {
        name: body.name,
        title: body.title,
        time_zone: body.time_zone,
        about: body.about,
        how_i_work: body.how_i_work,
        role: body.role,
        team_id: body.team_id,
        manager_id: body.manager_id,
        skills: None,
    };
    Ok(Json(ops::update(&state, &actor, id, edit).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrowthIn {
    skill: String,
    #[serde(default)]
    shared: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillsBody {
    strengths: Vec<String>,
    growth_areas: Vec<GrowthIn>,
}

#[derive(Serialize, ToSchema)]
pub struct SkillsOut {
    strengths: Vec<String>,
    growth_areas: Vec<GrowthOut>,
}

/// Replaces what I can help with and what I want to grow in.
#[utoipa::path(put, path = "/api/v1/me/skills", tag = "people", request_body = SkillsBody,
    responses((status = 200, body = SkillsOut), (status = 422, body = ErrorBody)))]
async fn put_my_skills(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(body): ApiJson<SkillsBody>,
) -> AppResult<Json<SkillsOut>> {
    let skills = ops::parse_skills(
        body.strengths.iter().map(String::as_str),
        body.growth_areas
            .iter()
            .map(|g| (g.skill.as_str(), g.shared)),
    )?;
    let saved = ops::set_my_skills(&state, &actor, skills).await?;
    Ok(Json(SkillsOut {
        strengths: saved.strengths,
        growth_areas: saved
            .growth_areas
            .into_iter()
            .map(|g| GrowthOut {
                skill: g.skill,
                shared: g.shared,
            })
            .collect(),
    }))
}

/// The organization's skill vocabulary.
#[utoipa::path(get, path = "/api/v1/skills", tag = "people", responses((status = 200, body = Vec<String>)))]
async fn list_skills(State(state): State<AppState>, actor: Actor) -> AppResult<Json<Vec<String>>> {
    Ok(Json(ops::skills(&state, &actor).await?))
}
