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

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(P)) as u64
}

fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

fn pow(mut b: u64, mut e: u64) -> u64 {
    let mut r = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = mul(r, b);
        }
        b = mul(b, b);
        e >>= 1;
    }
    r
}

fn inv(a: u64) -> u64 {
    pow(a, P - 2)
}

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
    for (x, &r) in v.iter_mut().zip(&row.v) {
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
    // Keep the basis reduced at its leads so that one pass reduces fully.
    for row in basis.iter_mut() {
        let f = row.v[lead];
        if f != 0 {
            let pivot = Row {
                v: v.clone(),
                lead,
                tag: tag.clone(),
            };
            eliminate(&mut row.v, Some(&mut row.tag), &pivot, f);
        }
    }
    basis.push(Row { v, lead, tag });
}

/// The first combination of shown cells (as coefficients over the cells)
/// that tells something hidden: a nonzero combination of sensitive atoms
/// alone, or exactly a hidden cell.
fn leak(n: usize, sensitive: &[usize], cells: &[Cell]) -> Option<Vec<u64>> {
    let mut is_sensitive = vec![false; n];
    for &a in sensitive {
        is_sensitive[a] = true;
    }
    // Modulo the sensitive atoms: their coordinates set to zero.
    let mut quotient: Vec<Row> = Vec::new();
    let mut shown: Vec<Row> = Vec::new();
    for (i, c) in cells.iter().enumerate().filter(|(_, c)| c.shown) {
        let mut tag = vec![0; cells.len()];
        tag[i] = 1;
        let mut full = dense(&c.atoms, n);
        let mut full_tag = tag.clone();
        if reduce(&shown, &mut full, Some(&mut full_tag)) {
            push(&mut shown, full, full_tag);
        }
        let mut v = dense(&c.atoms, n);
        for (x, &s) in v.iter_mut().zip(&is_sensitive) {
            if s {
                *x = 0;
            }
        }
        if reduce(&quotient, &mut v, Some(&mut tag)) {
            push(&mut quotient, v, tag);
            continue;
        }
        // The combination `tag` of shown cells lies among the sensitive
        // atoms: a leak unless it is the zero vector (a harmless identity
        // such as "the total is the sum of its parts, all shown").
        let mut combined = vec![0; n];
        for (j, &t) in tag.iter().enumerate().filter(|&(_, &t)| t != 0) {
            for &a in &cells[j].atoms {
                combined[a] = (combined[a] + t) % P;
            }
        }
        if combined.iter().any(|&x| x != 0) {
            return Some(tag);
        }
    }
    for c in cells.iter().filter(|c| !c.shown && !c.atoms.is_empty()) {
        let mut v = dense(&c.atoms, n);
        let mut tag = vec![0; cells.len()];
        if !reduce(&shown, &mut v, Some(&mut tag)) {
            return Some(tag);
        }
    }
    None
}

/// Hides shown cells, smallest value first among those that take part in
/// a leak, until nothing hidden or sensitive can be recovered from the
/// shown ones. `n` is the number of atoms; `sensitive` the atoms that
/// describe fewer than k people. Returns whether each cell is shown.
pub fn complementary(n: usize, sensitive: &[usize], cells: &[Cell]) -> Vec<bool> {
    let mut cells = cells.to_vec();
    // A cell over no atoms is the constant 0 and tells nothing.
    while let Some(tag) = leak(n, sensitive, &cells) {
        let victim = tag
            .iter()
            .enumerate()
            .filter(|&(j, &t)| t != 0 && cells[j].shown)
            .min_by_key(|&(j, _)| (cells[j].value, j))
            .map(|(j, _)| j);
        match victim {
            Some(j) => cells[j].shown = false,
            None => break,
        }
    }
    cells.iter().map(|c| c.shown).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!recoverable(3, &[2], &with(&cells, &shown)));
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

    fn with(cells: &[Cell], shown: &[bool]) -> Vec<Cell> {
        cells
            .iter()
            .zip(shown)
            .map(|(c, &s)| Cell {
                shown: s,
                ..c.clone()
            })
            .collect()
    }
}
