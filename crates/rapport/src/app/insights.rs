//! Insights for leads and admins: the trust acts of a period counted per
//! team, for the organization and team by team, never describing fewer
//! than the organization's minimum group size (the rules are the core's,
//! `rapport_core::insights`). Leads see the teams they lead; admins every
//! team, the organization and the matrix; members see none (403). A team
//! the actor may not see is a 404, like one of another organization.
//!
//! The figures of an organization and period are computed once and kept
//! in memory while the data version and the minute are unchanged.

use super::{Actor, AppError, AppResult};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::events::Payload;
use rapport_core::insights::{self as core, Act, ActKind, Figures, Insights, Learner, TeamNode};
use rapport_core::{InvalidValue, OrgId, PersonId, Role, TeamId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A period to count over: the last 30, 90 or 365 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period(u32);

impl Period {
    /// `None` is the default, 30 days; anything but 30, 90 or 365 is invalid.
    pub fn parse(days: Option<i64>) -> Result<Period, InvalidValue> {
        match days {
            None => Ok(Period(30)),
            Some(d) => core::PERIODS
                .into_iter()
                .find(|&p| i64::from(p) == d)
                .map(Period)
                .ok_or_else(|| InvalidValue::new("days", "must be 30, 90 or 365")),
        }
    }

    /// The period as a query string gives it (`?days=90`); empty is the default.
    pub fn from_query(days: Option<&str>) -> Result<Period, InvalidValue> {
        match days.map(str::trim) {
            None | Some("") => Period::parse(None),
            Some(d) => Period::parse(Some(
                d.parse::<i64>()
                    .map_err(|_| InvalidValue::new("days", "must be 30, 90 or 365"))?,
            )),
        }
    }

    pub fn days(self) -> u32 {
        self.0
    }
}

/// A team as named in insights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRef {
    pub id: TeamId,
    pub name: String,
}

/// A week of a trend: when it starts and the acts involving the team.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub start: DateTime<Utc>,
    pub acts: Option<u64>,
}

/// One team's insights as a lead or admin sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamInsights {
    pub team: TeamRef,
    pub parent: Option<TeamId>,
    pub size: u32,
    pub suppressed: bool,
    pub figures: Figures,
    pub weekly: Vec<Week>,
}

/// The organization as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgInsights {
    pub size: u32,
    pub figures: Figures,
}

/// Acts from one team's people (row) to another's (column).
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixView {
    pub teams: Vec<TeamRef>,
    pub cells: Vec<Vec<Option<u64>>>,
}

/// What the insights page shows the actor: their teams, and for admins
/// the organization and the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub k: u32,
    pub days: u32,
    pub teams: Vec<TeamInsights>,
    pub org: Option<OrgInsights>,
    pub matrix: Option<MatrixView>,
}

/// One organization's figures for one period, as computed.
#[derive(Debug)]
struct Computed {
    insights: Insights<TeamId>,
    teams: Vec<rapport_store::Team>,
}

type Key = (OrgId, u32);
/// An entry: the data version and minute it was computed at, and the figures.
type Entries = HashMap<Key, (u64, i64, Arc<Computed>)>;

/// The figures kept in memory: per organization and period, valid while
/// the data version and the minute are the ones they were computed at.
#[derive(Debug, Default)]
pub struct InsightsCache {
    entries: Mutex<Entries>,
}

/// Refuses members: insights are for leads and admins.
fn require_lead_or_admin(actor: &Actor) -> AppResult<()> {
    if actor.is_admin() || actor.role() == Role::Lead {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only team leads and admins see insights",
        ))
    }
}

/// Whether the actor sees this team: admins every team, leads their own.
fn sees(actor: &Actor, team: &rapport_store::Team) -> bool {
    actor.is_admin() || team.lead_ids.contains(&actor.id())
}

/// One team's insights (404 for a team the actor does not lead, or of
/// another organization; 403 for members).
pub async fn team(
    app: &AppState,
    actor: &Actor,
    id: TeamId,
    period: Period,
) -> AppResult<TeamInsights> {
    require_lead_or_admin(actor)?;
    let c = computed(app, actor.org(), period).await?;
    c.teams
        .iter()
        .find(|t| t.id == id && sees(actor, t))
        .map(|t| team_view(&c, t))
        .ok_or(AppError::NotFound)
}

/// The organization's figures and every team's (admins).
pub async fn org(
    app: &AppState,
    actor: &Actor,
    period: Period,
) -> AppResult<(OrgInsights, Vec<TeamInsights>)> {
    actor.require_admin()?;
    let c = computed(app, actor.org(), period).await?;
    Ok((
        org_view(&c),
        c.teams.iter().map(|t| team_view(&c, t)).collect(),
    ))
}

/// The team × team matrix (admins).
pub async fn matrix(app: &AppState, actor: &Actor, period: Period) -> AppResult<MatrixView> {
    actor.require_admin()?;
    let c = computed(app, actor.org(), period).await?;
    Ok(matrix_view(&c))
}

/// Everything the actor may see, for the insights page.
pub async fn overview(app: &AppState, actor: &Actor, period: Period) -> AppResult<Overview> {
    require_lead_or_admin(actor)?;
    let c = computed(app, actor.org(), period).await?;
    let admin = actor.is_admin();
    Ok(Overview {
        k: c.insights.k,
        days: c.insights.days,
        teams: c
            .teams
            .iter()
            .filter(|t| sees(actor, t))
            .map(|t| team_view(&c, t))
            .collect(),
        org: admin.then(|| org_view(&c)),
        matrix: admin.then(|| matrix_view(&c)),
    })
}

/// The minimum group size of the actor's organization (for words).
pub async fn min_group_size(app: &AppState, actor: &Actor) -> AppResult<u32> {
    Ok(group_size(&app.store.org(actor.org()).await?))
}

fn group_size(org: &rapport_store::Org) -> u32 {
    u32::try_from(org.min_group_size).unwrap_or(5).max(3)
}

fn team_view(c: &Computed, t: &rapport_store::Team) -> TeamInsights {
    let f = c.insights.team(&t.id);
    TeamInsights {
        team: TeamRef {
            id: t.id,
            name: t.name.clone(),
        },
        parent: t.parent_id,
        size: f.map_or(0, |f| f.size),
        suppressed: f.is_none_or(|f| f.suppressed),
        figures: f.map(|f| f.figures.clone()).unwrap_or_default(),
        weekly: c
            .insights
            .week_starts
            .iter()
            .enumerate()
            .map(|(w, &start)| Week {
                start: DateTime::from_timestamp_millis(start).unwrap_or_default(),
                acts: f.and_then(|f| f.weekly.get(w).copied().flatten()),
            })
            .collect(),
    }
}

fn org_view(c: &Computed) -> OrgInsights {
    OrgInsights {
        size: c.insights.org.size,
        figures: c.insights.org.figures.clone(),
    }
}

fn matrix_view(c: &Computed) -> MatrixView {
    let name = |id: &TeamId| {
        c.teams
            .iter()
            .find(|t| t.id == *id)
            .map_or_else(String::new, |t| t.name.clone())
    };
    MatrixView {
        teams: c
            .insights
            .matrix
            .teams
            .iter()
            .map(|id| TeamRef {
                id: *id,
                name: name(id),
            })
            .collect(),
        cells: c.insights.matrix.cells.clone(),
    }
}

/// The organization's figures for the period: from memory while nothing
/// changed (same data version, same minute), computed otherwise.
async fn computed(app: &AppState, org: OrgId, period: Period) -> AppResult<Arc<Computed>> {
    // Read after the request arrived: a cached answer reflects every write before it.
    let version = app.store.data_version().await?;
    let now = app.clock.now();
    let minute = now.timestamp() / 60;
    let key = (org, period.days());
    if let Some((v, m, c)) = cache(app)?.get(&key)
        && (*v, *m) == (version, minute)
    {
        return Ok(c.clone());
    }
    let c = Arc::new(compute(app, org, period, now).await?);
    cache(app)?.insert(key, (version, minute, c.clone()));
    Ok(c)
}

fn cache(app: &AppState) -> AppResult<std::sync::MutexGuard<'_, Entries>> {
    app.insights
        .entries
        .lock()
        .map_err(|_| AppError::internal(anyhow::anyhow!("insights cache poisoned")))
}

async fn compute(
    app: &AppState,
    org: OrgId,
    period: Period,
    now: DateTime<Utc>,
) -> AppResult<Computed> {
    let settings = app.store.org(org).await?;
    let teams = app.store.list_teams(org).await?;
    // People a directory deactivated are no longer counted: a team of four
    // and someone who left is a team of four, below k or not.
    let ids = app.store.active_person_ids(org).await?;
    let homes = app.store.names_and_teams_of(org, &ids).await?;
    let people: Vec<(PersonId, Option<TeamId>)> = ids
        .iter()
        .map(|p| (*p, homes.get(p).and_then(|(_, t)| *t)))
        .collect();
    // The period's events, and the trends' twelve weeks.
    let look_back = i64::from(period.days()).max(core::WEEKS as i64 * 7);
    let events = app
        .store
        .events_since(
            org,
            now - chrono::Duration::days(look_back) - chrono::Duration::minutes(1),
        )
        .await?;
    let acts: Vec<Act<PersonId>> = events
        .iter()
        .filter_map(|e| {
            let kind = match &e.payload {
                Ok(p) => act_kind(p)?,
                Err(bad) => {
                    app.metrics.malformed_event(bad);
                    return None;
                }
            };
            Some(Act {
                from: e.from,
                to: e.to,
                kind,
                at: e.at.timestamp_millis(),
            })
        })
        .collect();
    let nodes: Vec<TeamNode<TeamId>> = teams
        .iter()
        .map(|t| TeamNode {
            id: t.id,
            parent: t.parent_id,
        })
        .collect();
    let learners: Vec<(PersonId, Learner)> = app
        .store
        .course_progress_of_everyone(org)
        .await?
        .into_iter()
        .map(|(p, completed)| {
            let l = Learner {
                started: true,
                completed,
            };
            (p, l)
        })
        .collect();
    let k = group_size(&settings);
    // The minute the figures are kept for: windows end on it.
    let minute = now.timestamp() / 60 * 60_000;
    let days = period.days();
    // Pure CPU work that grows with the organization: off the async
    // threads, so other requests keep being answered meanwhile.
    let insights = tokio::task::spawn_blocking(move || {
        core::compute(&core::Input {
            teams: &nodes,
            people: &people,
            acts: &acts,
            learners: &learners,
            k,
            now: minute,
            days,
        })
    })
    .await
    .map_err(AppError::internal)?;
    Ok(Computed { insights, teams })
}

/// The trust acts among the events: a delegation (a second chance when it
/// follows a miss), relying on someone for help, thanks, a revealed
/// check-in answer, meeting through an introduction. What follows from an
/// act (its outcome, a decline, a dispute) is not another act.
fn act_kind(p: &Payload) -> Option<ActKind> {
    Some(match p {
        Payload::Delegated { second_chance_of } => ActKind::Delegated {
            second_chance: second_chance_of.is_some(),
        },
        Payload::HelpAsked => ActKind::HelpAsked,
        Payload::Thanked => ActKind::Thanked,
        Payload::CheckInRevealed { .. } => ActKind::CheckIn,
        Payload::Met => ActKind::Met,
        _ => return None,
    })
}
