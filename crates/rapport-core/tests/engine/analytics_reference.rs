//! Analytics checked against networkx on small real social graphs. The
//! reference values come from `tests/fixtures/make_fixtures.py`.

use std::collections::BTreeMap;

use rapport_core::analytics::*;
use rapport_core::trust::{Event, EventKind, Time, TrustLedger, TrustParams};
use serde_json::Value;

const FIXTURES: &str = include_str!("../fixtures/analytics_reference.json");

struct Case {
    name: String,
    import: Import,
    analysis: Analysis,
    expected: Value,
}

fn cases() -> Vec<Case> {
    let all: Value = serde_json::from_str(FIXTURES).expect("fixture JSON parses");
    all["cases"]
        .as_array()
        .expect("cases is a list")
        .iter()
        .map(|c| {
            let mut import = Import::new();
            import
                .read_edges(c["edges_csv"].as_str().expect("edges"))
                .expect("edges parse");
            import
                .read_groups(c["groups_csv"].as_str().expect("groups"))
                .expect("groups parse");
            let graph = import.graph();
            let analysis = analyze(
                &graph,
                &import.group_of,
                import.group_names.len(),
                BetweennessChoice::Exact,
                2,
            );
            Case {
                name: c["name"].as_str().unwrap_or("?").to_owned(),
                import,
                analysis,
                expected: c.clone(),
            }
        })
        .collect()
}

/// Compares a per-node figure with the reference, by node name.
fn per_node(case: &Case, key: &str, ours: &[Option<f64>], tolerance: f64) {
    let expected = case.expected[key].as_object().expect("per-node object");
    assert_eq!(
        expected.len(),
        ours.len(),
        "{}: {key} node count",
        case.name
    );
    for (k, name) in case.import.names.iter().enumerate() {
        let want = expected[name].as_f64();
        match (want, ours[k]) {
            (None, None) => {}
            (Some(w), Some(o)) => assert!(
                (w - o).abs() <= tolerance,
                "{}: {key} of {name}: networkx {w}, ours {o}",
                case.name
            ),
            (w, o) => panic!("{}: {key} of {name}: networkx {w:?}, ours {o:?}", case.name),
        }
    }
}

/// EigenTrust equals networkx's PageRank with damping 0.85 and the weights.
#[test]
fn eigentrust_matches_networkx_pagerank_on_real_social_graphs() {
    for case in cases() {
        assert!(case.analysis.eigentrust.converged, "{}", case.name);
        let ours: Vec<_> = case
            .analysis
            .eigentrust
            .scores
            .iter()
            .map(|&x| Some(x))
            .collect();
        per_node(&case, "eigentrust", &ours, 1e-8);
    }
}

/// Exact betweenness equals networkx's, normalized for directed graphs.
#[test]
fn exact_betweenness_matches_networkx_on_real_social_graphs() {
    for case in cases() {
        let ours: Vec<_> = case.analysis.betweenness.iter().map(|&x| Some(x)).collect();
        per_node(&case, "betweenness", &ours, 1e-9);
    }
}

/// Burt's constraint equals networkx's local constraint summed over
/// neighbours in either direction, and is null for an isolate.
#[test]
fn constraint_matches_networkx_on_real_social_graphs() {
    for case in cases() {
        per_node(&case, "constraint", &case.analysis.constraint, 1e-6);
    }
}

/// Reciprocity, one-way ties, isolates and E-I indices match the reference.
#[test]
fn structure_figures_match_the_reference_on_real_social_graphs() {
    for case in cases() {
        let (a, e) = (&case.analysis, &case.expected);
        assert_eq!(
            a.ties as u64,
            e["ties"].as_u64().expect("ties"),
            "{}",
            case.name
        );
        assert_eq!(
            a.reciprocity.one_way_ties as u64,
            e["one_way_ties"].as_u64().expect("one way")
        );
        let close = |x: Option<f64>, y: &Value| match (x, y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            (x, y) => x.is_none() && y.is_none(),
        };
        assert!(
            close(a.reciprocity.binary, &e["reciprocity"]),
            "{}",
            case.name
        );
        assert!(
            close(a.reciprocity.weighted, &e["weighted_reciprocity"]),
            "{}",
            case.name
        );
        let isolates: Vec<_> = a
            .isolates
            .iter()
            .map(|&i| case.import.names[i as usize].clone())
            .collect();
        let want: Vec<_> = e["isolates"]
            .as_array()
            .expect("isolates")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        assert_eq!(isolates, want, "{}", case.name);
        let groups: BTreeMap<_, _> = case.import.group_names.iter().zip(&a.groups).collect();
        let want = e["groups"].as_object().expect("groups");
        assert_eq!(groups.len(), want.len(), "{}", case.name);
        for (name, g) in groups {
            assert_eq!(g.size as u64, want[name]["size"].as_u64().expect("size"));
            assert!(
                close(g.ei_index, &want[name]["ei_index"]),
                "{}: group {name}",
                case.name
            );
        }
    }
}

/// Sampled betweenness stays within its documented error bound.
#[test]
fn sampled_betweenness_stays_within_its_error_bound() {
    for case in cases() {
        let graph = case.import.graph();
        let n = graph.node_count();
        let k = n / 2;
        let sampled = betweenness(&graph, Sources::Sample { k, seed: 3 }, 2);
        let bound = sampling_error_bound(n, k, 0.05);
        for (s, x) in sampled.iter().zip(&case.analysis.betweenness) {
            assert!(
                (s - x).abs() <= bound,
                "{}: {s} vs {x} (bound {bound})",
                case.name
            );
        }
    }
}

/// An empty graph is an answer: every figure is empty or null, nothing panics.
#[test]
fn an_empty_graph_gives_empty_figures() {
    let a = analyze(&Graph::default(), &[], 0, BetweennessChoice::Auto, 2);
    assert_eq!((a.nodes, a.ties), (0, 0));
    assert!(a.eigentrust.scores.is_empty() && a.betweenness.is_empty());
    assert_eq!(a.reciprocity.binary, None);
}

/// The ledger's tie graph keeps only pairs with two interactions in the
/// window, weighted by decayed reliance.
#[test]
fn the_tie_graph_needs_two_interactions_in_the_window() {
    let day = |d: f64| Time::from_days(d);
    let ev = |at, from, to| Event {
        at,
        from,
        to,
        kind: EventKind::Delegated,
    };
    let ledger = TrustLedger::replay(
        TrustParams::default(),
        [
            ev(day(0.0), 0u32, 1u32),
            ev(day(1.0), 0, 1),
            ev(day(1.0), 1, 2),
            ev(day(1.0), 2, 0),
            ev(day(95.0), 2, 0),
        ],
    );
    let ties: Vec<_> = ledger
        .tie_graph(&[0, 1, 2], day(95.0))
        .edges()
        .map(|(s, t, _)| (s, t))
        .collect();
    assert_eq!(ties, vec![]);
    let ties: Vec<_> = ledger
        .tie_graph(&[0, 1, 2], day(60.0))
        .edges()
        .map(|(s, t, _)| (s, t))
        .collect();
    assert_eq!(ties, vec![(0, 1)]);
}

/// EigenTrust split over threads converges to the same scores as on one
/// thread, dangling people included.
#[test]
fn eigentrust_on_two_threads_matches_one_thread() {
    let mut edges: Vec<(u32, u32, f32)> = Vec::new();
    // Two dense teams, a few ties across, and people nobody trusts back.
    for s in 0..60u32 {
        for t in 0..60u32 {
            if s / 30 == t / 30 && (s * 7 + t * 3) % 4 != 0 || (s + t) % 29 == 0 {
                edges.push((s, t, 1.0 + ((s ^ t) % 5) as f32));
            }
        }
    }
    edges.retain(|&(s, _, _)| s % 13 != 0); // dangling rows
    let graph = Graph::from_edges(60, edges);
    let one = eigentrust(
        &graph,
        &EigenTrustParams {
            threads: 1,
            ..EigenTrustParams::default()
        },
    );
    let two = eigentrust(
        &graph,
        &EigenTrustParams {
            threads: 2,
            parallel_min_ties: 0,
            ..EigenTrustParams::default()
        },
    );
    assert!(one.converged && two.converged);
    assert!((one.scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    for (a, b) in one.scores.iter().zip(&two.scores) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}
