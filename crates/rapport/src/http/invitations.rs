//! Invitations: an admin invites a person in the directory; the link lets
//! them set a password, once, before it expires.

use super::{ApiJson, ErrorBody, IdPath};
use crate::AppState;
use crate::app::people::{self, NewPersonDraft};
use crate::app::{AppResult, sessions};
use crate::auth::Admin;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::{InvitationId, PersonId};
use rapport_store::{Invitation, InvitationState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_invitations, create_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept_invitation))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    /// Invite someone already in the directory…
    person_id: Option<PersonId>,
    /// …or add them and invite them in one step.
    email: Option<String>,
    name: Option<String>,
    role: Option<String>,
    team: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    id: InvitationId,
    person_id: PersonId,
    email: String,
    name: String,
    state: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    /// The link to hand over; present only in the response that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<String>,
}

impl InvitationOut {
    fn new(i: Invitation, link: Option<String>) -> Self {
        let state = match i.state {
            InvitationState::Pending => "pending",
            InvitationState::Accepted => "accepted",
            InvitationState::Expired => "expired",
            InvitationState::Revoked => "revoked",
        };
        InvitationOut {
            id: i.id,
            person_id: i.person_id,
            email: i.email,
            name: i.name,
            state: state.into(),
            created_at: i.created_at,
            expires_at: i.expires_at,
            link,
        }
    }
}

/// Invites a person (admins). The response carries the link, once.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "admin", request_body = InviteBody,
    responses((status = 201, body = InvitationOut), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "No such person in your organization"),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_invitation(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiJson(body): ApiJson<InviteBody>,
) -> AppResult<(StatusCode, Json<InvitationOut>)> {
    let person = match (body.person_id, body.email) {
        (Some(id), None) => id,
        (None, Some(email)) => {
            let name = body.name.ok_or_else(|| {
                rapport_core::InvalidValue::new("name", "is needed to add a new person")
            })?;
            let draft = NewPersonDraft {
                name,
                email,
                role: body.role,
                team: body.team,
                ..Default::default()
            };
            people::create(&state, &admin, draft).await?.person.id
        }
        _ => {
            return Err(rapport_core::InvalidValue::new(
                "person_id",
                "give either person_id, or email and name",
            )
            .into());
        }
    };
    let invited = sessions::invite(&state, &admin, person).await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationOut::new(invited.invitation, Some(invited.link))),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct InvitationsPage {
    items: Vec<InvitationOut>,
    next_cursor: Option<String>,
}

/// Every invitation of the organization, newest first (admins).
#[utoipa::path(get, path = "/api/v1/invitations", tag = "admin", responses((status = 200, body = InvitationsPage), (status = 403, body = ErrorBody)))]
async fn list_invitations(
    State(state): State<AppState>,
    Admin(admin): Admin,
) -> AppResult<Json<InvitationsPage>> {
    let items = sessions::invitations(&state, &admin).await?;
    Ok(Json(InvitationsPage {
        items: items
            .into_iter()
            .map(|i| InvitationOut::new(i, None))
            .collect(),
        next_cursor: None,
    }))
}

/// Revokes a pending invitation (admins).
#[utoipa::path(post, path = "/api/v1/invitations/{id}/revoke", tag = "admin", params(("id" = InvitationId, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_invitation(
    State(state): State<AppState>,
    Admin(admin): Admin,
    IdPath(id): IdPath<InvitationId>,
) -> AppResult<StatusCode> {
    sessions::revoke_invitation(&state, &admin, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationBody {
    /// The secret from the invitation link.
    token: String,
    password: String,
}

/// Accepts an invitation by setting a password. Open without sign-in.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "auth", request_body = AcceptInvitationBody, security(()),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn accept_invitation(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<AcceptInvitationBody>,
) -> AppResult<StatusCode> {
    sessions::accept_invitation(&state, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
