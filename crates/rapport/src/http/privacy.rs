//! My data: export everything rapport holds about me, or delete my account.

use super::appreciations::AppreciationOut;
use super::checkins::CheckInOut;
use super::delegations::DelegationOut;
use super::help::HelpRequestOut;
use super::people::PersonOut;
use super::relationships::{RelationshipOut, SummaryOut};
use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::app::my_data::{self, MyData};
use crate::app::{Actor, AppResult};
use crate::auth::{clear_session_cookie, is_https};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export))
        .routes(routes!(delete_me))
}

/// Everything rapport holds about me, as one JSON document (a download).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "auth", responses((status = 200, description = "the export, as JSON")))]
async fn export(State(state): State<AppState>, actor: Actor) -> AppResult<Response> {
    let body = to_json(my_data::export(&state, &actor).await?);
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"rapport-my-data.json\"",
        )],
        axum::Json(body),
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteBody {
    /// My password, to confirm.
    pub password: String,
}

/// Deletes my account, my events and what was recorded between me and
/// others; figures are recomputed without me. The last admin cannot.
#[utoipa::path(delete, path = "/api/v1/me", tag = "auth", request_body = DeleteBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_me(
    State(state): State<AppState>,
    headers: HeaderMap,
    actor: Actor,
    ApiJson(b): ApiJson<DeleteBody>,
) -> AppResult<Response> {
    my_data::delete_account(&state, &actor, b.password).await?;
    let secure = is_https(&headers, &state);
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_session_cookie(secure))],
    )
        .into_response())
}

/// The export as one JSON document: the API's own shapes for what the API
/// also serves, plain objects for the rest.
fn to_json(d: MyData) -> Value {
    fn map<T>(v: Vec<T>, f: impl Fn(T) -> Value) -> Vec<Value> {
        v.into_iter().map(f).collect()
    }
    let picture = d.relationships;
    json!({
        "exported_at": d.exported_at,
        "profile": PersonOut::from(d.profile),
        "my_relationships": {
            "summary": SummaryOut::from(picture.summary),
            "items": picture.relationships.items.into_iter().map(RelationshipOut::from).collect::<Vec<_>>(),
            "next_cursor": Value::Null,
        },
        "delegations": d.delegations.into_iter().map(DelegationOut::from).collect::<Vec<_>>(),
        "help_requests": d.help.into_iter().map(HelpRequestOut::from).collect::<Vec<_>>(),
        "thanks": d.thanks.into_iter().map(AppreciationOut::from).collect::<Vec<_>>(),
        "check_ins": d.check_ins.into_iter().map(CheckInOut::from).collect::<Vec<_>>(),
        "notifications": map(d.notifications, |n: rapport_store::Notification| json!({
            "id": n.id, "text": n.text, "link": n.link, "created_at": n.created_at, "read": n.read,
        })),
        "nudges": map(d.nudges, |n: rapport_store::IssuedNudge| json!({
            "kind": n.kind, "state": n.state, "first_shown_at": n.first_shown_at, "snoozed_until": n.snoozed_until,
        })),
        "introductions": map(d.introductions, |i: rapport_store::Introduction| json!({
            "with": i.other.1, "my_answer": i.my_state, "made_at": i.created_at,
        })),
        "introduction_settings": {
            "opted_in": d.introduction_prefs.opted_in,
            "snoozed_until": d.introduction_prefs.snoozed_until,
            "dont_pair_with": d.introduction_prefs.blocked.into_iter().map(|(_, name)| name).collect::<Vec<_>>(),
        },
        "email": {
            "frequency": d.email_frequency,
            "digests": map(d.digests, |j: rapport_store::EmailJob| json!({
                "period": j.period, "status": j.status, "subject": j.subject, "sent_at": j.sent_at,
            })),
        },
        "learning": d.learning.into_iter().map(|(e, parts)| json!({
            "course": e.course_slug,
            "enrolled_at": e.enrolled_at,
            "completed_at": e.completed_at,
            "parts": parts.into_iter().map(|p| json!({
                "part": p.part, "lesson_read_at": p.lesson_read_at, "practice_done_at": p.practice_done_at,
                "practice_self_reported": p.practice_self_reported, "reflection": p.reflection,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "tokens": map(d.tokens, |t: rapport_store::TokenInfo| json!({
            "name": t.name, "created_at": t.created_at, "revoked_at": t.revoked_at,
        })),
    })
}
