//! Where a person stands in a course: lessons read, practices done, and
//! which part to suggest or resume.
//!
//! A practice counts only when it was done after enrolling (or the person
//! says they did it): the course is about building a habit from here on,
//! not crediting what happened before.

use serde::{Deserialize, Serialize};

use super::course::Course;
use super::practice::LearningEvent;

/// One week, in seconds: the pace of suggestions.
pub const SECONDS_PER_WEEK: i64 = 7 * 24 * 60 * 60;

/// One part's progress for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartProgress {
    pub number: u8,
    pub lesson_done: bool,
    pub practice_done: bool,
    /// When the first matching event happened (none when only self-reported).
    pub practice_done_at: Option<i64>,
}

impl PartProgress {
    /// Lesson read and practice done.
    pub fn finished(&self) -> bool {
        self.lesson_done && self.practice_done
    }
}

/// Progress in each of the course's parts, in part order. `lessons_read`
/// and `self_reported` are part numbers; `events` are the person's own
/// events `(unix seconds, event)`, in any order.
pub fn progress(
    course: &Course,
    enrolled_at: i64,
    lessons_read: &[u8],
    self_reported: &[u8],
    events: &[(i64, LearningEvent)],
) -> Vec<PartProgress> {
    course
        .parts
        .iter()
        .map(|part| {
            let practice_done_at = events
                .iter()
                .filter(|(at, e)| *at >= enrolled_at && part.practice.matches(e))
                .map(|(at, _)| *at)
                .min();
            PartProgress {
                number: part.number,
                lesson_done: lessons_read.contains(&part.number),
                practice_done: practice_done_at.is_some() || self_reported.contains(&part.number),
                practice_done_at,
            }
        })
        .collect()
}

/// Every lesson read and every practice done (false for no parts).
pub fn course_completed(progress: &[PartProgress]) -> bool {
    !progress.is_empty() && progress.iter().all(PartProgress::finished)
}

/// The part to suggest now: the lowest unfinished one, provided it is
/// unlocked: part N unlocks in week N after enrolling (part 1 at once, then
/// one a week). Reading ahead is allowed; this only paces the suggestion,
/// so that the course is practised rather than binged. `None` when the
/// next part is not unlocked yet or everything is finished.
pub fn next_part(progress: &[PartProgress], enrolled_at: i64, now: i64) -> Option<u8> {
    let weeks = (now - enrolled_at).max(0) / SECONDS_PER_WEEK;
    let unlocked = 1 + weeks;
    progress
        .iter()
        .filter(|p| !p.finished())
        .map(|p| p.number)
        .min()
        .filter(|&n| i64::from(n) <= unlocked)
}

/// Where the person left off: the last lesson they read if its practice is
/// still open, otherwise the next unfinished part after it, otherwise the
/// lowest unfinished part. `None` when the course is complete.
pub fn resume_part(progress: &[PartProgress]) -> Option<u8> {
    let mut sorted = progress.to_vec();
    sorted.sort_by_key(|p| p.number);
    let first_open = sorted.iter().find(|p| !p.finished())?.number;
    let Some(last) = sorted.iter().rev().find(|p| p.lesson_done) else {
        return Some(first_open);
    };
    if !last.finished() {
        return Some(last.number);
    }
    let after = sorted
        .iter()
        .find(|p| p.number > last.number && !p.finished())
        .map(|p| p.number);
    Some(after.unwrap_or(first_open))
}
