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

/// The modules on for the actor.
pub async fn on(app: &AppState, actor: &Actor) -> AppResult<On> {
    let org = app.store.org(actor.org()).await?;
    Ok(On {
        modules: org.modules,
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
