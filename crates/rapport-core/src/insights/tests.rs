//! The counting rule and complementary suppression, as tables and as
//! properties over random organizations.

use super::suppress::{self, Cell, with_shown};
use super::*;
use proptest::prelude::*;

const NOW: i64 = 400 * DAY_MS;

fn act(from: u32, to: u32, kind: ActKind) -> Act<u32> {
    Act {
        from,
        to,
        kind,
        at: NOW - DAY_MS,
    }
}

/// People numbered from `first`, `n` of them, in `team`.
fn people(team: u32, first: u32, n: u32) -> Vec<(u32, Option<u32>)> {
    (first..first + n).map(|p| (p, Some(team))).collect()
}

fn run(teams: &[TeamNode<u32>], people: &[(u32, Option<u32>)], acts: &[Act<u32>]) -> Insights<u32> {
    compute(&Input {
        teams,
        people,
        acts,
        learners: &[],
        k: 5,
        now: NOW,
        days: 30,
    })
}

fn node(id: u32, parent: Option<u32>) -> TeamNode<u32> {
    TeamNode { id, parent }
}

/// A team below k shows no figure at all, and says it is suppressed.
#[test]
fn a_team_below_k_shows_nothing() {
    let teams = [node(1, None), node(2, None)];
    let mut ps = people(1, 0, 3);
    ps.extend(people(2, 10, 6));
    let acts = [act(0, 1, ActKind::Thanked), act(10, 0, ActKind::Met)];
    let out = run(&teams, &ps, &acts);
    let small = out.team(&1).unwrap();
    assert!(small.suppressed);
    assert_eq!(small.figures, Figures::default());
    assert!(small.weekly.iter().all(Option::is_none));
    assert_eq!(small.size, 3);
}

/// People active are shown only when they and the inactive are each 0 or ≥ k.
#[test]
fn a_count_of_people_needs_k_on_both_sides() {
    for (active, shown) in [(0, true), (2, false), (5, false), (8, false), (10, true)] {
        let teams = [node(1, None)];
        let ps = people(1, 0, 10);
        // Pairs within the team: 2 people per act.
        let acts: Vec<_> = (0..active / 2)
            .map(|i| act(2 * i, 2 * i + 1, ActKind::Thanked))
            .collect();
        let out = run(&teams, &ps, &acts);
        let t = out.team(&1).unwrap();
        assert_eq!(t.figures.people_active.is_some(), shown, "{active} active");
        if shown {
            assert_eq!(t.figures.people_active, Some(u64::from(active)));
        }
    }
}

/// Within, across, the E-I index and reciprocity of a simple team.
#[test]
fn the_figures_of_a_team_count_acts_within_and_across_its_border() {
    let teams = [node(1, None), node(2, None)];
    let mut ps = people(1, 0, 5);
    ps.extend(people(2, 10, 5));
    let acts = [
        act(0, 1, ActKind::Thanked),
        act(1, 0, ActKind::Thanked),
        act(2, 3, ActKind::HelpAsked),
        act(0, 10, ActKind::HelpAsked),
        act(11, 4, ActKind::HelpAsked),
        act(
            12,
            13,
            ActKind::Delegated {
                second_chance: true,
            },
        ),
    ];
    let out = run(&teams, &ps, &acts);
    let f = &out.team(&1).unwrap().figures;
    assert_eq!(f.acts_within, Some(3));
    assert_eq!(f.acts_across, Some(2));
    assert_eq!(f.ei_index, Some(-0.2));
    // Pairs: {0,1} both ways; {2,3}, {0,10}, {11,4} one way.
    assert_eq!(f.reciprocity, Some(0.25));
    assert_eq!(f.help_asked_across, Some(1));
    assert_eq!(f.help_given_across, Some(1));
    let other = &out.team(&2).unwrap().figures;
    assert_eq!(other.second_chances, Some(1));
    assert_eq!(out.org.figures.acts_within, Some(4));
    assert_eq!(out.org.figures.acts_across, Some(2));
    assert_eq!(
        out.matrix.cells,
        vec![vec![Some(3), Some(1)], vec![Some(1), Some(1)]]
    );
}

/// Acts outside the period do not count; the trends still see them.
#[test]
fn the_period_bounds_the_figures_and_the_trend_covers_twelve_weeks() {
    let teams = [node(1, None)];
    let ps = people(1, 0, 5);
    let mut old = act(0, 1, ActKind::Met);
    old.at = NOW - 40 * DAY_MS;
    let out = run(&teams, &ps, &[old, act(1, 2, ActKind::Met)]);
    let t = out.team(&1).unwrap();
    assert_eq!(t.figures.acts_within, Some(1));
    assert_eq!(t.weekly.len(), WEEKS);
    assert_eq!(t.weekly.iter().flatten().sum::<u64>(), 2);
    assert_eq!(t.weekly[WEEKS - 1], Some(1));
}

/// A parent of a small team and two larger ones: the parent's figures
/// minus its shown children never give what the small team did.
#[test]
fn a_parent_minus_its_shown_children_does_not_give_the_small_child() {
    let teams = [
        node(9, None),
        node(1, Some(9)),
        node(2, Some(9)),
        node(3, Some(9)),
    ];
    let mut ps = people(1, 0, 3);
    ps.extend(people(2, 10, 6));
    ps.extend(people(3, 20, 7));
    let mut acts = vec![];
    for _ in 0..7 {
        acts.push(act(0, 1, ActKind::Thanked));
    }
    acts.push(act(0, 10, ActKind::HelpAsked));
    for i in 0..4 {
        acts.push(act(10 + i, 11 + i, ActKind::Met));
        acts.push(act(20 + i, 21 + i, ActKind::Met));
        acts.push(act(20 + i, 10 + i, ActKind::Thanked));
    }
    let out = run(&teams, &ps, &acts);
    let parent = &out.team(&9).unwrap().figures;
    let (a, b) = (
        &out.team(&2).unwrap().figures,
        &out.team(&3).unwrap().figures,
    );
    assert!(out.team(&1).unwrap().suppressed);
    if let (Some(p), Some(x), Some(y)) = (parent.acts_within, a.acts_within, b.acts_within) {
        // Within the parent, minus within each child: acts between the
        // children and the small team's; what is left must not be known.
        let between: u64 = 4;
        assert_ne!(
            p - x - y - between,
            7,
            "the small team's acts within are recoverable"
        );
    }
    let shown_cells = out.matrix.cells.iter().flatten().flatten().count();
    assert!(
        shown_cells < 9,
        "the small team's row and column are hidden"
    );
}

/// Random cells over random atoms: after suppression nothing sensitive
/// (an atom, or all of them together) and no hidden cell is a linear
/// combination of the shown cells.
fn cells_strategy() -> impl Strategy<Value = (usize, Vec<usize>, Vec<Cell>)> {
    (2usize..8).prop_flat_map(|n| {
        let cell = (
            proptest::collection::vec(0..n, 1..5),
            0u64..20,
            proptest::bool::weighted(0.8),
        )
            .prop_map(|(mut atoms, value, shown)| {
                atoms.sort_unstable();
                atoms.dedup();
                Cell {
                    atoms,
                    value,
                    shown,
                }
            });
        (
            Just(n),
            proptest::collection::vec(0..n, 0..3),
            proptest::collection::vec(cell, 1..12),
        )
    })
}

/// An organization: a tree of teams (each parent comes earlier), their
/// sizes, and acts between random people.
type Org = (Vec<TeamNode<u32>>, Vec<(u32, Option<u32>)>, Vec<Act<u32>>);

fn org_strategy() -> impl Strategy<Value = Org> {
    (2usize..6)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec(proptest::option::of(0usize..6), n),
                proptest::collection::vec(0u32..9, n),
                proptest::collection::vec((0usize..200, 0usize..200, 0usize..5), 0..60),
            )
        })
        .prop_map(|(parents, sizes, raw)| {
            let teams: Vec<_> = parents
                .iter()
                .enumerate()
                .map(|(i, p)| node(i as u32, p.filter(|&p| p < i).map(|p| p as u32)))
                .collect();
            let mut ps = Vec::new();
            for (t, &s) in sizes.iter().enumerate() {
                for _ in 0..s {
                    ps.push((ps.len() as u32, Some(t as u32)));
                }
            }
            let acts = if ps.len() < 2 {
                Vec::new()
            } else {
                raw.iter()
                    .map(|&(a, b, kind)| {
                        let kinds = [
                            ActKind::Thanked,
                            ActKind::HelpAsked,
                            ActKind::Met,
                            ActKind::CheckIn,
                            ActKind::Delegated {
                                second_chance: true,
                            },
                        ];
                        act(ps[a % ps.len()].0, ps[b % ps.len()].0, kinds[kind])
                    })
                    .filter(|a| a.from != a.to)
                    .collect()
            };
            (teams, ps, acts)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The engine itself: nothing hidden is recoverable afterwards.
    #[test]
    fn after_suppression_nothing_hidden_is_a_combination_of_shown_cells(
        (n, sensitive, cells) in cells_strategy()
    ) {
        let shown = suppress::complementary(n, &sensitive, &cells);
        let after = with_shown(&cells, &shown);
        for (c, s) in cells.iter().zip(&shown) {
            // Hidden stays hidden.
            prop_assert!(c.shown || !s);
            if !s {
                prop_assert!(!suppress::recoverable(n, &c.atoms, &after), "hidden {:?}", c);
            }
        }
        for &a in &sensitive {
            prop_assert!(!suppress::recoverable(n, &[a], &after), "atom {a}");
        }
        let mut all = sensitive.clone();
        all.sort_unstable();
        all.dedup();
        prop_assert!(!suppress::recoverable(n, &all, &after));
    }

    /// Random teams, sizes and trees: rebuild, from the tree alone, what
    /// each shown figure sums (acts within and across each team, the
    /// organization's, the matrix's cells); no combination of them gives a
    /// hidden figure or what a home team below k did.
    #[test]
    fn no_combination_of_shown_figures_recovers_a_small_team_or_a_hidden_figure(
        (teams, ps, acts) in org_strategy(), k in 3u32..6
    ) {
        let out = compute(&Input { teams: &teams, people: &ps, acts: &acts, learners: &[], k, now: NOW, days: 30 });
        let n = teams.len();
        let h = n + 1;
        let size = |g: usize| ps.iter().filter(|(_, t)| *t == Some(g as u32)).count() as u32;
        let holds = |t: usize, g: usize| {
            let mut at = Some(g).filter(|&g| size(g) > 0);
            while let Some(x) = at {
                if x == t { return true; }
                at = teams[x].parent.map(|p| p as usize);
            }
            false
        };
        let mut cells = Vec::new();
        let mut push = |atoms: Vec<usize>, value: Option<u64>| {
            cells.push(Cell { atoms, value: value.unwrap_or(0), shown: value.is_some() });
        };
        for (t, f) in out.teams.iter().enumerate() {
            let mut within = vec![];
            let mut across = vec![];
            for i in 0..h {
                for j in 0..h {
                    let (a, b) = (i < n && holds(t, i), j < n && holds(t, j));
                    if a && b { within.push(i * h + j) } else if a || b { across.push(i * h + j) }
                }
            }
            prop_assert_eq!(f.suppressed, f.size < k);
            if f.suppressed {
                prop_assert_eq!(&f.figures, &Figures::default());
            }
            push(within, f.figures.acts_within);
            push(across, f.figures.acts_across);
        }
        let someone = |g: usize| g < n && size(g) > 0;
        let diagonal: Vec<usize> = (0..h).filter(|&i| someone(i)).map(|i| i * h + i).collect();
        let off: Vec<usize> = (0..h * h)
            .filter(|a| a / h != a % h && someone(a / h) && someone(a % h))
            .collect();
        push(diagonal, out.org.figures.acts_within);
        push(off, out.org.figures.acts_across);
        for (r, row) in out.matrix.teams.iter().zip(&out.matrix.cells) {
            for (c, v) in out.matrix.teams.iter().zip(row) {
                push(vec![*r as usize * h + *c as usize], *v);
            }
        }
        let small: Vec<usize> = (0..n).filter(|&g| size(g) > 0 && size(g) < k).collect();
        for &s in &small {
            let row: Vec<usize> = (0..h).map(|j| s * h + j).collect();
            let col: Vec<usize> = (0..h).map(|i| i * h + s).collect();
            let mut touching: Vec<usize> = row.iter().chain(&col).copied().collect();
            touching.sort_unstable();
            touching.dedup();
            for target in [vec![s * h + s], row, col, touching] {
                prop_assert!(!suppress::recoverable(h * h, &target, &cells), "small team {s}: {:?}", target);
            }
        }
        for c in cells.iter().filter(|c| !c.shown && !c.atoms.is_empty()) {
            prop_assert!(!suppress::recoverable(h * h, &c.atoms, &cells), "hidden {:?}", c.atoms);
        }
    }

    /// Course progress counts people: shown under the counting rule only,
    /// and no combination of the shown counts (teams along the tree, the
    /// organization) gives what a home team below k did, or a hidden count.
    #[test]
    fn course_counts_keep_the_counting_rule_and_give_away_no_small_team(
        (teams, ps, acts) in org_strategy(), k in 3u32..6,
        states in proptest::collection::vec(0u8..3, 60)
    ) {
        let learners: Vec<(u32, Learner)> = ps
            .iter()
            .map(|&(p, _)| {
                let s = states[p as usize % states.len()];
                (p, Learner { started: s >= 1, completed: s == 2 })
            })
            .collect();
        let out = compute(&Input {
            teams: &teams, people: &ps, acts: &acts, learners: &learners, k, now: NOW, days: 30,
        });
        let n = teams.len();
        let h = n + 1;
        let size = |g: usize| ps.iter().filter(|(_, t)| *t == Some(g as u32)).count() as u64;
        let holds = |t: usize, g: usize| {
            let mut at = Some(g).filter(|&g| size(g) > 0);
            while let Some(x) = at {
                if x == t { return true; }
                at = teams[x].parent.map(|p| p as usize);
            }
            false
        };
        let k64 = u64::from(k);
        let ok = |count: u64, of: u64| (count == 0 || count >= k64) && (of - count == 0 || of - count >= k64);
        for pick in [|f: &Figures| f.course_started, |f: &Figures| f.course_completed] {
            let mut cells = Vec::new();
            for (t, f) in out.teams.iter().enumerate() {
                let atoms: Vec<usize> = (0..n).filter(|&g| holds(t, g)).collect();
                if let Some(v) = pick(&f.figures) {
                    prop_assert!(ok(v, u64::from(f.size)), "team {t}: {v} of {}", f.size);
                }
                cells.push(Cell { atoms, value: pick(&f.figures).unwrap_or(0), shown: pick(&f.figures).is_some() });
            }
            let everyone: Vec<usize> = (0..n).filter(|&g| size(g) > 0).collect();
            if let Some(v) = pick(&out.org.figures) {
                prop_assert!(ok(v, u64::from(out.org.size)));
            }
            cells.push(Cell { atoms: everyone, value: pick(&out.org.figures).unwrap_or(0), shown: pick(&out.org.figures).is_some() });
            for s in (0..n).filter(|&g| size(g) > 0 && size(g) < k64) {
                prop_assert!(!suppress::recoverable(h, &[s], &cells), "small team {s}");
            }
            for c in cells.iter().filter(|c| !c.shown && !c.atoms.is_empty()) {
                prop_assert!(!suppress::recoverable(h, &c.atoms, &cells), "hidden {:?}", c.atoms);
            }
        }
    }

    /// Reciprocity and the share with a tie across, computed for all teams
    /// at once, equal their definitions asked team by team: over the
    /// period's directed pairs touching the team, and its active people
    /// with a partner outside it.
    #[test]
    fn reciprocity_and_ties_across_equal_their_definitions((teams, ps, acts) in org_strategy()) {
        let out = compute(&Input {
            teams: &teams, people: &ps, acts: &acts, learners: &[], k: 1, now: NOW, days: 30,
        });
        let start = NOW - 30 * DAY_MS;
        let live: Vec<&Act<u32>> = acts
            .iter()
            .filter(|a| a.at > start && a.at <= NOW && a.from != a.to)
            .collect();
        let home = |p: u32| ps.iter().find(|(q, _)| *q == p).and_then(|(_, t)| *t);
        let member = |p: u32, t: u32| {
            let mut at = home(p);
            let mut steps = 0;
            while let Some(x) = at {
                if x == t { return true; }
                steps += 1;
                if steps > teams.len() { return false; }
                at = teams[x as usize].parent;
            }
            false
        };
        let directed: HashSet<(u32, u32)> = live.iter().map(|a| (a.from, a.to)).collect();
        let mut partners: HashMap<u32, HashSet<u32>> = HashMap::new();
        for a in &live {
            partners.entry(a.from).or_default().insert(a.to);
            partners.entry(a.to).or_default().insert(a.from);
        }
        for (t, f) in out.teams.iter().enumerate() {
            let t = t as u32;
            let (mut pairs, mut both) = (0u64, 0u64);
            for &(a, b) in &directed {
                if !(member(a, t) || member(b, t)) { continue; }
                if directed.contains(&(b, a)) { both += 1; pairs += 1; } else { pairs += 2; }
            }
            let expected = (pairs > 0).then(|| both as f64 / pairs as f64);
            prop_assert_eq!(f.figures.reciprocity, expected.filter(|_| f.size >= 1), "team {}", t);
            let ties = partners
                .iter()
                .filter(|(p, others)| member(**p, t) && others.iter().any(|o| !member(*o, t)))
                .count() as f64;
            if let Some(share) = f.figures.share_with_tie_across {
                prop_assert!((share - ties / f64::from(f.size)).abs() < 1e-12, "team {}: {} vs {}", t, share, ties);
            }
        }
    }
}
