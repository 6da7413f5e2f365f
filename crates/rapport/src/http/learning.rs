//! Learning through the API: the catalog, a course with its parts,
//! enrolling, completing a part, reflections, my progress; for admins and
//! leads, assigning a course to a team and the team aggregate (never an
//! individual, never a team smaller than the minimum group size); for
//! admins, the Learning Record Store and its delivery status, and
//! reloading course content.

use super::{ApiJson, extract::optional_json};
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::Admin;
use crate::http::ErrorBody;
use crate::learning::{self as service, CourseProgress};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::learning::Course;
use rapport_core::{FreeText, InvalidValue, Role, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_courses))
        .routes(routes!(get_course))
        .routes(routes!(enroll))
        .routes(routes!(complete_part))
        .routes(routes!(reflect))
        .routes(routes!(my_learning))
        .routes(routes!(assign))
        .routes(routes!(team_progress))
        .routes(routes!(get_lrs, put_lrs, delete_lrs))
        .routes(routes!(reload))
}

#[derive(Serialize, ToSchema)]
pub struct PartOut {
    pub number: u8,
    pub title: String,
    pub duration_minutes: u32,
    pub video_url: Option<String>,
    pub reflection_question: String,
    /// introduction_or_thanks, delegate, second_chance_or_hand_back, ask_for_help or check_in.
    pub practice: String,
    pub practice_text: String,
    /// The lesson, as safe HTML.
    pub lesson_html: String,
}

#[derive(Serialize, ToSchema)]
pub struct CourseOut {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub parts: Vec<PartOut>,
    pub enrolled: bool,
}

fn course_out(c: &Course, enrolled: bool, with_lessons: bool) -> CourseOut {
    CourseOut {
        slug: c.slug.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        enrolled,
        parts: c
            .parts
            .iter()
            .map(|p| PartOut {
                number: p.number,
                title: p.title.clone(),
                duration_minutes: p.duration_minutes,
                video_url: p.video_url.clone(),
                reflection_question: p.reflection.clone(),
                practice: p.practice.as_str().to_string(),
                practice_text: p.practice_text.clone(),
                lesson_html: if with_lessons {
                    p.lesson_html.clone()
                } else {
                    String::new()
                },
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct CoursesPage {
    pub items: Vec<CourseOut>,
    pub next_cursor: Option<String>,
}

/// The courses I can take.
#[utoipa::path(get, path = "/api/v1/courses", tag = "learning", responses((status = 200, body = CoursesPage)))]
async fn list_courses(State(state): State<AppState>, actor: Actor) -> AppResult<Json<CoursesPage>> {
    let mine = state.store.enrollments_of(actor.person.id).await?;
    let items = state
        .courses
        .all()
        .iter()
        .map(|c| course_out(c, mine.iter().any(|e| e.course_slug == c.slug), false))
        .collect();
    Ok(Json(CoursesPage {
        items,
        next_cursor: None,
    }))
}

/// A course with its parts and lessons.
#[utoipa::path(get, path = "/api/v1/courses/{slug}", tag = "learning",
    responses((status = 200, body = CourseOut), (status = 404, body = ErrorBody)))]
async fn get_course(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
) -> AppResult<Json<CourseOut>> {
    let c = state.courses.get(&slug)?;
    let enrolled = state
        .store
        .enrollment(actor.person.id, &slug)
        .await?
        .is_some();
    Ok(Json(course_out(&c, enrolled, true)))
}

#[derive(Serialize, ToSchema)]
pub struct PartProgressOut {
    pub number: u8,
    pub lesson_done: bool,
    pub practice_done: bool,
}

#[derive(Serialize, ToSchema)]
pub struct LearningOut {
    pub course: String,
    pub title: String,
    pub enrolled_at: Option<DateTime<Utc>>,
    pub completed: bool,
    /// The part suggested this week (one a week works best).
    pub next_part: Option<u8>,
    /// Where I left off.
    pub resume_part: Option<u8>,
    pub parts: Vec<PartProgressOut>,
}

pub fn learning_out(c: &Course, p: &CourseProgress) -> LearningOut {
    LearningOut {
        course: c.slug.clone(),
        title: c.title.clone(),
        enrolled_at: p.enrolled_at,
        completed: p.completed_at.is_some(),
        next_part: p.next_part,
        resume_part: p.resume_part,
        parts: p
            .parts
            .iter()
            .map(|x| PartProgressOut {
                number: x.number,
                lesson_done: x.lesson_done,
                practice_done: x.practice_done,
            })
            .collect(),
    }
}

/// Enrolls me (again: 200, no change).
#[utoipa::path(post, path = "/api/v1/courses/{slug}/enroll", tag = "learning",
    responses((status = 201, body = LearningOut), (status = 200, body = LearningOut), (status = 404, body = ErrorBody)))]
async fn enroll(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
) -> AppResult<(StatusCode, Json<LearningOut>)> {
    let c = state.courses.get(&slug)?;
    let new = service::enroll(&state, &actor, &c).await?;
    let p = service::progress_of(&state, &actor, &c).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(learning_out(&c, &p))))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CompleteBody {
    /// I did this part's practice outside the app.
    #[serde(default)]
    pub practice_outside_app: bool,
}

fn part_number(n: u8, c: &Course) -> AppResult<u8> {
    c.part(n).map(|p| p.number).ok_or(AppError::NotFound)
}

/// Marks a part's lesson read (and, if I say so, its practice done outside the app).
#[utoipa::path(post, path = "/api/v1/courses/{slug}/parts/{n}/complete", tag = "learning",
    request_body(content = Option<CompleteBody>),
    responses((status = 200, body = LearningOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn complete_part(
    State(state): State<AppState>,
    actor: Actor,
    Path((slug, n)): Path<(String, u8)>,
    body: axum::body::Bytes,
) -> AppResult<Json<LearningOut>> {
    let b = optional_json::<CompleteBody>(&body)?;
    let c = state.courses.get(&slug)?;
    let n = part_number(n, &c)?;
    service::complete_part(&state, &actor, &c, n, b.practice_outside_app).await?;
    let p = service::progress_of(&state, &actor, &c).await?;
    Ok(Json(learning_out(&c, &p)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReflectionBody {
    pub text: String,
}

/// Writes my private reflection on a part: nobody else ever reads it.
#[utoipa::path(post, path = "/api/v1/courses/{slug}/parts/{n}/reflection", tag = "learning", request_body = ReflectionBody,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reflect(
    State(state): State<AppState>,
    actor: Actor,
    Path((slug, n)): Path<(String, u8)>,
    ApiJson(b): ApiJson<ReflectionBody>,
) -> AppResult<StatusCode> {
    let c = state.courses.get(&slug)?;
    let n = part_number(n, &c)?;
    save_reflection(&state, &actor, &c, n, &b.text).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn save_reflection(
    state: &AppState,
    actor: &Actor,
    c: &Course,
    n: u8,
    text: &str,
) -> AppResult<()> {
    let text = FreeText::parse("text", text, 4000)?;
    if state
        .store
        .enrollment(actor.person.id, &c.slug)
        .await?
        .is_none()
    {
        return Err(AppError::conflict(
            "not_enrolled",
            "enroll in the course first",
        ));
    }
    state
        .store
        .set_reflection(actor.person.id, &c.slug, n, text.as_str())
        .await?;
    Ok(())
}

#[derive(Serialize, ToSchema)]
pub struct MyLearning {
    pub items: Vec<LearningOut>,
    pub next_cursor: Option<String>,
}

/// My enrolled courses and, for each, every part's progress.
#[utoipa::path(get, path = "/api/v1/me/learning", tag = "learning", responses((status = 200, body = MyLearning)))]
async fn my_learning(State(state): State<AppState>, actor: Actor) -> AppResult<Json<MyLearning>> {
    let mut items = vec![];
    for e in state.store.enrollments_of(actor.person.id).await? {
        let Ok(c) = state.courses.get(&e.course_slug) else {
            continue;
        };
        let p = service::progress_of(&state, &actor, &c).await?;
        items.push(learning_out(&c, &p));
    }
    Ok(Json(MyLearning {
        items,
        next_cursor: None,
    }))
}

/// May this person manage learning for this team: admins for any team,
/// leads for the teams they lead.
pub async fn may_manage(state: &AppState, actor: &Actor, team: Option<TeamId>) -> AppResult<bool> {
    if actor.is_admin() {
        return Ok(true);
    }
    if actor.role() != Role::Lead {
        return Ok(false);
    }
    let teams = state.store.list_teams(actor.person.org_id).await?;
    Ok(teams
        .iter()
        .any(|t| t.lead_ids.contains(&actor.person.id) && team.is_none_or(|x| x == t.id)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    pub team: TeamId,
}

/// Assigns a course to a team (an admin, or a lead of that team).
#[utoipa::path(post, path = "/api/v1/courses/{slug}/assignments", tag = "learning", request_body = AssignBody,
    responses((status = 201), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn assign(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<AssignBody>,
) -> AppResult<StatusCode> {
    assign_course(&state, &actor, b.team, &slug).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Serialize, ToSchema)]
pub struct TeamProgressOut {
    pub team_id: TeamId,
    pub team: String,
    pub members: i64,
    pub assigned: bool,
    /// Null when the team is smaller than the minimum group size.
    pub enrolled: Option<i64>,
    /// Null when the team is smaller than the minimum group size.
    pub completed: Option<i64>,
    /// Why the counts are hidden, if they are.
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamProgressPage {
    pub items: Vec<TeamProgressOut>,
    pub min_group_size: i64,
    pub next_cursor: Option<String>,
}

/// The course's completion per team, as counts only, for the teams I
/// manage; a team smaller than the minimum group size shows no counts.
pub async fn team_progress_for(
    state: &AppState,
    actor: &Actor,
    slug: &str,
) -> AppResult<TeamProgressPage> {
    if !may_manage(state, actor, None).await? {
        return Err(AppError::Forbidden(
            "only admins and team leads see team progress",
        ));
    }
    let org = state.store.org(actor.person.org_id).await?;
    let teams = state.store.list_teams(org.id).await?;
    let mine = |t: TeamId| {
        actor.is_admin()
            || teams
                .iter()
                .any(|x| x.id == t && x.lead_ids.contains(&actor.person.id))
    };
    let items = state
        .store
        .team_progress(org.id, slug)
        .await?
        .into_iter()
        .filter(|t| mine(t.team_id))
        .map(|t| {
            let shown = t.members >= org.min_group_size;
            TeamProgressOut {
                team_id: t.team_id,
                team: t.team_name,
                members: t.members,
                assigned: t.assigned,
                enrolled: shown.then_some(t.enrolled),
                completed: shown.then_some(t.completed),
                note: (!shown).then(|| {
                    format!(
                        "fewer than {} people: not shown, so that nobody can be singled out",
                        org.min_group_size
                    )
                }),
            }
        })
        .collect();
    Ok(TeamProgressPage {
        items,
        min_group_size: org.min_group_size,
        next_cursor: None,
    })
}

#[utoipa::path(get, path = "/api/v1/courses/{slug}/teams", tag = "learning",
    responses((status = 200, body = TeamProgressPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn team_progress(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
) -> AppResult<Json<TeamProgressPage>> {
    let c = state.courses.get(&slug)?;
    Ok(Json(team_progress_for(&state, &actor, &c.slug).await?))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LrsBody {
    /// The LRS's xAPI endpoint, such as `https://lrs.example.com/xapi`.
    pub endpoint: String,
    pub username: String,
    /// Write-only: never returned.
    #[serde(default, skip_serializing)]
    pub password: String,
    /// `email` or `opaque` (the default): how people are named in statements.
    #[serde(default = "opaque")]
    pub actor: String,
}

fn opaque() -> String {
    "opaque".into()
}

#[derive(Serialize, ToSchema)]
pub struct LrsOut {
    pub configured: bool,
    pub settings: Option<LrsBody>,
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    pub last_sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

pub async fn lrs_out(state: &AppState, org: rapport_core::OrgId) -> AppResult<LrsOut> {
    let s = state.store.lrs_settings(org).await?;
    let d = state.store.delivery_status(org).await?;
    Ok(LrsOut {
        configured: s.is_some(),
        settings: s.map(|s| LrsBody {
            endpoint: s.endpoint,
            username: s.username,
            password: String::new(),
            actor: s.actor,
        }),
        pending: d.pending,
        sent: d.sent,
        failed: d.failed,
        last_sent_at: d.last_sent_at,
        last_error: d.last_error,
    })
}

/// The Learning Record Store and how delivery is going (counts only).
#[utoipa::path(get, path = "/api/v1/admin/lrs", tag = "learning",
    responses((status = 200, body = LrsOut), (status = 403, body = ErrorBody)))]
async fn get_lrs(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<LrsOut>> {
    Ok(Json(lrs_out(&state, admin.person.org_id).await?))
}

pub async fn save_lrs(state: &AppState, admin: &Actor, b: LrsBody) -> AppResult<()> {
    let endpoint = b.endpoint.trim().trim_end_matches('/').to_string();
    let url = url::Url::parse(&endpoint).map_err(|_| {
        InvalidValue::new(
            "endpoint",
            "must be a full URL, such as https://lrs.example.com/xapi",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(InvalidValue::new("endpoint", "must start with https:// (or http://)").into());
    }
    if b.username.trim().is_empty() {
        return Err(InvalidValue::new("username", "must not be empty").into());
    }
    let actor = match b.actor.as_str() {
        "email" | "opaque" => b.actor.clone(),
        _ => return Err(InvalidValue::new("actor", "must be email or opaque").into()),
    };
    let org = admin.person.org_id;
    let password = if b.password.is_empty() {
        match state.store.lrs_settings(org).await? {
            Some(old) => old.password,
            None => return Err(InvalidValue::new("password", "must not be empty").into()),
        }
    } else {
        b.password
    };
    let detail = format!("people named by {actor}");
    state
        .store
        .set_lrs_settings(
            org,
            Some(&rapport_store::LrsSettings {
                endpoint: endpoint.clone(),
                username: b.username.trim().to_string(),
                password,
                actor,
            }),
            state.now(),
        )
        .await?;
    // Learning records leave rapport for this endpoint: an audited choice.
    let now = state.now();
    let me = Some(admin.person.id);
    state
        .store
        .record_audit(org, me, "lrs.set", &endpoint, &detail, now)
        .await?;
    Ok(())
}

/// Stops delivery to the LRS (statements are kept), recorded in the audit log.
pub async fn remove_lrs(state: &AppState, admin: &Actor) -> AppResult<()> {
    let (org, now) = (admin.person.org_id, state.now());
    state.store.set_lrs_settings(org, None, now).await?;
    let me = Some(admin.person.id);
    state
        .store
        .record_audit(org, me, "lrs.remove", "learning record store", "", now)
        .await?;
    Ok(())
}

/// Assigns a course to a team (an admin, or a lead of that team),
/// recorded in the audit log.
pub async fn assign_course(
    state: &AppState,
    actor: &Actor,
    team: TeamId,
    slug: &str,
) -> AppResult<()> {
    if !may_manage(state, actor, Some(team)).await? {
        return Err(AppError::Forbidden(
            "only an admin or a lead of this team can assign courses to it",
        ));
    }
    let c = state.courses.get(slug)?;
    let (org, me, now) = (actor.person.org_id, actor.person.id, state.now());
    state
        .store
        .assign_course(org, team, &c.slug, me, now)
        .await?;
    state
        .store
        .record_audit(
            org,
            Some(me),
            "course.assign",
            &team.to_string(),
            &c.slug,
            now,
        )
        .await?;
    Ok(())
}

/// Sets the Learning Record Store (an empty password keeps the old one).
#[utoipa::path(put, path = "/api/v1/admin/lrs", tag = "learning", request_body = LrsBody,
    responses((status = 200, body = LrsOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_lrs(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<LrsBody>,
) -> AppResult<Json<LrsOut>> {
    save_lrs(&state, &admin, b).await?;
    Ok(Json(lrs_out(&state, admin.person.org_id).await?))
}

/// Stops delivery: statements are kept, and wait for an LRS again.
#[utoipa::path(delete, path = "/api/v1/admin/lrs", tag = "learning",
    responses((status = 200, body = LrsOut), (status = 403, body = ErrorBody)))]
async fn delete_lrs(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<LrsOut>> {
    remove_lrs(&state, &admin).await?;
    Ok(Json(lrs_out(&state, admin.person.org_id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct ReloadOut {
    pub loaded: Vec<String>,
    /// `file:line: what is wrong`, for each file left out.
    pub errors: Vec<String>,
}

/// Reads the course content again (the built-in course and `content_dir`).
#[utoipa::path(post, path = "/api/v1/admin/courses/reload", tag = "learning",
    responses((status = 200, body = ReloadOut), (status = 403, body = ErrorBody)))]
async fn reload(State(state): State<AppState>, Admin(_): Admin) -> AppResult<Json<ReloadOut>> {
    let r = state.reload_courses();
    Ok(Json(ReloadOut {
        loaded: r.loaded,
        errors: r.errors.iter().map(ToString::to_string).collect(),
    }))
}
