//! Insights for leads and admins: figures per team and for the whole
//! organization, a team × team matrix of trust acts and weekly counts,
//! computed from the trust acts of a period and never describing fewer
//! than k people.
//!
//! Two rules decide what is shown. **The counting rule**: a team below k
//! shows nothing, and a count of people with a property is shown only when
//! it and its complement in the group are each 0 or at least k.
//! **Complementary suppression** ([`suppress`]): every additive figure is a
//! sum of atoms (acts from one home team to another, active people of one
//! home team…); atoms of a home team below k are sensitive, and shown
//! figures are hidden, smallest first, until no combination of shown
//! figures (the organization minus its teams, a parent minus its children,
//! a matrix row minus its cells) recovers a hidden figure or anything about
//! the sensitive atoms. A person's home team is the team they belong to;
//! a team's figures count everyone in it and in the teams below it.
//!
//! Ratios (the E-I index, reciprocity, the share with a tie across the
//! border) are shown only with their team; the E-I index only when both
//! counts it comes from are shown, as it would give one from the other.

pub mod suppress;

use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use suppress::tree::{Kind, Layout, PairSums, Sum, TreeCell};

/// A day and a week, in milliseconds.
pub const DAY_MS: i64 = 86_400_000;
pub const WEEK_MS: i64 = 7 * DAY_MS;
/// The weeks a trend covers.
pub const WEEKS: usize = 12;
/// The periods one may choose, in days.
pub const PERIODS: [u32; 3] = [30, 90, 365];

/// What kind of trust act it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActKind {
    /// A delegation; `second_chance` when it follows a miss.
    Delegated {
        second_chance: bool,
    },
    /// Relying on someone for help (`from` asked, `to` helped).
    HelpAsked,
    Thanked,
    /// A check-in answer, once both answered.
    CheckIn,
    /// Meeting through an introduction.
    Met,
}

/// `from` acted toward `to` at `at` (milliseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Act<P> {
    pub from: P,
    pub to: P,
    pub kind: ActKind,
    pub at: i64,
}

/// A team and the team above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamNode<T> {
    pub id: T,
    pub parent: Option<T>,
}

/// Everything the figures are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a, P, T> {
    pub teams: &'a [TeamNode<T>],
    /// Everyone in the organization, with their home team.
    pub people: &'a [(P, Option<T>)],
    pub acts: &'a [Act<P>],
    /// Each person's progress in the courses (anyone not listed has not
    /// started one).
    pub learners: &'a [(P, Learner)],
    /// The minimum group size.
    pub k: u32,
    pub now: i64,
    pub days: u32,
}

/// How far someone is in the courses, whenever they started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Learner {
    /// Enrolled in at least one course.
    pub started: bool,
    /// Finished at least one course.
    pub completed: bool,
}

/// One group's figures; `None` is hidden.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub people_active: Option<u64>,
    pub acts_within: Option<u64>,
    pub acts_across: Option<u64>,
    pub ei_index: Option<f64>,
    pub reciprocity: Option<f64>,
    pub help_asked_across: Option<u64>,
    pub help_given_across: Option<u64>,
    pub second_chances: Option<u64>,
    pub share_with_tie_across: Option<f64>,
    /// People who started a course, and who finished one (all time).
    pub course_started: Option<u64>,
    pub course_completed: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamFigures<T> {
    pub id: T,
    /// Everyone in the team and the teams below it.
    pub size: u32,
    /// Below k: every figure hidden.
    pub suppressed: bool,
    pub figures: Figures,
    /// Acts involving the team, per week, oldest first.
    pub weekly: Vec<Option<u64>>,
}

/// The organization as a whole: "within" is within home teams, "across"
/// between them.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgFigures {
    pub size: u32,
    pub figures: Figures,
}

/// Acts from the people of one home team (row) to another's (column).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix<T> {
    pub teams: Vec<T>,
    pub cells: Vec<Vec<Option<u64>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Insights<T> {
    pub k: u32,
    pub days: u32,
    pub teams: Vec<TeamFigures<T>>,
    pub org: OrgFigures,
    pub matrix: Matrix<T>,
    /// Where each week of the trends starts (milliseconds), oldest first.
    pub week_starts: Vec<i64>,
}

impl<T: PartialEq> Insights<T> {
    pub fn team(&self, id: &T) -> Option<&TeamFigures<T>> {
        self.teams.iter().find(|t| &t.id == id)
    }
}

/// The families of figures: each its own atoms, suppressed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    Acts,
    Help,
    SecondChances,
    Active,
    CourseStarted,
    CourseCompleted,
    Week(usize),
}

impl Family {
    /// How its team figures sum the atoms, and whether its atoms are pairs
    /// of home groups (acts from one to the other) or home groups (people).
    fn kinds(self) -> (&'static [Kind], bool) {
        match self {
            Family::Acts => (&ACTS, true),
            Family::Help => (&HELP, true),
            Family::Week(_) => (&TOUCHING, true),
            Family::SecondChances
            | Family::Active
            | Family::CourseStarted
            | Family::CourseCompleted => (&PEOPLE, false),
        }
    }
}

/// Acts within a team (both ends in it), and across its border (one end).
pub(crate) const ACTS: [Kind; 2] = [Kind::new(0, 0, 1), Kind::new(1, 1, -2)];
const WITHIN: usize = 0;
const ACROSS: usize = 1;
/// Help asked by the team from outside it, and given by it to outside.
pub(crate) const HELP: [Kind; 2] = [Kind::new(1, 0, -1), Kind::new(0, 1, -1)];
const ASKED: usize = 0;
const GIVEN: usize = 1;
/// Acts with at least one end in the team.
pub(crate) const TOUCHING: [Kind; 1] = [Kind::new(1, 1, -1)];
/// People of the team.
pub(crate) const PEOPLE: [Kind; 1] = [Kind::new(1, 0, 0)];

/// The figures registered for suppression, and where each lands.
#[derive(Default)]
struct Registry {
    cells: HashMap<Family, Vec<TreeCell>>,
}

/// Where a registered figure is: its family and index.
type Slot = (Family, usize);

impl Registry {
    fn add(&mut self, family: Family, sum: Sum, value: u64, shown: bool) -> Slot {
        let list = self.cells.entry(family).or_default();
        list.push(TreeCell { sum, value, shown });
        (family, list.len() - 1)
    }
}

/// The period's insights: every team, the organization and the matrix,
/// with the counting rule and complementary suppression applied.
pub fn compute<P, T>(input: &Input<'_, P, T>) -> Insights<T>
where
    P: Copy + Eq + Hash,
    T: Copy + Eq + Hash,
{
    let n = input.teams.len();
    let h = n + 1; // home groups: the teams, then "no team"
    let k = u64::from(input.k.max(1));
    let index: FxHashMap<T, usize> = input
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    // People by number (the acts are read through this map once), and
    // each one's home group.
    let person: FxHashMap<P, u32> = input
        .people
        .iter()
        .enumerate()
        .map(|(x, (p, _))| (*p, x as u32))
        .collect();
    let group: Vec<usize> = input
        .people
        .iter()
        .map(|(_, t)| t.and_then(|t| index.get(&t).copied()).unwrap_or(n))
        .collect();
    let mut home_size = vec![0u64; h];
    for &x in person.values() {
        home_size[group[x as usize]] += 1;
    }
    // Which home groups each team holds: itself and every team below it.
    let parent = forest(
        input
            .teams
            .iter()
            .map(|t| t.parent.and_then(|p| index.get(&p).copied()))
            .collect(),
    );
    let mut holds = vec![vec![false; h]; n];
    for (g, _) in input.teams.iter().enumerate() {
        let mut at = Some(g);
        let mut seen = HashSet::new();
        while let Some(t) = at {
            if !seen.insert(t) {
                break;
            }
            holds[t][g] = true;
            at = parent[t];
        }
    }
    let size = |t: usize| {
        (0..h)
            .filter(|&g| holds[t][g])
            .map(|g| home_size[g])
            .sum::<u64>()
    };

    let layout = Layout::new(&parent, &home_size, k);
    let start = input.now - i64::from(input.days) * DAY_MS;
    let trend_start = input.now - WEEKS as i64 * WEEK_MS;
    let week_starts: Vec<i64> = (0..WEEKS)
        .map(|w| trend_start + w as i64 * WEEK_MS)
        .collect();
    let mut acts = vec![0u64; h * h];
    let mut help = vec![0u64; h * h];
    let mut second = vec![0u64; h];
    let mut weekly = vec![vec![0u64; h * h]; WEEKS];
    // Who acted toward whom in the period, by number.
    let mut live: Vec<(u32, u32)> = Vec::new();
    for a in input.acts.iter().filter(|a| a.at <= input.now) {
        let (Some(&from), Some(&to)) = (person.get(&a.from), person.get(&a.to)) else {
            continue;
        };
        if from == to {
            continue;
        }
        let (i, j) = (group[from as usize], group[to as usize]);
        if a.at >= trend_start {
            let w = ((a.at - trend_start) / WEEK_MS) as usize;
            weekly[w.min(WEEKS - 1)][i * h + j] += 1;
        }
        if a.at <= start {
            continue;
        }
        acts[i * h + j] += 1;
        match a.kind {
            ActKind::HelpAsked => help[i * h + j] += 1,
            ActKind::Delegated {
                second_chance: true,
            } => second[i] += 1,
            _ => {}
        }
        live.push((from, to));
    }
    let links = Links::of(&live, input.people.len());
    drop(live);
    let mut active = vec![0u64; h];
    for &x in person.values() {
        if links.partners(x).next().is_some() {
            active[group[x as usize]] += 1;
        }
    }
    let (mut started, mut completed) = (vec![0u64; h], vec![0u64; h]);
    for (p, l) in input.learners {
        if let Some(g) = person.get(p).map(|&x| group[x as usize]) {
            started[g] += u64::from(l.started || l.completed);
            completed[g] += u64::from(l.completed);
        }
    }

    let sensitive_group = |g: usize| home_size[g] > 0 && home_size[g] < k;
    // Every family's sums per team, from one pass over its atoms.
    let acts_sums = layout.pair_sums(&acts);
    let help_sums = layout.pair_sums(&help);
    let weekly_sums: Vec<_> = weekly.iter().map(|w| layout.pair_sums(w)).collect();
    let people_sums = |values: &[u64]| layout.group_sums(values);
    let (active_sums, started_sums, completed_sums, second_sums) = (
        people_sums(&active),
        people_sums(&started),
        people_sums(&completed),
        people_sums(&second),
    );
    // People with a property: shown when it and the rest are each 0 or ≥ k.
    let countable =
        |count: u64, of: u64| (count == 0 || count >= k) && (of - count == 0 || of - count >= k);

    let mut reg = Registry::default();
    struct Slots {
        active: Slot,
        within: Slot,
        across: Slot,
        help_asked: Slot,
        help_given: Slot,
        second: Slot,
        started: Slot,
        completed: Slot,
        weekly: Vec<Slot>,
    }
    let mut team_slots = Vec::with_capacity(n);
    for t in 0..n {
        let shown = size(t) >= k;
        let team = |kind: usize| Sum::Team { kind, team: t };
        // People with a property: the counting rule decides, then suppression.
        let mut people = |family: Family, sums: &(Vec<u64>, u64)| {
            let count = sums.0[t];
            reg.add(family, team(0), count, shown && countable(count, size(t)))
        };
        let active_slot = people(Family::Active, &active_sums);
        let started_slot = people(Family::CourseStarted, &started_sums);
        let completed_slot = people(Family::CourseCompleted, &completed_sums);
        let second_slot = reg.add(Family::SecondChances, team(0), second_sums.0[t], shown);
        let weekly_slots = weekly_sums
            .iter()
            .enumerate()
            .map(|(w, sums)| reg.add(Family::Week(w), team(0), sums.team(TOUCHING[0], t), shown))
            .collect();
        // A team's figure of a pair family: its sums, kinds, and which kind.
        let mut figure = |family: Family, sums: &PairSums, kinds: &[Kind], kind: usize| {
            reg.add(family, team(kind), sums.team(kinds[kind], t), shown)
        };
        team_slots.push(Slots {
            active: active_slot,
            within: figure(Family::Acts, &acts_sums, &ACTS, WITHIN),
            across: figure(Family::Acts, &acts_sums, &ACTS, ACROSS),
            help_asked: figure(Family::Help, &help_sums, &HELP, ASKED),
            help_given: figure(Family::Help, &help_sums, &HELP, GIVEN),
            second: second_slot,
            started: started_slot,
            completed: completed_slot,
            weekly: weekly_slots,
        });
    }
    let org_size = home_size.iter().sum::<u64>();
    let org_shown = org_size >= k;
    // The organization's figures: every atom (`all`), the diagonal (`diag`).
    let everyone = Sum::Org { all: 1, diag: 0 };
    let same = Sum::Org { all: 0, diag: 1 };
    let between = Sum::Org { all: 1, diag: -1 };
    let mut org_people = |family: Family, sums: &(Vec<u64>, u64)| {
        let count = sums.1;
        reg.add(
            family,
            everyone,
            count,
            org_shown && countable(count, org_size),
        )
    };
    let org_active = org_people(Family::Active, &active_sums);
    let org_started = org_people(Family::CourseStarted, &started_sums);
    let org_completed = org_people(Family::CourseCompleted, &completed_sums);
    let org_slots = Slots {
        active: org_active,
        started: org_started,
        completed: org_completed,
        within: reg.add(Family::Acts, same, acts_sums.org(0, 1), org_shown),
        across: reg.add(Family::Acts, between, acts_sums.org(1, -1), org_shown),
        help_asked: reg.add(Family::Help, between, help_sums.org(1, -1), org_shown),
        help_given: reg.add(Family::Help, between, help_sums.org(1, -1), org_shown),
        second: reg.add(Family::SecondChances, everyone, second_sums.1, org_shown),
        weekly: Vec::new(),
    };
    // The matrix: the teams people belong to directly.
    let matrix_teams: Vec<usize> = (0..n).filter(|&g| home_size[g] > 0).collect();
    let matrix_slots: Vec<Vec<Slot>> = matrix_teams
        .iter()
        .map(|&i| {
            matrix_teams
                .iter()
                .map(|&j| {
                    let ok = !sensitive_group(i) && !sensitive_group(j);
                    let sum = Sum::Single { row: i, col: j };
                    reg.add(Family::Acts, sum, acts[i * h + j], ok)
                })
                .collect()
        })
        .collect();

    // Complementary suppression, family by family.
    let shown: HashMap<Family, Vec<bool>> = reg
        .cells
        .iter()
        .map(|(family, cells)| {
            let (kinds, pairs) = family.kinds();
            let shown = suppress::tree::complementary(&layout, kinds, pairs, cells);
            (*family, shown)
        })
        .collect();
    let get = |slot: &Slot| -> Option<u64> {
        let (family, i) = *slot;
        shown[&family][i].then(|| reg.cells[&family][i].value)
    };

    let figures = |s: &Slots, group_shown: bool, size: u64, ties: u64, reciprocity: Option<f64>| {
        let within = get(&s.within);
        let across = get(&s.across);
        let ei_index = match (within, across) {
            (Some(w), Some(a)) if w + a > 0 => Some((a as f64 - w as f64) / (a + w) as f64),
            _ => None,
        };
        Figures {
            people_active: get(&s.active),
            acts_within: within,
            acts_across: across,
            ei_index,
            reciprocity: reciprocity.filter(|_| group_shown),
            help_asked_across: get(&s.help_asked),
            help_given_across: get(&s.help_given),
            second_chances: get(&s.second),
            share_with_tie_across: (group_shown && size > 0 && countable(ties, size))
                .then(|| ties as f64 / size as f64),
            course_started: get(&s.started),
            course_completed: get(&s.completed),
        }
    };
    // Each home group's teams, from its own up to the root.
    let chains: Vec<Vec<usize>> = (0..h)
        .map(|g| {
            let mut chain: Vec<usize> = (0..n).filter(|&t| holds[t][g]).collect();
            chain.sort_by_key(|&t| std::cmp::Reverse(depth(&parent, t)));
            chain
        })
        .collect();
    let reciprocity = Reciprocity::of(&links, &group, h, &chains);
    let ties = TiesAcross::of(&links, &group, &layout, &chains);
    let teams = input
        .teams
        .iter()
        .enumerate()
        .map(|(t, node)| {
            let s = &team_slots[t];
            let group_size = size(t);
            let group_shown = group_size >= k;
            let ties = ties.team[t];
            let reciprocity = reciprocity.team(t);
            TeamFigures {
                id: node.id,
                size: group_size as u32,
                suppressed: !group_shown,
                figures: figures(s, group_shown, group_size, ties, reciprocity),
                weekly: s.weekly.iter().map(&get).collect(),
            }
        })
        .collect();
    let org = OrgFigures {
        size: org_size as u32,
        figures: figures(&org_slots, org_shown, org_size, ties.org, reciprocity.org()),
    };
    let matrix = Matrix {
        teams: matrix_teams.iter().map(|&g| input.teams[g].id).collect(),
        cells: matrix_slots
            .iter()
            .map(|row| row.iter().map(&get).collect())
            .collect(),
    };
    Insights {
        k: input.k,
        days: input.days,
        teams,
        org,
        matrix,
        week_starts,
    }
}

/// The teams' parents with every cycle cut: a team whose line of parents
/// comes back to itself becomes a root (the data should have no cycle;
/// the figures must not loop if it does).
fn forest(mut parent: Vec<Option<usize>>) -> Vec<Option<usize>> {
    for t in 0..parent.len() {
        let mut seen = HashSet::new();
        let mut at = t;
        seen.insert(at);
        while let Some(p) = parent[at] {
            if !seen.insert(p) {
                parent[at] = None;
                break;
            }
            at = p;
        }
    }
    parent
}

/// How far below the root a team is (0 for a root); a cycle counts as a root.
fn depth(parent: &[Option<usize>], t: usize) -> usize {
    let mut d = 0;
    let mut at = parent[t];
    while let Some(p) = at {
        d += 1;
        if d > parent.len() {
            break;
        }
        at = parent[p];
    }
    d
}

/// Who acted toward whom in the period, by person number: everyone's
/// partners toward them and from them, each list in one array (counting
/// sort), so the figures about pairs need no set of pairs.
struct Links {
    out_start: Vec<u32>,
    out: Vec<u32>,
    in_start: Vec<u32>,
    into: Vec<u32>,
}

impl Links {
    fn of(pairs: &[(u32, u32)], people: usize) -> Links {
        let lists = |key: fn(&(u32, u32)) -> (u32, u32)| {
            let mut start = vec![0u32; people + 1];
            for p in pairs {
                start[key(p).0 as usize + 1] += 1;
            }
            for x in 0..people {
                start[x + 1] += start[x];
            }
            let mut at = start.clone();
            let mut list = vec![0u32; pairs.len()];
            for p in pairs {
                let (a, b) = key(p);
                list[at[a as usize] as usize] = b;
                at[a as usize] += 1;
            }
            (start, list)
        };
        let (out_start, out) = lists(|&(a, b)| (a, b));
        let (in_start, into) = lists(|&(a, b)| (b, a));
        Links {
            out_start,
            out,
            in_start,
            into,
        }
    }

    /// Whom `x` acted toward (with repeats).
    fn toward(&self, x: u32) -> &[u32] {
        &self.out[self.out_start[x as usize] as usize..self.out_start[x as usize + 1] as usize]
    }

    /// Who acted toward `x` (with repeats).
    fn from(&self, x: u32) -> &[u32] {
        &self.into[self.in_start[x as usize] as usize..self.in_start[x as usize + 1] as usize]
    }

    fn partners(&self, x: u32) -> impl Iterator<Item = &u32> {
        self.toward(x).iter().chain(self.from(x))
    }

    fn people(&self) -> u32 {
        (self.out_start.len() - 1) as u32
    }
}

/// Reciprocity, the share of pairs where trust went both ways, for every
/// team at once: each directed pair is weighed once into its pair of home
/// groups (a one-way pair counts as a pair, a two-way pair as half a pair
/// from each side, half of it both ways), then a team sums the home-group
/// pairs it touches, one end or both: its rows plus its columns minus what
/// is within it. Linear in the pairs, where asking every pair for every
/// team was not.
struct Reciprocity {
    /// Per team: pairs touching it, and how many went both ways (halves).
    per_team: Vec<(u64, u64)>,
    all: (u64, u64),
}

impl Reciprocity {
    fn of(links: &Links, group: &[usize], h: usize, chains: &[Vec<usize>]) -> Self {
        let mut cells = vec![(0u64, 0u64); h * h];
        let mut all = (0, 0);
        // Marks, by person: who acted toward `a`, and whom `a` was counted
        // toward already (a pair acted along twice is one pair).
        let (mut from_a, mut seen) = (vec![u32::MAX; group.len()], vec![u32::MAX; group.len()]);
        for a in 0..links.people() {
            for &c in links.from(a) {
                from_a[c as usize] = a;
            }
            for &b in links.toward(a) {
                if std::mem::replace(&mut seen[b as usize], a) == a {
                    continue;
                }
                let w = if from_a[b as usize] == a {
                    (1, 1)
                } else {
                    (2, 0)
                };
                let c = &mut cells[group[a as usize] * h + group[b as usize]];
                c.0 += w.0;
                c.1 += w.1;
                all.0 += w.0;
                all.1 += w.1;
            }
        }
        let n = h - 1;
        let mut per_team = vec![(0u64, 0u64); n];
        for (cell, &(pairs, both)) in cells.iter().enumerate() {
            if pairs == 0 {
                continue;
            }
            let (ga, gb) = (cell / h, cell % h);
            // Every team holding either end, once.
            for &t in &chains[ga] {
                per_team[t].0 += pairs;
                per_team[t].1 += both;
            }
            for &t in chains[gb].iter().filter(|t| !chains[ga].contains(t)) {
                per_team[t].0 += pairs;
                per_team[t].1 += both;
            }
        }
        Reciprocity { per_team, all }
    }

    fn ratio((pairs, both): (u64, u64)) -> Option<f64> {
        (pairs > 0).then(|| both as f64 / pairs as f64)
    }

    fn team(&self, t: usize) -> Option<f64> {
        Self::ratio(self.per_team[t])
    }

    fn org(&self) -> Option<f64> {
        Self::ratio(self.all)
    }
}

/// People with at least one partner outside their team, for every team at
/// once: a person's partners are outside each of their teams up to (not
/// including) the lowest one that holds every partner's home group.
struct TiesAcross {
    team: Vec<u64>,
    /// People with a partner of another home group.
    org: u64,
}

impl TiesAcross {
    fn of(links: &Links, group: &[usize], layout: &Layout, chains: &[Vec<usize>]) -> Self {
        let mut team = vec![0u64; chains.len() - 1];
        let mut org = 0;
        for p in 0..links.people() {
            let g = group[p as usize];
            let chain = &chains[g];
            // How many of p's teams, from their own up, have a partner
            // outside: those below the lowest team holding both.
            let mut outside = 0;
            let mut other_home = false;
            for &o in links.partners(p) {
                let go = group[o as usize];
                other_home |= go != g;
                let below = chain.len() - layout.lca(g, go).map_or(0, |l| chains[l].len());
                outside = outside.max(below);
                if outside == chain.len() && other_home {
                    break;
                }
            }
            for &t in &chain[..outside] {
                team[t] += 1;
            }
            org += u64::from(other_home);
        }
        TiesAcross { team, org }
    }
}

#[cfg(test)]
mod tests;
