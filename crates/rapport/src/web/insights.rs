//! The insights pages: a lead's teams, an admin's every team with the
//! organization, the matrix and the team map; one team's figures with its
//! weekly trend. Hidden figures read "fewer than k"; a team below k says
//! why it shows nothing. Every picture has its facts as a table too.

use super::page::{Nav, PageError, PageViewer, render};
use super::pictures::{self, MapTeam};
use crate::AppState;
use crate::app::insights::{self as ops, MatrixView, Overview, Period, TeamInsights};
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rapport_core::TeamId;
use rapport_core::insights::{Figures, PERIODS};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/insights", get(overview))
        .route("/insights/map.svg", get(map_svg))
        .route("/insights/teams/{id}", get(team))
        .route("/insights/teams.csv", get(teams_csv))
        .route("/insights/matrix.csv", get(matrix_csv))
}

/// The columns of the teams table as a spreadsheet reads them.
const CSV_HEADINGS: [&str; 14] = [
    "team",
    "people",
    "suppressed",
    "people_active",
    "acts_within",
    "acts_across",
    "ei_index",
    "reciprocity",
    "help_asked_across",
    "help_given_across",
    "second_chances",
    "share_with_tie_across",
    "course_started",
    "course_completed",
];

/// A hidden figure is an empty cell, never a zero.
fn csv_cells(f: &Figures) -> Vec<String> {
    let count = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let ratio = |x: Option<f64>| x.map(|x| format!("{x:.4}")).unwrap_or_default();
    vec![
        count(f.people_active),
        count(f.acts_within),
        count(f.acts_across),
        ratio(f.ei_index),
        ratio(f.reciprocity),
        count(f.help_asked_across),
        count(f.help_given_across),
        count(f.second_chances),
        ratio(f.share_with_tie_across),
        count(f.course_started),
        count(f.course_completed),
    ]
}

/// A name a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is
/// written as text (OWASP's advice on CSV injection).
fn csv_text(name: &str) -> String {
    if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{name}")
    } else {
        name.to_string()
    }
}

fn csv_answer(rows: Vec<Vec<String>>, file: &str) -> Result<Response, PageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(&r).map_err(AppError::internal)?;
    }
    let body = w.into_inner().map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The teams table (and, for admins, the whole organization) as CSV.
async fn teams_csv(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let o = ops::overview(&state, &v, q.period()?).await?;
    let mut rows = vec![CSV_HEADINGS.iter().map(ToString::to_string).collect()];
    let mut add = |name: &str, size: u32, suppressed: bool, f: &Figures| {
        let mut r = vec![csv_text(name), size.to_string(), suppressed.to_string()];
        r.extend(csv_cells(f));
        rows.push(r);
    };
    for t in &o.teams {
        add(&t.team.name, t.size, t.suppressed, &t.figures);
    }
    if let Some(org) = &o.org {
        add("Whole organization", org.size, org.size < o.k, &org.figures);
    }
    csv_answer(rows, &format!("insights-teams-{}-days.csv", o.days))
}

/// The team × team table as CSV (admins): rows from, columns to.
async fn matrix_csv(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let period = q.period()?;
    let m = ops::matrix(&state, &v, period).await?;
    let mut head = vec!["from \\ to".to_string()];
    head.extend(m.teams.iter().map(|t| csv_text(&t.name)));
    let mut rows = vec![head];
    for (t, cells) in m.teams.iter().zip(&m.cells) {
        let mut r = vec![csv_text(&t.name)];
        r.extend(
            cells
                .iter()
                .map(|c| c.map(|n| n.to_string()).unwrap_or_default()),
        );
        rows.push(r);
    }
    csv_answer(rows, &format!("insights-matrix-{}-days.csv", period.days()))
}

#[derive(Deserialize)]
struct PeriodQuery {
    days: Option<String>,
}

impl PeriodQuery {
    fn period(&self) -> Result<Period, AppError> {
        Ok(Period::from_query(self.days.as_deref())?)
    }
}

/// One row of a table of figures, in words.
struct Row {
    id: Option<TeamId>,
    name: String,
    size: u32,
    /// Why nothing is shown, for a team below k.
    suppressed: Option<String>,
    cells: Vec<String>,
}

const HEADINGS: [&str; 11] = [
    "People active",
    "Acts within",
    "Acts across",
    "E-I index",
    "Both ways",
    "Help asked across",
    "Help given across",
    "Second chances",
    "With a tie across",
    "Started the course",
    "Finished the course",
];

fn cells(f: &Figures, k: u32) -> Vec<String> {
    let hidden = || format!("fewer than {k}");
    let count = |n: Option<u64>| n.map_or_else(hidden, |n| n.to_string());
    let share = |x: Option<f64>| x.map_or_else(hidden, |x| format!("{:.0}%", x * 100.0));
    vec![
        count(f.people_active),
        count(f.acts_within),
        count(f.acts_across),
        f.ei_index.map_or_else(hidden, |x| format!("{x:+.2}")),
        share(f.reciprocity),
        count(f.help_asked_across),
        count(f.help_given_across),
        count(f.second_chances),
        share(f.share_with_tie_across),
        count(f.course_started),
        count(f.course_completed),
    ]
}

fn row(t: &TeamInsights, k: u32) -> Row {
    Row {
        id: Some(t.team.id),
        name: t.team.name.clone(),
        size: t.size,
        suppressed: t.suppressed.then(|| suppressed_sentence(t.size, k)),
        cells: cells(&t.figures, k),
    }
}

fn suppressed_sentence(size: u32, k: u32) -> String {
    let people = if size == 1 { "person" } else { "people" };
    format!(
        "This team has {size} {people}, fewer than {k} people: no figures are shown, so that nobody can be singled out."
    )
}

#[derive(Template)]
#[template(path = "insights.html")]
struct OverviewPage {
    nav: Nav,
    k: u32,
    days: u32,
    periods: [u32; 3],
    headings: [&'static str; HEADINGS.len()],
    teams: Vec<Row>,
    org: Option<Row>,
    matrix: Option<MatrixView>,
    map: Option<String>,
    ties: Vec<(String, String, u64)>,
    inward: Vec<String>,
}

impl OverviewPage {
    fn cell(&self, v: &Option<u64>) -> String {
        v.map_or_else(|| format!("fewer than {}", self.k), |n| n.to_string())
    }
}

async fn overview(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let period = q.period()?;
    let o = ops::overview(&state, &v, period).await?;
    let (map, ties, inward) = match &o.matrix {
        Some(m) => {
            let (svg, ties, inward) = team_map(&o, m);
            (Some(svg), ties, inward)
        }
        None => (None, Vec::new(), Vec::new()),
    };
    render(&OverviewPage {
        nav: Nav::load(&state, &v, "insights").await?,
        k: o.k,
        days: o.days,
        periods: PERIODS,
        headings: HEADINGS,
        teams: o.teams.iter().map(|t| row(t, o.k)).collect(),
        org: o.org.as_ref().map(|org| Row {
            id: None,
            name: "Whole organization".into(),
            size: org.size,
            suppressed: (org.size < o.k).then(|| suppressed_sentence(org.size, o.k)),
            cells: cells(&org.figures, o.k),
        }),
        matrix: o.matrix.clone(),
        map,
        ties,
        inward,
    })
}

/// A team "keeps to itself" when most of its acts stay inside: an E-I
/// index of −0.5 or below (only where the index is shown).
fn keeps_inside(t: &TeamInsights) -> bool {
    t.figures.ei_index.is_some_and(|x| x <= -0.5)
}

type MapFacts = (String, Vec<(String, String, u64)>, Vec<String>);

/// The map and its facts: the ties shown (both ways), the teams marked.
fn team_map(o: &Overview, m: &MatrixView) -> MapFacts {
    let teams: Vec<MapTeam> = m
        .teams
        .iter()
        .map(|r| {
            let t = o.teams.iter().find(|t| t.team.id == r.id);
            MapTeam {
                name: r.name.clone(),
                people: t.map_or(0, |t| t.size),
                inward: t.is_some_and(keeps_inside),
            }
        })
        .collect();
    let mut ties = Vec::new();
    let mut facts = Vec::new();
    for i in 0..m.teams.len() {
        for j in i + 1..m.teams.len() {
            if let (Some(a), Some(b)) = (m.cells[i][j], m.cells[j][i])
                && a + b > 0
            {
                ties.push((i, j, a + b));
                facts.push((m.teams[i].name.clone(), m.teams[j].name.clone(), a + b));
            }
        }
    }
    let inward = teams
        .iter()
        .filter(|t| t.inward)
        .map(|t| t.name.clone())
        .collect();
    (pictures::team_map(&teams, &ties), facts, inward)
}

/// The team map as its own address (admins).
async fn map_svg(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    v.require_admin()?;
    let o = ops::overview(&state, &v, q.period()?).await?;
    let m = o.matrix.clone().ok_or(AppError::NotFound)?;
    let (svg, _, _) = team_map(&o, &m);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "insights_team.html")]
struct TeamPage {
    nav: Nav,
    k: u32,
    days: u32,
    periods: [u32; 3],
    headings: [&'static str; HEADINGS.len()],
    team: Row,
    trend: String,
    weeks: Vec<(String, String)>,
}

async fn team(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let id = TeamId::parse(&id).ok_or(AppError::NotFound)?;
    let period = q.period()?;
    let t = ops::team(&state, &v, id, period).await?;
    let k = ops::min_group_size(&state, &v).await?;
    render(&team_page(&state, &v, &t, k, period).await?)
}

async fn team_page(
    state: &AppState,
    v: &Actor,
    t: &TeamInsights,
    k: u32,
    period: Period,
) -> Result<TeamPage, AppError> {
    let label = |w: &ops::Week| w.start.format("%-d %b").to_string();
    let weeks: Vec<(String, Option<u64>)> = t.weekly.iter().map(|w| (label(w), w.acts)).collect();
    Ok(TeamPage {
        nav: Nav::load(state, v, "insights").await?,
        k,
        days: period.days(),
        periods: PERIODS,
        headings: HEADINGS,
        team: row(t, k),
        trend: if t.suppressed {
            String::new()
        } else {
            pictures::weekly("trend", &t.team.name, &weeks)
        },
        weeks: weeks
            .into_iter()
            .map(|(l, n)| {
                (
                    l,
                    n.map_or_else(|| format!("fewer than {k}"), |n| n.to_string()),
                )
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    /// A team named like a formula is written as text in the CSV.
    #[test]
    fn a_name_a_spreadsheet_would_run_is_written_as_text() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("-1+2"), "'-1+2");
        assert_eq!(csv_text("Platform"), "Platform");
    }
}
