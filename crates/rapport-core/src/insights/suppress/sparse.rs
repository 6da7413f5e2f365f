//! Sparse Gaussian elimination modulo 2⁶¹ − 1, for the tree-aware
//! suppression: rows of a handful of entries over a few thousand
//! variables, where the dense elimination of the general engine would be
//! cubic in the number of teams.
//!
//! The basis is semi-reduced: row `k` is 1 at its lead and 0 at the leads
//! of the rows before it. A new row is reduced against the leads in the
//! order the rows came (which only ever brings in leads of later rows),
//! so what is left is 0 at every lead.

use super::field::{add, inv, mul, sub};

/// A sparse row: (variable, value), values nonzero.
pub type Row = Vec<(u32, u64)>;

/// An echelon basis over `width` variables.
#[derive(Clone)]
pub struct Basis {
    rows: Vec<Row>,
    leads: Vec<u32>,
    /// The row whose lead each variable is, if any.
    lead_of: Vec<Option<u32>>,
    /// A dense scratch row and the variables it touches.
    acc: Vec<u64>,
    touched: Vec<u32>,
    queued: Vec<bool>,
}

impl Basis {
    pub fn new(width: usize) -> Basis {
        Basis {
            rows: Vec::new(),
            leads: Vec::new(),
            lead_of: vec![None; width],
            acc: vec![0; width],
            touched: Vec::new(),
            queued: Vec::new(),
        }
    }

    pub fn width(&self) -> usize {
        self.lead_of.len()
    }

    pub fn is_lead(&self, var: u32) -> bool {
        self.lead_of[var as usize].is_some()
    }

    /// Room for more variables (none of them leads yet).
    pub fn grow(&mut self, width: usize) {
        self.lead_of.resize(width, None);
        self.acc.resize(width, 0);
    }

    /// How many rows the basis has.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// What is left of `row` once every lead is eliminated (0 at every lead).
    pub fn reduce(&mut self, row: &[(u32, u64)]) -> Row {
        self.reduce_from(row, 0)
    }

    /// [`Basis::reduce`] for a row already 0 at the leads of the first
    /// `first` rows: only the later rows are used (they are 0 at those
    /// leads too, so eliminating them cannot bring one back).
    pub fn reduce_from(&mut self, row: &[(u32, u64)], first: usize) -> Row {
        let mut heap = std::collections::BinaryHeap::new();
        self.queued.resize(self.rows.len(), false);
        for &(c, v) in row {
            self.put(c, v, first, &mut heap);
        }
        while let Some(std::cmp::Reverse(k)) = heap.pop() {
            self.queued[k as usize] = false;
            let lead = self.leads[k as usize];
            let f = self.acc[lead as usize];
            if f == 0 {
                continue;
            }
            let pivot = std::mem::take(&mut self.rows[k as usize]);
            for &(c, v) in &pivot {
                self.put(c, sub(0, mul(f, v)), first, &mut heap);
            }
            self.rows[k as usize] = pivot;
        }
        let mut out: Row = Vec::new();
        for &c in &self.touched {
            let x = std::mem::take(&mut self.acc[c as usize]);
            if x != 0 {
                out.push((c, x));
            }
        }
        self.touched.clear();
        out.sort_unstable_by_key(|&(c, _)| c);
        out.dedup_by_key(|&mut (c, _)| c);
        out
    }

    /// Adds `v` at variable `c` of the scratch row, queueing its lead row.
    fn put(
        &mut self,
        c: u32,
        v: u64,
        first: usize,
        heap: &mut std::collections::BinaryHeap<std::cmp::Reverse<u32>>,
    ) {
        let x = &mut self.acc[c as usize];
        if *x == 0 {
            self.touched.push(c);
        }
        *x = add(*x, v);
        if let Some(k) = self.lead_of[c as usize]
            && k as usize >= first
            && !self.queued[k as usize]
            && *x != 0
        {
            self.queued[k as usize] = true;
            heap.push(std::cmp::Reverse(k));
        }
    }

    /// Reduces `row` and keeps what is left as a new row; returns that rest
    /// (empty when `row` was already in the span). `order` ranks the
    /// variables: the lowest-ranked one left leads.
    pub fn insert(&mut self, row: &[(u32, u64)], order: &[u32]) -> Row {
        let rest = self.reduce(row);
        if let Some(&(lead, x)) = rest.iter().min_by_key(|&&(c, _)| order[c as usize]) {
            let scale = inv(x);
            let normal: Row = rest.iter().map(|&(c, v)| (c, mul(v, scale))).collect();
            self.lead_of[lead as usize] = Some(self.rows.len() as u32);
            self.leads.push(lead);
            self.rows.push(normal);
        }
        rest
    }

    /// The vector of the solution space (every row · x = 0) with the given
    /// values at the variables that lead no row; the leads follow from the
    /// rows, solved last row first.
    pub fn solve(&self, free: &[(u32, u64)]) -> Vec<u64> {
        let mut x = vec![0; self.width()];
        for &(c, v) in free {
            debug_assert!(!self.is_lead(c));
            x[c as usize] = v;
        }
        for (row, &lead) in self.rows.iter().zip(&self.leads).rev() {
            let mut s = 0;
            for &(c, v) in row {
                if c != lead {
                    s = add(s, mul(v, x[c as usize]));
                }
            }
            x[lead as usize] = sub(0, s);
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::P;
    use super::*;

    fn dot(row: &[(u32, u64)], x: &[u64]) -> u64 {
        row.iter()
            .fold(0, |s, &(c, v)| add(s, mul(v, x[c as usize])))
    }

    #[test]
    fn what_is_left_is_zero_at_every_lead_and_solutions_solve_every_row() {
        let order: Vec<u32> = (0..5).collect();
        let rows: Vec<Row> = vec![
            vec![(0, 1), (1, 1)],
            vec![(1, 1), (2, 1)],
            vec![(0, 1), (2, P - 1)],
            vec![(3, 2), (4, 1)],
        ];
        let mut b = Basis::new(5);
        let mut kept = 0;
        for r in &rows {
            if !b.insert(r, &order).is_empty() {
                kept += 1;
            }
        }
        // The third row is the first minus the second.
        assert_eq!(kept, 3);
        assert!(b.reduce(&[(0, 1), (2, P - 1)]).is_empty());
        let rest = b.reduce(&[(2, 1)]);
        assert!(rest.iter().all(|&(c, _)| !b.is_lead(c)));
        let free: Vec<u32> = (0..5).filter(|&c| !b.is_lead(c)).collect();
        assert_eq!(free.len(), 2);
        for &f in &free {
            let x = b.solve(&[(f, 1)]);
            for r in &rows {
                assert_eq!(dot(r, &x), 0);
            }
        }
    }
}
