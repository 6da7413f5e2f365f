//! Nudges: at most a few suggestions a week, each with its reason, that
//! the person can mark done, dismiss for good, or snooze. This module loads
//! what the core needs (the engine's up-to-date state, the people around
//! the person, their introductions and check-ins), asks
//! `rapport_core::nudges`, and stores only what the person did.

use super::links::Page;
use super::{Actor, AppResult, PersonRef};
use crate::AppState;
use crate::trust_cache::Fresh;
use chrono::{DateTime, Utc};
use rapport_core::nudges::{
    self, Issued, IssuedState, Nudge, NudgeContext, NudgeKind, PersonContext, Profile,
};
use rapport_core::trust::Time;
use rapport_core::{DelegationId, InvalidValue, NudgeId, OrgId, PersonId, SkillId, TeamId};
use rapport_store::NudgePerson;
use std::collections::HashMap;

/// A suggestion as the person sees it.
#[derive(Debug, Clone)]
pub struct NudgeView {
    pub id: NudgeId,
    /// first_trust, second_chance, ask_for_help, reciprocate, reconnect,
    /// check_in, meet or learn.
    pub kind: &'static str,
    /// Why this was suggested, in plain words.
    pub reason: String,
    /// The colleague it is about, if any.
    pub person: Option<PersonRef>,
    /// Where to act on it.
    pub link: Page,
    /// What the link does, as a button label.
    pub action: &'static str,
}

/// The organization as the core's functions want it: people with dense
/// team numbers and their skills.
pub(super) struct Org {
    pub(super) people: Vec<NudgePerson>,
    pub(super) skill_names: HashMap<SkillId, String>,
    names: HashMap<PersonId, String>,
}

impl Org {
    /// The whole organization (the introduction round).
    pub(super) async fn load(state: &AppState, org: OrgId) -> AppResult<Org> {
        Ok(Org::from(state.store.nudge_people(org).await?))
    }

    /// Only who one person's nudges can be about: themselves, their
    /// teammates, and those strong in their shared growth areas.
    async fn around(state: &AppState, org: OrgId, person: PersonId) -> AppResult<Org> {
        Ok(Org::from(
            state.store.nudge_people_around(org, person).await?,
        ))
    }

    pub(super) fn from((people, skill_names): (Vec<NudgePerson>, HashMap<SkillId, String>)) -> Org {
        let names = people.iter().map(|p| (p.id, p.name.clone())).collect();
        Org {
            people,
            skill_names,
            names,
        }
    }

    pub(super) fn teams(&self) -> HashMap<TeamId, u32> {
        let mut teams = HashMap::new();
        for t in self.people.iter().filter_map(|p| p.team_id) {
            let next = teams.len() as u32;
            teams.entry(t).or_insert(next);
        }
        teams
    }

    fn context(&self) -> NudgeContext<PersonId, SkillId> {
        let teams = self.teams();
        NudgeContext::new(self.people.iter().map(|p| PersonContext {
            person: p.id,
            team: p.team_id.and_then(|t| teams.get(&t).copied()),
            profile: profile(p),
        }))
    }

    fn name(&self, p: PersonId) -> String {
        self.names.get(&p).cloned().unwrap_or_default()
    }
}

pub(super) fn profile(p: &NudgePerson) -> Profile<SkillId> {
    Profile {
        strengths: p.strengths.clone(),
        shared_growth: p.shared_growth.clone(),
    }
}

fn issued_state(state: &str, until: Option<DateTime<Utc>>) -> IssuedState {
    match (state, until) {
        ("done", _) => IssuedState::Done,
        ("dismissed", _) => IssuedState::Dismissed,
        ("snoozed", Some(t)) => IssuedState::Snoozed {
            until: Time::from(t),
        },
        _ => IssuedState::Open,
    }
}

/// The actor's nudges now: computed from every event recorded before this
/// call, filtered by what they dismissed, did or snoozed, within the
/// weekly limit. Nudges shown for the first time are remembered.
pub async fn nudges_for(state: &AppState, actor: &Actor) -> AppResult<Vec<NudgeView>> {
    let fresh = state.trust.fresh(&state.store, actor.person.org_id).await?;
    nudges_with(state, actor, &fresh).await
}

/// The same, on an engine state the caller already brought up to date.
pub async fn nudges_with(
    state: &AppState,
    actor: &Actor,
    fresh: &Fresh,
) -> AppResult<Vec<NudgeView>> {
    let me = &actor.person;
    let now = state.now();
    let at = Time::from(now);
    let mut org = Org::around(state, me.org_id, me.id).await?;
    let mut ctx = org.context();
    for (other, made) in state.store.pending_introductions(me.org_id, me.id).await? {
        ctx.add_introduction(me.id, other, Time::from(made));
    }
    for (a, b, started) in state.store.open_check_ins(me.org_id, me.id, now).await? {
        ctx.add_open_check_in(a, b, Time::from(started));
    }
    let stored = state.store.issued_nudges(me.id).await?;
    let issued: Vec<Issued> = stored
        .iter()
        .map(|n| Issued {
            key: n.key.clone(),
            first_shown_at: Time::from(n.first_shown_at),
            state: issued_state(&n.state, n.snoozed_until),
        })
        .collect();
    let limit = state.config.nudges_per_week;
    // A switched-off module suggests nothing, and nobody is suggested who
    // has left (a directory deactivated them).
    let on = super::modules::on(state, actor).await?;
    let gone = actor.departed(state).await?;
    let allowed = |all: Vec<_>| -> Vec<_> {
        all.into_iter()
            .filter(|n: &nudges::Nudge<_, _>| on.nudge(n.kind))
            .filter(|n| n.subject.is_none_or(|p| gone.binary_search(&p).is_err()))
            .collect()
    };
    let selection = {
        let first = nudges::select(
            allowed(nudges::candidates(me.id, &ctx, fresh.facts(), at)),
            &issued,
            at,
            limit,
        );
        // "learn" comes last in priority: its figures are only worth
        // reading when the other kinds leave room this week, or when a
        // learn nudge already shown may be shown again (shown ones come
        // first). Either way the result is the same as with the hint from
        // the start.
        let learn_shown = stored
            .iter()
            .any(|n| n.kind == "learn" && n.state != "done" && n.state != "dismissed");
        if on.has(rapport_core::modules::Module::Learning)
            && (first.show.len() < limit || learn_shown)
            && let Some(hint) = learn_hint(state, actor, fresh, at).await?
        {
            ctx.set_learn_hint(me.id, hint);
            nudges::select(
                allowed(nudges::candidates(me.id, &ctx, fresh.facts(), at)),
                &issued,
                at,
                limit,
            )
        } else {
            first
        }
    };
    let new: Vec<(String, &str)> = selection
        .show
        .iter()
        .filter(|n| selection.newly_issued.contains(&n.key))
        .map(|n| (n.key.clone(), n.kind.as_str()))
        .collect();
    state.store.issue_nudges(me.id, &new, now).await?;
    // A nudge may be about someone outside the people loaded (a partner
    // from another team): fetch their names.
    let missing: Vec<PersonId> = selection
        .show
        .iter()
        .filter_map(|n| n.subject)
        .filter(|p| !org.names.contains_key(p))
        .collect();
    if !missing.is_empty() {
        org.names
            .extend(state.store.names_of(me.org_id, &missing).await?);
    }
    let ids: HashMap<String, NudgeId> = if new.is_empty() {
        stored.iter().map(|n| (n.key.clone(), n.id)).collect()
    } else {
        state
            .store
            .issued_nudges(me.id)
            .await?
            .into_iter()
            .map(|n| (n.key, n.id))
            .collect()
    };
    Ok(selection
        .show
        .iter()
        .filter_map(|n| Some(present(n, ids.get(&n.key).copied()?, &org)))
        .collect())
}

fn present(n: &Nudge<PersonId, SkillId>, id: NudgeId, org: &Org) -> NudgeView {
    let name = n.subject.map(|p| org.name(p)).unwrap_or_default();
    let skill = n.skill.and_then(|s| org.skill_names.get(&s)).cloned();
    let who = n.subject;
    let (link, action) = match (n.kind, who) {
        (NudgeKind::FirstTrust, _) => (
            Page::NewDelegation {
                to: who,
                second_chance_of: None,
            },
            "Ask a small favor",
        ),
        (NudgeKind::SecondChance, _) => (
            Page::NewDelegation {
                to: who,
                second_chance_of: n
                    .delegation
                    .map(|d| DelegationId(uuid::Uuid::from_bytes(d.0))),
            },
            "Offer a second chance",
        ),
        (NudgeKind::AskForHelp, _) => (
            Page::AskForHelp {
                skill: skill.clone().unwrap_or_default(),
                to: who,
            },
            "Ask for help",
        ),
        (NudgeKind::Reciprocate, Some(p)) => (Page::Person(p), "See how to help"),
        (NudgeKind::Reconnect, Some(p)) => {
            (Page::NewThanks { to: p }, "Say hello with a thank-you")
        }
        (NudgeKind::CheckIn, Some(p)) => (Page::StartCheckIn { with: p }, "Start a check-in"),
        (NudgeKind::Reciprocate | NudgeKind::Reconnect | NudgeKind::CheckIn, None) => {
            (Page::Relationships, "See your relationships")
        }
        (NudgeKind::Meet, _) => (Page::Introductions, "See the introduction"),
        (NudgeKind::Learn, _) => (
            Page::CoursePart {
                slug: crate::learning::BUILTIN_SLUG.into(),
                part: n.learn.as_ref().map_or(1, |l| l.part),
            },
            "Open the lesson",
        ),
    };
    NudgeView {
        id,
        kind: n.kind.as_str(),
        reason: n.reason(&name, skill.as_deref()),
        person: n.subject.map(|id| PersonRef {
            id,
            name: name.clone(),
        }),
        link,
        action,
    }
}

/// The course part that fits the actor's pattern, if one does and they
/// have not finished it: the "learn" nudge.
async fn learn_hint(
    state: &AppState,
    actor: &Actor,
    fresh: &Fresh,
    at: Time,
) -> AppResult<Option<nudges::LearnHint>> {
    use rapport_core::learning::{PatternFigures, recommend_part};
    let me = &actor.person;
    let Ok(course) = state.courses.get(crate::learning::BUILTIN_SLUG) else {
        return Ok(None);
    };
    // A newcomer has no pattern to compare with others' yet: their figure
    // counts as typical, so no comparative reason is given.
    let volume_ratio = if actor.is_newcomer(state.now()) {
        1.0
    } else {
        fresh
            .extended_of(&state.store, me.org_id, me.id, at)
            .await?
            .map_or(0.0, |e| e.volume_ratio)
    };
    let asks = super::relationships::asks_in_90_days(state, actor).await?;
    let check_ins = state
        .store
        .list_check_ins(me.org_id, me.id, 50)
        .await?
        .len() as u32;
    let completed_parts = state
        .store
        .part_progress(me.id, &course.slug)
        .await?
        .iter()
        .filter(|r| r.lesson_read_at.is_some() && r.practice_done_at.is_some())
        .map(|r| r.part)
        .collect();
    let figures = PatternFigures {
        volume_ratio,
        asks_90d: asks,
        partners: fresh.facts().partner_count(me.id) as u32,
        misses_without_second_chance: 0,
        check_ins,
        completed_parts,
    };
    Ok(recommend_part(&figures).map(|(part, reason)| nudges::LearnHint { part, reason }))
}

/// What a person did with a nudge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// I did it.
    Done,
    /// Not for me: never shown again.
    Dismiss,
    /// Not now: hidden for this many days (1 to 90).
    Snooze { days: i64 },
}

/// How long a snooze lasts when the person does not say.
pub const DEFAULT_SNOOZE_DAYS: i64 = 7;

/// A nudge's state after the person answered it.
#[derive(Debug, Clone)]
pub struct NudgeState {
    pub id: NudgeId,
    /// done, dismissed or snoozed.
    pub state: String,
    pub snoozed_until: Option<DateTime<Utc>>,
}

/// Records what the person did with one of their own nudges (anyone
/// else's is not found).
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    id: NudgeId,
    answer: Answer,
) -> AppResult<NudgeState> {
    let now = state.now();
    let (what, until) = match answer {
        Answer::Done => ("done", None),
        Answer::Dismiss => ("dismissed", None),
        Answer::Snooze { days } => {
            if !(1..=90).contains(&days) {
                return Err(InvalidValue::new("days", "must be 1 to 90").into());
            }
            ("snoozed", Some(now + chrono::Duration::days(days)))
        }
    };
    let n = state
        .store
        .set_nudge_state(actor.id(), id, what, until, now)
        .await?;
    Ok(NudgeState {
        id: n.id,
        state: n.state,
        snoozed_until: n.snoozed_until,
    })
}
