//! `rapport bench insights`: times `rapport_core::insights::compute` on a
//! synthetic organization (the `bench trust` graph, its teams grouped under
//! parent teams, and a year of trust acts along its ties) for each period,
//! with a reference measured in the same run: one plain pass over the acts,
//! counting them per pair of home teams, so that figures from different
//! machines can be compared. The work is all in `rapport_core`; this file
//! generates, times and prints.

use super::bench::timed;
use std::io::{self, Write};

use anyhow::{Result, bail};
use rapport_core::analytics::synth::{SynthParams, synthesize};
use rapport_core::insights::{self, Act, ActKind, DAY_MS, Input, PERIODS, TeamNode};
use serde_json::{Value, json};

/// `rapport bench insights [--people N] [--ties M] [--teams-per N] [--small-teams PERCENT] [--seed S] [--k K] [--json]`
#[derive(Debug, Clone, clap::Args)]
pub struct BenchInsightsArgs {
    /// People in the synthetic organization.
    #[arg(long, default_value_t = 100_000)]
    pub people: u32,
    /// Relationship ties (directed pairs) among them; 100 per person when not given.
    #[arg(long)]
    pub ties: Option<u64>,
    /// Teams under each parent team (the teams people belong to are grouped
    /// this many at a time, then their parents, up to one root); 0 or 1 for
    /// no parent teams.
    #[arg(long, default_value_t = 8)]
    pub teams_per: u32,
    /// Percent of the teams people belong to that get a sub-team of two to
    /// four of their people: groups below k, whose figures suppression must
    /// protect (0 for none).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub small_teams: u32,
    /// Seed of the synthetic organization and its acts.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The minimum group size.
    #[arg(long, default_value_t = 5)]
    pub k: u32,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The size and time the goal is stated for (issue 14).
const TARGET_PEOPLE: u32 = 100_000;
const TARGET_SECONDS: f64 = 2.0;
/// The moment the insights are computed at (2026-12-01, UTC).
const NOW_MS: i64 = 1_796_083_200_000;
/// Acts are spread over this many days before `NOW_MS`.
const HISTORY_DAYS: i64 = 365;

/// Runs `rapport bench insights`.
pub fn run(args: BenchInsightsArgs) -> Result<()> {
    if args.people < 2 {
        bail!("--people must be at least 2, found {}", args.people);
    }
    let ties = args.ties.unwrap_or(100 * u64::from(args.people));
    let max = u64::from(args.people) * u64::from(args.people - 1);
    if ties > max {
        bail!("--ties must be at most people × (people − 1) = {max}, found {ties}");
    }
    let (org, generate) = timed(|| {
        let org = synthesize(&SynthParams {
            people: args.people,
            ties,
            seed: args.seed,
        });
        let mut teams = team_tree(org.teams, args.teams_per);
        let homes = small_teams(&mut teams, &org.team_of, org.teams, args.small_teams);
        let people: Vec<(u32, Option<u32>)> = homes
            .iter()
            .enumerate()
            .map(|(p, &t)| (p as u32, Some(t)))
            .collect();
        let acts = acts(org.tie_list(), args.seed);
        (org, teams, people, acts)
    });
    let (org, teams, people, acts) = org;
    let leaf_teams = org.teams;
    let small = teams.len() - team_tree(leaf_teams, args.teams_per).len();

    // The reference: one pass over the acts, counting those of each period
    // per pair of home teams, into a flat array.
    let (in_period, reference) = timed(|| reference_pass(&acts, &org.team_of, leaf_teams));

    let mut rows = Vec::new();
    for (&days, &count) in PERIODS.iter().zip(&in_period) {
        let input = Input {
            teams: &teams,
            people: &people,
            acts: &acts,
            learners: &[],
            k: args.k,
            now: NOW_MS,
            days,
        };
        let (result, time) = timed(|| insights::compute(&input));
        let hidden = result
            .teams
            .iter()
            .filter(|t| !t.suppressed && t.figures.acts_within.is_none())
            .count();
        rows.push(json!({
            "days": days,
            "acts_in_period": count,
            "seconds": time.as_secs_f64(),
            "teams_with_acts_within_hidden": hidden,
        }));
    }
    let slowest = rows
        .iter()
        .filter_map(|r| r["seconds"].as_f64())
        .fold(0.0, f64::max);
    let at_target_size = args.people == TARGET_PEOPLE;
    let report = json!({
        "people": args.people,
        "ties": org.ties(),
        "teams": teams.len(),
        "teams_with_members": leaf_teams as usize + small,
        "teams_per": args.teams_per,
        "small_teams": small,
        "small_teams_percent": args.small_teams,
        "acts": acts.len(),
        "k": args.k,
        "seed": args.seed,
        "generate_seconds": generate.as_secs_f64(),
        "reference_seconds": reference.as_secs_f64(),
        "periods": rows,
        "slowest_seconds": slowest,
        "target_seconds": TARGET_SECONDS,
        "target_people": TARGET_PEOPLE,
        "target_met": at_target_size.then_some(slowest < TARGET_SECONDS),
    });
    super::bench::report_out(&report, args.json, print_table)
}

/// The teams people belong to (ids `0..leaves`), grouped `per` at a time
/// under parent teams (the next ids), and those again, up to one root.
fn team_tree(leaves: u32, per: u32) -> Vec<TeamNode<u32>> {
    let mut teams: Vec<TeamNode<u32>> = (0..leaves)
        .map(|id| TeamNode { id, parent: None })
        .collect();
    if per < 2 {
        return teams;
    }
    let mut level: Vec<u32> = (0..leaves).collect();
    while level.len() > 1 {
        let mut next = Vec::new();
        for group in level.chunks(per as usize) {
            let id = teams.len() as u32;
            for &child in group {
                teams[child as usize].parent = Some(id);
            }
            teams.push(TeamNode { id, parent: None });
            next.push(id);
        }
        level = next;
    }
    teams
}

/// Gives `percent` of the teams people belong to (`0..leaves`, spread
/// evenly) a sub-team of two to four of their people, below k; returns
/// everyone's team.
fn small_teams(
    teams: &mut Vec<TeamNode<u32>>,
    team_of: &[u32],
    leaves: u32,
    percent: u32,
) -> Vec<u32> {
    let mut homes = team_of.to_vec();
    if percent == 0 {
        return homes;
    }
    let every = (100 / percent).max(1);
    let mut start = 0;
    while start < homes.len() {
        let team = team_of[start];
        let end = start + team_of[start..].iter().take_while(|&&t| t == team).count();
        let size = 2 + team as usize % 3;
        if team < leaves && team.is_multiple_of(every) && end - start > size + 1 {
            let id = teams.len() as u32;
            teams.push(TeamNode {
                id,
                parent: Some(team),
            });
            homes[start..start + size].fill(id);
        }
        start = end;
    }
    homes
}

/// One to three acts along each tie, spread over the last year: half of
/// them delegations (a tenth of those second chances), a quarter help
/// requests, the rest thanks, check-ins and meetings.
fn acts(ties: impl Iterator<Item = (u32, u32)>, seed: u64) -> Vec<Act<u32>> {
    let mut acts = Vec::new();
    for (n, (from, to)) in ties.enumerate() {
        let h = mix(seed ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for r in 0..1 + h % 3 {
            let a = mix(h ^ r);
            let kind = match a % 20 {
                0..=9 => ActKind::Delegated {
                    second_chance: (a >> 8).is_multiple_of(10),
                },
                10..=14 => ActKind::HelpAsked,
                15..=16 => ActKind::Thanked,
                17..=18 => ActKind::CheckIn,
                _ => ActKind::Met,
            };
            let ago = ((a >> 16) % (HISTORY_DAYS * DAY_MS) as u64) as i64;
            acts.push(Act {
                from,
                to,
                kind,
                at: NOW_MS - ago,
            });
        }
    }
    acts
}

/// Acts of each period, counted per pair of home teams in one pass; returns
/// each period's total.
fn reference_pass(acts: &[Act<u32>], team_of: &[u32], teams: u32) -> Vec<u64> {
    let t = teams as usize;
    let mut cells = vec![[0u64; PERIODS.len()]; t * t];
    for a in acts {
        let cell =
            &mut cells[team_of[a.from as usize] as usize * t + team_of[a.to as usize] as usize];
        for (c, &days) in cell.iter_mut().zip(&PERIODS) {
            *c += u64::from(a.at > NOW_MS - i64::from(days) * DAY_MS);
        }
    }
    (0..PERIODS.len())
        .map(|i| cells.iter().map(|c| c[i]).sum())
        .collect()
}

/// SplitMix64's finalizer: a well-spread hash of a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn print_table(out: &mut impl Write, r: &Value) -> io::Result<()> {
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    // `Value` ignores widths: format through strings.
    let s = |v: &Value| v.to_string();
    writeln!(
        out,
        "rapport bench insights: {} people, {} ties, {} teams ({} with members, {} per parent, {} of them sub-teams below k), {} acts over {} days, k = {}, seed {}",
        r["people"],
        r["ties"],
        r["teams"],
        r["teams_with_members"],
        r["teams_per"],
        r["small_teams"],
        r["acts"],
        HISTORY_DAYS,
        r["k"],
        r["seed"]
    )?;
    writeln!(
        out,
        "  {:<36} {:>8} {:>6} {:>10} {:>10}",
        "step", "people", "teams", "acts", "seconds"
    )?;
    writeln!(
        out,
        "  {:<36} {:>8} {:>6} {:>10} {:>10.3}",
        "generate (not timed as insights)",
        s(&r["people"]),
        s(&r["teams"]),
        s(&r["acts"]),
        f(&r["generate_seconds"])
    )?;
    writeln!(
        out,
        "  {:<36} {:>8} {:>6} {:>10} {:>10.3}",
        "reference: count the acts once",
        s(&r["people"]),
        s(&r["teams"]),
        s(&r["acts"]),
        f(&r["reference_seconds"])
    )?;
    for p in r["periods"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "  {:<36} {:>8} {:>6} {:>10} {:>10.3}",
            format!("insights, {} days", p["days"]),
            s(&r["people"]),
            s(&r["teams"]),
            s(&p["acts_in_period"]),
            f(&p["seconds"])
        )?;
    }
    let slowest = f(&r["slowest_seconds"]);
    let verdict = match r["target_met"].as_bool() {
        Some(true) => format!("met (slowest period {slowest:.3} s)"),
        Some(false) => format!("NOT met (slowest period {slowest:.3} s)"),
        None => format!("not measured at this size (slowest period {slowest:.3} s)"),
    };
    writeln!(
        out,
        "  target: every period under {TARGET_SECONDS} s at {TARGET_PEOPLE} people: {verdict}"
    )
}
