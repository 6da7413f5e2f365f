//! Which course part fits someone's pattern, and why, in plain words.
//!
//! The reason speaks of what happened ("no help asked lately"), never of
//! the person ("you don't trust people"): it is shown to them, and a
//! judgment would put them off the very practice it suggests.

use serde::{Deserialize, Serialize};

/// Fewer partners than this is "few"; this many or more is "several".
pub const FEW_PARTNERS: u32 = 3;

/// A person's own figures, computed by the app from their events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternFigures {
    /// Trust they extended (delegations, asks) against the organization's median.
    pub volume_ratio: f64,
    /// Help requests they made in the last 90 days.
    pub asks_90d: u32,
    /// Colleagues they worked with (either direction).
    pub partners: u32,
    /// Misses they saw that were not followed by a second chance.
    pub misses_without_second_chance: u32,
    /// Check-ins they started or answered.
    pub check_ins: u32,
    /// Parts whose lesson and practice they finished.
    pub completed_parts: Vec<u8>,
}

/// The part to recommend and the reason, or `None` when no pattern calls
/// for a part not yet completed. Priority, first match wins: a miss with
/// no second chance (part 3: it is the most time-sensitive, the chance is
/// best given soon), rarely relying on others (part 2), no help asked
/// (part 4), several partners and no check-in (part 5), few partners
/// (part 1).
pub fn recommend_part(p: &PatternFigures) -> Option<(u8, String)> {
    let rules: [(bool, u8, &str); 5] = [
        (
            p.misses_without_second_chance > 0,
            3,
            "A task that was missed has not had a second chance yet. Part 3 is about giving \
             one, starting small.",
        ),
        (
            p.volume_ratio < 0.5,
            2,
            "Lately, fewer tasks and favors have gone to colleagues than is usual here. Part 2 \
             is about being the first to trust with a small ask.",
        ),
        (
            p.asks_90d == 0,
            4,
            "No help has been asked for in the last 90 days. Part 4 is about how asking \
             \"can you help me?\" lets others trust you.",
        ),
        (
            p.partners >= FEW_PARTNERS && p.check_ins == 0,
            5,
            "You work with several colleagues and no check-in has been started yet. Part 5 is \
             about asking for the other person's view of the relationship.",
        ),
        (
            p.partners < FEW_PARTNERS,
            1,
            "Your work has involved only a few colleagues so far. Part 1 is about getting to \
             know people and thanking them.",
        ),
    ];
    rules
        .into_iter()
        .find(|(applies, part, _)| *applies && !p.completed_parts.contains(part))
        .map(|(_, part, reason)| (part, reason.to_string()))
}
