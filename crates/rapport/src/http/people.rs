//! The directory and profiles: list, read, create (admins), edit (yourself,
//! or anyone for an admin), and my strengths and growth areas.

use super::{ApiJson, ApiQuery, PageQuery};
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::Admin;
use crate::http::ErrorBody;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rapport_core::{
    Email, FreeText, InvalidValue, Name, PersonId, Role, SkillName, TeamId, TimeZone, Title,
};
use rapport_store::{NewPerson, PeopleFilter, Person, PersonPatch, PersonSkills};
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

    /// The person as they see themselves.
    pub async fn full(state: &AppState, p: Person) -> AppResult<Self> {
        let skills = state.store.person_skills(p.org_id, p.id, true).await?;
        Ok(Self::new(p, skills))
    }

    /// The person as `actor` sees them.
    pub async fn seen_by(state: &AppState, actor: &Actor, p: Person) -> AppResult<Self> {
        let own = actor.person.id == p.id;
        let skills = state.store.person_skills(p.org_id, p.id, own).await?;
        Ok(Self::new(p, skills))
    }
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
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
    let org = actor.person.org_id;
    let Some(filter) = people_filter(&state, org, q.q, q.team, q.skill).await? else {
        return Ok(Json(PeoplePage {
            items: vec![],
            next_cursor: None,
        }));
    };
    let found = state
        .store
        .list_people(org, &filter, page.limit()?, page.cursor.as_deref())
        .await?;
    Ok(Json(PeoplePage {
        items: found.items.iter().map(PersonSummary::from).collect(),
        next_cursor: found.next_cursor,
    }))
}

/// Turns directory parameters into a filter; `None` when a filter names a
/// team that does not exist (the answer is then an empty list).
pub async fn people_filter(
    state: &AppState,
    org: rapport_core::OrgId,
    q: Option<String>,
    team: Option<String>,
    skill: Option<String>,
) -> AppResult<Option<PeopleFilter>> {
    let team = match team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let teams = state.store.list_teams(org).await?;
            let found = teams
                .iter()
                .find(|x| x.id.to_string() == t || x.name.eq_ignore_ascii_case(t));
            match found {
                Some(x) => Some(x.id),
                None => return Ok(None),
            }
        }
    };
    let skill_key = match skill.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(SkillName::parse(s)?.key()),
        None => None,
    };
    Ok(Some(PeopleFilter { q, team, skill_key }))
}

/// A colleague's profile; anyone outside your organization is a 404.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    responses((status = 200, body = PersonOut), (status = 404, body = ErrorBody)))]
async fn get_person(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> AppResult<Json<PersonOut>> {
    let id = PersonId::parse(&id).ok_or(AppError::NotFound)?;
    let person = state.store.person(actor.person.org_id, id).await?;
    Ok(Json(PersonOut::seen_by(&state, &actor, person).await?))
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
    let org = admin.person.org_id;
    let mut new = NewPerson::basic(
        Email::parse(&body.email)?,
        Name::parse(&body.name)?,
        Role::Member,
    );
    new.title = Title::parse(&body.title)?;
    if let Some(r) = &body.role {
        new.role = Role::parse(r)?;
    }
    if let Some(tz) = &body.time_zone {
        new.time_zone = TimeZone::parse(tz)?;
    }
    new.manager_id = body.manager_id;
    let now = state.now();
    if let Some(team) = body.team.as_deref().filter(|t| !t.trim().is_empty()) {
        new.team_id = Some(
            state
                .store
                .team_named(org, &Name::parse_field("team", team)?, now)
                .await?
                .id,
        );
    }
    let person = state.store.create_person(org, &new, now).await?;
    state
        .store
        .record_audit(
            org,
            Some(admin.person.id),
            "person.create",
            &person.id.to_string(),
            &person.email,
            now,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(PersonOut::full(&state, person).await?),
    ))
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
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", request_body = PatchPersonBody,
    responses((status = 200, body = PersonOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn patch_person(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PatchPersonBody>,
) -> AppResult<Json<PersonOut>> {
    let org = actor.person.org_id;
    let id = PersonId::parse(&id).ok_or(AppError::NotFound)?;
    // Existence first: another organization's person is a 404, not a 403.
    state.store.person(org, id).await?;
    if id != actor.person.id && !actor.is_admin() {
        return Err(AppError::Forbidden("you can edit your own profile only"));
    }
    let admin_fields = body.role.is_some() || body.team_id.is_some() || body.manager_id.is_some();
    if admin_fields && !actor.is_admin() {
        return Err(AppError::Forbidden(
            "only an admin can change a role, team or manager",
        ));
    }
    let patch = parse_patch(body)?;
    let now = state.now();
    let person = state.store.update_person(org, id, &patch, now).await?;
    if id != actor.person.id {
        state
            .store
            .record_audit(
                org,
                Some(actor.person.id),
                "person.update",
                &id.to_string(),
                "",
                now,
            )
            .await?;
    }
    Ok(Json(PersonOut::seen_by(&state, &actor, person).await?))
}

fn parse_patch(b: PatchPersonBody) -> Result<PersonPatch, InvalidValue> {
    Ok(PersonPatch {
        name: b.name.as_deref().map(Name::parse).transpose()?,
        title: b.title.as_deref().map(Title::parse).transpose()?,
        time_zone: b.time_zone.as_deref().map(TimeZone::parse).transpose()?,
        about: b
            .about
            .as_deref()
            .map(|t| FreeText::parse("about", t, 1000))
            .transpose()?,
        how_i_work: b
            .how_i_work
            .as_deref()
            .map(|t| FreeText::parse("how_i_work", t, 1000))
            .transpose()?,
        role: b.role.as_deref().map(Role::parse).transpose()?,
        team_id: b.team_id,
        manager_id: b.manager_id,
        skills: None,
    })
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
    let (strengths, growth) = parse_skills(
        &body.strengths,
        body.growth_areas
            .iter()
            .map(|g| (g.skill.as_str(), g.shared)),
    )?;
    let p = &actor.person;
    let saved = state
        .store
        .set_person_skills(p.org_id, p.id, &strengths, &growth)
        .await?;
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

/// Parses skill names, dropping repeats; a skill cannot be both a strength
/// and a growth area.
pub fn parse_skills<'a>(
    strengths: &[String],
    growth: impl Iterator<Item = (&'a str, bool)>,
) -> Result<rapport_store::SkillLists, InvalidValue> {
    let mut s: Vec<SkillName> = Vec::new();
    for name in strengths.iter().filter(|n| !n.trim().is_empty()) {
        let skill = SkillName::parse(name)?;
        if !s.iter().any(|x| x.key() == skill.key()) {
            s.push(skill);
        }
    }
    let mut g: Vec<(SkillName, bool)> = Vec::new();
    for (name, shared) in growth.filter(|(n, _)| !n.trim().is_empty()) {
        let skill = SkillName::parse(name)?;
        if s.iter().any(|x| x.key() == skill.key()) {
            return Err(InvalidValue::new(
                "growth_areas",
                format!("`{skill}` is already one of your strengths"),
            ));
        }
        if !g.iter().any(|(x, _)| x.key() == skill.key()) {
            g.push((skill, shared));
        }
    }
    if s.len() > 20 || g.len() > 20 {
        return Err(InvalidValue::new(
            "skills",
            "list at most 20 strengths and 20 growth areas",
        ));
    }
    Ok((s, g))
}

/// The organization's skill vocabulary.
#[utoipa::path(get, path = "/api/v1/skills", tag = "people", responses((status = 200, body = Vec<String>)))]
async fn list_skills(State(state): State<AppState>, actor: Actor) -> AppResult<Json<Vec<String>>> {
    Ok(Json(state.store.list_skills(actor.person.org_id).await?))
}
