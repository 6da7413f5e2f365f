//! The course catalog: the built-in course compiled into the binary (its
//! Markdown, captions, chapters and videos), plus any course directories
//! under the configured `content_dir`, reloadable on demand; and where a
//! course's media files are. (A person's progress is `app::learning`'s.)

use crate::app::{AppError, AppResult};
use rapport_core::learning::{ContentError, Course, parse_course_with_media};
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
pub(crate) type CourseFiles = (
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
    out.extend(dirs.iter().map(|d| read_course(d)));
    out
}

/// One course directory: its name (the slug), its text files, the names
/// of its other files, and errors for what cannot be read.
pub(crate) fn read_course(d: &Path) -> CourseFiles {
    let slug = d
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut files, mut media, mut errors) = (vec![], vec![], vec![]);
    read_course_files(d, d, 0, &mut files, &mut media, &mut errors);
    files.sort();
    media.sort();
    (slug, files, media, errors)
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
