//! The course catalog: the built-in course compiled into the binary, plus
//! any course directories under the configured `content_dir`, reloadable on
//! demand. (A person's progress is `app::learning`'s.)

use crate::app::{AppError, AppResult};
use rapport_core::learning::{ContentError, Course, parse_course};
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
