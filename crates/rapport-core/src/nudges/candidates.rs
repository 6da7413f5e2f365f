//! Which nudges a person could be shown now, each kind by its own rule.
//!
//! One pass over the viewer's own pairs (never all pairs), one over their
//! team, one look-up per shared growth area: the cost is the viewer's
//! degree plus their team's size.

use std::fmt::Display;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

use super::context::NudgeContext;
use super::facts::{NEVER, NudgeFacts};
use super::nudge::{Nudge, NudgeKind};
use crate::trust::{DelegationRef, Time};

const DAY: u32 = 1440;

/// At most this many candidates of each kind: the weekly budget is small,
/// and two of a kind already give the person a choice.
pub const PER_KIND: usize = 2;
/// A second chance is offered for this long after the miss is recorded:
/// long enough to find a fitting task, short enough that it is still about
/// that miss.
pub const SECOND_CHANCE_DAYS: u32 = 30;
/// "Often helps": at least this many helps marked "this helped" or
/// delegations delivered, toward the viewer.
pub const RECIPROCATE_MIN_HELPS: u8 = 2;
/// A strong tie, for reconnecting: this many interactions, both directions.
pub const RECONNECT_MIN_INTERACTIONS: u32 = 6;
/// …and none for this many days.
pub const RECONNECT_QUIET_DAYS: u32 = 45;
/// A busy relationship: recent activity (interactions decayed with a
/// two-week half-life) of at least this, about four in the last weeks.
pub const CHECK_IN_BUSY_ACTIVITY: f64 = 4.0;
/// …with no check-in revealed or started for this many days.
pub const CHECK_IN_QUIET_DAYS: u32 = 60;

/// Every nudge `viewer` could be shown at `now`, at most [`PER_KIND`] per
/// kind, sorted by kind priority (the order of [`NudgeKind`]) and, within
/// a kind, by its ranking:
///
/// - `second_chance`: latest miss first;
/// - `meet`: earliest proposal first;
/// - `check_in`: busiest relationship first;
/// - `reciprocate`: most helps first;
/// - `first_trust`: a stable per-viewer rotation of the team, so that a
///   team's newcomers are not all pointed at the same person;
/// - `ask_for_help`: growth areas in skill order, each with a colleague
///   picked by the same kind of rotation among those strong in it;
/// - `reconnect`: most interactions first.
///
/// Ties break on the subject. Same inputs, same output.
pub fn candidates<P, S>(
    viewer: P,
    ctx: &NudgeContext<P, S>,
    facts: &NudgeFacts<P>,
    now: Time,
) -> Vec<Nudge<P, S>>
where
    P: Copy + Eq + Hash + Ord + Display,
    S: Copy + Eq + Hash + Ord + Display,
{
    let mut out = Vec::new();
    let mut second: Vec<(u32, P, DelegationRef)> = Vec::new();
    let mut recip: Vec<(u8, P)> = Vec::new();
    let mut check: Vec<(f64, P, u32)> = Vec::new();
    let mut quiet: Vec<(u32, P, u32)> = Vec::new();
    let mut relied: FxHashSet<P> = FxHashSet::default();
    for (partner, pf, mine, slot) in facts.partners(viewer) {
        let (me, them) = (pf.sides[mine], pf.sides[1 - mine]);
        if me.last_relied != NEVER {
            relied.insert(partner);
        }
        if me.open_miss
            && let Some(m) = facts.misses.get(&(u64::from(slot) << 1 | mine as u64))
            && now.0 >= m.at
            && now.0 - m.at < SECOND_CHANCE_DAYS * DAY
        {
            second.push((m.at, partner, m.delegation));
        }
        if me.helped >= RECIPROCATE_MIN_HELPS && them.efforts == 0 {
            recip.push((me.helped, partner));
        }
        if pf.interactions >= RECONNECT_MIN_INTERACTIONS
            && now.minutes_since(Time(pf.last)) >= RECONNECT_QUIET_DAYS * DAY
        {
            quiet.push((pf.interactions, partner, pf.last));
        }
        let recent = |t: u32| t != NEVER && now.minutes_since(Time(t)) < CHECK_IN_QUIET_DAYS * DAY;
        let activity = pf.activity_at(now);
        if activity >= CHECK_IN_BUSY_ACTIVITY
            && !recent(pf.last_check_in)
            && !ctx
                .open_check_in(viewer, partner)
                .is_some_and(|t| recent(t.0))
        {
            check.push((activity, partner, pf.last_check_in));
        }
    }

    second.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(at, p, d) in second.iter().take(PER_KIND) {
        let mut n = nudge(
            NudgeKind::SecondChance,
            Some(p),
            format!("second_chance:{}", hex(d)),
        );
        n.since = Some(Time(at));
        n.delegation = Some(d);
        out.push(n);
    }

    let mut meet = ctx.introductions(viewer).to_vec();
    meet.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    meet.dedup();
    for &(p, at) in meet.iter().filter(|(p, _)| *p != viewer).take(PER_KIND) {
        let mut n = nudge(NudgeKind::Meet, Some(p), format!("meet:{p}:{}", at.0));
        n.since = Some(at);
        out.push(n);
    }

    check.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, p, last) in check.iter().take(PER_KIND) {
        let since = if last == NEVER {
            "none".to_owned()
        } else {
            last.to_string()
        };
        out.push(nudge(
            NudgeKind::CheckIn,
            Some(p),
            format!("check_in:{p}:{since}"),
        ));
    }

    recip.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, p) in recip.iter().take(PER_KIND) {
        out.push(nudge(
            NudgeKind::Reciprocate,
            Some(p),
            format!("reciprocate:{p}"),
        ));
    }

    if let Some(team) = ctx.team(viewer) {
        let mut fresh: Vec<(u64, P)> = ctx
            .members(team)
            .iter()
            .filter(|&&m| m != viewer && !relied.contains(&m))
            .map(|&m| (spread(&viewer, &m), m))
            .collect();
        let k = PER_KIND.min(fresh.len());
        if k > 0 {
            fresh.select_nth_unstable(k - 1);
            fresh[..k].sort_unstable();
        }
        for &(_, p) in &fresh[..k] {
            out.push(nudge(
                NudgeKind::FirstTrust,
                Some(p),
                format!("first_trust:{p}"),
            ));
        }
    }

    if let Some(profile) = ctx.profile(viewer) {
        let mut asked = 0;
        for &g in &profile.shared_growth {
            if asked == PER_KIND {
                break;
            }
            let Some(p) = rotate(ctx.holders(g), viewer, spread(&viewer, &g)) else {
                continue;
            };
            let mut n = nudge(NudgeKind::AskForHelp, Some(p), format!("ask_for_help:{g}"));
            n.skill = Some(g);
            out.push(n);
            asked += 1;
        }
    }

    quiet.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, p, last) in quiet.iter().take(PER_KIND) {
        let mut n = nudge(
            NudgeKind::Reconnect,
            Some(p),
            format!("reconnect:{p}:{last}"),
        );
        n.since = Some(Time(last));
        out.push(n);
    }

    if let Some(hint) = ctx.learn_hint(viewer) {
        let mut n = nudge(NudgeKind::Learn, None, format!("learn:part-{}", hint.part));
        n.learn = Some(hint.clone());
        out.push(n);
    }
    out
}

fn nudge<P, S>(kind: NudgeKind, subject: Option<P>, key: String) -> Nudge<P, S> {
    Nudge {
        kind,
        subject,
        key,
        skill: None,
        since: None,
        delegation: None,
        learn: None,
    }
}

/// The first of `sorted` from position `h mod len` on, skipping `viewer`.
fn rotate<P: Copy + Eq>(sorted: &[P], viewer: P, h: u64) -> Option<P> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let start = (h % n as u64) as usize;
    (0..n)
        .map(|k| sorted[(start + k) % n])
        .find(|&p| p != viewer)
}

/// A fixed hash of two values (FxHash is unseeded, so it is the same in
/// every process): a stable rotation that differs from viewer to viewer.
pub(crate) fn spread<A: Hash + ?Sized, B: Hash + ?Sized>(a: &A, b: &B) -> u64 {
    let mut h = FxHasher::default();
    a.hash(&mut h);
    b.hash(&mut h);
    mix(h.finish())
}

/// SplitMix64's finalizer, so that nearby ids land far apart.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn hex(d: DelegationRef) -> String {
    d.0.iter().map(|b| format!("{b:02x}")).collect()
}
