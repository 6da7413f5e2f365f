//! Burt's constraint: how much a person's ties are tied to each other, the
//! opposite of brokerage (Burt 1992).
//!
//! `c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i), q≠i,j} p_iq·p_qj)²` with `N(i)` the
//! neighbours in either direction and
//! `p_ij = (a_ij + a_ji) / Σ_{k∈N(i)} (a_ik + a_ki)`; `None` for an isolate.
//!
//! Because `p_qj` is linear in `a_qj + a_jq`, the sum walks `q`'s out- and
//! in-ties separately instead of merging them: no symmetric copy of the
//! graph is built. Cost is `Σ_q deg(q)²`, split over threads.

use super::graph::Graph;

/// Constraint of every node; `None` for a node without ties.
pub fn constraint(graph: &Graph, threads: usize) -> Vec<Option<f64>> {
    let n = graph.node_count();
    let strength: Vec<f64> = (0..n)
        .map(|i| {
            let (_, wo) = graph.out_edges(i);
            let (_, wi) = graph.in_edges(i);
            wo.iter().chain(wi).map(|&w| f64::from(w)).sum()
        })
        .collect();
    let threads = threads.clamp(1, n.max(1));
    if threads == 1 {
        let mut out = vec![None; n];
        run(graph, &strength, 0, 1, &mut out);
        return out;
    }
    std::thread::scope(|scope| {
        let strength = &strength;
        let handles: Vec<_> = (1..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut part = vec![None; n];
                    run(graph, strength, t, threads, &mut part);
                    part
                })
            })
            .collect();
        let mut out = vec![None; n];
        run(graph, strength, 0, threads, &mut out);
        for (t, h) in handles.into_iter().enumerate() {
            // Workers only panic on a bug; their nodes then stay `None`.
            if let Ok(part) = h.join() {
                for i in (t + 1..n).step_by(threads) {
                    out[i] = part[i];
                }
            }
        }
        out
    })
}

/// Constraint of nodes `first, first + step, …` (interleaved so that hubs,
/// which cost the most, spread over threads).
fn run(graph: &Graph, strength: &[f64], first: usize, step: usize, out: &mut [Option<f64>]) {
    let n = graph.node_count();
    let mut direct = vec![0.0f64; n];
    let mut indirect = vec![0.0f64; n];
    let mut mark = vec![u32::MAX; n];
    let mut nbrs: Vec<u32> = Vec::new();
    for i in (first..n).step_by(step) {
        let (to, wo) = graph.out_edges(i);
        let (from, wi) = graph.in_edges(i);
        if to.is_empty() && from.is_empty() {
            continue;
        }
        let si = strength[i];
        nbrs.clear();
        for (&j, &w) in to.iter().zip(wo).chain(from.iter().zip(wi)) {
            if mark[j as usize] != i as u32 {
                mark[j as usize] = i as u32;
                nbrs.push(j);
            }
            if si > 0.0 {
                direct[j as usize] += f64::from(w) / si;
            }
        }
        for &q in &nbrs {
            let q = q as usize;
            let (sq, piq) = (strength[q], direct[q]);
            if sq <= 0.0 || piq == 0.0 {
                continue;
            }
            let f = piq / sq;
            let (qt, qwt) = graph.out_edges(q);
            let (qf, qwf) = graph.in_edges(q);
            for (&j, &w) in qt.iter().zip(qwt).chain(qf.iter().zip(qwf)) {
                if mark[j as usize] == i as u32 {
                    indirect[j as usize] += f * f64::from(w);
                }
            }
        }
        let mut c = 0.0;
        for &j in &nbrs {
            let j = j as usize;
            let x = direct[j] + indirect[j];
            c += x * x;
            direct[j] = 0.0;
            indirect[j] = 0.0;
        }
        out[i] = Some(c);
    }
}
