//! Builders for the nudge tests: a small organization and its events.

use rapport_core::nudges::*;
use rapport_core::trust::*;

/// The viewer, two teammates and someone from another team.
pub const ME: u32 = 1;
pub const MATE: u32 = 2;
pub const MATE2: u32 = 3;
pub const OTHER: u32 = 10;
/// A day well after the epoch, so that "90 days before" exists.
pub const T0: f64 = 20_000.0;

/// `d` days after `T0`.
pub fn day(d: f64) -> Time {
    Time::from_days(T0 + d)
}

pub fn ev(d: f64, from: u32, to: u32, kind: EventKind) -> Event<u32> {
    Event {
        at: day(d),
        from,
        to,
        kind,
    }
}

/// A delegation `id` from `from` to `to` ended with `outcome`.
pub fn done(d: f64, from: u32, to: u32, id: u64, outcome: Outcome) -> Event<u32> {
    linked(d, from, to, id, outcome, None)
}

pub fn linked(
    d: f64,
    from: u32,
    to: u32,
    id: u64,
    outcome: Outcome,
    second_chance_of: Option<u64>,
) -> Event<u32> {
    ev(
        d,
        from,
        to,
        EventKind::Completed {
            delegation: id.into(),
            stakes: Stakes::Small,
            outcome,
            stretch: false,
            second_chance_of: second_chance_of.map(DelegationRef::from),
        },
    )
}

/// Teams: ME, MATE, MATE2 in team 1, OTHER in team 2; no skills.
pub fn org() -> NudgeContext<u32, u32> {
    org_with(|_| Profile::default())
}

pub fn org_with(profile: impl Fn(u32) -> Profile<u32>) -> NudgeContext<u32, u32> {
    NudgeContext::new([ME, MATE, MATE2, OTHER].map(|p| PersonContext {
        person: p,
        team: Some(if p == OTHER { 2 } else { 1 }),
        profile: profile(p),
    }))
}

/// The nudges of `kind` for ME at `now`, as (subject, key).
pub fn of_kind(
    kind: NudgeKind,
    ctx: &NudgeContext<u32, u32>,
    events: &[Event<u32>],
    now: Time,
) -> Vec<Nudge<u32, u32>> {
    let facts = NudgeFacts::replay(events.iter().copied());
    candidates(ME, ctx, &facts, now)
        .into_iter()
        .filter(|n| n.kind == kind)
        .collect()
}

pub fn subjects(nudges: &[Nudge<u32, u32>]) -> Vec<u32> {
    nudges.iter().filter_map(|n| n.subject).collect()
}
