//! Learning in the running application: the course catalog (the built-in
//! course compiled into the binary, plus any course directories under the
//! configured `content_dir`, reloadable on demand), a person's progress
//! (lessons read, practices found in their own events since they enrolled,
//! or reported as done outside the app), and the xAPI statements each
//! learning event queues for the organization's Learning Record Store.

use crate::AppError;
use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use chrono::{DateTime, Utc};
use rapport_core::learning::xapi::{self, LearningRecord, StatementInput};
use rapport_core::learning::{
    ContentError, Course, LearningEvent, PartProgress, course_completed, next_part,
    parse_course_with_media, progress, resume_part,
};
use rapport_core::{OrgId, PersonId};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The course that ships with rapport.
pub const BUILTIN_SLUG: &str = "building-great-relationships";

/// The built-in course's text files: its Markdown, captions and chapters.
const BUILTIN: [(&str, &str); 18] = [
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
    (
        "media/preview.vtt",
        include_str!("../../../content/courses/building-great-relationships/media/preview.vtt"),
    ),
    (
        "media/preview.chapters.vtt",
        include_str!(
            "../../../content/courses/building-great-relationships/media/preview.chapters.vtt"
        ),
    ),
    (
        "media/part-1.vtt",
        include_str!("../../../content/courses/building-great-relationships/media/part-1.vtt"),
    ),
    (
        "media/part-1.chapters.vtt",
        include_str!(
            "../../../content/courses/building-great-relationships/media/part-1.chapters.vtt"
        ),
    ),
    (
        "media/part-2.vtt",
        include_str!("../../../content/courses/building-great-relationships/media/part-2.vtt"),
    ),
    (
        "media/part-2.chapters.vtt",
        include_str!(
            "../../../content/courses/building-great-relationships/media/part-2.chapters.vtt"
        ),
    ),
    (
        "media/part-3.vtt",
        include_str!("../../../content/courses/building-great-relationships/media/part-3.vtt"),
    ),
    (
        "media/part-3.chapters.vtt",
        include_str!(
            "../../../content/courses/building-great-relationships/media/part-3.chapters.vtt"
        ),
    ),
    (
        "media/part-4.vtt",
        include_str!("../../../content/courses/building-great-relationships/media/part-4.vtt"),
    ),
    (
        "media/part-4.chapters.vtt",
        include_str!(
            "../../../content/courses/building-great-relationships/media/part-4.chapters.vtt"
        ),
    ),
    (
        "media/part-5.vtt",
        include_str!("../../../content/courses/building-great-relationships/media/part-5.vtt"),
    ),
    (
        "media/part-5.chapters.vtt",
        include_str!(
            "../../../content/courses/building-great-relationships/media/part-5.chapters.vtt"
        ),
    ),
];

/// The built-in course's videos and posters, compiled in like its text so
/// that one binary serves the whole course (about 5 MiB; see
/// tools/course-video).
const BUILTIN_MEDIA: [(&str, &[u8]); 12] = [
    (
        "media/preview.webm",
        include_bytes!("../../../content/courses/building-great-relationships/media/preview.webm"),
    ),
    (
        "media/preview.jpg",
        include_bytes!("../../../content/courses/building-great-relationships/media/preview.jpg"),
    ),
    (
        "media/part-1.webm",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-1.webm"),
    ),
    (
        "media/part-1.jpg",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-1.jpg"),
    ),
    (
        "media/part-2.webm",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-2.webm"),
    ),
    (
        "media/part-2.jpg",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-2.jpg"),
    ),
    (
        "media/part-3.webm",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-3.webm"),
    ),
    (
        "media/part-3.jpg",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-3.jpg"),
    ),
    (
        "media/part-4.webm",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-4.webm"),
    ),
    (
        "media/part-4.jpg",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-4.jpg"),
    ),
    (
        "media/part-5.webm",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-5.webm"),
    ),
    (
        "media/part-5.jpg",
        include_bytes!("../../../content/courses/building-great-relationships/media/part-5.jpg"),
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
        let media: Vec<String> = BUILTIN_MEDIA.iter().map(|(n, _)| n.to_string()).collect();
        let builtin = parse_course_with_media(BUILTIN_SLUG, &files, &media);
        report.errors.extend(builtin.errors);
        courses.extend(builtin.course);
        if let Some(dir) = &self.dir {
            for (slug, files, media, mut errors) in read_dir(dir) {
                let load = parse_course_with_media(&slug, &files, &media);
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

    /// A file of a course's video (the video, its captions, chapters or
    /// poster), to serve with [`crate::media`]; `None` for any other path,
    /// so the rest of a course folder is never served.
    pub fn media(&self, slug: &str, path: &str) -> Option<MediaSource> {
        let courses = self.all();
        let course = courses.iter().find(|c| c.slug == slug)?;
        if !course.names_media(path) {
            return None;
        }
        // A course in the content directory replaces the built-in one.
        if let Some(dir) = &self.dir {
            let file = dir.join(slug).join(path);
            if file.is_file() {
                return Some(MediaSource::File(file));
            }
        }
        if slug != BUILTIN_SLUG {
            return None;
        }
        BUILTIN_MEDIA
            .iter()
            .map(|(n, bytes)| (*n, *bytes))
            .chain(BUILTIN.iter().map(|(n, text)| (*n, text.as_bytes())))
            .find(|(n, _)| *n == path)
            .map(|(_, bytes)| MediaSource::Static(bytes))
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

/// Where a course's media file is: compiled in, or on disk.
#[derive(Debug, Clone)]
pub enum MediaSource {
    Static(&'static [u8]),
    File(PathBuf),
}

/// A course directory as read from disk: its slug, its text files (name,
/// text), the names of its other files (videos, images), and what could not
/// be read. Names are relative to the course directory (`media/part-1.vtt`).
type CourseFiles = (
    String,
    Vec<(String, String)>,
    Vec<String>,
    Vec<ContentError>,
);

/// The files a course reads as text; everything else is only listed.
const TEXT_FILES: [&str; 3] = ["md", "vtt", "txt"];

/// How deep a course's subfolders are read (`media/part-1.vtt` is depth 1).
const MAX_DEPTH: usize = 3;

/// Each subdirectory of `dir` is a course: its text files, the names of its
/// other files, and errors for what cannot be read (named by file, line 1).
fn read_dir(dir: &Path) -> Vec<CourseFiles> {
    let mut out = vec![];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![(
            String::new(),
            vec![],
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
    for d in dirs {
        let slug = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (mut files, mut media, mut errors) = (vec![], vec![], vec![]);
        read_course_files(&d, &d, 0, &mut files, &mut media, &mut errors);
        files.sort();
        media.sort();
        out.push((slug, files, media, errors));
    }
    out
}

/// Reads `dir` (inside the course folder `root`) into text files and the
/// names of other files; hidden files are skipped.
fn read_course_files(
    root: &Path,
    dir: &Path,
    depth: usize,
    files: &mut Vec<(String, String)>,
    media: &mut Vec<String>,
    errors: &mut Vec<ContentError>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if name.is_empty() || name.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            if depth < MAX_DEPTH {
                read_course_files(root, &path, depth + 1, files, media, errors);
            }
        } else if path
            .extension()
            .is_some_and(|x| TEXT_FILES.iter().any(|t| x == *t))
        {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((name, text)),
                Err(e) => errors.push(ContentError {
                    file: path.display().to_string(),
                    line: 1,
                    message: format!("cannot read: {e}"),
                }),
            }
        } else {
            media.push(name);
        }
    }
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
