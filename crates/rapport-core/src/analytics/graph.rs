//! A directed, weighted graph in compressed sparse row form, both ways.
//!
//! Indices are `u32` and weights `f32`: EigenTrust and betweenness are
//! memory-bound, and 8 bytes per tie is half of what `usize` and `f64`
//! would cost. The in-edge copy (the transpose) is built once, here, so
//! that every algorithm can pull along in-edges without a scatter.

/// A directed graph on nodes `0..n`, without self-loops or parallel ties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    n: usize,
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    out_weights: Vec<f32>,
    in_offsets: Vec<usize>,
    in_sources: Vec<u32>,
    in_weights: Vec<f32>,
}

impl Graph {
    /// Builds the graph from ties `(source, target, weight)` in any order.
    /// Repeated ties add their weights; self-loops are dropped (nobody is
    /// their own colleague). Ties naming a node `>= n` are dropped too, and
    /// a negative or NaN weight counts as 0, so every weight is `>= 0`.
    pub fn from_edges(n: usize, mut edges: Vec<(u32, u32, f32)>) -> Self {
        edges.retain(|&(s, t, _)| s != t && (s as usize) < n && (t as usize) < n);
        for e in &mut edges {
            e.2 = e.2.max(0.0); // max(NaN, 0) is 0
        }
        // Counting sort by source: linear, unlike a comparison sort of 10M ties.
        let mut offsets = vec![0usize; n + 1];
        for &(s, _, _) in &edges {
            offsets[s as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut cursor = offsets.clone();
        let mut row: Vec<(u32, f32)> = vec![(0, 0.0); edges.len()];
        for &(s, t, w) in &edges {
            let c = &mut cursor[s as usize];
            row[*c] = (t, w);
            *c += 1;
        }
        drop(edges);
        let mut out_offsets = Vec::with_capacity(n + 1);
        let mut out_targets = Vec::with_capacity(row.len());
        let mut out_weights = Vec::with_capacity(row.len());
        out_offsets.push(0);
        for i in 0..n {
            let seg = &mut row[offsets[i]..offsets[i + 1]];
            seg.sort_unstable_by_key(|&(t, _)| t);
            let mut k = 0;
            while k < seg.len() {
                let t = seg[k].0;
                let mut w = 0.0f64;
                while k < seg.len() && seg[k].0 == t {
                    w += f64::from(seg[k].1);
                    k += 1;
                }
                out_targets.push(t);
                out_weights.push(w as f32);
            }
            out_offsets.push(out_targets.len());
        }
        drop(row);
        Self::with_transpose(n, out_offsets, out_targets, out_weights)
    }

    fn with_transpose(
        n: usize,
        out_offsets: Vec<usize>,
        out_targets: Vec<u32>,
        out_weights: Vec<f32>,
    ) -> Self {
        let mut in_offsets = vec![0usize; n + 1];
        for &t in &out_targets {
            in_offsets[t as usize + 1] += 1;
        }
        for i in 0..n {
            in_offsets[i + 1] += in_offsets[i];
        }
        let mut cursor = in_offsets.clone();
        let mut in_sources = vec![0u32; out_targets.len()];
        let mut in_weights = vec![0f32; out_targets.len()];
        // Walking sources in order leaves every in-list sorted by source.
        for s in 0..n {
            for k in out_offsets[s]..out_offsets[s + 1] {
                let t = out_targets[k] as usize;
                in_sources[cursor[t]] = s as u32;
                in_weights[cursor[t]] = out_weights[k];
                cursor[t] += 1;
            }
        }
        Self {
            n,
            out_offsets,
            out_targets,
            out_weights,
            in_offsets,
            in_sources,
            in_weights,
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.n
    }

    /// Number of directed ties.
    pub fn edge_count(&self) -> usize {
        self.out_targets.len()
    }

    /// Targets of `i`'s ties (sorted) and their weights.
    #[inline]
    pub fn out_edges(&self, i: usize) -> (&[u32], &[f32]) {
        let r = self.out_offsets[i]..self.out_offsets[i + 1];
        (&self.out_targets[r.clone()], &self.out_weights[r])
    }

    /// Sources of the ties into `i` (sorted) and their weights.
    #[inline]
    pub fn in_edges(&self, i: usize) -> (&[u32], &[f32]) {
        let r = self.in_offsets[i]..self.in_offsets[i + 1];
        (&self.in_sources[r.clone()], &self.in_weights[r])
    }

    /// Out-degree of `i`.
    #[inline]
    pub fn out_degree(&self, i: usize) -> usize {
        self.out_offsets[i + 1] - self.out_offsets[i]
    }

    /// Weight of the tie `s → t`, if there is one.
    pub fn weight(&self, s: usize, t: u32) -> Option<f32> {
        let (targets, weights) = self.out_edges(s);
        targets.binary_search(&t).ok().map(|k| weights[k])
    }

    /// Every tie as `(source, target, weight)`, sorted by source then target.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f32)> + '_ {
        (0..self.n).flat_map(move |s| {
            let (t, w) = self.out_edges(s);
            t.iter().zip(w).map(move |(&t, &w)| (s as u32, t, w))
        })
    }

    /// The raw in-edge arrays, for kernels that walk them directly.
    pub(crate) fn in_csr(&self) -> (&[usize], &[u32], &[f32]) {
        (&self.in_offsets, &self.in_sources, &self.in_weights)
    }

    /// The raw out-edge arrays.
    pub(crate) fn out_csr(&self) -> (&[usize], &[u32], &[f32]) {
        (&self.out_offsets, &self.out_targets, &self.out_weights)
    }
}
