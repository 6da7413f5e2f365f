//! `rapport bench trust`: times the trust engine on a synthetic organization
//! (replay, EigenTrust, reciprocity and E-I, constraint, betweenness, then
//! nudges and introductions) and reports peak memory. The work is all in `rapport_core`; this file
//! generates, times and prints.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rapport_core::analytics::synth::{SynthParams, synthesize};
use rapport_core::analytics::{
    EigenTrustParams, Graph, Sources, betweenness, constraint, ei_index, eigentrust, reciprocity,
    sampling_error_bound,
};
use rapport_core::trust::{TrustLedger, TrustParams};
use serde_json::{Value, json};

/// `rapport bench trust [--people N] [--ties M] [--json] [--export-edges FILE.csv]`
#[derive(Debug, Clone, clap::Args)]
pub struct BenchTrustArgs {
    /// People in the synthetic organization.
    #[arg(long, default_value_t = 100_000)]
    pub people: u32,
    /// Relationship ties (directed pairs) among them.
    #[arg(long, default_value_t = 10_000_000)]
    pub ties: u64,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the graph EigenTrust ran on as `source,target,weight` CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub export_edges: Option<PathBuf>,
}

/// Sources sampled for betweenness on the benchmark graph.
const SAMPLES: usize = 64;
/// Up to this many people, exact betweenness is timed too.
const EXACT_LIMIT: u32 = 20_000;
const SEED: u64 = 42;

/// Runs `rapport bench trust`.
pub fn run(args: BenchTrustArgs) -> Result<()> {
    if args.people < 2 {
        bail!("--people must be at least 2, found {}", args.people);
    }
    let max = u64::from(args.people) * u64::from(args.people - 1);
    if args.ties > max {
        bail!(
            "--ties must be at most people × (people − 1) = {max}, found {}",
            args.ties
        );
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (org, generate) = timed(|| {
        synthesize(&SynthParams {
            people: args.people,
            ties: args.ties,
            seed: SEED,
        })
    });

    let mut ledger = TrustLedger::new(TrustParams::default());
    ledger.reserve_pairs(org.ties());
    let mut replay = Duration::ZERO;
    let mut events = 0u64;
    org.events(|chunk| {
        // Only applying counts: generating the chunk is not the engine's work.
        let start = Instant::now();
        ledger.apply_slice(chunk);
        replay += start.elapsed();
        events += chunk.len() as u64;
    });

    let people: Vec<u32> = (0..args.people).collect();
    let at = org.end();
    let (evidence, evidence_build) = timed(|| ledger.evidence_graph(&people, at));
    let (ties, ties_build) = timed(|| ledger.tie_graph(&people, at));
    drop(ledger);

    let et_params = EigenTrustParams {
        threads,
        ..EigenTrustParams::default()
    };
    let (et, et_time) = timed(|| eigentrust(&evidence, &et_params));
    let ((recip, groups), recip_time) = timed(|| {
        let team_of: Vec<_> = org.team_of.iter().map(|&t| Some(t)).collect();
        (
            reciprocity(&ties),
            ei_index(&ties, &team_of, org.teams as usize),
        )
    });
    let (_, constraint_time) = timed(|| constraint(&ties, threads));
    let samples = SAMPLES.min(ties.node_count());
    let sources = Sources::Sample {
        k: samples,
        seed: SEED,
    };
    let (_, sampled_time) = timed(|| betweenness(&ties, sources, threads));
    let exact_time = (args.people <= EXACT_LIMIT).then(|| {
        timed(|| betweenness(&ties, Sources::All, threads))
            .1
            .as_secs_f64()
    });

    if let Some(path) = &args.export_edges {
        export(&evidence, path).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // The graphs are done with: free them before the nudge facts are built.
    let (tie_count, evidence_count) = (ties.edge_count(), evidence.edge_count());
    let error_bound = sampling_error_bound(ties.node_count(), samples, 0.05);
    drop((evidence, ties));
    let nudges = super::bench_nudges::measure(&org, SEED, threads);
    let silos = groups
        .iter()
        .filter(|g| g.ei_index.is_some_and(|x| x < 0.0))
        .count();
    let report = json!({
        "people": args.people,
        "ties": tie_count,
        "evidence_ties": evidence_count,
        "teams": org.teams,
        "inside_team_share": org.inside_team_share(),
        "events": events,
        "threads": threads,
        "generate_seconds": generate.as_secs_f64(),
        "replay_seconds": replay.as_secs_f64(),
        "replay_events_per_second": events as f64 / replay.as_secs_f64().max(1e-9),
        "graph_build_seconds": (evidence_build + ties_build).as_secs_f64(),
        "eigentrust_seconds": et_time.as_secs_f64(),
        "eigentrust_iterations": et.iterations,
        "eigentrust_converged": et.converged,
        "reciprocity_seconds": recip_time.as_secs_f64(),
        "reciprocity": recip.binary,
        "weighted_reciprocity": recip.weighted,
        "teams_inward": silos,
        "constraint_seconds": constraint_time.as_secs_f64(),
        "betweenness_sampled_seconds": sampled_time.as_secs_f64(),
        "betweenness_samples": samples,
        "betweenness_sampled_error_bound": error_bound,
        "betweenness_exact_seconds": exact_time,
        "nudge_facts_seconds": nudges.facts.as_secs_f64(),
        "nudges_seconds": nudges.nudges.as_secs_f64(),
        "nudges": nudges.nudge_count,
        "introductions_seconds": nudges.introductions.as_secs_f64(),
        "introductions": nudges.pair_count,
        "peak_memory_bytes": peak_memory_bytes(),
    });
    report_out(&report, args.json, print_table)
}

/// Prints a benchmark's report: the JSON object itself, or its table.
pub(super) fn report_out(
    report: &Value,
    json: bool,
    table: fn(&mut io::StdoutLock<'static>, &Value) -> io::Result<()>,
) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{report}")?;
    } else {
        table(&mut out, report)?;
    }
    Ok(())
}

/// A value and how long it took to compute.
pub(super) fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// Writes the graph as EDGES.csv; `f32` weights print in their shortest
/// exact form, so a reader gets the very weights EigenTrust used.
fn export(graph: &Graph, path: &PathBuf) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "source,target,weight")?;
    for (s, t, w) in graph.edges() {
        writeln!(out, "{s},{t},{w}")?;
    }
    out.flush()
}

/// Peak resident memory (VmHWM) in bytes, or null where /proc has none.
fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn print_table(out: &mut impl Write, r: &Value) -> io::Result<()> {
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    writeln!(
        out,
        "rapport bench trust: {} people, {} ties ({} with positive evidence), {} teams, {} threads",
        r["people"], r["ties"], r["evidence_ties"], r["teams"], r["threads"]
    )?;
    writeln!(out, "  {:<34} {:>10}", "step", "seconds")?;
    writeln!(
        out,
        "  {:<34} {:>10.3}",
        "generate (not the engine)",
        f("generate_seconds")
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}   {} events, {:.2} M events/s",
        "replay",
        f("replay_seconds"),
        r["events"],
        f("replay_events_per_second") / 1e6
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}",
        "build graphs from the ledger",
        f("graph_build_seconds")
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}   {} iterations",
        "EigenTrust",
        f("eigentrust_seconds"),
        r["eigentrust_iterations"]
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}",
        "reciprocity and E-I",
        f("reciprocity_seconds")
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}",
        "constraint",
        f("constraint_seconds")
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}   {} sources, ±{:.4}",
        "betweenness (sampled)",
        f("betweenness_sampled_seconds"),
        r["betweenness_samples"],
        f("betweenness_sampled_error_bound")
    )?;
    if let Some(x) = r["betweenness_exact_seconds"].as_f64() {
        writeln!(out, "  {:<34} {:>10.3}", "betweenness (exact)", x)?;
    }
    writeln!(
        out,
        "  {:<34} {:>10.3}",
        "nudge facts (replay)",
        f("nudge_facts_seconds")
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}   {} shown",
        "nudges (candidates + select)",
        f("nudges_seconds"),
        r["nudges"]
    )?;
    writeln!(
        out,
        "  {:<34} {:>10.3}   {} pairs",
        "introductions (one round)",
        f("introductions_seconds"),
        r["introductions"]
    )?;
    let mb = r["peak_memory_bytes"]
        .as_f64()
        .map_or("n/a".to_owned(), |b| format!("{:.0} MB", b / 1e6));
    writeln!(out, "  peak memory {mb}")
}
