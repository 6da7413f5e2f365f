//! Insights through the API: a team's figures (leads: their teams;
//! admins: every team), the organization's and the team × team matrix
//! (admins). A hidden figure is `null`; a team below the minimum group
//! size is `"suppressed": true` with every figure null.

use super::{ApiQuery, ErrorBody, IdPath};
use crate::AppState;
use crate::app::insights::{self as ops, MatrixView, Period, TeamInsights};
use crate::app::{Actor, AppError, AppResult};
use axum::Json;
use axum::extract::State;
use rapport_core::TeamId;
use rapport_core::insights::Figures;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_team_insights))
        .routes(routes!(get_org_insights))
        .routes(routes!(get_matrix))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The period in days: 30 (the default), 90 or 365.
    #[param(value_type = Option<i64>, minimum = 30, maximum = 365)]
    days: Option<String>,
}

impl PeriodQuery {
    fn period(&self) -> Result<Period, AppError> {
        Ok(Period::from_query(self.days.as_deref())?)
    }
}

/// A group's figures; `null` is hidden (fewer than the minimum group size
/// could be singled out).
#[derive(Serialize, ToSchema)]
#[schema(as = InsightFigures)]
pub struct FiguresOut {
    /// People who took part in at least one trust act.
    people_active: Option<u64>,
    acts_within: Option<u64>,
    acts_across: Option<u64>,
    /// (across − within) / (across + within), from −1 to 1.
    ei_index: Option<f64>,
    /// The share of pairs where trust went both ways.
    reciprocity: Option<f64>,
    help_asked_across: Option<u64>,
    help_given_across: Option<u64>,
    /// Delegations given as a second chance after a miss.
    second_chances: Option<u64>,
    /// The share of people with at least one tie across the border.
    share_with_tie_across: Option<f64>,
    /// People who started a course (all time).
    course_started: Option<u64>,
    /// People who finished a course (all time).
    course_completed: Option<u64>,
}

impl From<&Figures> for FiguresOut {
    fn from(f: &Figures) -> Self {
        FiguresOut {
            people_active: f.people_active,
            acts_within: f.acts_within,
            acts_across: f.acts_across,
            ei_index: f.ei_index,
            reciprocity: f.reciprocity,
            help_asked_across: f.help_asked_across,
            help_given_across: f.help_given_across,
            second_chances: f.second_chances,
            share_with_tie_across: f.share_with_tie_across,
            course_started: f.course_started,
            course_completed: f.course_completed,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = InsightTeamRef)]
pub struct TeamRefOut {
    id: TeamId,
    name: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = InsightWeek)]
pub struct WeekOut {
    start: chrono::DateTime<chrono::Utc>,
    acts: Option<u64>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = TeamInsights)]
pub struct TeamInsightsOut {
    team: TeamRefOut,
    /// Everyone in the team and the teams below it.
    size: u32,
    /// Below the minimum group size: every figure is null.
    suppressed: bool,
    figures: FiguresOut,
    /// Acts involving the team, per week, oldest first (12 weeks).
    weekly: Vec<WeekOut>,
}

impl From<&TeamInsights> for TeamInsightsOut {
    fn from(t: &TeamInsights) -> Self {
        TeamInsightsOut {
            team: TeamRefOut {
                id: t.team.id,
                name: t.team.name.clone(),
            },
            size: t.size,
            suppressed: t.suppressed,
            figures: (&t.figures).into(),
            weekly: t
                .weekly
                .iter()
                .map(|w| WeekOut {
                    start: w.start,
                    acts: w.acts,
                })
                .collect(),
        }
    }
}

/// One team's insights over the period (leads: the teams they lead).
#[utoipa::path(get, path = "/api/v1/insights/teams/{id}", tag = "insights",
    params(("id" = TeamId, Path), PeriodQuery),
    responses((status = 200, body = TeamInsightsOut), (status = 403, body = ErrorBody, description = "Members do not see insights")))]
async fn get_team_insights(
    State(state): State<AppState>,
    actor: Actor,
    IdPath(id): IdPath<TeamId>,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> AppResult<Json<TeamInsightsOut>> {
    let period = q.period()?;
    let t = ops::team(&state, &actor, id, period).await?;
    Ok(Json((&t).into()))
}

#[derive(Serialize, ToSchema)]
#[schema(as = InsightTotal)]
pub struct TotalOut {
    size: u32,
    /// Within is within teams, across is between them.
    figures: FiguresOut,
}

#[derive(Serialize, ToSchema)]
#[schema(as = OrgInsights)]
pub struct OrgInsightsOut {
    total: TotalOut,
    teams: Vec<TeamInsightsOut>,
}

/// The organization's insights and every team's (admins).
#[utoipa::path(get, path = "/api/v1/insights/org", tag = "insights", params(PeriodQuery),
    responses((status = 200, body = OrgInsightsOut), (status = 403, body = ErrorBody)))]
async fn get_org_insights(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> AppResult<Json<OrgInsightsOut>> {
    let period = q.period()?;
    let (total, teams) = ops::org(&state, &actor, period).await?;
    Ok(Json(OrgInsightsOut {
        total: TotalOut {
            size: total.size,
            figures: (&total.figures).into(),
        },
        teams: teams.iter().map(Into::into).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = InsightMatrix)]
pub struct MatrixOut {
    /// The teams people belong to directly, in the order of rows and columns.
    teams: Vec<TeamRefOut>,
    /// Row: from, column: to; null is hidden.
    cells: Vec<Vec<Option<u64>>>,
}

impl From<MatrixView> for MatrixOut {
    fn from(m: MatrixView) -> Self {
        MatrixOut {
            teams: m
                .teams
                .into_iter()
                .map(|t| TeamRefOut {
                    id: t.id,
                    name: t.name,
                })
                .collect(),
            cells: m.cells,
        }
    }
}

/// How many trust acts went from one team's people to another's (admins).
#[utoipa::path(get, path = "/api/v1/insights/matrix", tag = "insights", params(PeriodQuery),
    responses((status = 200, body = MatrixOut), (status = 403, body = ErrorBody)))]
async fn get_matrix(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> AppResult<Json<MatrixOut>> {
    let period = q.period()?;
    Ok(Json(ops::matrix(&state, &actor, period).await?.into()))
}
