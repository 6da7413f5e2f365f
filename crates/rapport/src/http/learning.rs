//! Learning through the API: the catalog, a course with its parts,
//! enrolling, completing a part, reflections, my progress; for admins and
//! leads, assigning a course to a team and the team aggregate (never an
//! individual, never a team smaller than the minimum group size); for
//! admins, the Learning Record Store and its delivery status, and
//! reloading course content.

use super::{ApiJson, ErrorBody, extract::optional_json};
use crate::AppState;
use crate::app::learning::{self as service, CourseProgress, LrsDraft, LrsView, TeamsProgress};
use crate::app::{Actor, AppError, AppResult};
use crate::auth::Admin;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::TeamId;
use rapport_core::learning::Course;
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
        .routes(routes!(video_event))
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
    let items = service::courses(&state, &actor)
        .await?
        .iter()
        .map(|c| course_out(&c.course, c.enrolled, false))
        .collect();
    Ok(Json(CoursesPage {
        items,
        next_cursor: None,
    }))
}

/// A course with its parts and lessons.
#[utoipa::path(get, path = "/api/v1/courses/{slug}", tag = "learning", params(("slug" = String, Path)),
    responses((status = 200, body = CourseOut), (status = 404, body = ErrorBody)))]
async fn get_course(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
) -> AppResult<Json<CourseOut>> {
    let c = service::course(&state, &actor, &slug).await?;
    Ok(Json(course_out(&c.course, c.enrolled, true)))
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
#[utoipa::path(post, path = "/api/v1/courses/{slug}/enroll", tag = "learning", params(("slug" = String, Path)),
    responses((status = 201, body = LearningOut), (status = 200, body = LearningOut), (status = 404, body = ErrorBody)))]
async fn enroll(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
) -> AppResult<(StatusCode, Json<LearningOut>)> {
    let c = service::find(&state, &slug)?;
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
pub struct CompletePartBody {
    /// I did this part's practice outside the app.
    #[serde(default)]
    pub practice_outside_app: bool,
}

fn part_number(n: u8, c: &Course) -> AppResult<u8> {
    c.part(n).map(|p| p.number).ok_or(AppError::NotFound)
}

/// Marks a part's lesson read (and, if I say so, its practice done outside the app).
#[utoipa::path(post, path = "/api/v1/courses/{slug}/parts/{n}/complete", tag = "learning",
    params(("slug" = String, Path), ("n" = u8, Path, description = "The part's number, 1 to 5")),
    request_body(content = Option<CompletePartBody>),
    responses((status = 200, body = LearningOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn complete_part(
    State(state): State<AppState>,
    actor: Actor,
    super::extract::PartPath { slug, n }: super::extract::PartPath,
    body: axum::body::Bytes,
) -> AppResult<Json<LearningOut>> {
    let b = optional_json::<CompletePartBody>(&body)?;
    let c = service::find(&state, &slug)?;
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
#[utoipa::path(post, path = "/api/v1/courses/{slug}/parts/{n}/reflection", tag = "learning",
    params(("slug" = String, Path), ("n" = u8, Path, description = "The part's number, 1 to 5")),
    request_body = ReflectionBody,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reflect(
    State(state): State<AppState>,
    actor: Actor,
    super::extract::PartPath { slug, n }: super::extract::PartPath,
    ApiJson(b): ApiJson<ReflectionBody>,
) -> AppResult<StatusCode> {
    let c = service::find(&state, &slug)?;
    let n = part_number(n, &c)?;
    service::save_reflection(&state, &actor, &c, n, &b.text).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct MyLearning {
    pub items: Vec<LearningOut>,
    pub next_cursor: Option<String>,
}

/// My enrolled courses and, for each, every part's progress.
#[utoipa::path(get, path = "/api/v1/me/learning", tag = "learning", responses((status = 200, body = MyLearning)))]
async fn my_learning(State(state): State<AppState>, actor: Actor) -> AppResult<Json<MyLearning>> {
    let items = service::mine(&state, &actor)
        .await?
        .iter()
        .map(|(c, p)| learning_out(c, p))
        .collect();
    Ok(Json(MyLearning {
        items,
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    pub team: TeamId,
}

/// Assigns a course to a team (an admin, or a lead of that team).
#[utoipa::path(post, path = "/api/v1/courses/{slug}/assignments", tag = "learning", params(("slug" = String, Path)), request_body = AssignBody,
    responses((status = 201), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn assign(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<AssignBody>,
) -> AppResult<StatusCode> {
    service::assign_course(&state, &actor, b.team, &slug).await?;
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
    /// Always null: an organization's teams fit one page.
    pub next_cursor: Option<String>,
}

impl From<TeamsProgress> for TeamProgressPage {
    fn from(t: TeamsProgress) -> Self {
        TeamProgressPage {
            items: t
                .items
                .into_iter()
                .map(|t| TeamProgressOut {
                    team_id: t.team_id,
                    team: t.team,
                    members: t.members,
                    assigned: t.assigned,
                    enrolled: t.enrolled,
                    completed: t.completed,
                    note: t.note,
                })
                .collect(),
            min_group_size: t.min_group_size,
            next_cursor: None,
        }
    }
}

/// The course's completion per team, as counts only, for the teams I
/// manage; a team smaller than the minimum group size shows no counts.
#[utoipa::path(get, path = "/api/v1/courses/{slug}/teams", tag = "learning", params(("slug" = String, Path)),
    responses((status = 200, body = TeamProgressPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn team_progress(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
) -> AppResult<Json<TeamProgressPage>> {
    Ok(Json(
        service::team_progress(&state, &actor, &slug).await?.into(),
    ))
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

impl From<LrsView> for LrsOut {
    fn from(v: LrsView) -> Self {
        LrsOut {
            configured: v.configured,
            settings: v.settings.map(|s| LrsBody {
                endpoint: s.endpoint,
                username: s.username,
                password: String::new(),
                actor: s.actor,
            }),
            pending: v.pending,
            sent: v.sent,
            failed: v.failed,
            last_sent_at: v.last_sent_at,
            last_error: v.last_error,
        }
    }
}

/// The Learning Record Store and how delivery is going (counts only).
#[utoipa::path(get, path = "/api/v1/admin/lrs", tag = "learning",
    responses((status = 200, body = LrsOut), (status = 403, body = ErrorBody)))]
async fn get_lrs(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<LrsOut>> {
    Ok(Json(service::lrs(&state, &admin).await?.into()))
}

/// Sets the Learning Record Store (an empty password keeps the old one).
#[utoipa::path(put, path = "/api/v1/admin/lrs", tag = "learning", request_body = LrsBody,
    responses((status = 200, body = LrsOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_lrs(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<LrsBody>,
) -> AppResult<Json<LrsOut>> {
    let draft = LrsDraft {
        endpoint: b.endpoint,
        username: b.username,
        password: b.password,
        actor: b.actor,
    };
    service::save_lrs(&state, &admin, draft).await?;
    Ok(Json(service::lrs(&state, &admin).await?.into()))
}

/// Stops delivery: statements are kept, and wait for an LRS again.
#[utoipa::path(delete, path = "/api/v1/admin/lrs", tag = "learning",
    responses((status = 200, body = LrsOut), (status = 403, body = ErrorBody)))]
async fn delete_lrs(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<LrsOut>> {
    service::remove_lrs(&state, &admin).await?;
    Ok(Json(service::lrs(&state, &admin).await?.into()))
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
async fn reload(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<ReloadOut>> {
    let r = service::reload(&state, &admin)?;
    Ok(Json(ReloadOut {
        loaded: r.loaded,
        errors: r.errors.iter().map(ToString::to_string).collect(),
    }))
}

/// One event of a viewing session, as the page's player sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoEventBody {
    /// The part whose video it is; null for the preview.
    pub part: Option<u8>,
    /// The viewing session: one page load of the player.
    pub session: uuid::Uuid,
    /// The event's number within the session.
    pub seq: u32,
    /// The video's length in seconds.
    pub length: f64,
    /// initialized, played, paused, seeked or completed.
    pub verb: String,
    /// Seconds into the video (played, paused, completed).
    pub time: Option<f64>,
    /// Where a seek started and ended (seeked).
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// The intervals played so far, `[[start, end], …]` (paused, completed).
    #[serde(default)]
    #[schema(value_type = Vec<Interval>)]
    pub segments: Vec<(f64, f64)>,
}

/// `[start, end]` in seconds. Written by hand because utoipa describes a
/// tuple with `items: false`, which some generators cannot read.
struct Interval;

impl utoipa::PartialSchema for Interval {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(Type::Number))
            .min_items(Some(2))
            .max_items(Some(2))
            .into()
    }
}

impl utoipa::ToSchema for Interval {}

#[derive(Serialize, ToSchema)]
pub struct VideoEventOut {
    /// The part's lesson is read (watching 90% of its video marks it).
    pub lesson_done: bool,
}

impl VideoEventBody {
    fn event(
        &self,
    ) -> Result<rapport_core::learning::xapi::VideoEvent, rapport_core::InvalidValue> {
        use rapport_core::InvalidValue;
        use rapport_core::learning::xapi::{Segments, VideoEvent};
        let time = |t: Option<f64>, field| {
            t.filter(|t| t.is_finite() && *t >= 0.0)
                .ok_or_else(|| InvalidValue::new(field, "must be a time in seconds"))
        };
        let segments = Segments::new(&self.segments);
        Ok(match self.verb.as_str() {
            "initialized" => VideoEvent::Initialized,
            "played" => VideoEvent::Played {
                time: time(self.time, "time")?,
            },
            "paused" => VideoEvent::Paused {
                time: time(self.time, "time")?,
                segments,
            },
            "seeked" => VideoEvent::Seeked {
                from: time(self.from, "from")?,
                to: time(self.to, "to")?,
            },
            "completed" => VideoEvent::Completed {
                time: time(self.time, "time")?,
                segments,
            },
            _ => {
                return Err(InvalidValue::new(
                    "verb",
                    "must be initialized, played, paused, seeked or completed",
                ));
            }
        })
    }
}

/// Records what happened while I watched a course video (the page's player
/// sends it), as an xAPI Video Profile statement; watching at least 90% of
/// a part's video marks its lesson read.
#[utoipa::path(post, path = "/api/v1/courses/{slug}/video-events", tag = "learning", params(("slug" = String, Path)),
    request_body = VideoEventBody,
    responses((status = 202, body = VideoEventOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn video_event(
    State(state): State<AppState>,
    actor: Actor,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<VideoEventBody>,
) -> AppResult<(StatusCode, Json<VideoEventOut>)> {
    let report = service::VideoReport {
        part: b.part,
        session: b.session,
        seq: b.seq,
        length: b.length,
        event: b.event()?,
    };
    let lesson_done = service::record_video(&state, &actor, &slug, report).await?;
    Ok((StatusCode::ACCEPTED, Json(VideoEventOut { lesson_done })))
}
