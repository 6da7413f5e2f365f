//! The organization's settings an admin can change (the minimum group
//! size for aggregates), and the audit log of admin actions.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::app::{AppResult, admin as ops};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use rapport_core::PersonId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_org, patch_org))
        .routes(routes!(audit))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgSettings {
    /// The smallest team an aggregate is shown for (3 to 10).
    pub min_group_size: i64,
}

#[utoipa::path(get, path = "/api/v1/admin/org", tag = "admin",
    responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody)))]
async fn get_org(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> AppResult<Json<OrgSettings>> {
    let s = ops::settings(&state, &admin).await?;
    Ok(Json(OrgSettings {
        min_group_size: s.min_group_size,
    }))
}

/// Changes the minimum group size, recorded in the audit log.
#[utoipa::path(patch, path = "/api/v1/admin/org", tag = "admin", request_body = OrgSettings,
    responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_org(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<OrgSettings>,
) -> AppResult<Json<OrgSettings>> {
    ops::set_min_group_size(&state, &admin, b.min_group_size).await?;
    Ok(Json(b))
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
