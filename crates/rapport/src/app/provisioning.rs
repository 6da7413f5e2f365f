//! Provisioning: the organization's directory (an identity provider
//! speaking SCIM) creates, renames, deactivates and reactivates people,
//! with a token an admin created. Deactivating keeps a person's history,
//! ends their sessions and tokens, and takes them out of the directory and
//! pickers; they can no longer sign in, by password or single sign-on.

use super::secrets::{hash_secret, new_secret};
use super::{Actor, AppError, AppResult};
use crate::AppState;
use rapport_core::{Email, Name, OrgId, PersonId, Role, TeamId};
use rapport_store::{NewPerson, PeopleFilter, Person, PersonPatch, ScimToken, StoreError, Team};

/// Creates a provisioning token (admins), audited; its secret is returned
/// this once and stored only as a hash.
pub async fn issue_token(
    app: &AppState,
    admin: &Actor,
    name: &str,
) -> AppResult<(uuid::Uuid, String)> {
    admin.require_admin()?;
    let name = Name::parse_field("name", name)?;
    let token = format!("rps_{}", new_secret());
    let now = app.now();
    let id = app
        .store
        .create_scim_token(admin.org(), name.as_str(), &hash_secret(&token), now)
        .await?;
    app.store
        .record_audit(
            admin.org(),
            Some(admin.id()),
            "scim_token.create",
            &id.to_string(),
            name.as_str(),
            now,
        )
        .await?;
    Ok((id, token))
}

/// The organization's provisioning tokens (admins), newest first.
pub async fn tokens(app: &AppState, admin: &Actor) -> AppResult<Vec<ScimToken>> {
    admin.require_admin()?;
    Ok(app.store.scim_tokens(admin.org()).await?)
}

/// Revokes a provisioning token (admins), audited: the directory's next
/// call with it is refused. Another organization's is a 404.
pub async fn revoke_token(app: &AppState, admin: &Actor, id: uuid::Uuid) -> AppResult<()> {
    admin.require_admin()?;
    let now = app.now();
    app.store.revoke_scim_token(admin.org(), id, now).await?;
    app.store
        .record_audit(
            admin.org(),
            Some(admin.id()),
            "scim_token.revoke",
            &id.to_string(),
            "",
            now,
        )
        .await?;
    Ok(())
}

/// The organization whose directory holds this token; anything else is
/// `Unauthorized`.
pub async fn directory(app: &AppState, token: &str) -> AppResult<OrgId> {
    match app.store.scim_token_org(&hash_secret(token)).await {
        Ok(org) => Ok(org),
        Err(StoreError::NotFound) => Err(AppError::Unauthorized),
        Err(e) => Err(e.into()),
    }
}

/// A person as the directory sends them.
#[derive(Debug, Clone, Default)]
pub struct UserDraft {
    /// The email address.
    pub user_name: String,
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// Adds a member (deactivated at once when the directory says so).
pub async fn create(app: &AppState, org: OrgId, d: UserDraft) -> AppResult<Person> {
    let email = Email::parse(&d.user_name).map_err(|mut e| {
        e.field = "userName";
        e
    })?;
    let local = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or_default()
        .to_string();
    let name = match d.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(n) => Name::parse_field("name", n)?,
        None => Name::parse_field("name", &local)?,
    };
    let now = app.now();
    let person = app
        .store
        .create_person(org, &NewPerson::basic(email, name, Role::Member), now)
        .await?;
    app.store
        .record_audit(
            org,
            None,
            "person.create",
            &person.id.to_string(),
            "provisioned by the directory",
            now,
        )
        .await?;
    if d.active == Some(false) {
        return set_active(app, org, person.id, false).await;
    }
    Ok(person)
}

/// One person of the organization, deactivated or not.
pub async fn user(app: &AppState, org: OrgId, id: PersonId) -> AppResult<Person> {
    Ok(app.store.person(org, id).await?)
}

/// The person with this email (`userName eq "…"`), if any.
pub async fn by_user_name(
    app: &AppState,
    org: OrgId,
    user_name: &str,
) -> AppResult<Option<Person>> {
    let Ok(email) = Email::parse(user_name) else {
        return Ok(None);
    };
    match app.store.person_by_email(org, &email).await {
        Ok(p) => Ok(Some(p)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Everyone, a page at a time (`offset` skipped), and how many in all.
pub async fn users(
    app: &AppState,
    org: OrgId,
    offset: i64,
    limit: i64,
) -> AppResult<(Vec<Person>, i64)> {
    Ok(app.store.provisioned_people(org, offset, limit).await?)
}

/// Renames and/or (de)activates a person; `None` leaves a field as it is.
pub async fn change(
    app: &AppState,
    org: OrgId,
    id: PersonId,
    name: Option<String>,
    active: Option<bool>,
) -> AppResult<Person> {
    let mut person = app.store.person(org, id).await?;
    if let Some(n) = name.filter(|n| !n.trim().is_empty() && *n != person.name) {
        let patch = PersonPatch {
            name: Some(Name::parse_field("name", &n)?),
            ..PersonPatch::default()
        };
        person = app.store.update_person(org, id, &patch, app.now()).await?;
    }
    match active {
        Some(a) if a != person.active => set_active(app, org, id, a).await,
        _ => Ok(person),
    }
}

/// Deactivates or reactivates a person, audited.
pub async fn set_active(
    app: &AppState,
    org: OrgId,
    id: PersonId,
    active: bool,
) -> AppResult<Person> {
    let now = app.now();
    let person = app.store.set_person_active(org, id, active, now).await?;
    let action = if active {
        "person.reactivate"
    } else {
        "person.deactivate"
    };
    app.store
        .record_audit(org, None, action, &id.to_string(), "by the directory", now)
        .await?;
    tracing::info!(person = %id, active, "provisioning changed a person");
    Ok(person)
}

/// A team as the directory sees it (a SCIM Group): the team and its
/// members, deactivated people included.
#[derive(Debug, Clone)]
pub struct Group {
    pub team: Team,
    pub members: Vec<Person>,
}

async fn group_of(app: &AppState, org: OrgId, team: Team) -> AppResult<Group> {
    let filter = PeopleFilter {
        team: Some(team.id),
        include_inactive: true,
        ..PeopleFilter::default()
    };
    let members = app.store.list_people(org, &filter, 500, None).await?.items;
    Ok(Group { team, members })
}

/// A group becomes a team (the one of that name, created if new); its
/// members join it. A person is in one team: joining moves them.
pub async fn create_group(
    app: &AppState,
    org: OrgId,
    name: &str,
    members: &[PersonId],
) -> AppResult<Group> {
    let name = Name::parse_field("displayName", name)?;
    for m in members {
        app.store.person(org, *m).await?;
    }
    let now = app.now();
    let team = app.store.team_named(org, &name, now).await?;
    app.store
        .record_audit(
            org,
            None,
            "team.create",
            &team.id.to_string(),
            "provisioned by the directory",
            now,
        )
        .await?;
    change_members(app, org, team.id, members, &[]).await?;
    group_of(app, org, team).await
}

pub async fn group(app: &AppState, org: OrgId, id: TeamId) -> AppResult<Group> {
    let team = app.store.team(org, id).await?;
    group_of(app, org, team).await
}

/// The team of this name, if any.
pub async fn group_named(app: &AppState, org: OrgId, name: &str) -> AppResult<Option<Group>> {
    let teams = app.store.list_teams(org).await?;
    match teams
        .into_iter()
        .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
    {
        Some(team) => Ok(Some(group_of(app, org, team).await?)),
        None => Ok(None),
    }
}

/// Every team, with members.
pub async fn groups(app: &AppState, org: OrgId) -> AppResult<Vec<Group>> {
    let mut out = Vec::new();
    for team in app.store.list_teams(org).await? {
        out.push(group_of(app, org, team).await?);
    }
    Ok(out)
}

/// Adds people to a team and takes others out of it (only if they are
/// still in it). Everyone named must be of the organization.
pub async fn change_members(
    app: &AppState,
    org: OrgId,
    team: TeamId,
    add: &[PersonId],
    remove: &[PersonId],
) -> AppResult<Group> {
    let t = app.store.team(org, team).await?;
    let now = app.now();
    for id in add {
        let patch = PersonPatch {
            team_id: Some(Some(team)),
            ..PersonPatch::default()
        };
        app.store.update_person(org, *id, &patch, now).await?;
    }
    for id in remove {
        if app.store.person(org, *id).await?.team_id == Some(team) {
            let patch = PersonPatch {
                team_id: Some(None),
                ..PersonPatch::default()
            };
            app.store.update_person(org, *id, &patch, now).await?;
        }
    }
    group_of(app, org, t).await
}
