//! `rapport courses check [DIR]`: loads the built-in course and the
//! courses in DIR (or the configured `content_dir`) exactly as the server
//! does, and reports every problem as `file:line: what is wrong`, the
//! videos included: a video without captions, a file that is not there, a
//! malformed WebVTT file, chapters out of order. DIR may be one course's
//! folder (it holds `course.md`) or a folder of courses, one per subfolder,
//! as `content_dir` is. A running server picks changes up with Admin →
//! Learning → Reload (or `POST /api/v1/admin/courses/reload`).

use crate::learning::{Catalog, read_course};
use anyhow::{Context, bail};
use rapport_core::learning::{ContentError, Course, parse_course_with_media};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum CoursesCommand {
    /// Check course content files; exit status 1 if any has a problem.
    Check {
        /// One course's directory (holding course.md), or a directory with
        /// one subdirectory per course (defaults to the configuration's
        /// content_dir).
        dir: Option<PathBuf>,
    },
}

pub fn run(cmd: CoursesCommand, configured: Option<PathBuf>) -> anyhow::Result<()> {
    let CoursesCommand::Check { dir } = cmd;
    let (courses, errors) = match (dir, configured) {
        (Some(dir), _) => check_dir(&dir)?,
        (None, Some(content_dir)) => check_content_dir(&content_dir)?,
        (None, None) => load(None),
    };
    for c in &courses {
        let videos =
            c.preview_video.iter().count() + c.parts.iter().filter(|p| p.video.is_some()).count();
        println!(
            "{}: {} ({} parts, {videos} videos with captions)",
            c.slug,
            c.title,
            c.parts.len()
        );
    }
    for e in &errors {
        eprintln!("{e}");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        bail!("{} problem(s) in the course content", errors.len())
    }
}

type Checked = (Vec<Course>, Vec<ContentError>);

/// DIR on the command line: one course, or a folder of courses.
fn check_dir(dir: &Path) -> anyhow::Result<Checked> {
    if !dir.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    if is_course(dir) {
        return one_course(dir);
    }
    let any_course = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok())
        .any(|e| is_course(&e.path()));
    if !any_course {
        bail!(
            "no course in {}: expected a course's folder (holding course.md) or a folder of them",
            dir.display()
        );
    }
    Ok(load(Some(dir)))
}

/// The configured `content_dir`, read only as the server reads it.
fn check_content_dir(dir: &Path) -> anyhow::Result<Checked> {
    if !dir.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    if is_course(dir) {
        // The server would load nothing from it, silently.
        bail!(
            "content_dir {} is one course's folder; the server reads one folder per course \
             inside content_dir: set it to the folder above",
            dir.display()
        );
    }
    Ok(load(Some(dir)))
}

fn is_course(dir: &Path) -> bool {
    dir.join("course.md").is_file()
}

/// The built-in course and the courses of a `content_dir`, as the server
/// loads them.
fn load(content_dir: Option<&Path>) -> Checked {
    let (catalog, report) = Catalog::load(content_dir);
    (catalog.all().to_vec(), report.errors)
}

/// The built-in course and the one in `dir`, which replaces it if it has
/// its slug, as it would in a `content_dir`.
fn one_course(dir: &Path) -> anyhow::Result<Checked> {
    // The slug is the folder's name, so `.` needs its real one.
    let dir =
        std::fs::canonicalize(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let (mut courses, mut errors) = load(None);
    let (slug, files, media, read_errors) = read_course(&dir);
    let parsed = parse_course_with_media(&slug, &files, &media);
    errors.extend(read_errors);
    errors.extend(parsed.errors);
    if let Some(c) = parsed.course {
        courses.retain(|x| x.slug != c.slug);
        courses.push(c);
    }
    courses.sort_by(|a, b| a.title.cmp(&b.title));
    Ok((courses, errors))
}
