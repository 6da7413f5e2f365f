//! Learning in the running application: the course catalog (the built-in
//! course compiled into the binary, plus any course directories under the
//! configured `content_dir`, reloadable on demand), a person's progress
//! (lessons read, practices found in their own events since they enrolled,
//! or reported as done outside the app), and the xAPI statements each
//! learning event queues for the organization's Learning Record Store.

use crate::AppError;
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use rapport_core::learning::xapi::{self, Actor, LearningRecord, StatementInput};
use rapport_core::learning::{
    ContentError, Course, LearningEvent, PartProgress, course_completed, next_part, parse_course,
    progress, resume_part,
};
use rapport_core::{OrgId, PersonId};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The course that ships with rapport.
pub const BUILTIN_SLUG: &str = "building-great-relationships";

const BUILTIN: [(&str, &str); 6] = [
    (
        "course.md",
        include_str!("../../../content/courses/building-great-relationships/course.md"),
    ),
    (
        "part-1.md",
        include_str!("../../../content/courses/building-great-relationships/part-1.md"),
    ),
    (
        "part-2.md",
        include_str!("../../../content/courses/building-great-relationships/part-2.md"),
    ),
    (
        "part-3.md",
        include_str!("../../../content/courses/building-great-relationships/part-3.md"),
    ),
    (
        "part-4.md",
        include_str!("../../../content/courses/building-great-relationships/part-4.md"),
    ),
    (
        "part-5.md",
        include_str!("../../../content/courses/building-great-relationships/part-5.md"),
    ),
];

/// The courses people can take. Reloading swaps the whole list at once.
#[derive(Debug, Default)]
pub struct Catalog {
    courses: RwLock<Arc<Vec<Course>>>,
    dir: Option<PathBuf>,
}

/// What a (re)load found.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    pub loaded: Vec<String>,
    pub errors: Vec<ContentError>,
}

impl Catalog {
    /// The built-in course, and the courses in `dir` if given (a course
    /// there with the built-in's slug replaces it).
    pub fn load(dir: Option<&Path>) -> (Catalog, LoadReport) {
        let catalog = Catalog {
            courses: RwLock::default(),
            dir: dir.map(Path::to_path_buf),
        };
        let report = catalog.reload();
        (catalog, report)
    }

    /// Loads everything again; what fails to parse is reported and left
    /// out, and everything else still loads.
    pub fn reload(&self) -> LoadReport {
        let mut report = LoadReport::default();
        let files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut courses = vec![];
        let builtin = parse_course(BUILTIN_SLUG, &files);
        report.errors.extend(builtin.errors);
        courses.extend(builtin.course);
        if let Some(dir) = &self.dir {
            for (slug, files, mut errors) in read_dir(dir) {
                let load = parse_course(&slug, &files);
                errors.extend(load.errors);
                report.errors.extend(errors);
                if let Some(c) = load.course {
                    courses.retain(|x: &Course| x.slug != c.slug);
                    courses.push(c);
                }
            }
        }
        courses.sort_by(|a, b| a.title.cmp(&b.title));
        report.loaded = courses.iter().map(|c| c.slug.clone()).collect();
        if let Ok(mut slot) = self.courses.write() {
            *slot = Arc::new(courses);
        }
        report
    }

    pub fn all(&self) -> Arc<Vec<Course>> {
        self.courses.read().map(|c| c.clone()).unwrap_or_default()
    }

    /// A course by slug, or 404.
    pub fn get(&self, slug: &str) -> AppResult<Course> {
        self.all()
            .iter()
            .find(|c| c.slug == slug)
            .cloned()
            .ok_or(AppError::NotFound)
    }
}

/// A course directory as read from disk: its slug, its `.md` files (name,
/// text), and what could not be read.
pub(crate) type CourseFiles = (String, Vec<(String, String)>, Vec<ContentError>);

/// Each subdirectory of `dir` is a course: its `.md` files, and errors for
/// what cannot be read (named by file, line 1).
fn read_dir(dir: &Path) -> Vec<CourseFiles> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![(
            String::new(),
            vec![],
            vec![ContentError {
                file: dir.display().to_string(),
                line: 1,
                message: "cannot read this content directory".into(),
            }],
        )];
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| read_course(d)).collect()
}

/// One course directory: its name (the slug), its `.md` files, and errors
/// for what cannot be read.
pub(crate) fn read_course(d: &Path) -> CourseFiles {
    let slug = d
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut files, mut errors) = (vec![], vec![]);
    if let Ok(entries) = std::fs::read_dir(d) {
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "md") {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match std::fs::read_to_string(&path) {
                    Ok(text) => files.push((name, text)),
                    Err(e) => errors.push(ContentError {
                        file: path.display().to_string(),
                        line: 1,
                        message: format!("cannot read: {e}"),
                    }),
                }
            }
        }
    }
    files.sort();
    (slug, files, errors)
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
    viewer: &Viewer,
    course: &Course,
) -> AppResult<CourseProgress> {
    let me = &viewer.person;
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
        .iter()
        .map(|e| {
            (
                e.at.timestamp(),
                LearningEvent {
                    kind: e.kind.as_str(),
                    second_chance: e.second_chance,
                },
            )
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
    record(state, viewer, course, &statements).await?;
    let now = state.now().timestamp();
    Ok(CourseProgress {
        enrolled_at: Some(enrollment.enrolled_at),
        completed_at,
        next_part: next_part(&parts, enrolled, now),
        resume_part: enrollment.last_part.or_else(|| resume_part(&parts)),
        reflections: rows
            .iter()
            .filter(|r| !r.reflection.is_empty())
            .map(|r| (r.part, r.reflection.clone()))
            .collect(),
        parts,
    })
}

/// Enrolls (again: no change); the first time queues "launched".
pub async fn enroll(state: &AppState, viewer: &Viewer, course: &Course) -> AppResult<bool> {
    let me = &viewer.person;
    let now = state.now();
    let (_, new) = state
        .store
        .enroll(me.org_id, me.id, &course.slug, now)
        .await?;
    if new {
        record(state, viewer, course, &[(LearningRecord::Launched, now)]).await?;
    }
    Ok(new)
}

/// Marks a lesson read (and, when asked, its practice done outside the
/// app). Not enrolled: 409.
pub async fn complete_part(
    state: &AppState,
    viewer: &Viewer,
    course: &Course,
    part: u8,
    practice_outside_app: bool,
) -> AppResult<()> {
    let me = &viewer.person;
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
    record(state, viewer, course, &statements).await
}

/// How the organization names people in statements: their email, or an
/// opaque id (a UUID v5 of their id) under rapport's address.
async fn actor(state: &AppState, org: OrgId, person: &rapport_store::Person) -> AppResult<Actor> {
    let email = state
        .store
        .lrs_settings(org)
        .await?
        .is_some_and(|s| s.actor == "email");
    Ok(if email {
        Actor::Email(person.email.clone())
    } else {
        Actor::Account {
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
    viewer: &Viewer,
    course: &Course,
    events: &[(LearningRecord, DateTime<Utc>)],
) -> AppResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let me = &viewer.person;
    let actor = actor(state, me.org_id, me).await?;
    let mut rows = vec![];
    for (record, at) in events {
        let s = xapi::statement(&StatementInput {
            base_url: &state.config.public_url,
            actor: &actor,
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
