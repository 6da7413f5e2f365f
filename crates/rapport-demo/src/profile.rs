//! A demo person's profile: "get to know me", "how I work", strengths and
//! growth areas, composed from fragments so that no two read alike.

use super::chart_words::{COMMON_GROWTH, LEAD_SKILLS, SKILLS};
use super::profile_words::*;
use super::{DemoRng, pick};
use rand::Rng;

/// Share of growth areas a person shares for matching.
const SHARED_GROWTH: f64 = 0.7;

/// One or two short sentences about interests outside work.
pub(super) fn about(rng: &mut DemoRng) -> String {
    let mut text = format!("{} {}.", pick(rng, HOBBY_OPENINGS), pick(rng, HOBBIES));
    if rng.gen_bool(0.7) {
        let second = match rng.gen_range(0u32..5) {
            0 => format!("Ask me about {}.", pick(rng, TOPICS)),
            1 => format!("Happy to chat about {} any time.", pick(rng, TOPICS)),
            2 => format!("I can talk for hours about {}.", pick(rng, TOPICS)),
            3 => format!("I'm currently learning {}.", pick(rng, LEARNING)),
            _ => format!("I share my home with {}.", pick(rng, PETS)),
        };
        text.push(' ');
        text.push_str(&second);
    }
    text
}

/// How someone likes to be reached and when they focus.
pub(super) fn how_i_work(rng: &mut DemoRng) -> String {
    let mut text = format!("{}; {}.", pick(rng, COMMUNICATION), pick(rng, FOCUS));
    if rng.gen_bool(0.5) {
        text.push(' ');
        text.push_str(pick(rng, WORK_EXTRAS));
    }
    text
}

/// Where a person's strengths come from: their team's focus, their
/// department's skills, and whether they lead.
pub(super) struct SkillSource {
    pub focus: &'static [&'static str],
    pub pool: &'static [&'static str],
    pub leads: bool,
}

/// Two to four distinct strengths that fit the person's work.
pub(super) fn strengths(rng: &mut DemoRng, source: &SkillSource) -> Vec<&'static str> {
    let count = rng.gen_range(2u32..=4) as usize;
    let mut out = Vec::with_capacity(count);
    if source.leads {
        push_distinct(rng, &mut out, LEAD_SKILLS, 1, &[]);
    }
    if !source.focus.is_empty() {
        let target = out.len() + 1;
        push_distinct(rng, &mut out, source.focus, target, &[]);
    }
    push_distinct(rng, &mut out, source.pool, count, &[]);
    out
}

/// One or two growth areas, never among the person's strengths; most are
/// shared so that colleagues can offer help.
pub(super) fn growth_areas(
    rng: &mut DemoRng,
    pool: &'static [&'static str],
    strengths: &[&'static str],
) -> Vec<(String, bool)> {
    let count = rng.gen_range(1u32..=2) as usize;
    let mut chosen = Vec::with_capacity(count);
    while chosen.len() < count {
        // Most want to grow in something everyone needs, some go deeper in
        // their own craft, a few look further afield.
        let from = match rng.gen_range(0u32..10) {
            0..=5 => COMMON_GROWTH,
            6..=8 => pool,
            _ => SKILLS,
        };
        let before = chosen.len();
        push_distinct(rng, &mut chosen, from, before + 1, strengths);
        if chosen.len() == before {
            // Every skill of that list is taken; the whole vocabulary is not.
            push_distinct(rng, &mut chosen, SKILLS, before + 1, strengths);
        }
        if chosen.len() == before {
            break;
        }
    }
    chosen
        .into_iter()
        .map(|skill| (skill.to_string(), rng.gen_bool(SHARED_GROWTH)))
        .collect()
}

/// Adds skills from `from` until `out` holds `target`, skipping any already
/// in `out` or in `avoid`. Tries a few random picks, then takes the first
/// free ones in order, so it ends even when `from` runs out.
fn push_distinct(
    rng: &mut DemoRng,
    out: &mut Vec<&'static str>,
    from: &'static [&'static str],
    target: usize,
    avoid: &[&'static str],
) {
    let free = |out: &Vec<&'static str>, s: &&'static str| !out.contains(s) && !avoid.contains(s);
    let mut tries = 0;
    while out.len() < target && tries < 12 && !from.is_empty() {
        let s = pick(rng, from);
        if free(out, &s) {
            out.push(s);
        }
        tries += 1;
    }
    for s in from {
        if out.len() >= target {
            break;
        }
        if free(out, s) {
            out.push(s);
        }
    }
}
