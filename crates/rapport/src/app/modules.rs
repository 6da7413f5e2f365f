//! Which modules are on for a person: the organization's switches and its
//! pilot teams (`rapport_core::modules`). Every way in asks here: the HTTP
//! adapters before a module's routes, the home page, nudges and digests
//! before showing a module's part.

use super::{Actor, AppError, AppResult};
use crate::AppState;
use rapport_core::modules::{Module, Modules};

/// The modules on for one person.
#[derive(Debug, Clone, Default)]
pub struct On {
    modules: Modules,
    team: Option<rapport_core::TeamId>,
}

impl On {
    pub fn has(&self, m: Module) -> bool {
        self.modules.on_for(m, self.team)
    }

    /// Whether a nudge of this kind may be shown.
    pub fn nudge(&self, kind: rapport_core::nudges::NudgeKind) -> bool {
        Module::of_nudge(kind).is_none_or(|m| self.has(m))
    }
}

/// The modules on for the actor (the organization read once per actor,
/// that is once per request).
pub async fn on(app: &AppState, actor: &Actor) -> AppResult<On> {
    let modules = actor
        .modules
        .get_or_try_init(|| async { Ok::<_, AppError>(app.store.org(actor.org()).await?.modules) })
        .await?;
    Ok(On {
        modules: modules.clone(),
        team: actor.person.team_id,
    })
}

/// A module that is off for the actor does not exist for them: 404.
pub async fn require(app: &AppState, actor: &Actor, m: Module) -> AppResult<()> {
    if on(app, actor).await?.has(m) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The module an address belongs to (API and pages), if any, beside the
/// typed page paths of `links`. The public course preview, guide and media
/// are the instance's front door and belong to none.
pub fn of_path(path: &str) -> Option<Module> {
    let p = path.strip_prefix("/api/v1").unwrap_or(path);
    let under = |prefix: &str| p == prefix || p.starts_with(&format!("{prefix}/"));
    let front_door = ["/preview", "/guide", "/guide.pdf"]
        .iter()
        .any(|end| p.ends_with(end))
        || p.contains("/media/");
    if under("/delegations") {
        Some(Module::Delegations)
    } else if under("/help-requests") || under("/help") {
        Some(Module::Help)
    } else if under("/check-ins") {
        Some(Module::CheckIns)
    } else if under("/introductions")
        || under("/me/introductions")
        || under("/me/introduction-settings")
        || (p.starts_with("/teams/") && p.ends_with("/introductions-invite"))
    {
        Some(Module::Introductions)
    } else if (under("/courses") && !front_door)
        || under("/me/learning")
        || under("/learning")
        || under("/admin/learning")
        || under("/admin/lrs")
        || under("/admin/courses")
    {
        Some(Module::Learning)
    } else if under("/insights") {
        Some(Module::Insights)
    } else if under("/me/email-preferences") || under("/me/email") {
        Some(Module::Email)
    } else {
        None
    }
}
