//! My email digest preferences, through `app::email`.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::app::{Actor, AppResult, email};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_prefs, put_prefs))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailPrefs {
    /// weekly (the default), daily or off.
    pub frequency: String,
}

/// How often I get the digest.
#[utoipa::path(get, path = "/api/v1/me/email-preferences", tag = "nudges", responses((status = 200, body = EmailPrefs)))]
async fn get_prefs(State(app): State<AppState>, actor: Actor) -> AppResult<Json<EmailPrefs>> {
    Ok(Json(EmailPrefs {
        frequency: email::frequency(&app, &actor).await?,
    }))
}

/// Changes how often I get the digest.
#[utoipa::path(put, path = "/api/v1/me/email-preferences", tag = "nudges", request_body = EmailPrefs,
    responses((status = 200, body = EmailPrefs), (status = 422, body = ErrorBody)))]
async fn put_prefs(
    State(app): State<AppState>,
    actor: Actor,
    ApiJson(b): ApiJson<EmailPrefs>,
) -> AppResult<Json<EmailPrefs>> {
    let frequency = email::set_frequency(&app, &actor, &b.frequency).await?;
    Ok(Json(EmailPrefs {
        frequency: frequency.to_string(),
    }))
}
