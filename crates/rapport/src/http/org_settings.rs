//! The organization's settings an admin can change (the minimum group
//! size for aggregates), and the audit log of admin actions.

use super::ApiJson;
use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::Admin;
use crate::http::ErrorBody;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use rapport_core::{InvalidValue, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_org, patch_org))
        .routes(routes!(audit))
}

/// Aggregates never describe fewer people than this; PRODUCT.md allows 3 to 10.
pub const MIN_GROUP_RANGE: std::ops::RangeInclusive<i64> = 3..=10;

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
    let org = state.store.org(admin.person.org_id).await?;
    Ok(Json(OrgSettings {
        min_group_size: org.min_group_size,
    }))
}

/// Changes the minimum group size, recorded in the audit log.
pub async fn set_min_group_size(state: &AppState, admin: &Actor, n: i64) -> AppResult<()> {
    if !MIN_GROUP_RANGE.contains(&n) {
        return Err(
            InvalidValue::new("min_group_size", "must be a whole number from 3 to 10").into(),
        );
    }
    let org = admin.person.org_id;
    state.store.set_min_group_size(org, n).await?;
    state
        .store
        .record_audit(
            org,
            Some(admin.person.id),
            "org.min_group_size",
            "organization",
            &n.to_string(),
            state.now(),
        )
        .await?;
    Ok(())
}

#[utoipa::path(patch, path = "/api/v1/admin/org", tag = "admin", request_body = OrgSettings,
    responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_org(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(b): ApiJson<OrgSettings>,
) -> AppResult<Json<OrgSettings>> {
    set_min_group_size(&state, &admin, b.min_group_size).await?;
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
    pub next_cursor: Option<String>,
}

pub async fn audit_entries(state: &AppState, admin: &Actor) -> AppResult<Vec<AuditOut>> {
    let org = admin.person.org_id;
    let entries = state.store.list_audit(org, 500).await?;
    let ids: Vec<PersonId> = entries.iter().filter_map(|e| e.actor_id).collect();
    let names = state.store.names_of(org, &ids).await?;
    Ok(entries
        .into_iter()
        .map(|e| AuditOut {
            actor_name: e.actor_id.and_then(|a| names.get(&a).cloned()),
            actor: e.actor_id,
            action: e.action,
            subject: e.subject,
            detail: e.detail,
            at: e.at,
        })
        .collect())
}

/// Admin actions that touched people's data, newest first.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin",
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody)))]
async fn audit(State(state): State<AppState>, Admin(admin): Admin) -> AppResult<Json<AuditPage>> {
    Ok(Json(AuditPage {
        items: audit_entries(&state, &admin).await?,
        next_cursor: None,
    }))
}
