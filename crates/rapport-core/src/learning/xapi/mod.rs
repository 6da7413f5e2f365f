//! xAPI 1.0.3 statements for the learning events, for a Learning Record Store.
//!
//! Only learning events leave rapport: the course was launched, a lesson or
//! a practice was completed, the course was completed. A practice statement
//! never says what was done or with whom. The organization chooses how
//! people are identified: by email (`mbox`) or by an opaque account id.
//!
//! Activity ids and types (ADL vocabulary, `http://adlnet.gov/expapi/activities/…`):
//!
//! | activity | id | type |
//! |---|---|---|
//! | the course | `{base}/courses/{slug}` | `course` |
//! | a part's lesson | `{base}/courses/{slug}/parts/{n}` | `lesson` |
//! | a part's practice | `{base}/courses/{slug}/parts/{n}/practice` | `performance`: a task attempted in a real context, which is what a practice done in the app is (not `assessment`: nothing is scored) |
//!
//! A statement's id is a UUID v5 of (actor id, event kind, course, part,
//! the app's per-event key), so sending the same event again after a
//! restart yields the same id, which the LRS recognizes as the same
//! statement.

mod statement;
mod validate;
mod video;

pub use statement::{
    Activity, ActivityDefinition, Actor, ContextActivities, LearningRecord, Statement,
    StatementContext, StatementInput, StatementResult, Verb, statement, statement_id,
};
pub use validate::validate_statement;
pub use video::{
    COMPLETION_THRESHOLD, Segments, VideoEvent, VideoInput, validate_video_statement,
    video_statement,
};

/// The xAPI version the statements follow.
pub const XAPI_VERSION: &str = "1.0.3";
/// `context.platform` of every statement.
pub const PLATFORM: &str = "rapport";
/// ADL verbs.
pub const VERB_LAUNCHED: &str = "http://adlnet.gov/expapi/verbs/launched";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";
/// ADL activity types.
pub const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";
pub const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
pub const TYPE_PERFORMANCE: &str = "http://adlnet.gov/expapi/activities/performance";
