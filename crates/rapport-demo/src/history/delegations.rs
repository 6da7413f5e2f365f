//! The delegations of the demo history: who asks whom, for what, and how it ends.

use super::super::history_words::*;
use super::super::{DemoRng, below, pick};
use super::{DemoDelegation, DemoHelp, MAX_DELEGATIONS, RECENT, SPAN, World, fill};
use rand::Rng;
use rapport_core::Role;

impl World<'_> {
    /// The delegations `from` starts: a heavy-tailed number, managers more,
    /// mostly to a few favourite colleagues; sometimes one open right now.
    pub(super) fn delegations_of(
        &self,
        rng: &mut DemoRng,
        from: usize,
        out: &mut Vec<DemoDelegation>,
    ) {
        let manages = if self.reports[from].is_empty() {
            1.0
        } else {
            1.8
        };
        let tail = (1.0 - rng.gen_range(0.0..1.0f64)).powf(-0.6);
        let activity = 2.6 * (tail - 0.7) * manages + rng.gen_range(0.0..1.0);
        let count = activity.floor().min(MAX_DELEGATIONS) as u32;
        // One to three colleagues `from` turns to most (no allocation: this runs per person).
        let mut favourites = [0usize; 3];
        let circle = 1 + rng.gen_range(0u32..3) as usize;
        for slot in &mut favourites[..circle] {
            // `delegate_for` is `None` only for a company of one, which has no delegations.
            *slot = self.delegate_for(rng, from).unwrap_or(from);
        }
        for _ in 0..count {
            let to = match self.delegate_for(rng, from) {
                Some(_) if rng.gen_bool(0.6) => pick(rng, &favourites[..circle]),
                Some(to) => to,
                None => return,
            };
            let stakes = match rng.gen_range(0u32..100) {
                0..=54 => "small",
                55..=89 => "medium",
                _ => "large",
            };
            let created = rng.gen_range(0.2..SPAN);
            out.push(self.delegation(rng, from, to, created, stakes, None));
        }
        if rng.gen_bool(0.2)
            && let Some(to) = self.delegate_for(rng, from)
        {
            let proposed = rng.gen_bool(0.5);
            out.push(self.open(rng, from, to, proposed));
        }
    }

    /// The first admin, lead and member (the accounts the demo suggests)
    /// each have something to answer, something due and something asked.
    pub(super) fn spotlight(&self, rng: &mut DemoRng, out: &mut Vec<DemoDelegation>) {
        for role in Role::ALL {
            let Some(me) = self.org.featured(role) else {
                continue;
            };
            let asker = self.org.people[me]
                .manager
                .or_else(|| self.delegate_for(rng, me));
            let colleague = self.delegate_for(rng, me);
            if let (Some(a), Some(c)) = (asker, colleague) {
                out.push(self.open(rng, a, me, true));
                out.push(self.open(rng, c, me, false));
                out.push(self.open(rng, me, c, true));
            }
        }
    }

    /// After a miss, often a second chance 1-4 weeks later, no larger.
    /// Walks the list as it grows, so a missed second chance may get another.
    pub(super) fn second_chances(&self, rng: &mut DemoRng, out: &mut Vec<DemoDelegation>) {
        let mut i = 0;
        while i < out.len() {
            let d = &out[i];
            if let (Some("missed"), Some(missed_at)) = (d.outcome, d.completed_days_ago) {
                let created = missed_at - rng.gen_range(7.0..28.0);
                if rng.gen_bool(0.6) && created > 0.1 {
                    let stakes = match (d.stakes, rng.gen_range(0u32..10)) {
                        ("large", 0..=2) => "large",
                        ("large", 3..=6) | ("medium", 0..=3) => "medium",
                        _ => "small",
                    };
                    let (from, to) = (d.from, d.to);
                    let next = self.delegation(rng, from, to, created, stakes, Some(i));
                    out.push(next);
                }
            }
            i += 1;
        }
    }

    /// Trust is returned: after a delegation ends with an outcome, the
    /// delegate often asks the delegator for something in turn a few days
    /// to weeks later; after help that helped, the helper sometimes asks
    /// the one they helped. So most pairs have a history both ways, and
    /// each side a picture of the other.
    pub(super) fn returned_favours(
        &self,
        rng: &mut DemoRng,
        help: &[DemoHelp],
        out: &mut Vec<DemoDelegation>,
    ) {
        let ended: Vec<(usize, usize, f64, f64)> = out
            .iter()
            .filter_map(|d| {
                Some((d.to, d.from, d.completed_days_ago?, 0.75)).filter(|_| d.outcome.is_some())
            })
            .chain(
                help.iter()
                    .filter_map(|h| match (h.helper, h.helped, h.resolved_days_ago) {
                        (Some(helper), Some(true), Some(at)) => Some((helper, h.asker, at, 0.5)),
                        _ => None,
                    }),
            )
            .collect();
        for (from, to, done, chance) in ended {
            let created = done - rng.gen_range(2.0..30.0);
            if rng.gen_bool(chance) && created > 0.2 {
                let stakes = if rng.gen_bool(0.7) { "small" } else { "medium" };
                out.push(self.delegation(rng, from, to, created, stakes, None));
            }
        }
    }

    /// A delegation's words and dates, still to be given its fate.
    fn base(
        &self,
        rng: &mut DemoRng,
        from: usize,
        to: usize,
        stakes: &'static str,
    ) -> DemoDelegation {
        let (from_team, to_team) = (self.org.people[from].team, self.org.people[to].team);
        let team = if from_team == to_team || rng.gen_bool(0.5) {
            from_team
        } else {
            to_team
        };
        let area = self.area[team];
        let task = &area.tasks[below(rng, area.tasks.len())];
        let name = &self.org.teams[team].name;
        let q = pick(rng, QUARTERS);
        let words = [("team", name.as_str()), ("q", q)];
        let title = fill(&[pick(rng, task.verbs), pick(rng, task.objects)], &words);
        // Many real asks carry no details; an empty string costs no allocation.
        let details = match rng.gen_range(0u32..10) {
            0..=3 => String::new(),
            4..=5 => fill(&[pick(rng, WHY)], &words),
            _ => fill(&[pick(rng, WHY), pick(rng, ASK)], &words),
        };
        DemoDelegation {
            from,
            to,
            title,
            details,
            stakes,
            created_days_ago: 0.0,
            due_days_ago: None,
            status: "proposed",
            stretch: false,
            outcome: None,
            completed_days_ago: None,
            from_note: String::new(),
            to_note: String::new(),
            disputed: false,
            dispute_note: String::new(),
            second_chance_of: None,
        }
    }

    /// A delegation created `created` days ago, played out to now: answered,
    /// then declined, handed back or done, unless that is still to come.
    fn delegation(
        &self,
        rng: &mut DemoRng,
        from: usize,
        to: usize,
        created: f64,
        stakes: &'static str,
        link: Option<usize>,
    ) -> DemoDelegation {
        let mut d = self.base(rng, from, to, stakes);
        let length = match stakes {
            "small" => rng.gen_range(2.0..7.0),
            "medium" => rng.gen_range(5.0..14.0),
            _ => rng.gen_range(10.0..28.0),
        };
        let answered = created - length * rng.gen_range(0.02..0.2);
        let stretch = link.is_none() && rng.gen_bool(if stakes == "small" { 0.02 } else { 0.1 });
        let roll = rng.gen_range(0u32..1000);
        let (status, outcome, ended) = if roll < 50 {
            ("declined", None, answered)
        } else if roll < 80 {
            (
                "handed_back",
                None,
                created - length * rng.gen_range(0.3..0.8),
            )
        } else {
            let (partly, missed) = match (link, stretch) {
                (Some(_), _) => (70, 40),
                (None, true) => (150, 220),
                (None, false) => (100, 95),
            };
            let roll = rng.gen_range(0u32..1000);
            let (outcome, at) = if roll < missed {
                ("missed", created - length - rng.gen_range(0.5..6.0))
            } else if roll < missed + partly {
                ("partly", created - length * rng.gen_range(0.85..1.2))
            } else {
                ("delivered", created - length * rng.gen_range(0.5..1.05))
            };
            ("done", Some(outcome), at)
        };
        d.created_days_ago = created;
        d.due_days_ago = (link.is_some() || rng.gen_bool(0.85)).then_some(created - length);
        d.second_chance_of = link;
        if ended < 0.0 {
            d.status = if answered < 0.0 {
                "proposed"
            } else {
                "accepted"
            };
            d.stretch = stretch && answered >= 0.0;
            return d;
        }
        (d.status, d.outcome, d.completed_days_ago) = (status, outcome, Some(ended));
        d.stretch = stretch && status != "declined";
        self.notes(rng, &mut d);
        d
    }

    /// Something open now: just proposed, or accepted and due within days
    /// (or a little overdue).
    fn open(&self, rng: &mut DemoRng, from: usize, to: usize, proposed: bool) -> DemoDelegation {
        let stakes = if rng.gen_bool(0.7) { "small" } else { "medium" };
        let mut d = self.base(rng, from, to, stakes);
        if proposed {
            d.created_days_ago = rng.gen_range(0.1..3.0);
            d.due_days_ago = Some(d.created_days_ago - rng.gen_range(4.0..12.0));
        } else {
            d.status = "accepted";
            d.created_days_ago = rng.gen_range(3.0..RECENT - 2.0);
            d.due_days_ago = Some(rng.gen_range(-5.0..2.5));
            d.stretch = rng.gen_bool(0.1);
        }
        d
    }

    /// What each side wrote afterwards, and the rare dispute.
    fn notes(&self, rng: &mut DemoRng, d: &mut DemoDelegation) {
        let team = &self.org.teams[self.org.people[d.to].team].name;
        let words = [("team", team.as_str())];
        let (from, to, from_p, to_p) = match (d.status, d.outcome) {
            ("declined", _) => (FROM_DELIVERED, TO_DECLINED, 0.0, 0.8),
            ("handed_back", _) => (FROM_DELIVERED, TO_HANDED_BACK, 0.0, 1.0),
            (_, Some("missed")) => (FROM_MISSED, TO_MISSED, 0.6, 0.7),
            (_, Some("partly")) => (FROM_PARTLY, TO_PARTLY, 0.7, 0.5),
            _ => (FROM_DELIVERED, TO_DELIVERED, 0.4, 0.2),
        };
        if rng.gen_bool(from_p) {
            d.from_note = pick(rng, from).to_string();
        }
        if rng.gen_bool(to_p) {
            d.to_note = fill(&[pick(rng, to)], &words);
        }
        if matches!(d.outcome, Some("missed" | "partly")) && rng.gen_bool(0.12) {
            d.disputed = true;
            d.dispute_note = pick(rng, DISPUTES).to_string();
        }
    }
}
