//! Structure of the relationship graph: reciprocity, one-way ties,
//! isolates and the E-I index of groups (Krackhardt & Stern 1988).

use super::graph::Graph;

/// How mutual the organization's ties are.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Reciprocity {
    /// Ties whose reverse exists / ties; `None` without ties.
    pub binary: Option<f64>,
    /// `Σ min(w_ij, w_ji) / Σ w_ij`; `None` without positive weight.
    pub weighted: Option<f64>,
    /// Ties whose reverse does not exist.
    pub one_way_ties: usize,
}

/// Reciprocity and one-way ties, merging each node's sorted out- and
/// in-lists (linear, no lookups).
pub fn reciprocity(graph: &Graph) -> Reciprocity {
    let (mut mutual, mut min_sum, mut total) = (0usize, 0.0f64, 0.0f64);
    for i in 0..graph.node_count() {
        let (to, wo) = graph.out_edges(i);
        let (from, wi) = graph.in_edges(i);
        let mut k = 0;
        for (&j, &w) in to.iter().zip(wo) {
            total += f64::from(w);
            while k < from.len() && from[k] < j {
                k += 1;
            }
            if k < from.len() && from[k] == j {
                mutual += 1;
                min_sum += f64::from(w.min(wi[k]));
            }
        }
    }
    let ties = graph.edge_count();
    Reciprocity {
        binary: (ties > 0).then(|| mutual as f64 / ties as f64),
        weighted: (total > 0.0).then(|| min_sum / total),
        one_way_ties: ties - mutual,
    }
}

/// Nodes with no tie in or out.
pub fn isolates(graph: &Graph) -> Vec<u32> {
    (0..graph.node_count())
        .filter(|&i| graph.out_degree(i) == 0 && graph.in_edges(i).0.is_empty())
        .map(|i| i as u32)
        .collect()
}

/// One group's size and E-I index.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GroupFigures {
    pub size: usize,
    pub internal_ties: usize,
    pub external_ties: usize,
    /// `(E − I) / (E + I)`; `None` for a group with no ties.
    pub ei_index: Option<f64>,
}

/// E-I index per group; `group_of[i]` is node `i`'s group (`None` for no
/// group) and `groups` the number of groups. A directed tie counts once for
/// each group it touches.
pub fn ei_index(graph: &Graph, group_of: &[Option<u32>], groups: usize) -> Vec<GroupFigures> {
    let mut figures = vec![GroupFigures::default(); groups];
    for g in group_of.iter().flatten() {
        figures[*g as usize].size += 1;
    }
    for (s, t, _) in graph.edges() {
        let gs = group_of.get(s as usize).copied().flatten();
        let gt = group_of.get(t as usize).copied().flatten();
        match (gs, gt) {
            (Some(a), Some(b)) if a == b => figures[a as usize].internal_ties += 1,
            _ => {
                for g in [gs, gt].into_iter().flatten() {
                    figures[g as usize].external_ties += 1;
                }
            }
        }
    }
    for f in &mut figures {
        let (e, i) = (f.external_ties as f64, f.internal_ties as f64);
        f.ei_index = (e + i > 0.0).then(|| (e - i) / (e + i));
    }
    figures
}
