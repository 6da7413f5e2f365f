//! Admin pages: people and invitations, teams, and the CSV import with a
//! preview of what will change. Every route takes [`AdminPage`]: others
//! get a 403 page.

use super::flash;
use super::form::Problems;
use super::page::{Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::admin::{self, PlacementDraft};
use crate::app::import::{self, Imported, Plan, Problem};
use crate::app::links::Page;
use crate::app::notices::Done;
use crate::app::people::{self, NewPersonDraft};
use crate::app::{Actor, AppError, introductions, sessions};
use askama::Template;
use axum::Router;
use axum::extract::{Form, FromRequestParts, Multipart, Path, State};
use axum::http::{StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rapport_core::{Email, InvitationId, Name, PersonId, Role, TeamId};
use rapport_store::{ImportSummary, Invitation, InvitationState, Person, Team};
use serde::Deserialize;

/// The import page takes files up to this size (a 10 MB field must reach
/// the checker to be reported by line, not cut off by the server).
pub const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/people", get(people_page).post(invite_new))
        .route("/admin/people/{id}/invite", post(invite_existing))
        .route("/admin/people/{id}", post(edit_person))
        .route("/admin/invitations/{id}/revoke", post(revoke))
        .route("/admin/teams", get(teams_page).post(create_team))
        .route(
            "/admin/teams/{id}/introductions-invite",
            post(invite_team_to_introductions),
        )
        .route("/admin/import", get(import_page).post(import_preview))
        .route("/admin/import/confirm", post(import_confirm))
}

/// A signed-in admin, for pages.
struct AdminPage(Actor);

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PageViewer(v) = PageViewer::from_request_parts(parts, state).await?;
        if !v.is_admin() {
            return Err(
                PageError(AppError::Forbidden("only an admin can open this page")).into_response(),
            );
        }
        Ok(AdminPage(v))
    }
}

#[derive(Deserialize, Default)]
struct InviteForm {
    name: String,
    email: String,
    team: String,
    role: String,
}

#[derive(Template)]
#[template(path = "admin_people.html")]
struct PeoplePage {
    nav: Nav,
    tab: &'static str,
    form: InviteForm,
    errors: Problems,
    roles: [&'static str; 3],
    teams: Vec<Team>,
    invitations: Vec<Invitation>,
    waiting: Vec<Person>,
    more_waiting: bool,
    new_link: Option<String>,
    invitation_days: i64,
}

trait InvitationView {
    fn state_label(&self) -> &'static str;
    fn is_pending(&self) -> bool;
}

impl InvitationView for Invitation {
    fn state_label(&self) -> &'static str {
        match self.state {
            InvitationState::Pending => "waiting",
            InvitationState::Accepted => "accepted",
            InvitationState::Expired => "expired",
            InvitationState::Revoked => "revoked",
        }
    }

    fn is_pending(&self) -> bool {
        self.state == InvitationState::Pending
    }
}

async fn people_view(
    state: &AppState,
    v: &Actor,
    form: InviteForm,
    errors: Problems,
    new_link: Option<String>,
) -> Result<PeoplePage, PageError> {
    // The first few hundred who cannot sign in yet; enough to act on.
    let (waiting, more_waiting) = people::waiting_to_join(state, v, 200).await?;
    Ok(PeoplePage {
        nav: Nav::load(state, v, "admin").await?,
        tab: "people",
        form,
        errors: errors.on_page(&["name", "email", "team", "role"]),
        roles: ["member", "lead", "admin"],
        teams: people::teams(state, v).await?,
        invitations: sessions::invitations(state, v).await?,
        waiting,
        more_waiting,
        new_link,
        invitation_days: state.config.invitation_days,
    })
}

async fn people_page(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
) -> Result<Response, PageError> {
    let form = InviteForm {
        role: "member".into(),
        ..Default::default()
    };
    render(&people_view(&state, &v, form, Problems::none(), None).await?)
}

async fn invite_new(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Form(form): Form<InviteForm>,
) -> Result<Response, PageError> {
    let draft = NewPersonDraft {
        name: form.name.clone(),
        email: form.email.clone(),
        role: Some(form.role.clone()),
        team: Some(form.team.clone()),
        ..Default::default()
    };
    // Every field's problem at once: creating stops at its first.
    let mut problems = vec![];
    for check in [
        Name::parse(&form.name).map(drop),
        Email::parse(&form.email).map(drop),
        Role::parse(&form.role).map(drop),
    ] {
        if let Err(e) = check {
            problems.push(e);
        }
    }
    if !problems.is_empty() {
        let page = people_view(&state, &v, form, Problems::of_values(&problems), None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let result = match people::create(&state, &v, draft).await {
        Ok(p) => sessions::invite(&state, &v, p.person.id)
            .await
            .map(|i| ((), i.link)),
        Err(e) => Err(e),
    };
    match result {
        Ok((_, link)) => render(
            &people_view(
                &state,
                &v,
                InviteForm {
                    role: "member".into(),
                    ..Default::default()
                },
                Problems::none(),
                Some(link),
            )
            .await?,
        ),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let mut problems = Problems::of_error(&e);
            if e.code() == "email_taken" {
                // It is the email that has to change: say so beside it.
                problems = Problems::none();
                problems.add(Some("email"), &e.to_string());
            }
            let page = people_view(&state, &v, form, problems, None).await?;
            Ok((e.status(), render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn invite_existing(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId::parse(&id).ok_or(AppError::NotFound)?;
    let link = sessions::invite(&state, &v, id).await?.link;
    render(
        &people_view(
            &state,
            &v,
            InviteForm {
                role: "member".into(),
                ..Default::default()
            },
            Problems::none(),
            Some(link),
        )
        .await?,
    )
}

async fn revoke(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = InvitationId::parse(&id).ok_or(AppError::NotFound)?;
    sessions::revoke_invitation(&state, &v, id).await?;
    Ok(flash::redirect("/admin/people", Done::Saved))
}

#[derive(Template)]
#[template(path = "admin_teams.html")]
struct TeamsPage {
    nav: Nav,
    tab: &'static str,
    teams: Vec<Team>,
    error: Option<String>,
}

impl TeamsPage {
    fn parent_name(&self, t: &Team) -> String {
        t.parent_id
            .and_then(|p| self.teams.iter().find(|x| x.id == p))
            .map(|x| x.name.clone())
            .unwrap_or_default()
    }
}

async fn teams_page(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
) -> Result<Response, PageError> {
    let teams = people::teams(&state, &v).await?;
    render(&TeamsPage {
        nav: Nav::load(&state, &v, "admin").await?,
        tab: "teams",
        teams,
        error: None,
    })
}

#[derive(Deserialize)]
struct TeamForm {
    name: String,
    parent: String,
}

/// Each member of the team is told about introductions and decides.
async fn invite_team_to_introductions(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let team = TeamId::parse(&id).ok_or(AppError::NotFound)?;
    introductions::invite_team(&state, &v, team).await?;
    Ok(flash::redirect("/admin/teams", Done::Saved))
}

async fn create_team(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Form(f): Form<TeamForm>,
) -> Result<Response, PageError> {
    let parent = if f.parent.is_empty() {
        None
    } else {
        Some(TeamId::parse(&f.parent).ok_or(AppError::NotFound)?)
    };
    let result = people::create_team(&state, &v, &f.name, parent, &[])
        .await
        .map(|_| ());
    match result {
        Ok(()) => Ok(flash::redirect("/admin/teams", Done::Saved)),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let teams = people::teams(&state, &v).await?;
            let page = TeamsPage {
                nav: Nav::load(&state, &v, "admin").await?,
                tab: "teams",
                teams,
                error: Some(super::form::words(&e)),
            };
            Ok((e.status(), render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin_import.html")]
struct ImportPage {
    nav: Nav,
    tab: &'static str,
    problems: Vec<Problem>,
    preview: Option<Plan>,
    csv: String,
    done: Option<ImportSummary>,
}

impl ImportPage {
    async fn new(state: &AppState, v: &Actor) -> Result<Self, AppError> {
        Ok(ImportPage {
            nav: Nav::load(state, v, "admin").await?,
            tab: "import",
            problems: vec![],
            preview: None,
            csv: String::new(),
            done: None,
        })
    }
}

async fn import_page(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
) -> Result<Response, PageError> {
    render(&ImportPage::new(&state, &v).await?)
}

async fn import_preview(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut bytes = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        if field.name() == Some("file") {
            bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?
                .to_vec();
        }
    }
    check_and_show(&state, &v, &bytes).await
}

async fn check_and_show(state: &AppState, v: &Actor, bytes: &[u8]) -> Result<Response, PageError> {
    let mut page = ImportPage::new(state, v).await?;
    match import::import_people(state, v, bytes, true).await? {
        Imported::Done { plan, .. } => {
            // A checked file is valid UTF-8, so it round-trips through the form.
            page.csv = String::from_utf8_lossy(bytes).into_owned();
            page.preview = Some(plan);
            render(&page)
        }
        Imported::Refused(problems) => {
            page.problems = problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize)]
struct ConfirmForm {
    csv: String,
}

/// Checks the file again (the organization may have changed since the
/// preview) and writes it, all or nothing.
async fn import_confirm(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, PageError> {
    match import::import_people(&state, &v, f.csv.as_bytes(), false).await? {
        Imported::Done { written, .. } => {
            let mut page = ImportPage::new(&state, &v).await?;
            page.done = written;
            render(&page)
        }
        Imported::Refused(_) => check_and_show(&state, &v, f.csv.as_bytes()).await,
    }
}

#[derive(Deserialize)]
struct EditPersonForm {
    role: String,
    team: String,
    manager_email: String,
}

/// An admin sets someone's role, team and manager (from their profile).
async fn edit_person(
    State(state): State<AppState>,
    AdminPage(v): AdminPage,
    Path(id): Path<String>,
    Form(f): Form<EditPersonForm>,
) -> Result<Response, PageError> {
    let pid = PersonId::parse(&id).ok_or(AppError::NotFound)?;
    let draft = PlacementDraft {
        role: f.role,
        team: f.team,
        manager_email: f.manager_email,
    };
    let result = admin::place(&state, &v, pid, draft).await;
    match result {
        Ok(()) => Ok(flash::redirect(&Page::Person(pid).path(), Done::Saved)),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let status = e.status();
            Ok((
                status,
                super::page::render(
                    &super::people::profile_page(&state, &v, &id, Some(super::form::words(&e)))
                        .await?,
                )?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
