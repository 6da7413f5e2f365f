//! The organization's governance: settings an admin can change (the
//! minimum group size for aggregates), the audit log of admin actions, an
//! admin's change of someone's role, team and manager, and what the
//! transparency page tells everyone, from the live settings.

use super::{Actor, AppResult};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::modules::{Module, Modules};
use rapport_core::{Email, InvalidValue, Name, PersonId, Role, TeamId};
use rapport_store::PersonPatch;

/// Aggregates never describe fewer people than this; PRODUCT.md allows 3 to 10.
pub const MIN_GROUP_RANGE: std::ops::RangeInclusive<i64> = 3..=10;

/// The organization's settings an admin sees.
#[derive(Debug, Clone)]
pub struct OrgSettings {
    /// The smallest team an aggregate is shown for (3 to 10).
    pub min_group_size: i64,
    /// The switched-off modules and the pilot teams.
    pub modules: Modules,
    /// How many days events and free text are kept.
    pub retention_days: i64,
}

pub async fn settings(app: &AppState, admin: &Actor) -> AppResult<OrgSettings> {
    admin.require_admin()?;
    let org = app.store.org(admin.org()).await?;
    Ok(OrgSettings {
        min_group_size: org.min_group_size,
        modules: org.modules,
        retention_days: org.retention_days,
    })
}

/// A change to the organization's settings; `None` leaves one as it is.
#[derive(Debug, Clone, Default)]
pub struct OrgChange {
    pub min_group_size: Option<i64>,
    /// Modules to switch on (`true`) or off (`false`).
    pub modules: Vec<(Module, bool)>,
    /// The pilot teams; empty: every team.
    pub pilot_team_ids: Option<Vec<TeamId>>,
    /// How many days events and free text are kept (365 to 3650).
    pub retention_days: Option<i64>,
}

/// Changes the organization's settings (admins), each recorded in the
/// audit log. Everything is checked before anything is written.
pub async fn change(app: &AppState, admin: &Actor, c: OrgChange) -> AppResult<OrgSettings> {
    admin.require_admin()?;
    let org = admin.org();
    if let Some(n) = c.min_group_size
        && !MIN_GROUP_RANGE.contains(&n)
    {
        return Err(
            InvalidValue::new("min_group_size", "must be a whole number from 3 to 10").into(),
        );
    }
    let retention = c
        .retention_days
        .map(rapport_core::retention::retention_days)
        .transpose()?;
    let mut modules = app.store.org(org).await?.modules;
    for (m, on) in &c.modules {
        modules.off.retain(|x| x != m);
        if !on {
            modules.off.push(*m);
        }
    }
    if let Some(pilot) = &c.pilot_team_ids {
        for team in pilot {
            if app.store.team(org, *team).await.is_err() {
                return Err(InvalidValue::new(
                    "pilot_team_ids",
                    "names a team that is not in this organization; see GET /api/v1/teams",
                )
                .into());
            }
        }
        modules.pilot = pilot.clone();
        modules.pilot.dedup();
    }
    if let Some(n) = c.min_group_size {
        set_min_group_size(app, admin, n).await?;
    }
    if let Some(days) = retention {
        app.store.set_retention_days(org, days).await?;
        app.store
            .record_audit(
                org,
                Some(admin.id()),
                "org.retention_days",
                "organization",
                &days.to_string(),
                app.now(),
            )
            .await?;
    }
    if !c.modules.is_empty() || c.pilot_team_ids.is_some() {
        app.store.set_modules(org, &modules).await?;
        let detail = format!(
            "off: {}; pilot teams: {}",
            if modules.off.is_empty() {
                "none".into()
            } else {
                modules.off_text()
            },
            if modules.pilot.is_empty() {
                "every team".into()
            } else {
                modules.pilot.len().to_string()
            }
        );
        app.store
            .record_audit(
                org,
                Some(admin.id()),
                "org.modules",
                "organization",
                &detail,
                app.now(),
            )
            .await?;
    }
    settings(app, admin).await
}

/// Changes the minimum group size, recorded in the audit log.
pub async fn set_min_group_size(app: &AppState, admin: &Actor, n: i64) -> AppResult<()> {
    admin.require_admin()?;
    if !MIN_GROUP_RANGE.contains(&n) {
        return Err(
            InvalidValue::new("min_group_size", "must be a whole number from 3 to 10").into(),
        );
    }
    let org = admin.org();
    app.store.set_min_group_size(org, n).await?;
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "org.min_group_size",
            "organization",
            &n.to_string(),
            app.now(),
        )
        .await?;
    Ok(())
}

/// One admin action that touched people's data.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: Option<PersonId>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub at: DateTime<Utc>,
}

/// The audit log, newest first (admins).
pub async fn audit_log(app: &AppState, admin: &Actor) -> AppResult<Vec<AuditEntry>> {
    admin.require_admin()?;
    let org = admin.org();
    let entries = app.store.list_audit(org, 500).await?;
    let ids: Vec<PersonId> = entries.iter().filter_map(|e| e.actor_id).collect();
    let names = app.store.names_of(org, &ids).await?;
    Ok(entries
        .into_iter()
        .map(|e| AuditEntry {
            actor_name: e.actor_id.and_then(|a| names.get(&a).cloned()),
            actor: e.actor_id,
            action: e.action,
            subject: e.subject,
            detail: e.detail,
            at: e.at,
        })
        .collect())
}

/// What the settings and transparency pages say about this instance.
#[derive(Debug, Clone)]
pub struct Live {
    pub min_group_size: i64,
    pub check_in_window_days: i64,
    pub nudges_per_week: usize,
    pub introductions_every_days: i64,
    pub email_on: bool,
    pub lrs_on: bool,
    pub lrs_actor: String,
    /// The modules switched off, in words (empty: all on), and whether a
    /// pilot limits them to some teams.
    pub modules_off: Vec<&'static str>,
    pub pilot_teams: usize,
    /// How many days events and free text are kept.
    pub retention_days: i64,
}

/// The live settings of the actor's organization, for everyone to read.
pub async fn live(app: &AppState, actor: &Actor) -> AppResult<Live> {
    let org = app.store.org(actor.org()).await?;
    let lrs = app.store.lrs_settings(org.id).await?;
    Ok(Live {
        min_group_size: org.min_group_size,
        check_in_window_days: app.config.check_in_window_days,
        nudges_per_week: app.config.nudges_per_week,
        introductions_every_days: app.config.introductions_every_days,
        email_on: app.config.email.is_some() && org.modules.switched_on(Module::Email),
        lrs_on: lrs.is_some(),
        lrs_actor: lrs.map(|l| l.actor).unwrap_or_default(),
        modules_off: Module::ALL
            .into_iter()
            .filter(|m| !org.modules.switched_on(*m))
            .map(Module::words)
            .collect(),
        pilot_teams: org.modules.pilot.len(),
        retention_days: org.retention_days,
    })
}

/// The same, before anyone signs in: the instance's settings and, where
/// each organization chooses, the default (the minimum group size) or
/// nothing (no Learning Record Store). Nothing of any organization is read.
pub fn live_for_visitors(app: &AppState) -> Live {
    Live {
        min_group_size: DEFAULT_MIN_GROUP_SIZE,
        check_in_window_days: app.config.check_in_window_days,
        nudges_per_week: app.config.nudges_per_week,
        introductions_every_days: app.config.introductions_every_days,
        email_on: app.config.email.is_some(),
        lrs_on: false,
        lrs_actor: String::new(),
        modules_off: Vec::new(),
        pilot_teams: 0,
        retention_days: i64::from(rapport_core::retention::DEFAULT_RETENTION_DAYS),
    }
}

/// A new organization's minimum group size (the migrations' default).
pub const DEFAULT_MIN_GROUP_SIZE: i64 = 5;

/// An admin's change to someone's place: role, team (by name, created if
/// new; empty for none) and manager (by email; empty for none).
#[derive(Debug, Clone, Default)]
pub struct PlacementDraft {
    pub role: String,
    pub team: String,
    pub manager_email: String,
}

/// Sets someone's role, team and manager (admins), audited. Every value
/// is checked before anything is written.
pub async fn place(
    app: &AppState,
    admin: &Actor,
    id: PersonId,
    d: PlacementDraft,
) -> AppResult<()> {
    admin.require_admin()?;
    let org = admin.org();
    app.store.person(org, id).await?;
    let role = Role::parse(&d.role)?;
    let team = match d.team.trim() {
        "" => None,
        t => Some(Name::parse_field("team", t)?),
    };
    let manager_id = match d.manager_email.trim() {
        "" => None,
        m => Some(
            app.store
                .person_by_email(org, &Email::parse(m)?)
                .await
                .map_err(|_| {
                    InvalidValue::new("manager_email", "nobody in the organization has this email")
                })?
                .id,
        ),
    };
    let now = app.now();
    let patch = PersonPatch {
        role: Some(role),
        // A new team is created with the change, or not at all.
        team_id: team.is_none().then_some(None),
        team_named: team,
        manager_id: Some(manager_id),
        ..Default::default()
    };
    app.store.update_person(org, id, &patch, now).await?;
    let detail = format!(
        "role {role}, team {}, manager {}",
        d.team.trim(),
        d.manager_email.trim()
    );
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "person.update",
            &id.to_string(),
            &detail,
            now,
        )
        .await?;
    Ok(())
}
