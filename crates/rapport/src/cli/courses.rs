//! `rapport courses check [DIR]`: loads the built-in course and the
//! courses in DIR (or the configured `content_dir`) exactly as the server
//! does, and reports every problem as `file:line: what is wrong`, the
//! videos included: a video without captions, a file that is not there,
//! a malformed WebVTT file, chapters out of order. A
//! running server picks changes up with Admin → Learning → Reload (or
//! `POST /api/v1/admin/courses/reload`).

use crate::learning::Catalog;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum CoursesCommand {
    /// Check course content files; exit status 1 if any has a problem.
    Check {
        /// A directory with one subdirectory per course (defaults to the
        /// configuration's content_dir).
        dir: Option<PathBuf>,
    },
}

pub fn run(cmd: CoursesCommand, configured: Option<PathBuf>) -> anyhow::Result<()> {
    let CoursesCommand::Check { dir } = cmd;
    let dir = dir.or(configured);
    if let Some(d) = &dir
        && !d.is_dir()
    {
        anyhow::bail!("{} is not a directory", d.display());
    }
    let (catalog, report) = Catalog::load(dir.as_deref());
    for c in catalog.all().iter() {
        let videos =
            c.preview_video.iter().count() + c.parts.iter().filter(|p| p.video.is_some()).count();
        println!(
            "{}: {} ({} parts, {videos} videos with captions)",
            c.slug,
            c.title,
            c.parts.len()
        );
    }
    for e in &report.errors {
        eprintln!("{e}");
    }
    if report.errors.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} problem(s) in the course content", report.errors.len())
    }
}
