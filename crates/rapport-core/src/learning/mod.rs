//! Learning: the course "Building Great Relationships", pure.
//!
//! The course is Markdown on disk, read by the shell and handed here as
//! text: [`parse_course`] checks it (every problem by file and line, the
//! rest still loads) and renders it. A part's practice is completed by
//! doing it in the app, so [`progress`] folds the person's own events into
//! per-part progress; [`next_part`] paces suggestions at one part a week and
//! [`recommend_part`] picks the part that fits someone's pattern. [`xapi`]
//! turns learning events into xAPI statements for a Learning Record Store,
//! and [`guide`] writes the downloadable PDF of practical tips. The course
//! and each part may have a video in the course folder, which must come
//! with [`webvtt`] captions; its chapters and transcript come from them.
//!
//! ```
//! use rapport_core::learning::*;
//! let files = vec![("course.md".to_string(),
//!     "---\nslug: c\ntitle: C\nsummary: S\n---\n".to_string())];
//! let load = parse_course("c", &files);
//! assert_eq!(load.course.unwrap().title, "C");
//! assert!(!load.errors.is_empty()); // the five parts are missing
//! ```

mod content;
mod course;
mod front_matter;
pub mod guide;
mod markdown;
mod practice;
mod progress;
mod recommend;
mod video;
pub mod webvtt;
pub mod xapi;

pub use content::{ContentError, CourseLoad, PART_COUNT, parse_course, parse_course_with_media};
pub use course::{Chapter, Course, Part, Video};
pub use guide::{GUIDE_TITLE, GuideError, guide_pdf, try_guide_pdf};
pub use markdown::{Block as LessonBlock, Span as LessonSpan, Text as LessonText};
pub use practice::{LearningEvent, Practice};
pub use progress::{
    PartProgress, SECONDS_PER_WEEK, course_completed, next_part, progress, resume_part,
};
pub use recommend::{FEW_PARTNERS, PatternFigures, recommend_part};
