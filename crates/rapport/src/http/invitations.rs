//! Invitations: an admin invites a person in the directory; the link lets
//! them set a password, once, before it expires.

use super::ApiJson;
use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::{Admin, hash_password, hash_secret, new_secret};
use crate::http::ErrorBody;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_core::{Email, InvitationId, Name, Password, PersonId, Role, Title};
use rapport_store::{Invitation, InvitationState, NewPerson};
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
    responses((status = 201, body = InvitationOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
            let mut new =
                NewPerson::basic(Email::parse(&email)?, Name::parse(&name)?, Role::Member);
            new.title = Title::parse("")?;
            if let Some(r) = body.role.as_deref() {
                new.role = Role::parse(r)?;
            }
            if let Some(t) = body.team.as_deref().filter(|t| !t.trim().is_empty()) {
                new.team_id = Some(
                    state
                        .store
                        .team_named(
                            admin.person.org_id,
                            &Name::parse_field("team", t)?,
                            state.now(),
                        )
                        .await?
                        .id,
                );
            }
            state
                .store
                .create_person(admin.person.org_id, &new, state.now())
                .await?
                .id
        }
        _ => {
            return Err(rapport_core::InvalidValue::new(
                "person_id",
                "give either person_id, or email and name",
            )
            .into());
        }
    };
    let (invitation, link) = invite(&state, &admin, person).await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationOut::new(invitation, Some(link))),
    ))
}

/// Creates an invitation and returns it with its link.
pub async fn invite(
    state: &AppState,
    admin: &Actor,
    person: PersonId,
) -> AppResult<(Invitation, String)> {
    let org = admin.person.org_id;
    let p = state.store.person(org, person).await?;
    if p.can_sign_in {
        return Err(AppError::conflict(
            "already_active",
            "this person can already sign in",
        ));
    }
    let secret = new_secret();
    let now = state.now();
    let expires = now + chrono::Duration::days(state.config.invitation_days);
    let id = state
        .store
        .create_invitation(
            org,
            person,
            admin.person.id,
            &hash_secret(&secret),
            now,
            expires,
        )
        .await?;
    state
        .store
        .record_audit(
            org,
            Some(admin.person.id),
            "invitation.create",
            &person.to_string(),
            &p.email,
            now,
        )
        .await?;
    let invitation = state
        .store
        .list_invitations(org, now)
        .await?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((
        invitation,
        format!("{}/invitations/{secret}", state.config.public_url),
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
    let items = state
        .store
        .list_invitations(admin.person.org_id, state.now())
        .await?;
    Ok(Json(InvitationsPage {
        items: items
            .into_iter()
            .map(|i| InvitationOut::new(i, None))
            .collect(),
        next_cursor: None,
    }))
}

/// Revokes a pending invitation (admins).
#[utoipa::path(post, path = "/api/v1/invitations/{id}/revoke", tag = "admin", responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_invitation(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = InvitationId::parse(&id).ok_or(AppError::NotFound)?;
    state
        .store
        .revoke_invitation(admin.person.org_id, id, state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    /// The secret from the invitation link.
    token: String,
    password: String,
}

/// Accepts an invitation by setting a password. Open without sign-in.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "auth", request_body = AcceptBody, security(()),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn accept_invitation(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<AcceptBody>,
) -> AppResult<StatusCode> {
    accept(&state, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the password an invitation asks for; an unknown link is a 404, a
/// used, revoked or expired one a 409.
pub async fn accept(state: &AppState, token: &str, password: &str) -> AppResult<PersonId> {
    let password = Password::parse(password)?;
    let hash = hash_secret(token);
    state.store.invitation_by_token(&hash, state.now()).await?;
    let password_hash = hash_password(password).await?;
    Ok(state
        .store
        .accept_invitation(&hash, &password_hash, state.now())
        .await?)
}
