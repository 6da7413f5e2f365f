//! EigenTrust: the share of the organization's trust that flows to each
//! person, by power iteration over the relationship graph.
//!
//! Local trust `c_ij = w_ij / Σ_k w_ik` (rows with no positive weight use the
//! uniform pre-trust `p`), then `t ← (1−α)·Cᵀ·t + α·p` until the L1 change is
//! below the tolerance. This is PageRank with damping `1−α` and uniform
//! teleport and dangling distribution, so it can be checked against igraph
//! and networkx.
//!
//! Layout: the iteration pulls along in-edges (`f32` weights, `u32`
//! sources), dividing by the row sum once per node rather than once per
//! tie, and splits the nodes between threads by tie count. The score vector
//! stays `f64`: an L1 tolerance of 1e-9 over 100,000 nodes is below what
//! `f32` sums can resolve.

use super::graph::Graph;

/// EigenTrust's settings; `Default` is the model's (α 0.15, tol 1e-9).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EigenTrustParams {
    /// Weight of the pre-trust vector (teleport), `α`.
    pub alpha: f64,
    /// Stop when `Σ |t_new − t| <` this.
    pub tolerance: f64,
    /// Give up after this many iterations (reported as not converged).
    pub max_iterations: u32,
    /// Worker threads (1 = run on the calling thread only).
    pub threads: usize,
}

impl Default for EigenTrustParams {
    fn default() -> Self {
        Self {
            alpha: 0.15,
            tolerance: 1e-9,
            max_iterations: 1000,
            threads: 2,
        }
    }
}

/// Global trust per node (summing to 1) and how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct EigenTrust {
    pub scores: Vec<f64>,
    pub iterations: u32,
    pub converged: bool,
}

/// Runs EigenTrust on `graph`, using its weights (non-positive ones are
/// ignored, as `max(e_ij, 0)` says).
pub fn eigentrust(graph: &Graph, params: &EigenTrustParams) -> EigenTrust {
    let n = graph.node_count();
    if n == 0 {
        return EigenTrust {
            scores: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let inv_out: Vec<f64> = (0..n)
        .map(|i| {
            let (_, w) = graph.out_edges(i);
            let sum: f64 = w.iter().map(|&w| f64::from(w.max(0.0))).sum();
            if sum > 0.0 { 1.0 / sum } else { 0.0 }
        })
        .collect();
    let dangling: Vec<u32> = (0..n as u32)
        .filter(|&i| inv_out[i as usize] == 0.0)
        .collect();
    let chunks = split_by_ties(graph, params.threads.max(1));
    let nf = n as f64;
    let damp = 1.0 - params.alpha;
    let mut t = vec![1.0 / nf; n];
    let mut next = vec![0.0f64; n];
    let mut y = vec![0.0f64; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < params.max_iterations {
        iterations += 1;
        let lost: f64 = dangling.iter().map(|&i| t[i as usize]).sum();
        for ((y, &t), &inv) in y.iter_mut().zip(&t).zip(&inv_out) {
            *y = t * inv;
        }
        let base = damp * lost / nf + params.alpha / nf;
        let diff = step(graph, &chunks, &y, &t, &mut next, base, damp);
        std::mem::swap(&mut t, &mut next);
        if diff < params.tolerance {
            converged = true;
            break;
        }
    }
    // Rounding drifts the total by ~1e-15 per step; give back exactly 1.
    let total: f64 = t.iter().sum();
    if total > 0.0 {
        t.iter_mut().for_each(|x| *x /= total);
    }
    EigenTrust {
        scores: t,
        iterations,
        converged,
    }
}

/// One multiplication `next = base + damp · Cᵀ·t`, over every chunk of nodes
/// in parallel; returns the L1 change.
fn step(
    graph: &Graph,
    chunks: &[usize],
    y: &[f64],
    t: &[f64],
    next: &mut [f64],
    base: f64,
    damp: f64,
) -> f64 {
    let (offsets, sources, weights) = graph.in_csr();
    let kernel = |lo: usize, out: &mut [f64]| -> f64 {
        let mut diff = 0.0;
        for (k, slot) in out.iter_mut().enumerate() {
            let j = lo + k;
            let (a, b) = (offsets[j], offsets[j + 1]);
            let v = base + damp * dot(&sources[a..b], &weights[a..b], y);
            diff += (v - t[j]).abs();
            *slot = v;
        }
        diff
    };
    if chunks.len() <= 2 {
        return kernel(0, next);
    }
    // Split `next` into disjoint slices, one per chunk of nodes.
    let mut parts = Vec::with_capacity(chunks.len() - 1);
    let mut rest = next;
    for w in chunks.windows(2) {
        let (head, tail) = rest.split_at_mut(w[1] - w[0]);
        parts.push((w[0], head));
        rest = tail;
    }
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter();
        let first = parts.next();
        let handles: Vec<_> = parts
            .map(|(lo, out)| scope.spawn(move || kernel(lo, out)))
            .collect();
        let mut diff = first.map_or(0.0, |(lo, out)| kernel(lo, out));
        for h in handles {
            // A worker only panics if the kernel does, which would be a bug.
            diff += h.join().unwrap_or(f64::NAN);
        }
        diff
    })
}

/// Node boundaries `[0, …, n]` giving each thread about the same number of
/// in-ties (the work), not the same number of nodes.
fn split_by_ties(graph: &Graph, threads: usize) -> Vec<usize> {
    let n = graph.node_count();
    let (offsets, _, _) = graph.in_csr();
    let total = offsets[n];
    let mut bounds = vec![0];
    for k in 1..threads {
        let target = total * k / threads;
        let j = offsets.partition_point(|&o| o < target).min(n);
        if j > *bounds.last().unwrap_or(&0) {
            bounds.push(j);
        }
    }
    if *bounds.last().unwrap_or(&0) != n || bounds.len() == 1 {
        bounds.push(n);
    }
    bounds
}

/// `Σ w_i · y[src_i]` over one in-list. Four running sums, because one sum
/// waits on the previous addition at every tie.
#[inline]
fn dot(sources: &[u32], weights: &[f32], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (s4, w4) = (sources.chunks_exact(4), weights.chunks_exact(4));
    let (sr, wr) = (s4.remainder(), w4.remainder());
    for (s, w) in s4.zip(w4) {
        for k in 0..4 {
            acc[k] += f64::from(w[k].max(0.0)) * y[s[k] as usize];
        }
    }
    let mut tail = 0.0;
    for (&s, &w) in sr.iter().zip(wr) {
        tail += f64::from(w.max(0.0)) * y[s as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}
