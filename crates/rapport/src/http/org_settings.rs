//! The organization's settings an admin can change (the minimum group
//! size for aggregates), and the audit log of admin actions.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::app::{AppResult, admin as ops};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use rapport_core::modules::Module;
use rapport_core::{PersonId, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_org, patch_org))
        .routes(routes!(audit))
}

/// Each module, on (`true`) or off.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ModuleSwitches {
    pub delegations: bool,
    pub help: bool,
    pub check_ins: bool,
    pub introductions: bool,
    pub learning: bool,
    pub insights: bool,
    pub email: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OrgSettings {
    /// The smallest team an aggregate is shown for (3 to 10).
    pub min_group_size: i64,
    /// A module that is off disappears (its routes answer 404) and keeps its data.
    pub modules: ModuleSwitches,
    /// When not empty, the modules are on for people of these teams only.
    pub pilot_team_ids: Vec<TeamId>,
    /// Events and free text older than this many days are folded into
    /// per-pair checkpoints (every figure stays the same) and deleted.
    #[schema(minimum = 365, maximum = 3650)]
    pub retention_days: i64,
}

/// Only the modules named change.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ModuleSwitchesPatch {
    pub delegations: Option<bool>,
    pub help: Option<bool>,
    pub check_ins: Option<bool>,
    pub introductions: Option<bool>,
    pub learning: Option<bool>,
    pub insights: Option<bool>,
    pub email: Option<bool>,
}

/// Any subset of the settings.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgSettingsPatch {
    pub min_group_size: Option<i64>,
    pub modules: Option<ModuleSwitchesPatch>,
    pub pilot_team_ids: Option<Vec<TeamId>>,
    /// 365 (a year, the longest insights period) to 3650.
    pub retention_days: Option<i64>,
}

impl From<ops::OrgSettings> for OrgSettings {
    fn from(s: ops::OrgSettings) -> Self {
        let on = |m| s.modules.switched_on(m);
        OrgSettings {
            min_group_size: s.min_group_size,
            modules: ModuleSwitches {
                delegations: on(Module::Delegations),
                help: on(Module::Help),
                check_ins: on(Module::CheckIns),
                introductions: on(Module::Introductions),
                learning: on(Module::Learning),
                insights: on(Module::Insights),
                email: on(Module::Email),
            },
            pilot_team_ids: s.modules.pilot.clone(),
            retention_days: s.retention_days,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/org", tag = "admin",
    responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody)))]
async fn get_org(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> AppResult<Json<OrgSettings>> {
    Ok(Json(ops::settings(&state, &admin).await?.into()))
}

/// Changes any subset of the settings, each recorded in the audit log.
#[utoipa::path(patch, path = "/api/v1/admin/org", tag = "admin", request_body = OrgSettingsPatch,
    responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_org(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<OrgSettingsPatch>,
) -> AppResult<Json<OrgSettings>> {
    let m = b.modules.unwrap_or_default();
    let modules = [
        (Module::Delegations, m.delegations),
        (Module::Help, m.help),
        (Module::CheckIns, m.check_ins),
        (Module::Introductions, m.introductions),
        (Module::Learning, m.learning),
        (Module::Insights, m.insights),
        (Module::Email, m.email),
    ]
    .into_iter()
    .filter_map(|(module, on)| on.map(|on| (module, on)))
    .collect();
    let change = ops::OrgChange {
        min_group_size: b.min_group_size,
        modules,
        pilot_team_ids: b.pilot_team_ids,
        retention_days: b.retention_days,
    };
    Ok(Json(ops::change(&state, &admin, change).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    pub actor: Option<PersonId>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditOut>,
    /// Always null: the newest 500 entries.
    pub next_cursor: Option<String>,
}

/// Admin actions that touched people's data, newest first.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin",
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody)))]
async fn audit(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<AuditPage>> {
    Ok(Json(AuditPage {
        items: ops::audit_log(&state, &admin)
            .await?
            .into_iter()
            .map(|e| AuditOut {
                actor: e.actor,
                actor_name: e.actor_name,
                action: e.action,
                subject: e.subject,
                detail: e.detail,
                at: e.at,
            })
            .collect(),
        next_cursor: None,
    }))
}
