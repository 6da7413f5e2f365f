//! The whole organization analysis of `rapport analyze`, in one call.

use super::betweenness::{Sources, betweenness, sampling_error_bound};
use super::constraint::constraint;
use super::eigentrust::{EigenTrust, EigenTrustParams, eigentrust};
use super::graph::Graph;
use super::structure::{GroupFigures, Reciprocity, ei_index, isolates, reciprocity};

/// Above this many nodes, `auto` samples betweenness sources.
pub const AUTO_EXACT_LIMIT: usize = 50_000;
/// Sources `auto` samples on a large graph.
pub const AUTO_SAMPLES: usize = 1_000;
/// The `δ` of the reported sampling error bound.
pub const ERROR_BOUND_DELTA: f64 = 0.05;
const SAMPLE_SEED: u64 = 0x0072_6170_706f_7274; // "rapport"

/// The `--betweenness` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BetweennessChoice {
    /// Exact up to [`AUTO_EXACT_LIMIT`] nodes, sampled above.
    #[default]
    Auto,
    Exact,
    Sample(usize),
}

impl BetweennessChoice {
    /// Parses `auto`, `exact` or `sample=K` (K ≥ 1).
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(Self::Auto),
            "exact" => Ok(Self::Exact),
            _ => s
                .strip_prefix("sample=")
                .and_then(|k| k.parse::<usize>().ok())
                .filter(|&k| k > 0)
                .map(Self::Sample)
                .ok_or_else(|| {
                    format!("{s:?} is not a betweenness method (expected auto, exact or sample=K with K ≥ 1)")
                }),
        }
    }

    fn sources(self, n: usize) -> Sources {
        match self {
            Self::Exact => Sources::All,
            Self::Auto if n <= AUTO_EXACT_LIMIT => Sources::All,
            Self::Auto => Sources::Sample {
                k: AUTO_SAMPLES,
                seed: SAMPLE_SEED,
            },
            Self::Sample(k) => Sources::Sample {
                k,
                seed: SAMPLE_SEED,
            },
        }
    }
}

/// Everything `rapport analyze` reports; vectors are indexed by node.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub nodes: usize,
    pub ties: usize,
    pub reciprocity: Reciprocity,
    pub eigentrust: EigenTrust,
    pub betweenness: Vec<f64>,
    /// `"exact"` or `"sample=K"`.
    pub betweenness_method: String,
    /// The Hoeffding bound (δ = 0.05) when sampled, 0 when exact.
    pub betweenness_error_bound: f64,
    pub constraint: Vec<Option<f64>>,
    pub isolates: Vec<u32>,
    pub groups: Vec<GroupFigures>,
}

/// A step of [`analyze_observed`], reported when it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Structure,
    EigenTrust,
    Betweenness,
    Constraint,
}

/// Runs every figure on `graph`. `group_of`/`groups` describe the groups
/// (see [`ei_index`]); `threads` is how many cores to use.
pub fn analyze(
    graph: &Graph,
    group_of: &[Option<u32>],
    groups: usize,
    choice: BetweennessChoice,
    threads: usize,
) -> Analysis {
    analyze_observed(graph, group_of, groups, choice, threads, |_| {})
}

/// [`analyze`], calling `done` after each stage so that the shell can time
/// the stages (the core reads no clock).
pub fn analyze_observed(
    graph: &Graph,
    group_of: &[Option<u32>],
    groups: usize,
    choice: BetweennessChoice,
    threads: usize,
    mut done: impl FnMut(Stage),
) -> Analysis {
    let n = graph.node_count();
    let sources = choice.sources(n);
    let (method, bound) = match sources {
        Sources::Sample { k, .. } if k < n => (
            format!("sample={k}"),
            sampling_error_bound(n, k, ERROR_BOUND_DELTA),
        ),
        _ => ("exact".to_owned(), 0.0),
    };
    let params = EigenTrustParams {
        threads,
        ..EigenTrustParams::default()
    };
    let reciprocity = reciprocity(graph);
    let isolates = isolates(graph);
    let groups = ei_index(graph, group_of, groups);
    done(Stage::Structure);
    let eigentrust = eigentrust(graph, &params);
    done(Stage::EigenTrust);
    let betweenness = betweenness(graph, sources, threads);
    done(Stage::Betweenness);
    let constraint = constraint(graph, threads);
    done(Stage::Constraint);
    Analysis {
        nodes: n,
        ties: graph.edge_count(),
        reciprocity,
        eigentrust,
        betweenness,
        betweenness_method: method,
        betweenness_error_bound: bound,
        constraint,
        isolates,
        groups,
    }
}
