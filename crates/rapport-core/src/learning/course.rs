//! The course as the app uses it: checked, rendered, ready to show.

use serde::{Deserialize, Serialize};

use super::markdown::Block as LessonBlock;
use super::practice::Practice;

/// A course, loaded from `course.md` and its `part-N.md` files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Equals the directory name; used in URLs and xAPI activity ids.
    pub slug: String,
    pub title: String,
    /// One paragraph, plain text.
    pub summary: String,
    /// The language the course is written in, a BCP 47 tag such as `en`
    /// or `el` (`language:` in course.md; English when not given): the
    /// guide declares it for screen readers.
    pub language: String,
    /// The optional introduction (the body of `course.md`), as safe HTML;
    /// empty when there is none.
    pub intro_html: String,
    /// The parts that loaded, in order of their number.
    pub parts: Vec<Part>,
    /// The preview video anyone may watch, when `course.md` names one.
    pub preview_video: Option<Video>,
}

/// One part: a lesson, a reflection question and a practice done in the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// 1 to 5, as in the file name.
    pub number: u8,
    pub title: String,
    /// 1 to 120.
    pub duration_minutes: u32,
    /// An http(s) URL, when the part's video is hosted elsewhere.
    pub video_url: Option<String>,
    /// The part's video in the course folder, with its captions.
    pub video: Option<Video>,
    /// The reflection question.
    pub reflection: String,
    pub practice: Practice,
    /// What to do, in words.
    pub practice_text: String,
    /// The lesson as safe HTML: raw HTML in the Markdown is dropped and
    /// links other than http(s), mailto and relative ones lose their target.
    pub lesson_html: String,
    /// The lesson as plain text, one block per line (headings, paragraphs,
    /// `• ` list items), blocks separated by a blank line: what the PDF
    /// guide wraps.
    pub lesson_text: String,
    /// The lesson's outline (headings, paragraphs, list items) in plain
    /// text, for layouts that style them, such as the PDF guide.
    pub lesson_blocks: Vec<LessonBlock>,
    /// The lesson's opening: its first paragraph(s), about 120 words at
    /// most, plain text. Anyone may read the first part's, without signing in.
    pub preview: String,
}

/// A video in the course folder, with its captions: a video without
/// captions is not accepted. Paths are relative to the course folder
/// (`media/part-1.webm`), never absolute and never with `..`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Video {
    /// The video file, such as `media/part-1.webm`.
    pub file: String,
    /// The WebVTT captions (`<track kind="captions">`).
    pub captions: String,
    /// The WebVTT chapters (`<track kind="chapters">`), if any.
    pub chapters_file: Option<String>,
    /// The poster image shown before playing, if any.
    pub poster: Option<String>,
    /// The chapters, in order, for a list beside the player.
    pub chapters: Vec<Chapter>,
    /// The transcript shown below the player, plain text, paragraphs
    /// separated by a blank line: the `transcript` file when one is named,
    /// else the captions' text.
    pub transcript: String,
}

impl Video {
    /// Every file the video names, relative to the course folder: the
    /// files a media route may serve for it.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        [Some(&self.file), Some(&self.captions)]
            .into_iter()
            .chain([self.chapters_file.as_ref(), self.poster.as_ref()])
            .flatten()
            .map(String::as_str)
    }
}

/// One chapter of a video.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub start_ms: u64,
    pub end_ms: u64,
    pub title: String,
}

impl Course {
    /// Whether `path` (relative to the course folder) is a file one of the
    /// course's videos names: what a media route may serve, and nothing
    /// else from the folder.
    pub fn names_media(&self, path: &str) -> bool {
        self.preview_video
            .iter()
            .chain(self.parts.iter().filter_map(|p| p.video.as_ref()))
            .any(|v| v.files().any(|f| f == path))
    }

    /// The course's public preview: the opening of its first part (`None`
    /// when no part loaded).
    pub fn preview(&self) -> Option<&str> {
        self.parts.first().map(|p| p.preview.as_str())
    }

    /// The part with this number, if it loaded.
    pub fn part(&self, number: u8) -> Option<&Part> {
        self.parts.iter().find(|p| p.number == number)
    }
}
