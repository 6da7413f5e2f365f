//! The directory, a person's profile, and editing my own profile.

use super::flash;
use super::form::Problems;
use super::page::{Nav, PageError, PageViewer, render, urlencode};
use crate::AppState;
use crate::app::links::Page;
use crate::app::notices::Done;
use crate::app::paging::PageRequest;
use crate::app::people::{self as ops, DirectoryQuery as Query_, ProfileEdit};
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rapport_core::{InvalidValue, PersonId};
use rapport_store::{Person, PersonSkills, Team};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people", get(directory))
        .route("/people/{id}", get(profile))
        .route("/me", get(my_profile))
        .route("/me/edit", get(edit_page).post(edit_submit))
}

#[derive(Template)]
#[template(path = "people.html")]
struct DirectoryPage {
    nav: Nav,
    people: Vec<Person>,
    teams: Vec<Team>,
    skills: Vec<String>,
    q: String,
    team: String,
    skill: String,
    filtered: bool,
    /// The filters as a query string, for the pager's links.
    query: String,
    next: Option<String>,
    page_no: u32,
}

#[derive(Deserialize, Default)]
struct DirectoryQuery {
    q: Option<String>,
    team: Option<String>,
    skill: Option<String>,
    cursor: Option<String>,
    page: Option<u32>,
}

const PAGE_SIZE: u32 = 50;

async fn directory(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<DirectoryQuery>,
) -> Result<Response, PageError> {
    let (qs, team, skill) = (
        q.q.unwrap_or_default(),
        q.team.unwrap_or_default(),
        q.skill.unwrap_or_default(),
    );
    let page = PageRequest::parse(Some(PAGE_SIZE), q.cursor.as_deref())?;
    let found = ops::directory(
        &state,
        &v,
        Query_ {
            q: Some(qs.clone()),
            team: Some(team.clone()),
            skill: Some(skill.clone()),
        },
        &page,
    )
    .await?;
    let query = format!(
        "q={}&team={}&skill={}",
        urlencode(&qs),
        urlencode(&team),
        urlencode(&skill)
    );
    let page = DirectoryPage {
        nav: Nav::load(&state, &v, "people").await?,
        people: found.items,
        teams: ops::teams(&state, &v).await?,
        skills: ops::skills(&state, &v).await?,
        filtered: !(qs.is_empty() && team.is_empty() && skill.is_empty()),
        q: qs,
        team,
        skill,
        query,
        next: found.next_cursor,
        page_no: q.page.unwrap_or(1),
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "person.html")]
pub(super) struct ProfilePage {
    nav: Nav,
    p: Person,
    first_name: String,
    skills: PersonSkills,
    own: bool,
    team_id: String,
    manager_id: String,
    admin_can_edit: bool,
    admin_error: Option<String>,
    manager_email: String,
}

async fn profile(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    render(&profile_page(&state, &v, &id, None).await?)
}

/// A profile; admins also get the form for role, team and manager.
pub(super) async fn profile_page(
    state: &AppState,
    v: &Actor,
    id: &str,
    admin_error: Option<String>,
) -> Result<ProfilePage, PageError> {
    let id = PersonId::parse(id).ok_or(AppError::NotFound)?;
    let ops::Profile { person: p, skills } = ops::profile(state, v, id).await?;
    let own = p.id == v.person.id;
    let manager_email = match p.manager_id {
        Some(m) => ops::profile(state, v, m).await?.person.email,
        None => String::new(),
    };
    Ok(ProfilePage {
        nav: Nav::load(state, v, if own { "me" } else { "people" }).await?,
        first_name: p
            .name
            .split_whitespace()
            .next()
            .unwrap_or(&p.name)
            .to_string(),
        team_id: p.team_id.map(|t| t.to_string()).unwrap_or_default(),
        manager_id: p.manager_id.map(|m| m.to_string()).unwrap_or_default(),
        admin_can_edit: v.is_admin(),
        admin_error,
        manager_email,
        p,
        skills,
        own,
    })
}

async fn my_profile(PageViewer(v): PageViewer) -> Redirect {
    Redirect::to(&Page::Person(v.id()).path())
}

#[derive(Deserialize, Default)]
struct EditForm {
    name: String,
    title: String,
    time_zone: String,
    about: String,
    how_i_work: String,
    strengths: String,
    growth: String,
    share_growth: Option<String>,
}

#[derive(Template)]
#[template(path = "edit_me.html")]
struct EditPage {
    nav: Nav,
    form: EditView,
    errors: Problems,
    skills: Vec<String>,
    zones: Vec<&'static str>,
}

struct EditView {
    name: String,
    title: String,
    time_zone: String,
    about: String,
    how_i_work: String,
    strengths: String,
    growth: String,
    share_growth: bool,
}

/// The profile form's fields, beside which problems show.
const EDIT_FIELDS: &[&str] = &[
    "name",
    "title",
    "time_zone",
    "about",
    "how_i_work",
    "strengths",
    "growth",
];

const COMMON_ZONES: [&str; 12] = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
];

async fn edit_page(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let ops::Profile { person: p, skills } = ops::me(&state, &v).await?;
    let form = EditView {
        name: p.name.clone(),
        title: p.title.clone(),
        time_zone: p.time_zone.clone(),
        about: p.about.clone(),
        how_i_work: p.how_i_work.clone(),
        strengths: skills.strengths.join(", "),
        growth: skills
            .growth_areas
            .iter()
            .map(|g| g.skill.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        share_growth: skills.growth_areas.is_empty()
            || skills.growth_areas.iter().all(|g| g.shared),
    };
    let page = EditPage {
        nav: Nav::load(&state, &v, "me").await?,
        form,
        errors: Problems::none(),
        skills: ops::skills(&state, &v).await?,
        zones: COMMON_ZONES.to_vec(),
    };
    render(&page)
}

async fn edit_submit(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<EditForm>,
) -> Result<Response, PageError> {
    let share = f.share_growth.is_some();
    let split = |s: &str| {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
    };
    let (strengths, growth) = (split(&f.strengths), split(&f.growth));
    let skills = ops::parse_skills(
        strengths.iter().map(String::as_str),
        growth.iter().map(|g| (g.as_str(), share)),
    );
    let zone = if f.time_zone.trim().is_empty() {
        "UTC"
    } else {
        f.time_zone.as_str()
    };
    let edit = ProfileEdit {
        name: Some(f.name.clone()),
        title: Some(f.title.clone()),
        time_zone: Some(zone.to_string()),
        about: Some(f.about.clone()),
        how_i_work: Some(f.how_i_work.clone()),
        skills: skills.as_ref().ok().cloned(),
        ..Default::default()
    };
    // Every problem at once: the fields', then the skills' (a growth area
    // that is also a strength belongs beside the growth field).
    let mut problems: Vec<InvalidValue> = edit.clone().parse().err().unwrap_or_default();
    if let Err(mut e) = skills {
        if e.field == "growth_areas" {
            e.field = "growth";
        }
        problems.push(e);
    }
    let mut errors = Problems::of_values(&problems);
    if errors.is_empty() {
        match ops::update(&state, &v, v.id(), edit).await {
            Ok(_) => return Ok(flash::redirect(&Page::Person(v.id()).path(), Done::Saved)),
            Err(e @ AppError::Invalid(_)) => errors = Problems::of_error(&e),
            Err(e) => return Err(e.into()),
        }
    }
    let errors = errors.on_page(EDIT_FIELDS);
    let form = EditView {
        name: f.name,
        title: f.title,
        time_zone: f.time_zone,
        about: f.about,
        how_i_work: f.how_i_work,
        strengths: f.strengths,
        growth: f.growth,
        share_growth: share,
    };
    let page = EditPage {
        nav: Nav::load(&state, &v, "me").await?,
        form,
        errors,
        skills: ops::skills(&state, &v).await?,
        zones: COMMON_ZONES.to_vec(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
