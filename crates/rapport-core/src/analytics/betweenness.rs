//! Betweenness: how often a person sits on the shortest paths between others
//! (Brandes 2001), exact or from sampled sources.
//!
//! Ties count as hops (weights are not distances). Values are divided by
//! `(n−1)(n−2)`, as networkx and igraph do for directed graphs.
//!
//! The sampled variant runs Brandes from `k` distinct sources drawn with a
//! fixed seed and scales by `n/k`. Each source contributes to a node's
//! normalized score a term in `[0, n/(n−1)]`, so Hoeffding's inequality
//! (which also holds when sampling without replacement) bounds the error:
//! with probability at least `1 − δ`, every node's estimate is within
//! `ε = n/(n−1) · sqrt(ln(2n/δ) / (2k))` of its exact value
//! (see [`sampling_error_bound`]).

use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;

use super::graph::Graph;

/// Which sources Brandes runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Every node: exact.
    All,
    /// `k` distinct nodes drawn with `seed` (all of them when `k >= n`).
    Sample { k: usize, seed: u64 },
}

/// Normalized betweenness of every node, using `threads` threads.
pub fn betweenness(graph: &Graph, sources: Sources, threads: usize) -> Vec<f64> {
    let n = graph.node_count();
    let (picked, runs) = match sources {
        Sources::Sample { k, seed } if k < n => {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut s: Vec<u32> = sample(&mut rng, n, k)
                .into_iter()
                .map(|i| i as u32)
                .collect();
            s.sort_unstable();
            let jobs = s.iter().map(|&source| Job::plain(source)).collect();
            (s.len(), jobs)
        }
        _ => (n, exact_jobs(graph)),
    };
    let threads = threads.clamp(1, runs.len().max(1));
    let mut bc = if threads == 1 {
        accumulate(graph, runs.iter().copied())
    } else {
        std::thread::scope(|scope| {
            let runs = &runs;
            let handles: Vec<_> = (1..threads)
                .map(|t| {
                    scope.spawn(move || {
                        accumulate(graph, runs.iter().copied().skip(t).step_by(threads))
                    })
                })
                .collect();
            let mut bc = accumulate(graph, runs.iter().copied().step_by(threads));
            for h in handles {
                // Workers only panic on a bug; losing their share shows up as NaN.
                let part = h.join().unwrap_or_else(|_| vec![f64::NAN; n]);
                bc.iter_mut().zip(part).for_each(|(a, b)| *a += b);
            }
            bc
        })
    };
    let scale = if n > 2 {
        (n as f64 / picked.max(1) as f64) / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        0.0
    };
    bc.iter_mut().for_each(|x| *x *= scale);
    bc
}

/// The `ε` of the module docs: with probability `1 − delta`, every
/// sampled estimate is within `ε` of the exact normalized value.
pub fn sampling_error_bound(n: usize, k: usize, delta: f64) -> f64 {
    if k == 0 || n < 3 {
        return if n < 3 { 0.0 } else { f64::INFINITY };
    }
    if k >= n {
        return 0.0;
    }
    let nf = n as f64;
    nf / (nf - 1.0) * ((2.0 * nf / delta).ln() / (2.0 * k as f64)).sqrt()
}

/// One Brandes run: from `source`, counting its dependencies `weight`
/// times, plus what its pendants add to it (see [`exact_jobs`]).
#[derive(Debug, Clone, Copy)]
struct Job {
    source: u32,
    weight: f64,
    pendants: u32,
    /// Pendants that `source` has a tie to (so they are reachable from it).
    reached_pendants: u32,
}

impl Job {
    fn plain(source: u32) -> Self {
        Self {
            source,
            weight: 1.0,
            pendants: 0,
            reached_pendants: 0,
        }
    }
}

/// The runs of exact betweenness, folding pendants into their anchor.
///
/// A pendant `v` has a single out-tie, to `u`, and no in-tie but from `u`
/// (a third of Enron's people). Every shortest path from `v` is `v → u`
/// followed by one from `u`, and no shortest path passes through `v`, so
/// `v`'s dependencies equal `u`'s on every node but `u`, and on `u` they
/// are the number of nodes `u` reaches, less `u`, and less `v` when
/// `u → v` exists. The run from `u` is counted once more per pendant
/// instead of running from `v`: exact, and up to a third fewer searches.
fn exact_jobs(graph: &Graph) -> Vec<Job> {
    let n = graph.node_count();
    let anchor = |v: usize| -> Option<u32> {
        let (out, _) = graph.out_edges(v);
        let (inn, _) = graph.in_edges(v);
        (out.len() == 1 && inn.iter().all(|&i| i == out[0])).then(|| out[0])
    };
    let mut jobs: Vec<Job> = (0..n as u32).map(Job::plain).collect();
    let mut folded = vec![false; n];
    for v in 0..n {
        let Some(u) = anchor(v) else { continue };
        // Two nodes only tied to each other: keep one run of the two.
        if folded[u as usize] || anchor(u as usize) == Some(v as u32) && (u as usize) < v {
            continue;
        }
        folded[v] = true;
        let job = &mut jobs[u as usize];
        job.weight += 1.0;
        job.pendants += 1;
        job.reached_pendants += u32::from(!graph.in_edges(v).0.is_empty());
    }
    jobs.into_iter()
        .filter(|j| !folded[j.source as usize])
        .collect()
}

/// A BFS level. `u16` when the graph has fewer than 65,535 nodes (levels
/// then fit, and the level array stays in L1 cache), `u32` otherwise.
trait Level: Copy + Ord {
    const UNSEEN: Self;
    const ZERO: Self;
    fn next(self) -> Self;
}

impl Level for u16 {
    const UNSEEN: Self = u16::MAX;
    const ZERO: Self = 0;
    #[inline]
    fn next(self) -> Self {
        self + 1
    }
}

impl Level for u32 {
    const UNSEEN: Self = u32::MAX;
    const ZERO: Self = 0;
    #[inline]
    fn next(self) -> Self {
        self + 1
    }
}

/// Unnormalized dependency sums from the given sources.
fn accumulate(graph: &Graph, jobs: impl Iterator<Item = Job>) -> Vec<f64> {
    if graph.node_count() < usize::from(u16::MAX) {
        accumulate_with::<u16>(graph, jobs)
    } else {
        accumulate_with::<u32>(graph, jobs)
    }
}

/// Brandes from each source. The forward BFS counts shortest paths (σ) and
/// writes down the ties of the shortest-path DAG as it meets them; the
/// backward pass walks only those, from the deepest node up. With
/// `coef_w = (1 + δ_w)/σ_w`, `δ_v = σ_v · Σ_{w succ} coef_w` and
/// `coef_v = 1/σ_v + Σ_{w succ} coef_w`, so σ is overwritten in place and
/// no predecessor lists are built.
fn accumulate_with<L: Level>(graph: &Graph, jobs: impl Iterator<Item = Job>) -> Vec<f64> {
    let n = graph.node_count();
    let (offsets, targets, _) = graph.out_csr();
    let mut bc = vec![0.0f64; n];
    let mut dist = vec![L::UNSEEN; n];
    let mut val = vec![0.0f64; n];
    // BFS queue, written unconditionally and advanced by 0 or 1.
    let mut order: Vec<u32> = vec![0; n + 1];
    // DAG successors of order[k] are dag[dag_end[k-1]..dag_end[k]].
    let mut dag: Vec<u32> = vec![0; targets.len() + 1];
    let mut dag_end: Vec<usize> = vec![0; n];
    for job in jobs {
        let s = job.source;
        if offsets[s as usize] == offsets[s as usize + 1] {
            continue; // no way out: no path through anyone
        }
        order[0] = s;
        dist[s as usize] = L::ZERO;
        val[s as usize] = 1.0;
        let (mut len, mut head, mut tail) = (0usize, 0usize, 1usize);
        while head < tail {
            let v = order[head] as usize;
            let (down, sv) = (dist[v].next(), val[v]);
            // No branch depends on the graph here: whether a tie finds a new
            // node or lies on a shortest path is a coin toss that no
            // predictor guesses. A seen node is never deeper than `down`, so
            // `min` gives its level whether it was seen or not.
            let start = len;
            for &w in &targets[offsets[v]..offsets[v + 1]] {
                let wu = w as usize;
                let seen = dist[wu];
                let d = seen.min(down);
                dist[wu] = d;
                order[tail] = w;
                tail += usize::from(seen == L::UNSEEN);
                dag[len] = w;
                len += usize::from(d == down);
            }
            for &w in &dag[start..len] {
                val[w as usize] += sv;
            }
            dag_end[head] = len;
            head += 1;
        }
        let order = &order[..tail];
        let reached = (tail - 1) as f64;
        bc[s as usize] += f64::from(job.pendants) * reached - f64::from(job.reached_pendants);
        for k in (1..order.len()).rev() {
            let v = order[k] as usize;
            let sum: f64 = dag[dag_end[k - 1]..dag_end[k]]
                .iter()
                .map(|&w| val[w as usize])
                .sum();
            let sigma = val[v];
            bc[v] += job.weight * sigma * sum;
            val[v] = 1.0 / sigma + sum;
        }
        for &v in order {
            dist[v as usize] = L::UNSEEN;
            val[v as usize] = 0.0;
        }
    }
    bc
}
