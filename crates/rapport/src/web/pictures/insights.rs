//! The insights pictures: a team's weekly trust acts, and the team map
//! (teams as circles sized by people, lines weighted by the acts between
//! them, teams with few ties across their border marked). Hidden weeks
//! and ties are drawn as nothing and said in words; the page gives the
//! same facts as a table.

use super::{PALETTE, Svg, num};
use std::fmt::Write;

const INK: &str = "#1d2330";
const MUTED: &str = "#4f5868";

/// Acts per week, one bar each; a hidden week is a gap with a dash.
pub fn weekly(id: &str, team: &str, weeks: &[(String, Option<u64>)]) -> String {
    let (w, h) = (480.0, 150.0);
    let (left, top, bottom) = (28.0, 8.0, 120.0);
    let tallest = weeks
        .iter()
        .filter_map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let shown: Vec<u64> = weeks.iter().filter_map(|(_, n)| *n).collect();
    let desc = if shown.is_empty() {
        format!("No weekly figures are shown for {team}.")
    } else {
        format!(
            "Trust acts involving {team} per week over {} weeks: {} in all shown weeks, at most {tallest} in a week{}.",
            weeks.len(),
            shown.iter().sum::<u64>(),
            if shown.len() < weeks.len() {
                "; some weeks are hidden"
            } else {
                ""
            }
        )
    };
    let mut svg = Svg::new(id, w, h, &format!("Trust acts per week, {team}"), &desc);
    let slot = (w - left) / weeks.len().max(1) as f64;
    let unit = (bottom - top) / tallest as f64;
    svg.rect(left, bottom, w - left, 1.0, MUTED)
        .text(
            left - 4.0,
            top + 8.0,
            11.0,
            "end",
            MUTED,
            &tallest.to_string(),
        )
        .text(left - 4.0, bottom, 11.0, "end", MUTED, "0");
    for (k, (label, n)) in weeks.iter().enumerate() {
        let x = left + slot * k as f64 + slot * 0.2;
        match n {
            Some(n) => {
                let height = *n as f64 * unit;
                svg.rect(x, bottom - height, slot * 0.6, height, PALETTE[0]);
            }
            None => {
                svg.text(x + slot * 0.3, bottom - 4.0, 11.0, "middle", MUTED, "–");
            }
        }
        if k % 2 == 0 {
            svg.text(x + slot * 0.3, bottom + 14.0, 10.0, "middle", MUTED, label);
        }
    }
    svg.finish()
}

/// A team on the map.
pub struct MapTeam {
    pub name: String,
    pub people: u32,
    /// Few ties across its border (or none shown).
    pub inward: bool,
}

/// The team map: teams round a circle, circles sized by people, lines as
/// thick as the acts between two teams (both ways, where shown).
pub fn team_map(teams: &[MapTeam], ties: &[(usize, usize, u64)]) -> String {
    let (w, h) = (560.0, 420.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0 - 10.0, 140.0);
    let n = teams.len().max(1) as f64;
    let at = |i: usize| {
        let a = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    let marked = teams.iter().filter(|t| t.inward).count();
    let desc = if teams.is_empty() {
        "No teams yet.".to_string()
    } else {
        format!(
            "{} teams, {} ties between teams shown; {marked} marked for few ties across their border. The table below gives the same facts.",
            teams.len(),
            ties.len()
        )
    };
    let mut svg = Svg::new("team-map", w, h, "Team map", &desc);
    let heaviest = ties.iter().map(|t| t.2).max().unwrap_or(1).max(1) as f64;
    for &(a, b, acts) in ties {
        let ((x1, y1), (x2, y2)) = (at(a), at(b));
        let width = 1.0 + 7.0 * acts as f64 / heaviest;
        let mut line = String::new();
        let _ = write!(
            line,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a93a3" stroke-width="{}" stroke-linecap="round"/>"##,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
        svg.raw(&line);
    }
    let largest = teams.iter().map(|t| t.people).max().unwrap_or(1).max(1) as f64;
    for (i, t) in teams.iter().enumerate() {
        let (x, y) = at(i);
        let radius = 10.0 + 22.0 * (f64::from(t.people) / largest).sqrt();
        let mut dot = String::new();
        let dash = if t.inward {
            r##" stroke="#b3401a" stroke-width="3" stroke-dasharray="5 3""##
        } else {
            ""
        };
        let _ = write!(
            dot,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{}"{dash}/>"#,
            num(x),
            num(y),
            num(radius),
            PALETTE[i % PALETTE.len()]
        );
        svg.raw(&dot);
        let label = if t.inward {
            format!("{} ({}, few ties out)", t.name, t.people)
        } else {
            format!("{} ({})", t.name, t.people)
        };
        svg.text(x, y + radius + 14.0, 12.0, "middle", INK, &label);
    }
    svg.finish()
}
