//! Organization-wide figures read from the ledger: the graphs the analytics
//! run on, and how much trust each person extends.

use std::hash::Hash;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::event::Time;
use super::ledger::TrustLedger;
use super::opinion::decayed;
use crate::analytics::Graph;

/// How much A relies on others, absolute and relative to the organization.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrustExtended {
    /// Decayed count of A's delegations and help requests to anyone.
    pub volume: f64,
    /// Distinct people A relied on with an interaction in the window.
    pub breadth: u32,
    /// `volume / max(median volume, 1)`.
    pub volume_ratio: f64,
    /// `breadth / max(median breadth, 1)`.
    pub breadth_ratio: f64,
}

impl<P: Copy + Eq + Hash> TrustLedger<P> {
    /// The graph EigenTrust runs on: a tie i → j for every pair whose
    /// decayed evidence `e_ij = r_ij − s_ij` is positive, weighted by it.
    /// Node `k` of the graph is `people[k]`; pairs with someone not in
    /// `people` are left out.
    pub fn evidence_graph(&self, people: &[P], at: Time) -> Graph {
        self.graph(people, |st| {
            let (ev, _) = decayed(st, &self.rates, at);
            let e = ev.positive - ev.negative;
            (e > 0.0).then_some(e as f32)
        })
    }

    /// The relationship graph of the window: a tie i → j when i had at
    /// least `min_tie_interactions` interactions toward j in the last
    /// `tie_window_days`, weighted by the decayed reliance `w_ij`.
    pub fn tie_graph(&self, people: &[P], at: Time) -> Graph {
        let min = self.params.min_tie_interactions;
        self.graph(people, |st| {
            (st.interactions_in_window(&self.rates, at) >= min)
                .then(|| decayed(st, &self.rates, at).1 as f32)
        })
    }

    fn graph(
        &self,
        people: &[P],
        weight: impl Fn(&super::ledger::PairState) -> Option<f32>,
    ) -> Graph {
        let index = index_of(people);
        let mut edges = Vec::with_capacity(self.pairs.len());
        for (&(a, b), st) in &self.pairs {
            if let (Some(&i), Some(&j), Some(w)) = (index.get(&a), index.get(&b), weight(st)) {
                edges.push((i, j, w));
            }
        }
        Graph::from_edges(people.len(), edges)
    }

    /// Trust extended by each of `people` (same order), relative to the
    /// organization's medians.
    pub fn trust_extended(&self, people: &[P], at: Time) -> Vec<TrustExtended> {
        let index = index_of(people);
        let mut volume = vec![0.0f64; people.len()];
        let mut breadth = vec![0u32; people.len()];
        for (&(a, _), st) in &self.pairs {
            let Some(&i) = index.get(&a) else { continue };
            let w = decayed(st, &self.rates, at).1;
            volume[i as usize] += w;
            if w > 0.0 && st.interactions_in_window(&self.rates, at) > 0 {
                breadth[i as usize] += 1;
            }
        }
        let median_volume = median(volume.clone()).max(1.0);
        let median_breadth = median(breadth.iter().map(|&b| f64::from(b)).collect()).max(1.0);
        volume
            .iter()
            .zip(&breadth)
            .map(|(&v, &b)| TrustExtended {
                volume: v,
                breadth: b,
                volume_ratio: v / median_volume,
                breadth_ratio: f64::from(b) / median_breadth,
            })
            .collect()
    }
}

fn index_of<P: Copy + Eq + Hash>(people: &[P]) -> FxHashMap<P, u32> {
    people
        .iter()
        .enumerate()
        .map(|(k, &p)| (p, k as u32))
        .collect()
}

/// The median (mean of the two middle values for an even count); 0 when empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_unstable_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
