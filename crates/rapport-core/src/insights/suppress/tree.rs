//! Complementary suppression that uses the team tree: the same rule as
//! [`super::complementary`] (which stays, as the property tests' oracle),
//! in time close to linear in the number of teams instead of cubic.
//!
//! **Figures as sums over pairs of home groups.** A home group is a team's
//! direct members (group `g` for team `g`) or the people in no team (group
//! `n`). An atom is a pair of peopled groups `(i, j)` (acts from `i`'s
//! people to `j`'s), or one group for counts of people. Every team figure
//! is a [`Kind`]: `row` if `i` is in the team, plus `col` if `j` is, plus
//! `both` if both are (acts within a team: `both`; across its border: `row
//! + col − 2·both`); the organization's are `all` pairs plus `diag`
//! (`i = j`); a matrix cell is one atom.
//!
//! **Why it is fast.** A combination of team figures with coefficients
//! `c_t` is, at atom `(i, j)`, `row·A(i) + col·A(j) + both·A(lca(i, j))`,
//! where `A(t)` sums `c` over `t` and the teams above it. In those prefix
//! variables (a few per team) every atom is a row of at most a handful of
//! entries, a hidden figure is `A(t) − A(parent) = 0`, and the questions
//! the general engine asks by dense elimination over every atom become
//! sparse ones over a few thousand variables. The atoms of pairs with the
//! same lowest common team differ only in their two ends
//! (`u_i + v_j + γ`), so a spanning forest of those pairs spans all of
//! them (around a cycle of pairs the alternating sum cancels, so every
//! pair off the forest is a combination of pairs on it): a few rows per
//! team instead of one per pair of groups.
//!
//! **The leaks**, as in the general engine: (1) a combination of shown
//! figures that is zero on every atom not sensitive and not known (a
//! shown matrix cell makes its atom known) and nonzero on a sensitive one;
//! (2) a hidden figure that is a combination of shown ones plus known
//! atoms. Both are "this row is not in the span of those": when it is
//! not, a vector of the solution space that it does not annul is the
//! combination, and its figures (and known atoms) are the culprits. As in
//! the general engine, each round hides the smallest culprit of every
//! leak, until there is none.

use super::field::{P, add, mul, of, sub};
use super::sparse::{Basis, Row};

/// How a team's figure sums the atoms (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub row: i64,
    pub col: i64,
    pub both: i64,
}

impl Kind {
    pub const fn new(row: i64, col: i64, both: i64) -> Kind {
        Kind { row, col, both }
    }
}

/// What a figure sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sum {
    /// A team's figure of one kind.
    Team { kind: usize, team: usize },
    /// The organization's: `all` on every atom, plus `diag` where `i = j`.
    Org { all: i64, diag: i64 },
    /// One atom `(row, col)` (pairs only).
    Single { row: usize, col: usize },
}

/// One figure: what it sums, its value, whether it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeCell {
    pub sum: Sum,
    pub value: u64,
    pub shown: bool,
}

/// The organization as suppression sees it: the team forest, which home
/// groups have people, and which are below k.
pub struct Layout {
    /// Teams `0..n`; home groups `0..=n`.
    n: usize,
    parent: Vec<Option<usize>>,
    small: Vec<bool>,
    /// The peopled groups, ascending.
    groups: Vec<usize>,
    /// Each team's rank, deepest first: the order variables lead in.
    rank: Vec<u32>,
    /// Peopled groups, and those not below k, in each team and below it.
    peopled_in: Vec<u32>,
    settled_in: Vec<u32>,
    /// The one peopled group in each team and below it, if it has just one.
    lone: Vec<u32>,
    /// The lowest team holding both groups of each pair (`h × h`), `n` if none.
    lca: Vec<u32>,
    /// The pairs of distinct peopled groups by their lowest common team
    /// (the last list: pairs with no common team).
    classes: Vec<Vec<(u32, u32)>>,
    /// [`Layout::forest`] with nothing skipped, of the pairs not sensitive
    /// and of those sensitive: the same for every family without matrix
    /// cells, so found once.
    forests: [std::cell::OnceCell<Vec<(u32, u32)>>; 2],
}

impl Layout {
    /// `parent` must be a forest (no cycles); `sizes` has one entry per
    /// home group (`parent.len() + 1`).
    pub fn new(parent: &[Option<usize>], sizes: &[u64], k: u64) -> Layout {
        let n = parent.len();
        let h = n + 1;
        assert_eq!(sizes.len(), h);
        let peopled: Vec<bool> = sizes.iter().map(|&s| s > 0).collect();
        let small: Vec<bool> = sizes.iter().map(|&s| s > 0 && s < k).collect();
        let groups: Vec<usize> = (0..h).filter(|&g| peopled[g]).collect();
        let depth: Vec<usize> = (0..n)
            .map(|t| {
                let mut d = 0;
                let mut at = parent[t];
                while let Some(p) = at {
                    d += 1;
                    assert!(d <= n, "the teams must form a forest");
                    at = parent[p];
                }
                d
            })
            .collect();
        let mut by_depth: Vec<usize> = (0..n).collect();
        by_depth.sort_by_key(|&t| (std::cmp::Reverse(depth[t]), t));
        let mut rank = vec![0u32; n];
        for (r, &t) in by_depth.iter().enumerate() {
            rank[t] = r as u32;
        }
        // Deepest first: every child is counted before its parent.
        let (mut peopled_in, mut settled_in) = (vec![0u32; n], vec![0u32; n]);
        for &t in &by_depth {
            peopled_in[t] += u32::from(peopled[t]);
            settled_in[t] += u32::from(peopled[t] && !small[t]);
            if let Some(p) = parent[t] {
                peopled_in[p] += peopled_in[t];
                settled_in[p] += settled_in[t];
            }
        }
        let mut lone = vec![u32::MAX; n];
        for &g in groups.iter().filter(|&&g| g < n) {
            let mut at = Some(g);
            while let Some(t) = at {
                if peopled_in[t] == 1 {
                    lone[t] = g as u32;
                }
                at = parent[t];
            }
        }
        let lca_of = |mut a: usize, mut b: usize| -> usize {
            if a == n || b == n {
                return n;
            }
            while a != b {
                if depth[a] >= depth[b] {
                    match parent[a] {
                        Some(p) => a = p,
                        None => return n,
                    }
                } else {
                    match parent[b] {
                        Some(p) => b = p,
                        None => return n,
                    }
                }
            }
            a
        };
        let mut lca = vec![n as u32; h * h];
        let mut classes = vec![Vec::new(); h];
        for &i in &groups {
            for &j in &groups {
                let l = lca_of(i, j);
                lca[i * h + j] = l as u32;
                if i != j {
                    classes[l].push((i as u32, j as u32));
                }
            }
        }
        Layout {
            n,
            parent: parent.to_vec(),
            small,
            groups,
            rank,
            peopled_in,
            settled_in,
            lone,
            lca,
            classes,
            forests: Default::default(),
        }
    }

    fn h(&self) -> usize {
        self.n + 1
    }

    /// The lowest team holding both peopled groups, if any.
    pub fn lca(&self, i: usize, j: usize) -> Option<usize> {
        let l = self.lca[i * self.h() + j] as usize;
        (l < self.n).then_some(l)
    }

    /// Does the pair `(i, j)` describe a group below k?
    fn sensitive(&self, i: usize, j: usize) -> bool {
        self.small[i] || self.small[j]
    }

    /// A spanning forest of each class of pairs of distinct groups (those
    /// sensitive or those not, without the atoms `skip` names).
    fn forest(&self, skip: impl Fn(usize) -> bool, sensitive: bool) -> Vec<(u32, u32)> {
        let h = self.h();
        let mut edges = Vec::new();
        let mut forest = UnionFind::new(2 * h);
        for class in &self.classes {
            for &(i, j) in class {
                let (iu, ju) = (i as usize, j as usize);
                if self.sensitive(iu, ju) != sensitive || skip(iu * h + ju) {
                    continue;
                }
                if forest.union(iu, h + ju) {
                    edges.push((i, j));
                }
            }
            forest.reset();
        }
        edges
    }

    /// The one atom a figure sums, if it sums exactly one (as the general
    /// engine numbers atoms: `i · h + j`, or `g`).
    fn single_atom(&self, kinds: &[Kind], pairs: bool, sum: &Sum) -> Option<usize> {
        let h = self.h();
        let total = self.groups.len();
        match *sum {
            Sum::Team { kind, team } => {
                let k = kinds[kind];
                let inside = self.peopled_in[team] as usize;
                if inside != 1 {
                    return None;
                }
                let g = self.lone[team] as usize;
                if !pairs {
                    return (k.row != 0).then_some(g);
                }
                let out = total - 1;
                let within = usize::from(k.row + k.col + k.both != 0);
                let rows = usize::from(k.row != 0) * out;
                let cols = usize::from(k.col != 0) * out;
                if within + rows + cols != 1 {
                    return None;
                }
                if within == 1 {
                    return Some(g * h + g);
                }
                let o = *self.groups.iter().find(|&&o| o != g)?;
                Some(if rows == 1 { g * h + o } else { o * h + g })
            }
            Sum::Org { all, diag } => {
                let g = *self.groups.first()?;
                let one = total == 1 && if pairs { all + diag != 0 } else { all != 0 };
                one.then_some(if pairs { g * h + g } else { g })
            }
            Sum::Single { row, col } => Some(row * h + col),
        }
    }

    /// Does the atom (numbered as in [`Layout::single_atom`]) describe a
    /// group below k?
    fn sensitive_atom(&self, pairs: bool, a: usize) -> bool {
        if pairs {
            self.sensitive(a / self.h(), a % self.h())
        } else {
            self.small[a]
        }
    }

    /// Every peopled group not below k.
    fn settled(&self) -> u32 {
        self.groups.iter().filter(|&&g| !self.small[g]).count() as u32
    }

    /// Sums of a pair-atom family (`x` is `h × h`) for every team, at the
    /// kinds' three parts: (rows in the team, columns in it, both), and
    /// the organization's (all, diagonal).
    pub fn pair_sums(&self, x: &[u64]) -> PairSums {
        let (n, h) = (self.n, self.h());
        let (mut row, mut col, mut both) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
        let (mut all, mut diag) = (0, 0);
        for &i in &self.groups {
            for &j in &self.groups {
                let v = x[i * h + j];
                if v == 0 {
                    continue;
                }
                all += v;
                if i == j {
                    diag += v;
                }
                if i < n {
                    row[i] += v;
                }
                if j < n {
                    col[j] += v;
                }
                let l = self.lca[i * h + j] as usize;
                if l < n {
                    both[l] += v;
                }
            }
        }
        self.accumulate(&mut row);
        self.accumulate(&mut col);
        self.accumulate(&mut both);
        PairSums {
            row,
            col,
            both,
            all,
            diag,
        }
    }

    /// Sums of a group-atom family for every team, and the organization's.
    pub fn group_sums(&self, x: &[u64]) -> (Vec<u64>, u64) {
        let mut team: Vec<u64> = x[..self.n].to_vec();
        self.accumulate(&mut team);
        (team, self.groups.iter().map(|&g| x[g]).sum())
    }

    /// Adds every team's value into the teams above it (deepest first).
    fn accumulate(&self, v: &mut [u64]) {
        let mut order: Vec<usize> = (0..self.n).collect();
        order.sort_by_key(|&t| self.rank[t]);
        for t in order {
            if let Some(p) = self.parent[t] {
                v[p] += v[t];
            }
        }
    }

    /// Is team `t` the team of group `g` or above it?
    fn holds(&self, t: usize, g: usize) -> bool {
        let mut at = (g < self.n).then_some(g);
        while let Some(x) = at {
            if x == t {
                return true;
            }
            at = self.parent[x];
        }
        false
    }

    /// The coefficient of a figure at an atom (`j` ignored for groups).
    fn coefficient(&self, kinds: &[Kind], pairs: bool, sum: &Sum, i: usize, j: usize) -> i64 {
        match *sum {
            Sum::Team { kind, team } => {
                let k = kinds[kind];
                if pairs {
                    let (a, b) = (self.holds(team, i), self.holds(team, j));
                    k.row * i64::from(a) + k.col * i64::from(b) + k.both * i64::from(a && b)
                } else {
                    k.row * i64::from(self.holds(team, i))
                }
            }
            Sum::Org { all, diag } => all + if pairs && i == j { diag } else { 0 },
            Sum::Single { row, col } => i64::from(row == i && col == j),
        }
    }

    /// The atoms a figure sums, as the general engine numbers them
    /// (`i · h + j` for pairs, `g` for groups), and how many atoms there are.
    pub fn expand(&self, kinds: &[Kind], pairs: bool, sum: &Sum) -> (usize, Vec<usize>) {
        let h = self.h();
        let mut atoms = Vec::new();
        if pairs {
            for &i in &self.groups {
                for &j in &self.groups {
                    let c = self.coefficient(kinds, pairs, sum, i, j);
                    assert!(c == 0 || c == 1, "a figure sums each atom at most once");
                    if c == 1 {
                        atoms.push(i * h + j);
                    }
                }
            }
            (h * h, atoms)
        } else {
            for &g in &self.groups {
                if self.coefficient(kinds, pairs, sum, g, g) == 1 {
                    atoms.push(g);
                }
            }
            (h, atoms)
        }
    }

    /// The sensitive atoms, as the general engine numbers them.
    pub fn sensitive_atoms(&self, pairs: bool) -> Vec<usize> {
        let h = self.h();
        let mut out = Vec::new();
        for &i in &self.groups {
            if pairs {
                for &j in &self.groups {
                    if self.small[i] || self.small[j] {
                        out.push(i * h + j);
                    }
                }
            } else if self.small[i] {
                out.push(i);
            }
        }
        out
    }
}

/// A pair family's sums per team and for the organization.
pub struct PairSums {
    pub row: Vec<u64>,
    pub col: Vec<u64>,
    pub both: Vec<u64>,
    pub all: u64,
    pub diag: u64,
}

impl PairSums {
    pub fn team(&self, kind: Kind, t: usize) -> u64 {
        let v = kind.row * self.row[t] as i64
            + kind.col * self.col[t] as i64
            + kind.both * self.both[t] as i64;
        v as u64
    }

    pub fn org(&self, all: i64, diag: i64) -> u64 {
        (all * self.all as i64 + diag * self.diag as i64) as u64
    }
}

/// No cell.
const NONE: u32 = u32::MAX;

/// A cell's value and index in one number that orders them as
/// (value, index) do; `u64::MAX` for no cell.
fn key_of(cells: &[TreeCell], c: u32) -> u64 {
    if c == NONE {
        return u64::MAX;
    }
    (cells[c as usize].value.min(u64::from(u32::MAX - 1)) << 32) | u64::from(c)
}

/// A leak: a combination of figures (coefficients at the variables) that
/// gives away something hidden, or the cells that do.
enum Leak {
    Combination(Vec<u64>),
    Cells(Vec<usize>),
}

/// One family's suppression, kept from round to round: rounds only hide
/// more, so the two bases below only grow (a row per newly hidden figure,
/// and per atom a newly hidden matrix cell makes unknown), and each round
/// asks them a few questions instead of building them again.
struct Engine<'a> {
    layout: &'a Layout,
    kinds: &'a [Kind],
    pairs: bool,
    cells: &'a [TreeCell],
    shown: Vec<bool>,
    /// Each organization and matrix cell's own variable, after the team
    /// variables (team cells have the prefix variables of their kind).
    var: Vec<Option<u32>>,
    /// Organization figures: (variable, all, diag).
    orgs: Vec<(u32, i64, i64)>,
    /// Per atom: the shown cell that makes it known (`NONE` if none), and
    /// how many matrix cells it has.
    known: Vec<u32>,
    singles: Vec<u8>,
    /// Per atom, its known cell's (value, index) in one number, `u64::MAX`
    /// if not known: the smallest cell a leak needs is found by comparing
    /// these, in the order of the atoms.
    known_key: Vec<u64>,
    /// The shown cells that give away an atom, for atoms with several.
    providers: rustc_hash::FxHashMap<usize, Vec<usize>>,
    /// Matrix cells that are a variable of their atom's row: shown ones of
    /// a sensitive atom, hidden ones of an atom that is not.
    sigma: rustc_hash::FxHashMap<usize, Vec<u32>>,
    /// Whether each cell sums any atom, and any atom not sensitive.
    nonempty: Vec<bool>,
    settled: Vec<bool>,
    /// The cells a combination can use directly: team and organization
    /// figures of some atom, and matrix cells of sensitive atoms (the
    /// others are known atoms, or hidden).
    used: Vec<usize>,
    /// Hidden cells' "not used" rows and the rows of every unknown atom not
    /// sensitive: the combinations allowed in a leak of the first kind.
    quiet: Basis,
    /// The rows of every unknown atom.
    atoms: Basis,
    /// What is left of rows spanning the sensitive atoms' (with the
    /// others, all of them) once reduced by the first `reduced` rows of
    /// `quiet`: rounds only add rows, so each round reduces by the new
    /// ones only, and a rest that comes to nothing is dropped.
    sensitive_rests: Vec<Row>,
    reduced: usize,
    order: Vec<u32>,
}

impl<'a> Engine<'a> {
    fn new(
        layout: &'a Layout,
        kinds: &'a [Kind],
        pairs: bool,
        cells: &'a [TreeCell],
        shown: Vec<bool>,
    ) -> Engine<'a> {
        let h = layout.h();
        let team_vars = kinds.len() * layout.n;
        let mut var = vec![None; cells.len()];
        let mut orgs = Vec::new();
        let mut width = team_vars;
        // Organization variables first, then matrix cells: the variables of
        // the atoms' rows do not move as matrix cells are hidden.
        for (c, cell) in cells.iter().enumerate() {
            if let Sum::Org { all, diag } = cell.sum {
                var[c] = Some(width as u32);
                orgs.push((width as u32, all, diag));
                width += 1;
            }
        }
        let atoms_n = if pairs { h * h } else { h };
        // As in the general engine, a shown figure of one atom not
        // sensitive gives that atom away: the first such cell makes it
        // known, and a team or organization figure of one atom is never
        // needed in a combination (its atom is), so it is held at 0.
        let mut known = vec![NONE; atoms_n];
        let mut singles = vec![0u8; atoms_n];
        let mut held = Vec::new();
        let mut providers: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
        for (c, cell) in cells.iter().enumerate() {
            if let Sum::Single { row, col } = cell.sum {
                let a = row * h + col;
                singles[a] = singles[a].saturating_add(1);
            }
            let Some(a) = layout.single_atom(kinds, pairs, &cell.sum) else {
                continue;
            };
            if !shown[c] || layout.sensitive_atom(pairs, a) {
                continue;
            }
            if known[a] == NONE {
                known[a] = c as u32;
            }
            providers.entry(a).or_default().push(c);
            if !matches!(cell.sum, Sum::Single { .. }) {
                held.push(c);
            }
        }
        // Only atoms given away by more than one cell need the list (to
        // stay known when one of them is hidden).
        providers.retain(|_, cells| cells.len() > 1);
        let mut sigma: rustc_hash::FxHashMap<usize, Vec<u32>> = Default::default();
        for (c, cell) in cells.iter().enumerate() {
            if let Sum::Single { row, col } = cell.sum {
                let (a, sensitive) = (row * h + col, layout.sensitive(row, col));
                if known[a] == NONE && (shown[c] || !sensitive) {
                    // A variable only for the matrix cells in a row:
                    // hundreds of thousands are known atoms instead.
                    var[c] = Some(width as u32);
                    sigma.entry(a).or_default().push(width as u32);
                    width += 1;
                }
            }
        }
        let (total, settled_total) = (layout.groups.len() as u32, layout.settled());
        let has_atoms = |sum: &Sum, inside: &[u32], all: u32| match *sum {
            Sum::Team { kind, team } => {
                let k = kinds[kind];
                let (a, out) = (inside[team], all - inside[team]);
                if pairs {
                    (a >= 1 && k.row + k.col + k.both != 0)
                        || (a >= 1 && out >= 1 && (k.row != 0 || k.col != 0))
                } else {
                    a >= 1 && k.row != 0
                }
            }
            Sum::Org { all: x, diag } => {
                if pairs {
                    (all >= 1 && x + diag != 0) || (all >= 2 && x != 0)
                } else {
                    all >= 1 && x != 0
                }
            }
            Sum::Single { .. } => true,
        };
        let nonempty: Vec<bool> = cells
            .iter()
            .map(|c| has_atoms(&c.sum, &layout.peopled_in, total))
            .collect();
        let settled = cells
            .iter()
            .map(|c| match c.sum {
                Sum::Single { row, col } => !layout.sensitive(row, col),
                _ => has_atoms(&c.sum, &layout.settled_in, settled_total),
            })
            .collect();
        let used = (0..cells.len())
            .filter(|&c| {
                nonempty[c]
                    && match cells[c].sum {
                        Sum::Single { row, col } => layout.sensitive(row, col),
                        _ => true,
                    }
            })
            .collect();
        let mut engine = Engine {
            layout,
            kinds,
            pairs,
            cells,
            shown,
            var,
            orgs,
            known_key: known.iter().map(|&c| key_of(cells, c)).collect(),
            known,
            singles,
            providers,
            sigma,
            nonempty,
            settled,
            used,
            quiet: Basis::new(width),
            atoms: Basis::new(width),
            sensitive_rests: Vec::new(),
            reduced: 0,
            order: (0..width as u32).collect(),
        };
        for c in 0..cells.len() {
            if !engine.shown[c] && engine.nonempty[c] {
                engine.forbid(c);
            }
        }
        for c in held {
            if let Some(row) = engine.unused(c) {
                engine.quiet.insert(&row, &engine.order);
                engine.atoms.insert(&row, &engine.order);
            }
        }
        for row in engine.spanning_rows(false) {
            engine.quiet.insert(&row, &engine.order);
            engine.atoms.insert(&row, &engine.order);
        }
        engine.sensitive_rests = engine.spanning_rows(true);
        for row in &engine.sensitive_rests {
            engine.atoms.insert(row, &engine.order);
        }
        engine
    }

    fn set_known(&mut self, a: usize, c: u32) {
        self.known[a] = c;
        self.known_key[a] = key_of(self.cells, c);
    }

    fn team_var(&self, kind: usize, t: usize) -> u32 {
        (kind * self.layout.n) as u32 + self.layout.rank[t]
    }

    /// The row of atom `(i, j)` (or group `i`): its coefficient at each variable.
    fn atom_row(&self, i: usize, j: usize) -> Row {
        let l = self.layout;
        let mut row: Row = Vec::with_capacity(3 * self.kinds.len() + 2);
        for (k, kind) in self.kinds.iter().enumerate() {
            if kind.row != 0 && i < l.n {
                row.push((self.team_var(k, i), of(kind.row)));
            }
            if self.pairs {
                if kind.col != 0 && j < l.n {
                    row.push((self.team_var(k, j), of(kind.col)));
                }
                let lca = l.lca[i * l.h() + j] as usize;
                if kind.both != 0 && lca < l.n {
                    row.push((self.team_var(k, lca), of(kind.both)));
                }
            }
        }
        for &(v, all, diag) in &self.orgs {
            let c = all + if self.pairs && i == j { diag } else { 0 };
            if c != 0 {
                row.push((v, of(c)));
            }
        }
        if self.pairs
            && let Some(vars) = self.sigma.get(&(i * l.h() + j))
        {
            row.extend(vars.iter().map(|&v| (v, 1)));
        }
        row
    }

    fn sensitive(&self, i: usize, j: usize) -> bool {
        if self.pairs {
            self.layout.sensitive(i, j)
        } else {
            self.layout.small[i]
        }
    }

    /// Rows spanning those of every unknown atom, sensitive or not: a
    /// spanning forest of each class of pairs, plus the atoms that do not
    /// fit the classes' form (the diagonal, those with matrix variables).
    fn spanning_rows(&self, sensitive: bool) -> Vec<Row> {
        let l = self.layout;
        let h = l.h();
        let keep = |i: usize, j: usize| self.sensitive(i, j) == sensitive;
        let mut rows = Vec::new();
        if !self.pairs {
            for &g in &l.groups {
                if keep(g, g) && self.known[g] == NONE {
                    rows.push(self.atom_row(g, g));
                }
            }
            return rows;
        }
        for &g in &l.groups {
            if keep(g, g) && self.known[g * h + g] == NONE {
                rows.push(self.atom_row(g, g));
            }
        }
        for &a in self.sigma.keys() {
            let (i, j) = (a / h, a % h);
            if i != j && keep(i, j) {
                rows.push(self.atom_row(i, j));
            }
        }
        let skip = |a: usize| self.known[a] != NONE || self.sigma.contains_key(&a);
        if self.sigma.is_empty() && self.known.iter().all(|&c| c == NONE) {
            // No atom known or with a variable (every family but the acts
            // with their matrix): the layout's forest, found once.
            let forest =
                l.forests[usize::from(sensitive)].get_or_init(|| l.forest(|_| false, sensitive));
            rows.extend(
                forest
                    .iter()
                    .map(|&(i, j)| self.atom_row(i as usize, j as usize)),
            );
        } else {
            let forest = l.forest(skip, sensitive);
            rows.extend(
                forest
                    .iter()
                    .map(|&(i, j)| self.atom_row(i as usize, j as usize)),
            );
        }
        rows
    }

    /// The row that says a cell is not used: its coefficient is 0.
    fn unused(&self, c: usize) -> Option<Row> {
        match self.cells[c].sum {
            Sum::Team { kind, team } => {
                let mut row = vec![(self.team_var(kind, team), 1)];
                if let Some(p) = self.layout.parent[team] {
                    row.push((self.team_var(kind, p), P - 1));
                }
                Some(row)
            }
            Sum::Org { .. } => self.var[c].map(|v| vec![(v, 1)]),
            Sum::Single { row, col } => {
                let v = self.var[c]?;
                let vars = self.sigma.get(&(row * self.layout.h() + col))?;
                vars.contains(&v).then(|| vec![(v, 1)])
            }
        }
    }

    /// A hidden cell may not be used by a leak of the first kind.
    fn forbid(&mut self, c: usize) {
        if let Some(row) = self.unused(c) {
            self.quiet.insert(&row, &self.order);
        }
    }

    /// Hides cell `c`; false when the state must be built again (a
    /// matrix cell of a sensitive atom, or of an atom with several).
    fn hide(&mut self, c: usize) -> bool {
        self.shown[c] = false;
        // The figure that made an atom known: another shown one that gives
        // it away takes over (a team figure of one atom is held at 0 already).
        if let Some(a) = self
            .layout
            .single_atom(self.kinds, self.pairs, &self.cells[c].sum)
            && self.known[a] == c as u32
            && let Some(&next) = self
                .providers
                .get(&a)
                .and_then(|cells| cells.iter().find(|&&p| p != c && self.shown[p]))
        {
            self.set_known(a, next as u32);
            if self.nonempty[c] {
                self.forbid(c);
            }
            return true;
        }
        let single = matches!(self.cells[c].sum, Sum::Single { .. });
        if !single
            && let Some(a) = self
                .layout
                .single_atom(self.kinds, self.pairs, &self.cells[c].sum)
            && self.known[a] == c as u32
        {
            // The last figure that gave the atom away: start again.
            return false;
        }
        if let Sum::Single { row, col } = self.cells[c].sum {
            let h = self.layout.h();
            let a = row * h + col;
            if self.layout.sensitive(row, col) {
                return false;
            }
            if self.known[a] != c as u32 {
                // Its atom is given away by another cell: it had no part.
                return true;
            }
            if self.singles[a] > 1 {
                return false;
            }
            // Known until now: the atom's row, with a variable for this
            // cell, joins those not sensitive.
            self.set_known(a, NONE);
            let v = self.order.len() as u32;
            self.order.push(v);
            self.quiet.grow(self.order.len());
            self.atoms.grow(self.order.len());
            self.var[c] = Some(v);
            self.sigma.entry(a).or_default().push(v);
            let atom = self.atom_row(row, col);
            self.quiet.insert(&atom, &self.order);
            self.atoms.insert(&atom, &self.order);
        }
        if self.nonempty[c] {
            self.forbid(c);
        }
        true
    }

    /// A cell's coefficient in the combination `x`.
    fn coefficient(&self, c: usize, x: &[u64]) -> u64 {
        match self.cells[c].sum {
            Sum::Team { kind, team } => {
                let own = x[self.team_var(kind, team) as usize];
                match self.layout.parent[team] {
                    Some(p) => sub(own, x[self.team_var(kind, p) as usize]),
                    None => own,
                }
            }
            _ => self.var[c].map_or(0, |v| x[v as usize]),
        }
    }

    /// The shown cells a combination uses directly (cells of no atom
    /// aside); [`Engine::known_in`] adds those of the known atoms it needs.
    fn direct(&self, x: &[u64]) -> Vec<usize> {
        self.used
            .iter()
            .copied()
            .filter(|&c| self.shown[c] && self.coefficient(c, x) != 0)
            .collect()
    }

    /// What the combination `x` needs of the known atoms: whether it
    /// needs one whose cell is among `victims` (hidden this round), and the
    /// smallest cell (value, then index) of those it needs. At `(i, j)` it
    /// is `u_i + v_j + w_lca + org` (atoms with a variable of their own are
    /// never known): when those are zero but for a few rows, columns and
    /// classes of pairs, only those are looked at.
    fn known_part(&self, x: &[u64], victims: &[usize]) -> (bool, Option<usize>) {
        if !self.pairs {
            return self.known_groups(x, victims);
        }
        let l = self.layout;
        let h = l.h();
        let (mut u, mut v, mut w) = (vec![0; h], vec![0; h], vec![0; h]);
        for (k, kind) in self.kinds.iter().enumerate() {
            for t in 0..l.n {
                let at = x[self.team_var(k, t) as usize];
                if at != 0 {
                    u[t] = add(u[t], mul(of(kind.row), at));
                    v[t] = add(v[t], mul(of(kind.col), at));
                    w[t] = add(w[t], mul(of(kind.both), at));
                }
            }
        }
        let (mut all, mut diag) = (0, 0);
        for &(var, a, d) in &self.orgs {
            all = add(all, mul(of(a), x[var as usize]));
            diag = add(diag, mul(of(a + d), x[var as usize]));
        }
        let needs = |i: usize, j: usize| {
            let org = if i == j { diag } else { all };
            add(add(u[i], v[j]), add(w[l.lca[i * h + j] as usize], org)) != 0
        };
        let touches = victims.iter().any(|&c| match self.cells[c].sum {
            Sum::Single { row, col } => self.known[row * h + col] == c as u32 && needs(row, col),
            _ => false,
        });
        if touches {
            return (true, None);
        }
        let mut best = u64::MAX;
        let mut check = |i: usize, j: usize| {
            let key = self.known_key[i * h + j];
            if key < best && needs(i, j) {
                best = key;
            }
        };
        if all != 0 || diag != 0 {
            for &i in &l.groups {
                for &j in &l.groups {
                    check(i, j);
                }
            }
        } else {
            for &g in &l.groups {
                if u[g] != 0 {
                    l.groups.iter().for_each(|&j| check(g, j));
                }
                if v[g] != 0 {
                    l.groups.iter().for_each(|&i| check(i, g));
                }
            }
            for t in (0..l.n).filter(|&t| w[t] != 0) {
                check(t, t);
                for &(i, j) in &l.classes[t] {
                    check(i as usize, j as usize);
                }
            }
        }
        let smallest = (best != u64::MAX).then_some((best & u64::from(u32::MAX)) as usize);
        (touches, smallest)
    }

    /// [`Engine::known_part`] for counts of people: the few groups known
    /// from a team of one group, looked at one by one.
    fn known_groups(&self, x: &[u64], victims: &[usize]) -> (bool, Option<usize>) {
        let needed: Vec<usize> = self
            .layout
            .groups
            .iter()
            .filter(|&&g| self.known[g] != NONE)
            .filter(|&&g| {
                let row = self.atom_row(g, g);
                row.iter()
                    .fold(0, |s, &(v, c)| add(s, mul(c, x[v as usize])))
                    != 0
            })
            .map(|&g| self.known[g] as usize)
            .collect();
        let touches = needed.iter().any(|c| victims.contains(c));
        let smallest = needed.into_iter().min_by_key(|&c| (self.cells[c].value, c));
        (touches, smallest)
    }

    /// Every leak of this state.
    fn leaks(&mut self) -> Vec<Leak> {
        let mut found = Vec::new();

        // (1) Shown combinations zero off the sensitive atoms, not on them:
        // a sensitive atom's row not in the span of the quiet rows.
        let mut rests = std::mem::take(&mut self.sensitive_rests);
        for rest in &mut rests {
            *rest = self.quiet.reduce_from(rest, self.reduced);
        }
        rests.retain(|r| !r.is_empty());
        self.reduced = self.quiet.len();
        let directions: std::collections::BTreeSet<u32> =
            rests.iter().flatten().map(|&(c, _)| c).collect();
        self.sensitive_rests = rests;
        for f in directions {
            found.push(Leak::Combination(self.quiet.solve(&[(f, 1)])));
        }

        // (2) Hidden cells that are shown ones plus known atoms (one whose
        // atoms are all sensitive would be a leak of the first kind): its
        // "not used" row is not in the span of the atoms' and the other
        // hidden cells'. A hidden copy of a known atom is that atom.
        let hidden: Vec<usize> = (0..self.cells.len())
            .filter(|&c| !self.shown[c] && self.nonempty[c])
            .collect();
        for &c in &hidden {
            if let Some(a) = self
                .layout
                .single_atom(self.kinds, self.pairs, &self.cells[c].sum)
                && self.known[a] != NONE
            {
                found.push(Leak::Cells(vec![self.known[a] as usize]));
            }
        }
        let rests: Vec<(usize, Row)> = hidden
            .iter()
            .filter_map(|&c| Some((c, self.atoms.reduce(&self.unused(c)?))))
            .filter(|(_, r)| !r.is_empty())
            .collect();
        for m in self.lonely(&rests) {
            if !self.settled[rests[m].0] {
                continue;
            }
            let mut others = Basis::new(self.atoms.width());
            for (o, (_, r)) in rests.iter().enumerate() {
                if o != m {
                    others.insert(r, &self.order);
                }
            }
            let left = others.reduce(&rests[m].1);
            let Some(&(f, _)) = left.first() else {
                continue;
            };
            let y = others.solve(&[(f, 1)]);
            let free: Vec<(u32, u64)> = y
                .iter()
                .enumerate()
                .filter(|&(_, &v)| v != 0)
                .map(|(c, &v)| (c as u32, v))
                .collect();
            found.push(Leak::Combination(self.atoms.solve(&free)));
        }
        found
    }

    /// Which of the rows are in no linear dependency among them (each is
    /// then outside the span of the others): one elimination, each row
    /// tagged with a variable of its own past the real ones; a row that
    /// reduces to tags alone is a dependency, and its tags are not lonely.
    fn lonely(&self, rests: &[(usize, Row)]) -> Vec<usize> {
        let width = self.atoms.width();
        let mut basis = Basis::new(width + rests.len());
        let order: Vec<u32> = (0..(width + rests.len()) as u32).collect();
        let mut tied = vec![false; rests.len()];
        for (m, (_, r)) in rests.iter().enumerate() {
            let mut row = r.clone();
            row.push(((width + m) as u32, 1));
            let left = basis.reduce(&row);
            if left.iter().all(|&(c, _)| c as usize >= width) {
                for &(c, _) in &left {
                    tied[c as usize - width] = true;
                }
            } else {
                basis.insert(&left, &order);
            }
        }
        (0..rests.len()).filter(|&m| !tied[m]).collect()
    }
}

/// Union–find over a fixed set, resettable in time proportional to what
/// was touched.
struct UnionFind {
    parent: Vec<u32>,
    touched: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            touched: Vec::new(),
        }
    }

    fn find(&mut self, mut a: usize) -> usize {
        while self.parent[a] as usize != a {
            let up = self.parent[self.parent[a] as usize];
            self.parent[a] = up;
            a = up as usize;
        }
        a
    }

    /// Joins the sets of `a` and `b`; false when they were one already.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.parent[ra] = rb as u32;
        self.touched
            .extend([ra as u32, rb as u32, a as u32, b as u32]);
        true
    }

    fn reset(&mut self) {
        for &t in &self.touched {
            self.parent[t as usize] = t;
        }
        self.touched.clear();
    }
}

/// Hides shown cells, smallest value first among those that take part in
/// a leak, until nothing hidden or sensitive can be recovered from the
/// shown ones: [`super::complementary`] for figures of the team tree.
/// Returns whether each cell is shown.
pub fn complementary(
    layout: &Layout,
    kinds: &[Kind],
    pairs: bool,
    cells: &[TreeCell],
) -> Vec<bool> {
    let shown: Vec<bool> = cells.iter().map(|c| c.shown).collect();
    let mut engine = Engine::new(layout, kinds, pairs, cells, shown);
    loop {
        let mut hidden_now = vec![false; cells.len()];
        let mut victims = Vec::new();
        for leak in engine.leaks() {
            // The cells that take part in it: the figures it uses, then the
            // matrix cells of the known atoms it needs (many; looked at
            // only when no figure it uses was hidden this round already).
            let culprits = match leak {
                Leak::Cells(cells) => cells,
                Leak::Combination(x) => {
                    let mut cells = engine.direct(&x);
                    if cells.iter().any(|&j| hidden_now[j]) {
                        continue;
                    }
                    let (touches, smallest) = engine.known_part(&x, &victims);
                    if touches {
                        continue;
                    }
                    cells.extend(smallest);
                    cells
                }
            };
            if culprits.iter().any(|&j| hidden_now[j]) {
                continue;
            }
            if let Some(j) = culprits
                .iter()
                .copied()
                .filter(|&j| engine.shown[j])
                .min_by_key(|&j| (cells[j].value, j))
            {
                hidden_now[j] = true;
                victims.push(j);
            }
        }
        if victims.is_empty() {
            return engine.shown;
        }
        let mut again = false;
        for j in victims {
            again |= !engine.hide(j);
        }
        if again {
            engine = Engine::new(layout, kinds, pairs, cells, engine.shown);
        }
    }
}

/// Whether this state has a leak (the property tests compare it with the
/// general engine's answer).
pub fn has_leak(layout: &Layout, kinds: &[Kind], pairs: bool, cells: &[TreeCell]) -> bool {
    let shown: Vec<bool> = cells.iter().map(|c| c.shown).collect();
    !Engine::new(layout, kinds, pairs, cells, shown)
        .leaks()
        .is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, has_leak as general_has_leak, recoverable};
    use super::*;
    use crate::insights::{ACTS, HELP, PEOPLE, TOUCHING};
    use proptest::prelude::*;

    /// A random forest of teams, sizes for its home groups, a family of
    /// figures over it (which kinds, pairs or groups, with matrix cells or
    /// not), and random shown flags and values for them.
    #[derive(Debug, Clone)]
    struct Case {
        parent: Vec<Option<usize>>,
        sizes: Vec<u64>,
        k: u64,
        family: usize,
        flags: Vec<(bool, u64)>,
    }

    /// The families of the insights: acts (with the matrix), help, the
    /// weekly trends, counts of people.
    const FAMILIES: [(&[Kind], bool, bool); 4] = [
        (&ACTS, true, true),
        (&HELP, true, false),
        (&TOUCHING, true, false),
        (&PEOPLE, false, false),
    ];

    fn case() -> impl Strategy<Value = Case> {
        (1usize..6, 3u64..6, 0usize..4).prop_flat_map(|(n, k, family)| {
            (
                proptest::collection::vec(proptest::option::of(0usize..6), n),
                proptest::collection::vec(prop_oneof![Just(0u64), 1u64..5, 5u64..9], n + 1),
                proptest::collection::vec((proptest::bool::weighted(0.75), 0u64..20), 60),
            )
                .prop_map(move |(parents, sizes, flags)| Case {
                    parent: parents
                        .iter()
                        .enumerate()
                        .map(|(i, p)| p.filter(|&p| p < i))
                        .collect(),
                    sizes,
                    k,
                    family,
                    flags,
                })
        })
    }

    fn cells(case: &Case) -> Vec<TreeCell> {
        let (kinds, pairs, singles) = FAMILIES[case.family];
        let n = case.parent.len();
        let mut sums = Vec::new();
        for t in 0..n {
            for kind in 0..kinds.len() {
                sums.push(Sum::Team { kind, team: t });
            }
        }
        sums.push(Sum::Org {
            all: 1,
            diag: if pairs { -1 } else { 0 },
        });
        if pairs {
            sums.push(Sum::Org { all: 0, diag: 1 });
        }
        if singles {
            for i in (0..n).filter(|&g| case.sizes[g] > 0) {
                for j in (0..n).filter(|&g| case.sizes[g] > 0) {
                    sums.push(Sum::Single { row: i, col: j });
                }
            }
        }
        sums.iter()
            .enumerate()
            .map(|(c, &sum)| {
                let (shown, value) = case.flags[c % case.flags.len()];
                TreeCell { sum, value, shown }
            })
            .collect()
    }

    fn general(layout: &Layout, case: &Case, cells: &[TreeCell]) -> (usize, Vec<usize>, Vec<Cell>) {
        let (kinds, pairs, _) = FAMILIES[case.family];
        let mut atoms_n = 0;
        let general: Vec<Cell> = cells
            .iter()
            .map(|c| {
                let (n, atoms) = layout.expand(kinds, pairs, &c.sum);
                atoms_n = n;
                Cell {
                    atoms,
                    value: c.value,
                    shown: c.shown,
                }
            })
            .collect();
        (atoms_n, layout.sensitive_atoms(pairs), general)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// The tree-aware engine finds a leak exactly when the general one does.
        #[test]
        fn finds_a_leak_exactly_when_the_general_engine_does(case in case()) {
            let layout = Layout::new(&case.parent, &case.sizes, case.k);
            let (kinds, pairs, _) = FAMILIES[case.family];
            let cells = cells(&case);
            let (n, sensitive, general_cells) = general(&layout, &case, &cells);
            prop_assert_eq!(
                has_leak(&layout, kinds, pairs, &cells),
                general_has_leak(n, &sensitive, &general_cells)
            );
        }

        /// After it, the general engine finds no leak, nothing hidden or
        /// sensitive is a combination of shown figures, and what was hidden
        /// stays hidden.
        #[test]
        fn leaves_nothing_the_general_engine_would_call_a_leak(case in case()) {
            let layout = Layout::new(&case.parent, &case.sizes, case.k);
            let (kinds, pairs, _) = FAMILIES[case.family];
            let mut cells = cells(&case);
            let shown = complementary(&layout, kinds, pairs, &cells);
            for (c, s) in cells.iter_mut().zip(&shown) {
                prop_assert!(c.shown || !s);
                c.shown = *s;
            }
            let (n, sensitive, general_cells) = general(&layout, &case, &cells);
            prop_assert!(!general_has_leak(n, &sensitive, &general_cells));
            for &a in &sensitive {
                prop_assert!(!recoverable(n, &[a], &general_cells), "atom {}", a);
            }
            for c in general_cells.iter().filter(|c| !c.shown && !c.atoms.is_empty()) {
                prop_assert!(!recoverable(n, &c.atoms, &general_cells), "hidden {:?}", c.atoms);
            }
        }

        /// The sums per team equal the figures' atoms added one by one.
        #[test]
        fn team_sums_equal_the_atoms_added_up(case in case(), seed in any::<u64>()) {
            let layout = Layout::new(&case.parent, &case.sizes, case.k);
            let (kinds, pairs, _) = FAMILIES[case.family];
            let h = case.parent.len() + 1;
            let width = if pairs { h * h } else { h };
            let x: Vec<u64> = (0..width as u64)
                .map(|a| (a.wrapping_mul(0x9e37_79b9).wrapping_add(seed) >> 7) % 9)
                .collect();
            let x: Vec<u64> = (0..width)
                .map(|a| {
                    let peopled = |g: usize| case.sizes[g] > 0;
                    let ok = if pairs { peopled(a / h) && peopled(a % h) } else { peopled(a) };
                    if ok { x[a] } else { 0 }
                })
                .collect();
            for cell in cells(&case) {
                let (_, atoms) = layout.expand(kinds, pairs, &cell.sum);
                let expected: u64 = atoms.iter().map(|&a| x[a]).sum();
                let got = match (pairs, cell.sum) {
                    (true, Sum::Team { kind, team }) => layout.pair_sums(&x).team(kinds[kind], team),
                    (true, Sum::Org { all, diag }) => layout.pair_sums(&x).org(all, diag),
                    (true, Sum::Single { row, col }) => x[row * h + col],
                    (false, Sum::Team { team, .. }) => layout.group_sums(&x).0[team],
                    (false, _) => layout.group_sums(&x).1,
                };
                prop_assert_eq!(got, expected, "{:?}", cell.sum);
            }
        }
    }
}
