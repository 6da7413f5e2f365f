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
    /// The optional introduction (the body of `course.md`), as safe HTML;
    /// empty when there is none.
    pub intro_html: String,
    /// The parts that loaded, in order of their number.
    pub parts: Vec<Part>,
}

/// One part: a lesson, a reflection question and a practice done in the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// 1 to 5, as in the file name.
    pub number: u8,
    pub title: String,
    /// 1 to 120.
    pub duration_minutes: u32,
    /// An http(s) URL, when the part has a video.
    pub video_url: Option<String>,
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

impl Course {
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
