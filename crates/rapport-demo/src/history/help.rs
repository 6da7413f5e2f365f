//! Help requests and thanks of the demo history.

use super::super::history_words::*;
use super::super::{DemoRng, below, pick};
use super::{DemoHelp, DemoHistory, DemoThanks, RECENT, SPAN, World, fill};
use rand::Rng;

impl World<'_> {
    /// About one help request every two months, on a shared growth area
    /// (or, for someone sharing none, a topic outside their strengths).
    pub(super) fn help_of(&self, rng: &mut DemoRng, asker: usize, out: &mut Vec<DemoHelp>) {
        let person = &self.org.people[asker];
        // At most two growth areas (see `profile::growth_areas`); no allocation per person.
        let mut shared = [""; 2];
        let mut len = 0;
        for (area, _) in person.growth_areas.iter().filter(|g| g.1).take(2) {
            shared[len] = area.as_str();
            len += 1;
        }
        let shared = &shared[..len];
        let count = rng.gen_range(0u32..=if shared.is_empty() { 3 } else { 6 });
        for _ in 0..count {
            let skill = if shared.is_empty() {
                match self
                    .org
                    .skills
                    .get(below(rng, self.org.skills.len().max(1)))
                {
                    Some(s) if !person.strengths.contains(s) => s.as_str(),
                    _ => continue,
                }
            } else {
                pick(rng, shared)
            };
            let created = rng.gen_range(0.2..SPAN);
            let to_team = rng.gen_bool(0.35);
            let (helper, audience) = self.helper(rng, asker, skill, to_team);
            let offered = created - rng.gen_range(0.05..2.0);
            let resolved = offered - rng.gen_range(0.5..10.0);
            let waiting = created < RECENT && rng.gen_bool(0.25);
            let (status, helper, resolved_at) = match helper {
                Some(_) if offered < 0.0 || (waiting && rng.gen_bool(0.5)) => ("open", None, None),
                None => ("open", None, None),
                Some(h) if waiting => ("open", Some(h), None),
                Some(h) if resolved < 0.0 => ("accepted", Some(h), None),
                Some(h) => ("resolved", Some(h), Some(resolved)),
            };
            let topic = topic(skill);
            let words = [("skill", skill), ("topic", topic.as_str())];
            out.push(DemoHelp {
                asker,
                skill: skill.to_string(),
                audience,
                helper,
                status,
                text: fill(&[pick(rng, HELP_ASKS)], &words),
                offer_text: helper
                    .map(|_| fill(&[pick(rng, HELP_OFFERS)], &words))
                    .unwrap_or_default(),
                helped: resolved_at.map(|_| rng.gen_bool(0.85)),
                created_days_ago: created,
                resolved_days_ago: resolved_at,
            });
        }
    }

    /// Someone other than `asker` strong in `skill`: a teammate when the
    /// request goes to the team and one exists, else anyone in the company.
    fn helper(
        &self,
        rng: &mut DemoRng,
        asker: usize,
        skill: &str,
        team: bool,
    ) -> (Option<usize>, &'static str) {
        let strong_in =
            |p: &usize| *p != asker && self.org.people[*p].strengths.iter().any(|s| s == skill);
        if team {
            let mates = &self.members[self.org.people[asker].team];
            let count = mates.iter().filter(|p| strong_in(p)).count();
            if count > 0 {
                let k = below(rng, count);
                let mate = mates.iter().copied().filter(strong_in).nth(k);
                return (mate, "team");
            }
        }
        let pool = self
            .skill_index
            .get(skill)
            .map_or(&[][..], |&k| &self.strong[k][..]);
        for _ in 0..4 {
            if pool.is_empty() {
                break;
            }
            let p = pick(rng, pool);
            if p != asker {
                return (Some(p), "org");
            }
        }
        (None, "org")
    }

    /// Thanks after some delivered delegations and helpful help, and a few for no particular reason.
    pub(super) fn thanks(&self, rng: &mut DemoRng, out: &mut DemoHistory) {
        let people = &self.org.people;
        let first = |p: usize| people[p].name.split_whitespace().next().unwrap_or_default();
        let visibility = |rng: &mut DemoRng| if rng.gen_bool(0.3) { "team" } else { "private" };
        for (i, d) in out.delegations.iter().enumerate() {
            if let (Some("delivered"), Some(at)) = (d.outcome, d.completed_days_ago)
                && rng.gen_bool(0.3)
            {
                let team = &self.org.teams[people[d.to].team].name;
                let name = first(d.to);
                let words = [
                    ("title", d.title.as_str()),
                    ("team", team.as_str()),
                    ("name", name),
                ];
                let message = fill(&[pick(rng, THANKS_DELEGATION)], &words);
                let days_ago = (at - rng.gen_range(0.0..2.0)).max(0.0);
                out.thanks.push(DemoThanks {
                    from: d.from,
                    to: d.to,
                    message,
                    visibility: visibility(rng),
                    days_ago,
                    delegation: Some(i),
                    help: None,
                });
            }
        }
        for (i, h) in out.help.iter().enumerate() {
            if let (Some(true), Some(helper), Some(at)) = (h.helped, h.helper, h.resolved_days_ago)
                && rng.gen_bool(0.6)
            {
                let name = first(helper);
                let topic = topic(&h.skill);
                let words = [("topic", topic.as_str()), ("name", name)];
                let message = fill(&[pick(rng, THANKS_HELP)], &words);
                let days_ago = (at - rng.gen_range(0.0..1.0)).max(0.0);
                out.thanks.push(DemoThanks {
                    from: h.asker,
                    to: helper,
                    message,
                    visibility: visibility(rng),
                    days_ago,
                    delegation: None,
                    help: Some(i),
                });
            }
        }
        for from in 0..people.len() {
            if rng.gen_bool(0.15)
                && let Some(to) = self.delegate_for(rng, from)
            {
                let name = first(to);
                let message = fill(&[pick(rng, THANKS_PLAIN)], &[("name", name)]);
                let days_ago = rng.gen_range(0.0..SPAN);
                out.thanks.push(DemoThanks {
                    from,
                    to,
                    message,
                    visibility: visibility(rng),
                    days_ago,
                    delegation: None,
                    help: None,
                });
            }
        }
    }
}

/// A skill as written mid-sentence: "Public speaking" becomes "public
/// speaking"; "SQL" and proper nouns like "Rust" stay as they are.
fn topic(skill: &str) -> String {
    let mut chars = skill.chars();
    let acronym = skill.chars().nth(1).is_some_and(char::is_uppercase);
    match chars.next() {
        Some(first) if !acronym && !PROPER.contains(&skill) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => skill.to_string(),
    }
}
