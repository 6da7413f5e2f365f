//! Which candidates a person is shown, within a weekly budget, given what
//! they were shown before and what they did with it.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::nudge::Nudge;
use crate::trust::Time;

/// Distinct nudges a person is shown in a week, unless the organization
/// sets another: a few suggestions get acted on, a list gets ignored.
pub const DEFAULT_WEEKLY_LIMIT: usize = 3;

const WEEK: u32 = 7 * 1440;
/// Weeks start on Mondays at 00:00 UTC: 1970-01-05 is the first Monday.
const FIRST_MONDAY: u32 = 4 * 1440;

/// What the person did with a nudge they were shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum IssuedState {
    Open,
    Done,
    Dismissed,
    Snoozed { until: Time },
}

/// A nudge the application stored when it was first shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    pub key: String,
    pub first_shown_at: Time,
    pub state: IssuedState,
}

/// What to show now, and which of those are shown for the first time (the
/// application stores them as [`Issued`] with `first_shown_at = now`).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection<P, S> {
    pub show: Vec<Nudge<P, S>>,
    pub newly_issued: Vec<String>,
}

/// The start of the week `now` falls in (Monday 00:00 UTC).
pub fn week_start(now: Time) -> Time {
    if now.0 < FIRST_MONDAY {
        return Time(0);
    }
    Time(now.0 - (now.0 - FIRST_MONDAY) % WEEK)
}

/// Picks what to show from `candidates` (in their priority order):
///
/// - a dismissed or done key is never shown again. Kinds that recur build
///   a new key for each occurrence (a `reconnect` names the last
///   interaction, a `check_in` the last check-in, a `meet` its proposal),
///   so "done" ends this occurrence only;
/// - a snoozed key is hidden until `until`, then is open again;
/// - an issued key with no candidate any more (the viewer has since relied
///   on that teammate, say) is not shown;
/// - open issued ones are shown first; those first shown this week are
///   already in this week's count, those carried over from an earlier
///   week count when shown again; new ones fill what is left of
///   `weekly_limit` distinct nudges this week.
///
/// The application keeps one [`Issued`] per key; if it passes several, the
/// first wins.
pub fn select<P, S>(
    candidates: Vec<Nudge<P, S>>,
    issued: &[Issued],
    now: Time,
    weekly_limit: usize,
) -> Selection<P, S> {
    let week = week_start(now);
    let mut by_key: FxHashMap<&str, &Issued> = FxHashMap::default();
    for i in issued {
        by_key.entry(i.key.as_str()).or_insert(i);
    }
    let this_week: FxHashSet<&str> = by_key
        .values()
        .filter(|i| i.first_shown_at >= week)
        .map(|i| i.key.as_str())
        .collect();
    let mut budget = weekly_limit.saturating_sub(this_week.len());
    let (mut show, mut carried, mut fresh) = (Vec::new(), Vec::new(), Vec::new());
    for c in candidates {
        match by_key.get(c.key.as_str()) {
            None => fresh.push(c),
            Some(i) => match i.state {
                IssuedState::Done | IssuedState::Dismissed => {}
                IssuedState::Snoozed { until } if until > now => {}
                IssuedState::Open | IssuedState::Snoozed { .. } => {
                    if i.first_shown_at >= week {
                        show.push(c);
                    } else {
                        carried.push(c);
                    }
                }
            },
        }
    }
    for c in carried {
        if budget == 0 {
            break;
        }
        show.push(c);
        budget -= 1;
    }
    let mut newly_issued = Vec::new();
    for c in fresh {
        if budget == 0 {
            break;
        }
        if newly_issued.contains(&c.key) {
            continue; // one key, one nudge
        }
        newly_issued.push(c.key.clone());
        show.push(c);
        budget -= 1;
    }
    Selection { show, newly_issued }
}
