//! Something to talk about when two people are introduced, from their
//! skills: plain data in, skill ids out; the caller maps ids to names.

use serde::{Deserialize, Serialize};

use crate::nudges::Profile;

/// At most this many topics: a conversation starter, not an agenda.
pub const MAX_TOPICS: usize = 5;

/// Why a skill is a topic, from the point of view of the pair `(a, b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicKind {
    /// `a` is strong in what `b` wants to grow in.
    AHelpsB,
    /// `b` is strong in what `a` wants to grow in.
    BHelpsA,
    /// Both are strong in it.
    SharedStrength,
    /// Only `a` is strong in it.
    AStrength,
    /// Only `b` is strong in it.
    BStrength,
}

/// One thing to talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic<S> {
    pub kind: TopicKind,
    pub skill: S,
}

/// Topics for `a` and `b`: first where one can help the other grow (the
/// most useful, and it works both ways), then shared strengths, then each
/// one's other strengths; each skill once, in skill order within a kind,
/// at most [`MAX_TOPICS`]. Growth areas are the shared ones only.
pub fn topics<S: Copy + Ord>(a: &Profile<S>, b: &Profile<S>) -> Vec<Topic<S>> {
    let has = |list: &[S], s: S| list.contains(&s);
    let mut out: Vec<Topic<S>> = Vec::new();
    let mut push = |kind, skill| {
        if !out.iter().any(|t: &Topic<S>| t.skill == skill) {
            out.push(Topic { kind, skill });
        }
    };
    let (mut sa, mut sb) = (a.strengths.clone(), b.strengths.clone());
    sa.sort_unstable();
    sa.dedup();
    sb.sort_unstable();
    sb.dedup();
    for &s in &sa {
        if has(&b.shared_growth, s) && !has(&sb, s) {
            push(TopicKind::AHelpsB, s);
        }
    }
    for &s in &sb {
        if has(&a.shared_growth, s) && !has(&sa, s) {
            push(TopicKind::BHelpsA, s);
        }
    }
    for &s in &sa {
        if has(&sb, s) {
            push(TopicKind::SharedStrength, s);
        }
    }
    for &s in &sa {
        push(TopicKind::AStrength, s);
    }
    for &s in &sb {
        push(TopicKind::BStrength, s);
    }
    out.sort_by_key(|t| t.kind); // stable: skill order stays within a kind
    out.truncate(MAX_TOPICS);
    out
}
