//! Complementary (secondary) suppression: given figures that are sums of
//! atoms, some atoms sensitive (they describe fewer than k people) and some
//! figures already hidden, hide more figures until no linear combination
//! of the shown ones says anything about a sensitive atom or a hidden
//! figure.
//!
//! The test is linear algebra: with `Sens` the span of the sensitive unit
//! vectors and the hidden figures, nothing hidden can be recovered when
//! `span(shown) ∩ Sens = {0}`. We reduce every shown figure modulo `Sens`
//! (Gaussian elimination); a shown figure that reduces to zero together
//! with earlier ones, while the same combination of the full vectors is
//! not zero, is a leak: the smallest figure in that combination is hidden
//! and the search starts again. Arithmetic is modulo the prime 2⁶¹ − 1,
//! exact for the 0/1 sums used here; a dependency that exists only modulo
//! the prime could only hide more, never less.

mod field;
mod sparse;
pub mod tree;

use field::{P, inv, mul, sub};

/// One figure of a family: the atoms it sums, its value, whether it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub atoms: Vec<usize>,
    pub value: u64,
    pub shown: bool,
}

/// A row of the echelon basis: its vector, the column it leads, and which
/// combination of shown cells it is (`tag`, over cell indices).
struct Row {
    v: Vec<u64>,
    lead: usize,
    tag: Vec<u64>,
}

fn dense(atoms: &[usize], n: usize) -> Vec<u64> {
    let mut v = vec![0; n];
    for &a in atoms {
        v[a] = (v[a] + 1) % P;
    }
    v
}

/// Subtracts `factor` times `row` from `v` (and from `tag`, when both have one).
fn eliminate(v: &mut [u64], tag: Option<&mut [u64]>, row: &Row, factor: u64) {
    // A row is zero before its lead (reduction keeps it so): skip that part.
    for (x, &r) in v[row.lead..].iter_mut().zip(&row.v[row.lead..]) {
        if r != 0 {
            *x = sub(*x, mul(factor, r));
        }
    }
    if let Some(tag) = tag {
        for (x, &r) in tag.iter_mut().zip(&row.tag) {
            if r != 0 {
                *x = sub(*x, mul(factor, r));
            }
        }
    }
}

/// Reduces `v` against the basis; returns whether anything is left.
fn reduce(basis: &[Row], v: &mut [u64], mut tag: Option<&mut [u64]>) -> bool {
    for row in basis {
        let f = v[row.lead];
        if f != 0 {
            eliminate(v, tag.as_deref_mut(), row, f);
        }
    }
    v.iter().any(|&x| x != 0)
}

fn push(basis: &mut Vec<Row>, mut v: Vec<u64>, mut tag: Vec<u64>) {
    let Some(lead) = v.iter().position(|&x| x != 0) else {
        return;
    };
    let scale = inv(v[lead]);
    v.iter_mut().for_each(|x| *x = mul(*x, scale));
    tag.iter_mut().for_each(|x| *x = mul(*x, scale));
    let pivot = Row { v, lead, tag };
    // Keep the basis reduced at its leads so that one pass reduces fully.
    for row in basis.iter_mut() {
        let f = row.v[lead];
        if f != 0 {
            eliminate(&mut row.v, Some(&mut row.tag), &pivot, f);
        }
    }
    basis.push(pivot);
}

/// Where the search stands: which atoms a shown cell of one atom gives
/// away outright (its value is that atom's), and which are sensitive.
struct Atoms {
    sensitive: Vec<bool>,
    /// The shown one-atom cell that reveals each atom, if any.
    known: Vec<Option<usize>>,
    /// Each unknown atom's column in the elimination (known atoms have
    /// none): the elimination is as wide as what is not known.
    column: Vec<Option<usize>>,
    /// Whether each column's atom is sensitive.
    sensitive_column: Vec<bool>,
}

impl Atoms {
    fn new(n: usize, sensitive: &[usize], cells: &[Cell]) -> Atoms {
        let mut is_sensitive = vec![false; n];
        for &a in sensitive {
            is_sensitive[a] = true;
        }
        let mut known = vec![None; n];
        for (i, c) in cells.iter().enumerate() {
            if let [a] = c.atoms[..]
                && c.shown
                && !is_sensitive[a]
                && known[a].is_none()
            {
                known[a] = Some(i);
            }
        }
        let mut column = vec![None; n];
        let mut sensitive_column = Vec::new();
        for a in (0..n).filter(|&a| known[a].is_none()) {
            column[a] = Some(sensitive_column.len());
            sensitive_column.push(is_sensitive[a]);
        }
        Atoms {
            sensitive: is_sensitive,
            known,
            column,
            sensitive_column,
        }
    }

    fn width(&self) -> usize {
        self.sensitive_column.len()
    }

    /// A cell's vector over the atoms nobody knows outright.
    fn unknown_part(&self, atoms: &[usize]) -> Vec<u64> {
        let mut v = vec![0; self.width()];
        for c in atoms.iter().filter_map(|&a| self.column[a]) {
            v[c] = (v[c] + 1) % P;
        }
        v
    }

    /// The cells to hide to break a leak: those in the combination, and
    /// the one-atom cells that reveal the atoms it also needs.
    fn culprits(&self, tag: &[u64], members: &[usize], combined: &Sparse) -> Vec<usize> {
        let mut out: Vec<usize> = tag
            .iter()
            .zip(members)
            .filter(|&(&t, _)| t != 0)
            .map(|(_, &i)| i)
            .collect();
        for (&a, &x) in combined {
            if x != 0
                && let Some(i) = self.known[a]
            {
                out.push(i);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A vector over the atoms, by atom: only the few it touches.
type Sparse = std::collections::BTreeMap<usize, u64>;

/// `start + Σ tag_j · cells[members[j]]`, over every atom.
fn combine(start: &[usize], tag: &[u64], members: &[usize], cells: &[Cell]) -> Sparse {
    let mut v = Sparse::new();
    let mut add = |a: usize, t: u64| {
        let x = v.entry(a).or_insert(0);
        *x = (*x + t) % P;
    };
    for &a in start {
        add(a, 1);
    }
    for (&t, &i) in tag.iter().zip(members) {
        if t != 0 {
            for &a in &cells[i].atoms {
                add(a, t);
            }
        }
    }
    v
}

/// Every leak of this state, each as the cells that take part in it: a
/// shown combination that says something about the sensitive atoms alone,
/// or that equals a hidden cell. A shown cell of one atom is that atom's
/// value: it is taken as known rather than eliminated, which keeps the
/// elimination as small as the number of cells that sum several atoms.
fn leaks(n: usize, sensitive: &[usize], cells: &[Cell]) -> Vec<Vec<usize>> {
    let atoms = Atoms::new(n, sensitive, cells);
    let mut found = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        if c.shown && !c.atoms.is_empty() && c.atoms.iter().all(|&a| atoms.sensitive[a]) {
            found.push(vec![i]);
        }
    }
    // The shown cells of several atoms, in order; tags are over them.
    let members: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.shown && c.atoms.len() > 1)
        .map(|(i, _)| i)
        .collect();
    let mut shown: Vec<Row> = Vec::new();
    let mut quotient: Vec<Row> = Vec::new();
    for (m, &i) in members.iter().enumerate() {
        let mut tag = vec![0; members.len()];
        tag[m] = 1;
        let mut full = atoms.unknown_part(&cells[i].atoms);
        let mut v = full.clone();
        let mut full_tag = tag.clone();
        if reduce(&shown, &mut full, Some(&mut full_tag)) {
            push(&mut shown, full, full_tag);
        }
        for (x, &s) in v.iter_mut().zip(&atoms.sensitive_column) {
            if s {
                *x = 0;
            }
        }
        if reduce(&quotient, &mut v, Some(&mut tag)) {
            push(&mut quotient, v, tag);
            continue;
        }
        // The combination `tag` is known atoms plus sensitive ones: a
        // leak if any sensitive atom is in it (otherwise a harmless
        // identity, such as a total and all its parts shown).
        let combined = combine(&[], &tag, &members, cells);
        if combined.iter().any(|(&a, &x)| atoms.sensitive[a] && x != 0) {
            found.push(atoms.culprits(&tag, &members, &combined));
        }
    }
    for c in cells.iter().filter(|c| !c.shown && !c.atoms.is_empty()) {
        let mut v = atoms.unknown_part(&c.atoms);
        let mut tag = vec![0; members.len()];
        if !reduce(&shown, &mut v, Some(&mut tag)) {
            // The hidden cell is the shown combination plus known atoms.
            let rest = combine(&c.atoms, &tag, &members, cells);
            found.push(atoms.culprits(&tag, &members, &rest));
        }
    }
    found
}

/// Hides shown cells, smallest value first among those that take part in
/// a leak, until nothing hidden or sensitive can be recovered from the
/// shown ones. `n` is the number of atoms; `sensitive` the atoms that
/// describe fewer than k people. Returns whether each cell is shown.
///
/// Each round finds every leak of the current state and hides the
/// smallest cell of each (one cell may break several), then looks again.
pub fn complementary(n: usize, sensitive: &[usize], cells: &[Cell]) -> Vec<bool> {
    let mut cells = cells.to_vec();
    loop {
        let mut hidden_now: Vec<usize> = Vec::new();
        for culprits in leaks(n, sensitive, &cells) {
            if culprits.iter().any(|j| hidden_now.contains(j)) {
                continue;
            }
            let victim = culprits
                .iter()
                .copied()
                .filter(|&j| cells[j].shown)
                .min_by_key(|&j| (cells[j].value, j));
            if let Some(j) = victim {
                hidden_now.push(j);
            }
        }
        if hidden_now.is_empty() {
            break;
        }
        for j in hidden_now {
            cells[j].shown = false;
        }
    }
    cells.iter().map(|c| c.shown).collect()
}

/// Whether this state has a leak at all (the property tests compare it
/// with the tree-aware engine's answer).
pub fn has_leak(n: usize, sensitive: &[usize], cells: &[Cell]) -> bool {
    !leaks(n, sensitive, cells).is_empty()
}

/// Can the cell `target` (its atoms) be written as a combination of the
/// shown cells? The property tests' independent check.
pub fn recoverable(n: usize, target: &[usize], cells: &[Cell]) -> bool {
    let mut basis: Vec<Row> = Vec::new();
    for c in cells.iter().filter(|c| c.shown) {
        let mut v = dense(&c.atoms, n);
        if reduce(&basis, &mut v, None) {
            push(&mut basis, v, Vec::new());
        }
    }
    let mut v = dense(target, n);
    !target.is_empty() && !reduce(&basis, &mut v, None)
}

/// The cells with what is shown replaced (for the tests).
#[cfg(test)]
pub(crate) fn with_shown(cells: &[Cell], shown: &[bool]) -> Vec<Cell> {
    cells
        .iter()
        .zip(shown)
        .map(|(c, &s)| Cell {
            shown: s,
            ..c.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folding multiplication is the remainder of the full product.
    #[test]
    fn multiplication_modulo_the_mersenne_prime_is_exact() {
        let samples = [
            0,
            1,
            2,
            3,
            P - 1,
            P - 2,
            1 << 60,
            (1 << 61) - 3,
            123_456_789_012_345,
        ];
        for &a in &samples {
            for &b in &samples {
                let expected = ((u128::from(a) * u128::from(b)) % u128::from(P)) as u64;
                assert_eq!(mul(a, b), expected, "{a} · {b}");
            }
        }
    }

    fn cell(atoms: &[usize], value: u64) -> Cell {
        Cell {
            atoms: atoms.to_vec(),
            value,
            shown: true,
        }
    }

    /// A total and all its parts but one sensitive part: the next
    /// smallest part is hidden too, and the total stays.
    #[test]
    fn a_total_minus_its_shown_parts_is_blocked_by_hiding_the_next_smallest() {
        let cells = vec![
            cell(&[0, 1, 2], 30),
            cell(&[0], 12),
            cell(&[1], 9),
            Cell {
                shown: false,
                ..cell(&[2], 9)
            },
        ];
        let shown = complementary(3, &[2], &cells);
        assert_eq!(shown, vec![true, true, false, false]);
        assert!(!recoverable(3, &[2], &with_shown(&cells, &shown)));
    }

    /// A sum of shown parts is a harmless identity: nothing is hidden.
    #[test]
    fn identities_among_shown_figures_hide_nothing() {
        let cells = vec![cell(&[0, 1], 7), cell(&[0], 3), cell(&[1], 4)];
        assert_eq!(complementary(2, &[], &cells), vec![true; 3]);
    }

    /// Two copies of a hidden figure: the copy is hidden as well.
    #[test]
    fn a_shown_copy_of_a_hidden_figure_is_hidden() {
        let cells = vec![
            Cell {
                shown: false,
                ..cell(&[0, 1], 5)
            },
            cell(&[0, 1], 5),
            cell(&[0], 2),
        ];
        assert_eq!(complementary(2, &[], &cells), vec![false, false, true]);
    }
}
