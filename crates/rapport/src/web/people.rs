//! The directory, a person's profile, and editing my own profile.

use super::page::{Nav, PageError, PageViewer, render, urlencode};
use crate::app::Actor;
use crate::http::people::{parse_skills, people_filter};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rapport_core::{FreeText, InvalidValue, Name, PersonId, TimeZone, Title};
use rapport_store::{Person, PersonPatch, PersonSkills, Team};
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
    let org = v.person.org_id;
    let (qs, team, skill) = (
        q.q.unwrap_or_default(),
        q.team.unwrap_or_default(),
        q.skill.unwrap_or_default(),
    );
    let filter = people_filter(
        &state,
        org,
        Some(qs.clone()),
        Some(team.clone()),
        Some(skill.clone()),
    )
    .await?;
    let found = match filter {
        Some(f) => {
            state
                .store
                .list_people(org, &f, PAGE_SIZE, q.cursor.as_deref())
                .await?
        }
        None => rapport_store::Page {
            items: vec![],
            next_cursor: None,
        },
    };
    let query = format!(
        "q={}&team={}&skill={}",
        urlencode(&qs),
        urlencode(&team),
        urlencode(&skill)
    );
    let page = DirectoryPage {
        nav: Nav::load(&state, &v, "people").await?,
        people: found.items,
        teams: state.store.list_teams(org).await?,
        skills: state.store.list_skills(org).await?,
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
    let p = state.store.person(v.person.org_id, id).await?;
    let own = p.id == v.person.id;
    let skills = state.store.person_skills(p.org_id, p.id, own).await?;
    let manager_email = match p.manager_id {
        Some(m) => state.store.person(p.org_id, m).await?.email,
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
    Redirect::to(&format!("/people/{}", v.person.id))
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
    errors: Vec<String>,
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
    let p = &v.person;
    let skills = state.store.person_skills(p.org_id, p.id, true).await?;
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
        errors: vec![],
        skills: state.store.list_skills(p.org_id).await?,
        zones: COMMON_ZONES.to_vec(),
    };
    render(&page)
}

async fn edit_submit(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<EditForm>,
) -> Result<Response, PageError> {
    let p = &v.person;
    let share = f.share_growth.is_some();
    let split = |s: &str| {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
    };
    let (strengths, growth) = (split(&f.strengths), split(&f.growth));
    let mut errors = Vec::new();
    let mut ok = |r: Result<(), InvalidValue>| {
        if let Err(e) = r {
            errors.push(e.to_string());
        }
    };
    let mut patch = PersonPatch::default();
    ok(Name::parse(&f.name).map(|n| patch.name = Some(n)));
    ok(Title::parse(&f.title).map(|t| patch.title = Some(t)));
    ok(TimeZone::parse(if f.time_zone.trim().is_empty() {
        "UTC"
    } else {
        &f.time_zone
    })
    .map(|t| patch.time_zone = Some(t)));
    ok(FreeText::parse("about", &f.about, 1000).map(|t| patch.about = Some(t)));
    ok(FreeText::parse("how_i_work", &f.how_i_work, 1000).map(|t| patch.how_i_work = Some(t)));
    let parsed = parse_skills(&strengths, growth.iter().map(|g| (g.as_str(), share)));
    if let Err(e) = &parsed {
        errors.push(e.to_string());
    }
    match parsed {
        Ok((s, g)) if errors.is_empty() => {
            // Two writes, each atomic; a failure of the second is reported
            // and the form kept, so nothing typed is lost.
            state
                .store
                .update_person(p.org_id, p.id, &patch, state.now())
                .await?;
            state
                .store
                .set_person_skills(p.org_id, p.id, &s, &g)
                .await?;
            Ok(Redirect::to(&format!("/people/{}", p.id)).into_response())
        }
        _ => {
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
                skills: state.store.list_skills(p.org_id).await?,
                zones: COMMON_ZONES.to_vec(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
