//! `rapport analyze`: organization analytics on a relationship graph the
//! operator exported from elsewhere. Reads the files, calls
//! `rapport_core::analytics`, prints a report or one JSON document.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use rapport_core::analytics::{Analysis, BetweennessChoice, Import, Stage, analyze_observed};
use serde_json::{Map, Value, json};

/// `rapport analyze --edges EDGES.csv [--groups GROUPS.csv] [--json] [--betweenness auto|exact|sample=K]`
#[derive(Debug, Clone, clap::Args)]
pub struct AnalyzeArgs {
    /// Directed ties as `source,target[,weight]` CSV (header optional,
    /// weight 1 by default); `.gz` files are decompressed.
    #[arg(long, value_name = "EDGES.csv")]
    pub edges: PathBuf,
    /// Group of each node as `node,group` CSV, for the E-I index.
    #[arg(long, value_name = "GROUPS.csv")]
    pub groups: Option<PathBuf>,
    /// Print one JSON document instead of a report.
    #[arg(long)]
    pub json: bool,
    /// Betweenness: `exact`, `sample=K` sources, or `auto` (exact up to
    /// 50,000 nodes, sampled above).
    #[arg(long, value_name = "auto|exact|sample=K", default_value = "auto", value_parser = BetweennessChoice::parse)]
    pub betweenness: BetweennessChoice,
}

/// Runs `rapport analyze`.
pub fn run(args: AnalyzeArgs) -> Result<()> {
    let started = Instant::now();
    let mut import = Import::new();
    let text = read_text(&args.edges)?;
    import
        .read_edges(&text)
        .map_err(|e| anyhow!("{} (EDGES.csv): {e}", args.edges.display()))?;
    drop(text);
    if import.edges.is_empty() {
        // An empty report would read as "nobody relies on anybody".
        let skipped = match import.self_ties {
            0 => String::new(),
            n => format!(" ({n} self-tie{} ignored)", if n == 1 { "" } else { "s" }),
        };
        bail!("no ties in {}{skipped}", args.edges.display());
    }
    if let Some(groups) = &args.groups {
        let text = read_text(groups)?;
        import
            .read_groups(&text)
            .map_err(|e| anyhow!("{} (GROUPS.csv): {e}", groups.display()))?;
    }
    import.order_numeric_ids();
    let graph = import.graph();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut timings = Map::new();
    timings.insert(
        "read_seconds".into(),
        json!(started.elapsed().as_secs_f64()),
    );
    let mut last = Instant::now();
    let analysis = analyze_observed(
        &graph,
        &import.group_of,
        import.group_names.len(),
        args.betweenness,
        threads,
        |stage| {
            let name = match stage {
                Stage::Structure => "structure_seconds",
                Stage::EigenTrust => "eigentrust_seconds",
                Stage::Betweenness => "betweenness_seconds",
                Stage::Constraint => "constraint_seconds",
            };
            timings.insert(name.into(), json!(last.elapsed().as_secs_f64()));
            last = Instant::now();
        },
    );
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        let mut doc = to_json(&import, &analysis);
        doc["timings"] = Value::Object(timings);
        serde_json::to_writer(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        report(&mut out, &args.edges, &import, &analysis)?;
    }
    out.flush()?;
    Ok(())
}

/// Reads a whole file as UTF-8, gunzipping it when it is gzip data.
fn read_text(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::with_capacity(bytes.len() * 4);
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut plain)
            .with_context(|| format!("{} is not valid gzip data", path.display()))?;
        bytes = plain;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!(
                "{}: line {line}: not UTF-8 text (expected a CSV file)",
                path.display()
            )
        }
    }
}

fn num(x: Option<f64>) -> Value {
    x.filter(|x| x.is_finite()).map_or(Value::Null, Value::from)
}

fn to_json(import: &Import, a: &Analysis) -> Value {
    let names = &import.names;
    let per_node = |values: &mut dyn Iterator<Item = Option<f64>>| -> Value {
        Value::Object(names.iter().cloned().zip(values.map(num)).collect())
    };
    let groups: Map<String, Value> = import
        .group_names
        .iter()
        .zip(&a.groups)
        .map(|(name, g)| {
            (
                name.clone(),
                json!({"size": g.size, "ei_index": num(g.ei_index),
                       "internal_ties": g.internal_ties, "external_ties": g.external_ties}),
            )
        })
        .collect();
    json!({
        "nodes": a.nodes,
        "ties": a.ties,
        "reciprocity": num(a.reciprocity.binary),
        "weighted_reciprocity": num(a.reciprocity.weighted),
        "eigentrust": per_node(&mut a.eigentrust.scores.iter().map(|&x| Some(x))),
        "eigentrust_iterations": a.eigentrust.iterations,
        "eigentrust_converged": a.eigentrust.converged,
        "betweenness": per_node(&mut a.betweenness.iter().map(|&x| Some(x))),
        "betweenness_method": a.betweenness_method,
        "betweenness_error_bound": a.betweenness_error_bound,
        "constraint": per_node(&mut a.constraint.iter().copied()),
        "isolates": a.isolates.iter().map(|&i| names[i as usize].clone()).collect::<Vec<_>>(),
        "one_way_ties": a.reciprocity.one_way_ties,
        "self_ties_ignored": import.self_ties,
        "groups": groups,
    })
}

fn report(out: &mut impl Write, path: &Path, import: &Import, a: &Analysis) -> Result<()> {
    let pct = |x: Option<f64>| x.map_or("n/a".to_owned(), |x| format!("{:.1}%", 100.0 * x));
    writeln!(out, "Relationship graph {}", path.display())?;
    writeln!(out, "  nodes                 {}", a.nodes)?;
    writeln!(
        out,
        "  ties                  {} ({} one-way)",
        a.ties, a.reciprocity.one_way_ties
    )?;
    writeln!(
        out,
        "  reciprocity           {} of ties returned ({} of weight)",
        pct(a.reciprocity.binary),
        pct(a.reciprocity.weighted)
    )?;
    writeln!(out, "  isolates              {}", a.isolates.len())?;
    if import.self_ties > 0 {
        writeln!(out, "  self-ties ignored     {}", import.self_ties)?;
    }
    writeln!(
        out,
        "  EigenTrust            {} iterations{}",
        a.eigentrust.iterations,
        if a.eigentrust.converged {
            ""
        } else {
            " (did not converge)"
        }
    )?;
    let bound = if a.betweenness_error_bound > 0.0 {
        format!(
            " (each value within ±{:.4} with 95% confidence)",
            a.betweenness_error_bound
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "  betweenness           {}{bound}",
        a.betweenness_method
    )?;
    let top = |title: &str, values: Vec<(usize, f64)>, out: &mut dyn Write| -> io::Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title}")?;
        for (i, v) in values.into_iter().take(10) {
            writeln!(out, "  {:<30} {v:.6}", import.names[i])?;
        }
        Ok(())
    };
    let ranked = |values: &mut dyn Iterator<Item = (usize, f64)>, highest: bool| {
        let mut v: Vec<_> = values.collect();
        v.sort_by(|x, y| {
            if highest {
                y.1.total_cmp(&x.1)
            } else {
                x.1.total_cmp(&y.1)
            }
        });
        v
    };
    top(
        "Most relied on (EigenTrust share)",
        ranked(&mut a.eigentrust.scores.iter().copied().enumerate(), true),
        out,
    )?;
    top(
        "Brokers (betweenness)",
        ranked(&mut a.betweenness.iter().copied().enumerate(), true),
        out,
    )?;
    top(
        "Least constrained (Burt's constraint, lowest first)",
        ranked(
            &mut a
                .constraint
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.map(|c| (i, c))),
            false,
        ),
        out,
    )?;
    if !import.group_names.is_empty() {
        writeln!(out, "\nGroups (E-I index: -1 all inside, +1 all outward)")?;
        for (name, g) in import.group_names.iter().zip(&a.groups) {
            let ei = g
                .ei_index
                .map_or("n/a (no ties)".to_owned(), |x| format!("{x:+.3}"));
            writeln!(out, "  {name:<30} {:>6} people  {ei}", g.size)?;
        }
    }
    Ok(())
}
