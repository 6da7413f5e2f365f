//! Pages for learning: the catalog, a course with my progress, each part
//! (lesson, practice, reflection), the public preview, the guide (PDF and
//! print-friendly HTML), team progress for admins and leads, and the
//! Learning Record Store settings for admins.

use super::flash;
use super::page::{MaybeViewer, Nav, PageError, PageViewer, render};
use super::pictures;
use crate::AppState;
use crate::app::learning::{
    self as service, CourseProgress, LrsDraft, LrsView, TeamProgressView, TeamsProgress,
};
use crate::app::notices::Done;
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rapport_core::TeamId;
use rapport_core::learning::{Course, Part, guide_pdf};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/courses", get(catalog))
        .route("/courses/{slug}", get(course))
        .route("/courses/{slug}/enroll", post(enroll))
        .route("/courses/{slug}/preview", get(preview))
        .route("/courses/{slug}/guide", get(guide_html))
        .route("/courses/{slug}/guide.pdf", get(guide))
        .route("/courses/{slug}/parts/{n}", get(part))
        .route("/courses/{slug}/parts/{n}/complete", post(complete))
        .route("/courses/{slug}/parts/{n}/reflection", post(reflect))
        .route("/courses/{slug}/media/{*file}", get(media_file))
        .route("/learning/teams", get(teams).post(assign))
        .route("/admin/learning", get(admin).post(admin_save))
        .route("/admin/learning/reload", post(admin_reload))
}

#[derive(Template)]
#[template(path = "courses.html")]
struct CatalogPage {
    nav: Nav,
    courses: Vec<(Course, CourseProgress)>,
    manages: bool,
}

impl CatalogPage {
    fn bar(&self, c: &Course, p: &CourseProgress) -> String {
        progress_bar(c, p)
    }
}

/// A course's progress as a bar whose description says it in words.
fn progress_bar(c: &Course, p: &CourseProgress) -> String {
    let (done, of) = (p.done_count(), c.parts.len());
    let words = if p.completed_at.is_some() {
        format!("Completed: all {of} parts done.")
    } else {
        format!("{done} of {of} parts done.")
    };
    pictures::progress(
        &format!("progress-{}", c.slug),
        u32::try_from(done).unwrap_or(u32::MAX),
        u32::try_from(of).unwrap_or(u32::MAX),
        &words,
    )
}

async fn catalog(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let mut courses = vec![];
    for c in service::courses(&state, &v).await? {
        let c = &c.course;
        let p = service::progress_of(&state, &v, c).await?;
        courses.push((c.clone(), p));
    }
    render(&CatalogPage {
        nav: Nav::load(&state, &v, "learning").await?,
        courses,
        manages: service::may_manage(&state, &v, None).await?,
    })
}

#[derive(Template)]
#[template(path = "course.html")]
struct CoursePage {
    nav: Nav,
    c: Course,
    p: CourseProgress,
    assigned: bool,
}

impl CoursePage {
    fn is_next(&self, n: &u8) -> bool {
        self.p.next_part == Some(*n)
    }

    fn bar(&self) -> String {
        progress_bar(&self.c, &self.p)
    }

    /// Whether the part to resume has its lesson read (its practice is
    /// what is left), so the button can say so.
    fn resume_for_practice(&self, n: &u8) -> bool {
        self.p.part(*n).is_some_and(|x| x.lesson_done)
    }

    fn status(&self, n: &u8) -> &'static str {
        match self.p.part(*n) {
            Some(x) if x.finished() => "done",
            Some(x) if x.lesson_done || x.practice_done => "started",
            _ => "",
        }
    }
}

async fn course(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let c = service::find(&state, &slug)?;
    let p = service::progress_of(&state, &v, &c).await?;
    render(&CoursePage {
        nav: Nav::load(&state, &v, "learning").await?,
        assigned: service::assigned_to_my_team(&state, &v, &slug).await?,
        c,
        p,
    })
}

async fn enroll(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let c = service::find(&state, &slug)?;
    service::enroll(&state, &v, &c).await?;
    Ok(flash::redirect(
        &format!("/courses/{slug}/parts/1"),
        Done::Enrolled,
    ))
}

#[derive(Template)]
#[template(path = "course_preview.html")]
struct PreviewPage {
    nav: Nav,
    c: Course,
    opening: String,
    player: Option<Player>,
}

/// Open to anyone: the summary, the parts, and the first part's opening.
async fn preview(
    State(state): State<AppState>,
    viewer: MaybeViewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let c = service::find(&state, &slug)?;
    render(&PreviewPage {
        nav: viewer.nav(&state, "learning").await?,
        opening: c.preview().unwrap_or_default().to_string(),
        player: Player::of(&c, c.preview_video.as_ref()),
        c,
    })
}

#[derive(Template)]
#[template(path = "course_part.html")]
struct PartPage {
    nav: Nav,
    c: Course,
    part: Part,
    p: CourseProgress,
    lesson_done: bool,
    practice_done: bool,
    reflection: String,
    practice_link: &'static str,
    error: Option<String>,
    player: Option<Player>,
}

/// A course video's file, with byte ranges so that a player can seek.
async fn media_file(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
    method: axum::http::Method,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    let source = service::media(&state, &slug, &file)?;
    let media = super::media::Media::load(source, &file)
        .await
        .map_err(AppError::internal)?;
    Ok(super::media::respond(&media, &method, &headers))
}

/// What the player shows: the video, where its files are, and the
/// course's language for the captions.
pub struct Player {
    pub video: rapport_core::learning::Video,
    pub base: String,
    pub lang: String,
    /// Where the page's script reports what was watched (signed in only).
    pub events: Option<String>,
    pub part: Option<u8>,
}

impl Player {
    fn of(c: &Course, video: Option<&rapport_core::learning::Video>) -> Option<Player> {
        Some(Player {
            video: video?.clone(),
            base: format!("/courses/{}/", c.slug),
            lang: c.language.clone(),
            events: None,
            part: None,
        })
    }

    /// The same, reporting what is watched, for a signed-in person.
    fn reporting(mut self, part: Option<u8>) -> Player {
        let slug = self
            .base
            .trim_start_matches("/courses/")
            .trim_end_matches('/');
        self.events = Some(format!("/api/v1/courses/{slug}/video-events"));
        self.part = part;
        self
    }

    /// A chapter's start as `m:ss`.
    pub fn at(&self, ms: &u64) -> String {
        let s = ms / 1000;
        format!("{}:{:02}", s / 60, s % 60)
    }

    pub fn paragraphs(&self) -> Vec<&str> {
        self.video
            .transcript
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// Where in the app each practice is done.
fn practice_link(part: &Part) -> &'static str {
    use rapport_core::learning::Practice;
    match part.practice {
        Practice::IntroductionOrThanks => "/thanks",
        Practice::Delegate => "/delegations/new",
        Practice::SecondChanceOrHandBack => "/delegations",
        Practice::AskForHelp => "/help",
        Practice::CheckIn => "/check-ins",
    }
}

async fn part_page(
    state: &AppState,
    v: &Actor,
    slug: &str,
    n: u8,
    error: Option<String>,
) -> Result<PartPage, AppError> {
    let c = service::find(state, slug)?;
    let part = c.part(n).cloned().ok_or(AppError::NotFound)?;
    let p = service::progress_of(state, v, &c).await?;
    let (lesson_done, practice_done) = p
        .part(n)
        .map_or((false, false), |x| (x.lesson_done, x.practice_done));
    Ok(PartPage {
        nav: Nav::load(state, v, "learning").await?,
        player: Player::of(&c, part.video.as_ref()).map(|p| p.reporting(Some(n))),
        practice_link: practice_link(&part),
        reflection: p.reflection(n).to_string(),
        lesson_done,
        practice_done,
        part,
        p,
        c,
        error,
    })
}

async fn part(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((slug, n)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let n: u8 = n.parse().map_err(|_| AppError::NotFound)?;
    render(&part_page(&state, &v, &slug, n, None).await?)
}

#[derive(Deserialize, Default)]
struct CompleteForm {
    #[serde(default)]
    practice_outside_app: String,
}

async fn complete(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((slug, n)): Path<(String, String)>,
    Form(f): Form<CompleteForm>,
) -> Result<Response, PageError> {
    let n: u8 = n.parse().map_err(|_| AppError::NotFound)?;
    let c = service::find(&state, &slug)?;
    service::complete_part(&state, &v, &c, n, f.practice_outside_app == "yes").await?;
    Ok(flash::redirect(
        &format!("/courses/{slug}/parts/{n}"),
        Done::PartCompleted,
    ))
}

#[derive(Deserialize)]
struct ReflectionForm {
    text: String,
}

async fn reflect(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((slug, n)): Path<(String, String)>,
    Form(f): Form<ReflectionForm>,
) -> Result<Response, PageError> {
    let n: u8 = n.parse().map_err(|_| AppError::NotFound)?;
    let c = service::find(&state, &slug)?;
    match service::save_reflection(&state, &v, &c, n, &f.text).await {
        Ok(()) => Ok(flash::redirect(
            &format!("/courses/{slug}/parts/{n}#reflection"),
            Done::Saved,
        )),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => Ok((
            e.status(),
            render(&part_page(&state, &v, &slug, n, Some(super::form::words(&e))).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// The guide as a PDF, generated from the course content: open to anyone,
/// like the preview, since it is the same for every organization.
async fn guide(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let c = service::find(&state, &slug)?;
    let pdf = guide_pdf(&c);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{slug}-guide.pdf\""),
            ),
        ],
        pdf,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "course_guide.html")]
struct GuidePage {
    c: Course,
    title: &'static str,
}

/// The guide as a print-friendly page, open to anyone.
async fn guide_html(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let c = service::find(&state, &slug)?;
    render(&GuidePage {
        c,
        title: rapport_core::learning::GUIDE_TITLE,
    })
}

#[derive(Template)]
#[template(path = "learning_teams.html")]
struct TeamsPage {
    nav: Nav,
    courses: Vec<(Course, TeamsProgress)>,
    error: Option<String>,
}

impl TeamsPage {
    /// How many of the team completed, as a bar (only where counts show).
    fn bar(&self, slug: &str, t: &TeamProgressView) -> String {
        match (t.enrolled, t.completed) {
            (Some(enrolled), Some(completed)) => {
                let of = u32::try_from(t.members).unwrap_or(0);
                let words = format!(
                    "{completed} of {} completed, {enrolled} enrolled",
                    t.members
                );
                pictures::progress(
                    &format!("p-{slug}-{}", t.team_id),
                    u32::try_from(completed).unwrap_or(0),
                    of,
                    &words,
                )
            }
            _ => String::new(),
        }
    }
}

async fn teams_page(
    state: &AppState,
    v: &Actor,
    error: Option<String>,
) -> Result<TeamsPage, AppError> {
    let mut courses = vec![];
    for c in service::courses(state, v).await? {
        let progress = service::team_progress(state, v, &c.course.slug).await?;
        courses.push((c.course, progress));
    }
    Ok(TeamsPage {
        nav: Nav::load(state, v, "learning").await?,
        courses,
        error,
    })
}

async fn teams(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(&teams_page(&state, &v, None).await?)
}

#[derive(Deserialize)]
struct AssignForm {
    course: String,
    team: String,
}

async fn assign(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<AssignForm>,
) -> Result<Response, PageError> {
    let team = TeamId::parse(&f.team).ok_or(AppError::NotFound)?;
    service::assign_course(&state, &v, team, &f.course).await?;
    Ok(flash::redirect("/learning/teams", Done::Saved))
}

#[derive(Template)]
#[template(path = "admin_learning.html")]
struct AdminLearningPage {
    nav: Nav,
    tab: &'static str,
    lrs: LrsView,
    errors: Vec<String>,
    notice: Option<String>,
}

async fn admin_page(
    state: &AppState,
    v: &Actor,
    errors: Vec<String>,
    notice: Option<String>,
) -> Result<AdminLearningPage, AppError> {
    Ok(AdminLearningPage {
        lrs: service::lrs(state, v).await?,
        nav: Nav::load(state, v, "admin").await?,
        tab: "learning",
        errors,
        notice,
    })
}

async fn admin(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(&admin_page(&state, &v, vec![], None).await?)
}

#[derive(Deserialize)]
struct LrsForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    endpoint: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    actor: String,
}

async fn admin_save(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<LrsForm>,
) -> Result<Response, PageError> {
    if f.action == "remove" {
        service::remove_lrs(&state, &v).await?;
        return Ok(flash::redirect("/admin/learning", Done::Saved));
    }
    let body = LrsDraft {
        endpoint: f.endpoint,
        username: f.username,
        password: f.password,
        actor: if f.actor.is_empty() {
            "opaque".into()
        } else {
            f.actor
        },
    };
    match service::save_lrs(&state, &v, body).await {
        Ok(()) => Ok(flash::redirect("/admin/learning", Done::Saved)),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&admin_page(&state, &v, vec![super::form::words(&e)], None).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

async fn admin_reload(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let r = service::reload(&state, &v)?;
    let errors = r.errors.iter().map(ToString::to_string).collect();
    let notice = Some(format!("Loaded: {}", r.loaded.join(", ")));
    render(&admin_page(&state, &v, errors, notice).await?)
}
