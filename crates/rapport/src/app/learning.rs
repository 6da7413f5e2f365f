//! Learning: enrolling in a course, lessons read, practices completed by
//! doing them in the app (found in the person's own events since they
//! enrolled) or reported as done outside it, private reflections; for
//! admins and leads, assigning a course to a team and the team's counts
//! (never an individual, never a group below the minimum size); for
//! admins, the Learning Record Store. Each learning event queues an xAPI
//! statement (learning events only, never practice content).

use super::{Actor, AppError, AppResult};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::learning::xapi::{self, LearningRecord, StatementInput};
use rapport_core::learning::{
    Course, LearningEvent, PartProgress, course_completed, next_part, progress, resume_part,
};
use rapport_core::{FreeText, InvalidValue, OrgId, PersonId, Role, TeamId};
use rapport_store::{DeliveryStatus, LrsSettings};

/// A course in the catalog, and whether the actor is enrolled.
#[derive(Debug, Clone)]
pub struct CourseView {
    pub course: Course,
    pub enrolled: bool,
}

/// The courses the actor can take.
pub async fn courses(app: &AppState, actor: &Actor) -> AppResult<Vec<CourseView>> {
    let mine = app.store.enrollments_of(actor.id()).await?;
    Ok(app
        .courses
        .all()
        .iter()
        .map(|c| CourseView {
            enrolled: mine.iter().any(|e| e.course_slug == c.slug),
            course: c.clone(),
        })
        .collect())
}

/// The instance's courses, the same for every organization (built in, or
/// from the operator's `content_dir`): their previews and guides are open
/// to anyone deciding whether to join.
pub fn catalog(app: &AppState) -> Vec<Course> {
    app.courses.all().as_ref().clone()
}

/// A course with its parts and lessons.
pub async fn course(app: &AppState, actor: &Actor, slug: &str) -> AppResult<CourseView> {
    let course = app.courses.get(slug)?;
    let enrolled = app.store.enrollment(actor.id(), slug).await?.is_some();
    Ok(CourseView { course, enrolled })
}

/// My enrolled courses, each with its progress.
pub async fn mine(app: &AppState, actor: &Actor) -> AppResult<Vec<(Course, CourseProgress)>> {
    let mut out = vec![];
    for e in app.store.enrollments_of(actor.id()).await? {
        let Ok(c) = app.courses.get(&e.course_slug) else {
            continue;
        };
        let p = progress_of(app, actor, &c).await?;
        out.push((c, p));
    }
    Ok(out)
}

/// A person's progress in one course, as pages and the API show it.
#[derive(Debug, Clone)]
pub struct CourseProgress {
    pub enrolled_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub parts: Vec<PartProgress>,
    pub reflections: Vec<(u8, String)>,
    /// The part to suggest this week (one a week).
    pub next_part: Option<u8>,
    /// Where they left off.
    pub resume_part: Option<u8>,
}

impl CourseProgress {
    pub fn part(&self, n: u8) -> Option<&PartProgress> {
        self.parts.iter().find(|p| p.number == n)
    }

    pub fn reflection(&self, n: u8) -> &str {
        self.reflections
            .iter()
            .find(|(p, _)| *p == n)
            .map_or("", |(_, t)| t.as_str())
    }

    pub fn done_count(&self) -> usize {
        self.parts.iter().filter(|p| p.finished()).count()
    }
}

/// Reads a person's progress, recording what changed since the last read:
/// a practice found in their events becomes done (its xAPI statement is
/// queued), and a course with everything done becomes completed.
pub async fn progress_of(
    state: &AppState,
    actor: &Actor,
    course: &Course,
) -> AppResult<CourseProgress> {
    let me = &actor.person;
    let Some(enrollment) = state.store.enrollment(me.id, &course.slug).await? else {
        return Ok(CourseProgress {
            enrolled_at: None,
            completed_at: None,
            parts: progress(course, i64::MAX, &[], &[], &[]),
            reflections: vec![],
            next_part: None,
            resume_part: None,
        });
    };
    let rows = state.store.part_progress(me.id, &course.slug).await?;
    let lessons: Vec<u8> = rows
        .iter()
        .filter(|r| r.lesson_read_at.is_some())
        .map(|r| r.part)
        .collect();
    let reported: Vec<u8> = rows
        .iter()
        .filter(|r| r.practice_done_at.is_some())
        .map(|r| r.part)
        .collect();
    let events = state
        .store
        .learning_events(me.org_id, me.id, enrollment.enrolled_at)
        .await?;
    let events: Vec<(i64, LearningEvent)> = events
        .into_iter()
        .filter_map(|e| match e.event {
            Ok(event) => Some((e.at.timestamp(), event)),
            Err(bad) => {
                state.metrics.malformed_event(&bad);
                None
            }
        })
        .collect();
    let enrolled = enrollment.enrolled_at.timestamp();
    let parts = progress(course, enrolled, &lessons, &reported, &events);
    let mut statements = vec![];
    for p in &parts {
        if let Some(at) = p.practice_done_at
            && !reported.contains(&p.number)
        {
            let at = DateTime::from_timestamp(at, 0).unwrap_or_else(|| state.now());
            if state
                .store
                .mark_practice_done(me.id, &course.slug, p.number, at, false)
                .await?
            {
                statements.push((LearningRecord::PracticeCompleted { part: p.number }, at));
            }
        }
    }
    let mut completed_at = enrollment.completed_at;
    if completed_at.is_none() && course_completed(&parts) {
        let now = state.now();
        if state
            .store
            .complete_course(me.id, &course.slug, now)
            .await?
        {
            statements.push((LearningRecord::CourseCompleted, now));
        }
        completed_at = Some(now);
    }
    record(state, actor, course, &statements).await?;
    let now = state.now().timestamp();
    Ok(CourseProgress {
        enrolled_at: Some(enrollment.enrolled_at),
        completed_at,
        next_part: next_part(&parts, enrolled, now),
        // From the parts themselves, not the last lesson read: once that
        // part is finished, resuming there would send people back to it.
        resume_part: resume_part(&parts),
        reflections: rows
            .iter()
            .filter(|r| !r.reflection.is_empty())
            .map(|r| (r.part, r.reflection.clone()))
            .collect(),
        parts,
    })
}

/// Enrolls (again: no change); the first time queues "launched".
pub async fn enroll(state: &AppState, actor: &Actor, course: &Course) -> AppResult<bool> {
    let me = &actor.person;
    let now = state.now();
    let (_, new) = state
        .store
        .enroll(me.org_id, me.id, &course.slug, now)
        .await?;
    if new {
        record(state, actor, course, &[(LearningRecord::Launched, now)]).await?;
    }
    Ok(new)
}

/// Marks a lesson read (and, when asked, its practice done outside the
/// app). Not enrolled: 409.
pub async fn complete_part(
    state: &AppState,
    actor: &Actor,
    course: &Course,
    part: u8,
    practice_outside_app: bool,
) -> AppResult<()> {
    let me = &actor.person;
    if course.part(part).is_none() {
        return Err(AppError::NotFound);
    }
    if state.store.enrollment(me.id, &course.slug).await?.is_none() {
        return Err(AppError::conflict(
            "not_enrolled",
            "enroll in the course first",
        ));
    }
    let now = state.now();
    let mut statements = vec![];
    if state
        .store
        .mark_lesson_read(me.id, &course.slug, part, now)
        .await?
    {
        statements.push((LearningRecord::LessonCompleted { part }, now));
    }
    if practice_outside_app
        && state
            .store
            .mark_practice_done(me.id, &course.slug, part, now, true)
            .await?
    {
        statements.push((LearningRecord::PracticeCompleted { part }, now));
    }
    record(state, actor, course, &statements).await
}

/// How the organization names people in statements: their email, or an
/// opaque id (a UUID v5 of their id) under rapport's address.
async fn xapi_actor(
    state: &AppState,
    org: OrgId,
    person: &rapport_store::Person,
) -> AppResult<xapi::Actor> {
    let email = state
        .store
        .lrs_settings(org)
        .await?
        .is_some_and(|s| s.actor == "email");
    Ok(if email {
        xapi::Actor::Email(person.email.clone())
    } else {
        xapi::Actor::Account {
            home_page: state.config.public_url.clone(),
            name: opaque_id(person.id),
        }
    })
}

pub fn opaque_id(person: PersonId) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("rapport:{person}").as_bytes(),
    )
    .to_string()
}

/// Queues one statement per learning event. Never the content of a
/// practice, nor who it involved: only which part.
async fn record(
    state: &AppState,
    actor: &Actor,
    course: &Course,
    events: &[(LearningRecord, DateTime<Utc>)],
) -> AppResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let me = &actor.person;
    let xapi_actor = xapi_actor(state, me.org_id, me).await?;
    let mut rows = vec![];
    for (record, at) in events {
        let s = xapi::statement(&StatementInput {
            base_url: &state.config.public_url,
            actor: &xapi_actor,
            course,
            record: *record,
            at: at.timestamp(),
            key: "1",
        });
        let body = serde_json::to_string(&s).map_err(AppError::internal)?;
        rows.push((s.id.to_string(), body));
    }
    state
        .store
        .queue_statements(me.org_id, &rows, state.now())
        .await?;
    Ok(())
}

/// Writes my private reflection on a part: nobody else ever reads it.
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

/// A team's progress in a course: counts only, and none at all below the
/// organization's minimum group size.
#[derive(Debug, Clone)]
pub struct TeamProgressView {
    pub team_id: TeamId,
    pub team: String,
    pub members: i64,
    pub assigned: bool,
    pub enrolled: Option<i64>,
    pub completed: Option<i64>,
    /// Why the counts are hidden, if they are.
    pub note: Option<String>,
}

/// The course's completion per team, for the teams the actor manages.
#[derive(Debug, Clone)]
pub struct TeamsProgress {
    pub items: Vec<TeamProgressView>,
    pub min_group_size: i64,
}

/// The course's completion per team, as counts only, for the teams I
/// manage; a team smaller than the minimum group size shows no counts.
pub async fn team_progress(
    state: &AppState,
    actor: &Actor,
    slug: &str,
) -> AppResult<TeamsProgress> {
    let slug = state.courses.get(slug)?.slug;
    let slug = slug.as_str();
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
            TeamProgressView {
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
    Ok(TeamsProgress {
        items,
        min_group_size: org.min_group_size,
    })
}

/// The Learning Record Store's settings as shown: never its password.
#[derive(Debug, Clone)]
pub struct LrsShown {
    pub endpoint: String,
    pub username: String,
    /// `email` or `opaque`: how people are named in statements.
    pub actor: String,
}

/// The Learning Record Store and how delivery goes (counts only).
#[derive(Debug, Clone)]
pub struct LrsView {
    pub configured: bool,
    pub settings: Option<LrsShown>,
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    pub last_sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The LRS settings and delivery counts (admins).
pub async fn lrs(state: &AppState, admin: &Actor) -> AppResult<LrsView> {
    admin.require_admin()?;
    let org = admin.org();
    let s = state.store.lrs_settings(org).await?;
    let d: DeliveryStatus = state.store.delivery_status(org).await?;
    Ok(LrsView {
        configured: s.is_some(),
        settings: s.map(|s| LrsShown {
            endpoint: s.endpoint,
            username: s.username,
            actor: s.actor,
        }),
        pending: d.pending,
        sent: d.sent,
        failed: d.failed,
        last_sent_at: d.last_sent_at,
        last_error: d.last_error,
    })
}

/// The LRS as an admin typed it; an empty password keeps the old one.
#[derive(Debug, Clone, Default)]
pub struct LrsDraft {
    pub endpoint: String,
    pub username: String,
    pub password: String,
    /// `email` or `opaque`.
    pub actor: String,
}

/// Sets the Learning Record Store (admins), audited: learning records
/// then leave rapport for this endpoint.
pub async fn save_lrs(state: &AppState, admin: &Actor, b: LrsDraft) -> AppResult<()> {
    admin.require_admin()?;
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
    crate::outbound::check_url("endpoint", &url, state.config.allow_private_targets)?;
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
            Some(&LrsSettings {
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
    admin.require_admin()?;
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

/// Reads the course content again (admins).
pub fn reload(state: &AppState, admin: &Actor) -> AppResult<crate::learning::LoadReport> {
    admin.require_admin()?;
    Ok(state.reload_courses())
}

/// A course of the catalog by its slug; an unknown slug is a 404.
pub fn find(state: &AppState, slug: &str) -> AppResult<Course> {
    state.courses.get(slug)
}

/// Whether the course was assigned to the actor's team.
pub async fn assigned_to_my_team(state: &AppState, actor: &Actor, slug: &str) -> AppResult<bool> {
    Ok(state.store.is_assigned(actor.person.team_id, slug).await?)
}

/// A file of a course's video (the video, its captions, chapters or
/// poster), for anyone: the course's preview and its parts are open. Any
/// other path of the course's folder is not found.
pub fn media(state: &AppState, slug: &str, file: &str) -> AppResult<crate::learning::MediaSource> {
    state
        .courses
        .media(slug, &format!("media/{file}"))
        .ok_or(AppError::NotFound)
}

/// One event of a viewing session, as the page's player reports it.
#[derive(Debug, Clone)]
pub struct VideoReport {
    /// The part whose video it is; `None` for the preview.
    pub part: Option<u8>,
    /// The viewing session (one page load) and the event's number in it.
    pub session: uuid::Uuid,
    pub seq: u32,
    /// The video's length in seconds.
    pub length: f64,
    pub event: xapi::VideoEvent,
}

/// Records a video event as an xAPI Video Profile statement (queued like
/// the other learning statements). Watching at least 90% of a part's video
/// marks its lesson read, for an enrolled person; returns whether the
/// lesson is read now.
pub async fn record_video(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    r: VideoReport,
) -> AppResult<bool> {
    let course = find(state, slug)?;
    let video = match r.part {
        Some(n) => course.part(n).ok_or(AppError::NotFound)?.video.as_ref(),
        None => course.preview_video.as_ref(),
    };
    if video.is_none() {
        return Err(AppError::NotFound);
    }
    if !(r.length.is_finite() && r.length > 0.0 && r.length <= 86_400.0) {
        return Err(InvalidValue::new("length", "must be the video's length in seconds").into());
    }
    let me = &actor.person;
    let xapi_actor = xapi_actor(state, me.org_id, me).await?;
    let now = state.now();
    let statement = xapi::video_statement(&xapi::VideoInput {
        base_url: &state.config.public_url,
        actor: &xapi_actor,
        course: &course,
        part: r.part,
        session: r.session,
        length: r.length,
        seq: r.seq,
        event: r.event.clone(),
        at: now.timestamp(),
    });
    let body = serde_json::to_value(&statement).map_err(AppError::internal)?;
    xapi::validate_video_statement(&body).map_err(|why| {
        AppError::internal(anyhow::anyhow!("a video statement is not valid: {why}"))
    })?;
    state
        .store
        .queue_statements(
            me.org_id,
            &[(statement.id.to_string(), body.to_string())],
            now,
        )
        .await?;
    let watched = match (&r.event, r.part) {
        (xapi::VideoEvent::Completed { segments, .. }, Some(n)) => {
            segments.progress(r.length) >= xapi::COMPLETION_THRESHOLD
                && state.store.enrollment(me.id, &course.slug).await?.is_some()
                && {
                    complete_part(state, actor, &course, n, false).await?;
                    true
                }
        }
        _ => false,
    };
    Ok(watched)
}
