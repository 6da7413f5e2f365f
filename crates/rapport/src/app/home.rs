//! The home page's content, whichever adapter shows it (the page, the
//! digest): what others wait for from me, my suggestions, and one next step.

use super::delegations::{Can, DelegationView};
use super::help::{self, HelpView};
use super::nudges::{self, NudgeView};
use super::relationships::{self, NextStep};
use super::{Actor, AppResult};
use crate::AppState;
use rapport_core::delegation::Status;
use rapport_core::modules::Module;
use std::collections::HashSet;

/// Everything the home page shows.
#[derive(Debug, Clone)]
pub struct Home {
    pub needs: NeedsMe,
    pub nudges: Vec<NudgeView>,
    pub next_step: NextStep,
    /// No "about me" or no strengths yet.
    pub profile_incomplete: bool,
    /// In the first 14 days: "Start here" comes first.
    pub newcomer: bool,
}

pub async fn home(state: &AppState, actor: &Actor) -> AppResult<Home> {
    let p = &actor.person;
    let skills = state.store.person_skills(p.org_id, p.id, true).await?;
    let needs = needs_me(state, actor).await?;
    // One freshness check of the engine for both the nudges and the next step.
    let fresh = state.trust.fresh(&state.store, p.org_id).await?;
    let mut nudges = nudges::nudges_with(state, actor, &fresh).await?;
    // Never the same sentence twice on one page.
    let mut said = HashSet::new();
    nudges.retain(|n| said.insert(n.reason.clone()));
    let on = super::modules::on(state, actor).await?;
    let steps = relationships::next_steps(state, actor, &fresh)
        .await?
        .into_iter()
        .filter(|s| s.link.module().is_none_or(|m| on.has(m)))
        .collect();
    Ok(Home {
        needs,
        next_step: pick_step(steps, &nudges),
        nudges,
        profile_incomplete: p.about.is_empty() || skills.strengths.is_empty(),
        newcomer: actor.is_newcomer(state.now()),
    })
}

/// The first step that says something the suggestions beside it do not:
/// not about a colleague a suggestion already names, not the same words.
fn pick_step(steps: Vec<NextStep>, nudges: &[NudgeView]) -> NextStep {
    let clashes = |s: &NextStep| {
        nudges.iter().any(|n| {
            n.reason == s.sentence
                || (s.person.is_some()
                    && n.person.as_ref().map(|p| p.id) == s.person.as_ref().map(|p| p.id))
        })
    };
    steps
        .into_iter()
        .find(|s| !clashes(s))
        .unwrap_or_else(|| NextStep {
            sentence: "Look at your relationships: whom you rely on, who relies on you, and what each rests on."
                .into(),
            person: None,
            link: super::links::Page::Relationships,
            action: "See your relationships",
        })
}

/// What others are waiting for from a person: delegations to answer, due
/// soon, outcomes to record, and requests for help they could answer.
#[derive(Debug, Clone, Default)]
pub struct NeedsMe {
    pub to_answer: Vec<DelegationView>,
    pub due_soon: Vec<DelegationView>,
    pub to_record: Vec<DelegationView>,
    pub help_for_me: Vec<HelpView>,
}

impl NeedsMe {
    pub fn is_empty(&self) -> bool {
        self.to_answer.is_empty()
            && self.due_soon.is_empty()
            && self.to_record.is_empty()
            && self.help_for_me.is_empty()
    }
}

pub async fn needs_me(state: &AppState, actor: &Actor) -> AppResult<NeedsMe> {
    let p = &actor.person;
    let now = state.now();
    let soon = now + chrono::Duration::days(3);
    let mut needs = NeedsMe::default();
    let on = super::modules::on(state, actor).await?;
    let delegations = if on.has(Module::Delegations) {
        state.store.waiting_on(p.org_id, p.id).await?
    } else {
        Vec::new()
    };
    for d in delegations {
        let d = DelegationView::new(d, p.id, now);
        let to_me = d.to.id == p.id;
        match d.status {
            Status::Proposed if to_me => needs.to_answer.push(d),
            Status::Accepted if to_me && d.due.is_some_and(|due| due <= soon) => {
                needs.due_soon.push(d)
            }
            // Only once the outcome can be recorded: marked done, or due.
            Status::Accepted if !to_me && d.can(Can::Complete) => needs.to_record.push(d),
            _ => {}
        }
    }
    if on.has(Module::Help) {
        needs.help_for_me = help::for_me(state, actor, 5).await?;
    }
    Ok(needs)
}
