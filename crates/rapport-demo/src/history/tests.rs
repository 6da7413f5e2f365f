//! Tests of the demo history: determinism, the invariants the store relies
//! on, rough proportions, and companies too small to have much history.

use super::*;
use crate::{DEFAULT_PEOPLE, DEFAULT_SEED, generate};
use rapport_core::Role;
use std::collections::BTreeSet;

fn demo(people: usize, seed: u64) -> (DemoOrg, DemoHistory) {
    let org = generate(seed, people);
    let history = history(&org, seed);
    (org, history)
}

/// Checks everything that must hold for any company and seed.
fn assert_valid(org: &DemoOrg, h: &DemoHistory) {
    let n = org.people.len();
    for (i, d) in h.delegations.iter().enumerate() {
        assert!(d.from < n && d.to < n && d.from != d.to, "{i}: from/to");
        assert!(["small", "medium", "large"].contains(&d.stakes));
        assert!(["proposed", "accepted", "declined", "handed_back", "done"].contains(&d.status));
        assert!((0.0..=SPAN).contains(&d.created_days_ago), "{i}: created");
        assert!(!d.title.is_empty() && !d.title.contains('{') && !d.details.contains('{'));
        assert_eq!(
            d.outcome.is_some(),
            d.status == "done",
            "{i}: outcome iff done"
        );
        assert!(
            d.outcome
                .is_none_or(|o| ["delivered", "partly", "missed"].contains(&o))
        );
        let ended = ["declined", "handed_back", "done"].contains(&d.status);
        assert_eq!(
            d.completed_days_ago.is_some(),
            ended,
            "{i}: completed iff ended"
        );
        if let Some(at) = d.completed_days_ago {
            assert!(
                at >= 0.0 && at < d.created_days_ago,
                "{i}: ended between creation and now"
            );
        }
        let notes = [&d.from_note, &d.to_note, &d.dispute_note];
        assert!(notes.iter().all(|n| !n.contains('{')), "{i}: notes filled");
        if let Some(due) = d.due_days_ago {
            assert!(due < d.created_days_ago, "{i}: due after creation");
        }
        if d.disputed {
            assert!(matches!(d.outcome, Some("partly" | "missed")) && !d.dispute_note.is_empty());
        }
        if let Some(m) = d.second_chance_of {
            assert!(m < i, "{i}: a second chance follows an earlier delegation");
            let miss = &h.delegations[m];
            assert_eq!(
                (miss.from, miss.to, miss.outcome),
                (d.from, d.to, Some("missed"))
            );
            let missed_at = miss.completed_days_ago.unwrap_or(0.0);
            assert!(
                d.created_days_ago < missed_at,
                "{i}: created after the miss"
            );
        }
    }
    for (i, r) in h.help.iter().enumerate() {
        assert!(r.asker < n && org.skills.contains(&r.skill));
        assert!(["org", "team"].contains(&r.audience));
        assert!(!r.text.contains('{') && !r.offer_text.contains('{'));
        assert!(["open", "accepted", "resolved"].contains(&r.status));
        assert!((0.0..=SPAN).contains(&r.created_days_ago));
        assert_eq!(
            r.helped.is_some(),
            r.status == "resolved",
            "{i}: helped iff resolved"
        );
        assert_eq!(r.resolved_days_ago.is_some(), r.status == "resolved");
        if let Some(at) = r.resolved_days_ago {
            assert!(at >= 0.0 && at < r.created_days_ago);
        }
        match r.helper {
            Some(p) => {
                assert!(
                    p != r.asker && org.people[p].strengths.contains(&r.skill),
                    "{i}: helper"
                );
                assert!(!r.offer_text.is_empty());
                if r.audience == "team" {
                    assert_eq!(org.people[p].team, org.people[r.asker].team);
                }
            }
            None => assert_eq!(r.status, "open", "{i}: no helper only while open"),
        }
    }
    for t in &h.thanks {
        assert!(t.from < n && t.to < n && t.from != t.to && !t.message.contains('{'));
        assert!(["private", "team"].contains(&t.visibility) && t.days_ago >= 0.0);
        if let Some(d) = t.delegation.map(|d| &h.delegations[d]) {
            assert_eq!((d.from, d.to, d.outcome), (t.from, t.to, Some("delivered")));
            assert!(d.completed_days_ago.is_some_and(|at| t.days_ago <= at));
        }
        if let Some(r) = t.help.map(|r| &h.help[r]) {
            assert_eq!(
                (r.asker, r.helper, r.helped),
                (t.from, Some(t.to), Some(true))
            );
        }
    }
}

/// The same company and seed give the same history; another seed another one.
#[test]
fn the_same_company_and_seed_give_the_same_history() {
    let (org, first) = demo(DEFAULT_PEOPLE, DEFAULT_SEED);
    assert_eq!(first, history(&org, DEFAULT_SEED));
    assert_ne!(first, history(&org, DEFAULT_SEED + 1));
}

/// Every delegation, help request and thanks keeps the invariants the store relies on.
#[test]
fn every_item_keeps_its_invariants_for_many_seeds() {
    for seed in 0..8 {
        for people in [3, 12, 40, 120, 300] {
            let (org, h) = demo(people, seed);
            assert_valid(&org, &h);
        }
    }
}

/// Misses are often followed by a second chance, which is mostly delivered.
#[test]
fn misses_get_second_chances_that_mostly_land() {
    let (_, h) = demo(1_000, 7);
    let misses = h
        .delegations
        .iter()
        .filter(|d| d.outcome == Some("missed"))
        .count();
    let chances: Vec<_> = h
        .delegations
        .iter()
        .filter(|d| d.second_chance_of.is_some())
        .collect();
    assert!(
        chances.len() * 10 >= misses * 4,
        "{} chances after {misses} misses",
        chances.len()
    );
    let done = chances.iter().filter(|d| d.outcome.is_some()).count();
    let delivered = chances
        .iter()
        .filter(|d| d.outcome == Some("delivered"))
        .count();
    assert!(
        delivered * 10 >= done * 8,
        "{delivered} of {done} second chances delivered"
    );
}

/// The last two weeks hold open items: things to answer, things due soon, things
/// a little overdue (never long overdue: by then an outcome is recorded).
#[test]
fn the_last_two_weeks_hold_what_needs_someone() {
    let (org, h) = demo(DEFAULT_PEOPLE, DEFAULT_SEED);
    let open = |status: &'static str| h.delegations.iter().filter(move |d| d.status == status);
    assert!(open("proposed").count() >= 5);
    assert!(
        open("proposed")
            .chain(open("accepted"))
            .all(|d| d.due_days_ago.is_none_or(|due| due < 7.0))
    );
    assert!(open("proposed").all(|d| d.created_days_ago <= RECENT));
    assert!(open("accepted").any(|d| d.due_days_ago.is_some_and(|due| due < 0.0)));
    assert!(open("accepted").any(|d| d.due_days_ago.is_some_and(|due| due > 0.0)));
    assert!(h.help.iter().any(|r| r.status == "open"));
    for role in Role::ALL {
        let me = org.featured(role);
        let incoming = |status| open(status).any(|d| Some(d.to) == me);
        assert!(
            incoming("proposed") && incoming("accepted"),
            "{role:?} has work waiting"
        );
    }
}

/// Outcomes are mostly delivered; partly, missed, declines and hand-backs are a minority.
#[test]
fn outcomes_have_believable_proportions() {
    let (org, h) = demo(2_000, 3);
    let share = |f: &dyn Fn(&DemoDelegation) -> bool, of: &dyn Fn(&DemoDelegation) -> bool| {
        let base: Vec<_> = h.delegations.iter().filter(|d| of(d)).collect();
        base.iter().filter(|d| f(d)).count() as f64 / base.len() as f64
    };
    let done = |d: &DemoDelegation| d.status == "done";
    let ended = |d: &DemoDelegation| d.completed_days_ago.is_some();
    let delivered = share(&|d| d.outcome == Some("delivered"), &done);
    let partly = share(&|d| d.outcome == Some("partly"), &done);
    let missed = share(&|d| d.outcome == Some("missed"), &done);
    assert!((0.74..0.86).contains(&delivered), "delivered {delivered}");
    assert!((0.06..0.14).contains(&partly), "partly {partly}");
    assert!((0.06..0.14).contains(&missed), "missed {missed}");
    assert!((0.03..0.08).contains(&share(&|d| d.status == "declined", &ended)));
    assert!((0.015..0.05).contains(&share(&|d| d.status == "handed_back", &ended)));
    assert!((0.01..0.12).contains(&share(&|d| d.stretch, &done)));
    let per_person = h.delegations.len() as f64 / org.people.len() as f64;
    assert!(
        (5.0..10.0).contains(&per_person),
        "{per_person} delegations a person"
    );
    let help_per_person = h.help.len() as f64 / org.people.len() as f64;
    assert!(
        (2.0..4.0).contains(&help_per_person),
        "{help_per_person} help a person"
    );
    let resolved: Vec<_> = h.help.iter().filter_map(|r| r.helped).collect();
    let helped = resolved.iter().filter(|&&x| x).count() as f64 / resolved.len() as f64;
    assert!((0.8..0.9).contains(&helped), "helped {helped}");
    let team = h.thanks.iter().filter(|t| t.visibility == "team").count() as f64;
    assert!((0.22..0.38).contains(&(team / h.thanks.len() as f64)));
}

/// A company of 120 has 600 to 1,200 delegations, some people delegating far more than others.
#[test]
fn a_default_company_has_a_heavy_tailed_history_of_the_right_size() {
    let (org, h) = demo(DEFAULT_PEOPLE, DEFAULT_SEED);
    assert!(
        (600..=1_200).contains(&h.delegations.len()),
        "{}",
        h.delegations.len()
    );
    let mut counts = vec![0usize; org.people.len()];
    h.delegations.iter().for_each(|d| counts[d.from] += 1);
    counts.sort_unstable();
    assert!(
        counts[counts.len() - 1] >= 4 * counts[counts.len() / 2].max(1),
        "{counts:?}"
    );
    assert!(counts[0] <= 2, "someone rarely delegates");
    let cross = h
        .delegations
        .iter()
        .filter(|d| org.people[d.from].team != org.people[d.to].team);
    let cross = cross.count() as f64 / h.delegations.len() as f64;
    assert!((0.1..0.6).contains(&cross), "across teams {cross}");
    let titles: BTreeSet<_> = h.delegations.iter().map(|d| &d.title).collect();
    assert!(
        titles.len() * 5 >= h.delegations.len() * 2,
        "{} distinct titles",
        titles.len()
    );
}

/// Companies of 0, 1, 2 and 5 people work; one person alone delegates nothing.
#[test]
fn tiny_companies_work_without_panicking() {
    for people in [0, 1, 2, 5] {
        for seed in 0..20 {
            let (org, h) = demo(people, seed);
            assert_valid(&org, &h);
            if people < 2 {
                assert!(h.delegations.is_empty() && h.thanks.is_empty());
            }
        }
    }
}

/// What each person's picture can show: of the colleagues they share an
/// outcome with (either way), the share they hold evidence about
/// themselves (an outcome of what they delegated, help they marked as
/// helpful). The trust-picture issue asks for 60% for a typical member;
/// the demo's accounts are measured in the app, check-ins included
/// (`tests/api/demo.rs`).
#[test]
fn most_shared_histories_give_each_side_a_picture() {
    let (org, h) = demo(DEFAULT_PEOPLE, DEFAULT_SEED);
    let n = org.people.len();
    let mut shared = vec![BTreeSet::new(); n];
    let mut mine = vec![BTreeSet::new(); n];
    for d in h
        .delegations
        .iter()
        .filter(|d| d.outcome.is_some() && !d.disputed)
    {
        shared[d.from].insert(d.to);
        shared[d.to].insert(d.from);
        mine[d.from].insert(d.to);
    }
    for help in &h.help {
        if let (Some(helper), Some(true)) = (help.helper, help.helped) {
            shared[help.asker].insert(helper);
            shared[helper].insert(help.asker);
            mine[help.asker].insert(helper);
        }
    }
    let share = |p: usize| mine[p].len() as f64 / shared[p].len().max(1) as f64;
    let mut shares: Vec<f64> = (0..n)
        .filter(|&p| !shared[p].is_empty())
        .map(share)
        .collect();
    shares.sort_by(f64::total_cmp);
    let median = shares[shares.len() / 2];
    eprintln!(
        "median {median:.2}, quartiles {:.2} {:.2}",
        shares[shares.len() / 4],
        shares[3 * shares.len() / 4]
    );
    assert!(
        median >= 0.6,
        "median person sees {median:.2} of their shared histories"
    );
}
