//! Nudges and introductions in the running application: load what the
//! core's pure functions need (the engine's up-to-date state from the
//! cache, people, skills, introductions and check-ins from the store), call
//! them, and store what the person did. The rules are all in
//! `rapport_core::nudges` and `rapport_core::introductions`.

use crate::AppState;
use crate::app::Actor;
use crate::app::AppResult;
use crate::http::delegations::{DelegationOut, PersonRef};
use crate::http::help::HelpRequestOut;
use chrono::{DateTime, Utc};
use rapport_core::delegation::Status;
use rapport_core::introductions::{self, PairSet, PairingInput, PairingPerson, TopicKind};
use rapport_core::nudges::{
    self, Issued, IssuedState, Nudge, NudgeContext, NudgeKind, PersonContext, Profile,
};
use rapport_core::trust::Time;
use rapport_core::{NudgeId, OrgId, PersonId, SkillId, TeamId};
use rapport_store::NudgePerson;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A suggestion as the person sees it.
#[derive(Serialize, ToSchema)]
pub struct NudgeOut {
    pub id: NudgeId,
    /// first_trust, second_chance, ask_for_help, reciprocate, reconnect,
    /// check_in, meet or learn.
    pub kind: String,
    /// Why this was suggested, in plain words.
    pub reason: String,
    /// The colleague it is about, if any.
    pub person: Option<PersonRef>,
    /// Where to act on it.
    pub link: String,
    /// What the link does, as a button label.
    pub action: String,
}

/// The organization as the core's functions want it: people with dense
/// team numbers and their skills.
struct Org {
    people: Vec<NudgePerson>,
    skill_names: HashMap<SkillId, String>,
    names: HashMap<PersonId, String>,
}

impl Org {
    /// The whole organization (the introduction round).
    async fn load(state: &AppState, org: OrgId) -> AppResult<Org> {
        Ok(Org::from(state.store.nudge_people(org).await?))
    }

    /// Only who one person's nudges can be about: themselves, their
    /// teammates, and those strong in their shared growth areas.
    async fn around(state: &AppState, org: OrgId, person: PersonId) -> AppResult<Org> {
        Ok(Org::from(
            state.store.nudge_people_around(org, person).await?,
        ))
    }

    fn from((people, skill_names): (Vec<NudgePerson>, HashMap<SkillId, String>)) -> Org {
        let names = people.iter().map(|p| (p.id, p.name.clone())).collect();
        Org {
            people,
            skill_names,
            names,
        }
    }

    fn teams(&self) -> HashMap<TeamId, u32> {
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

fn profile(p: &NudgePerson) -> Profile<SkillId> {
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
pub async fn nudges_for(state: &AppState, actor: &Actor) -> AppResult<Vec<NudgeOut>> {
    let fresh = state.trust.fresh(&state.store, actor.person.org_id).await?;
    nudges_with(state, actor, &fresh).await
}

/// The same, on an engine state the caller already brought up to date.
pub async fn nudges_with(
    state: &AppState,
    actor: &Actor,
    fresh: &crate::engine::Fresh,
) -> AppResult<Vec<NudgeOut>> {
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
    let selection = {
        let first = nudges::select(
            nudges::candidates(me.id, &ctx, fresh.facts(), at),
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
        if (first.show.len() < limit || learn_shown)
            && let Some(hint) = learn_hint(state, actor, fresh, at).await?
        {
            ctx.set_learn_hint(me.id, hint);
            nudges::select(
                nudges::candidates(me.id, &ctx, fresh.facts(), at),
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

fn present(n: &Nudge<PersonId, SkillId>, id: NudgeId, org: &Org) -> NudgeOut {
    let name = n.subject.map(|p| org.name(p)).unwrap_or_default();
    let skill = n.skill.and_then(|s| org.skill_names.get(&s)).cloned();
    let who = n.subject.map(|p| p.to_string()).unwrap_or_default();
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let (link, action) = match n.kind {
        NudgeKind::FirstTrust => (
            format!("/delegations/new?to={who}"),
            "Ask a small favor".to_string(),
        ),
        NudgeKind::SecondChance => {
            let of = n
                .delegation
                .map(|d| uuid::Uuid::from_bytes(d.0).to_string())
                .unwrap_or_default();
            (
                format!("/delegations/new?to={who}&second_chance_of={of}"),
                "Offer a second chance".to_string(),
            )
        }
        NudgeKind::AskForHelp => (
            format!(
                "/help?skill={}&to={who}&audience=person",
                enc(skill.as_deref().unwrap_or(""))
            ),
            "Ask for help".to_string(),
        ),
        NudgeKind::Reciprocate => (format!("/people/{who}"), "See how to help".to_string()),
        NudgeKind::Reconnect => (
            format!("/thanks/new?to={who}"),
            "Say hello with a thank-you".to_string(),
        ),
        NudgeKind::CheckIn => (
            format!("/check-ins?with={who}"),
            "Start a check-in".to_string(),
        ),
        NudgeKind::Meet => (
            "/introductions".to_string(),
            "See the introduction".to_string(),
        ),
        NudgeKind::Learn => (
            format!(
                "/courses/{}/parts/{}",
                crate::learning::BUILTIN_SLUG,
                n.learn.as_ref().map_or(1, |l| l.part)
            ),
            "Open the lesson".to_string(),
        ),
    };
    NudgeOut {
        id,
        kind: n.kind.as_str().to_string(),
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
    fresh: &crate::engine::Fresh,
    at: Time,
) -> AppResult<Option<nudges::LearnHint>> {
    use rapport_core::learning::{PatternFigures, recommend_part};
    let me = &actor.person;
    let Ok(course) = state.courses.get(crate::learning::BUILTIN_SLUG) else {
        return Ok(None);
    };
    let volume_ratio = fresh
        .extended_of(&state.store, me.org_id, me.id, at)
        .await?
        .map_or(0.0, |e| e.volume_ratio);
    let asks = crate::http::relationships::asks_in_90_days(state, actor).await?;
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

/// What others are waiting for from a person: delegations to answer, due
/// soon, outcomes to record, and requests for help they could answer.
pub struct NeedsMe {
    pub to_answer: Vec<DelegationOut>,
    pub due_soon: Vec<DelegationOut>,
    pub to_record: Vec<DelegationOut>,
    pub help_for_me: Vec<HelpRequestOut>,
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
    let mut needs = NeedsMe {
        to_answer: vec![],
        due_soon: vec![],
        to_record: vec![],
        help_for_me: vec![],
    };
    for d in state.store.waiting_on(p.org_id, p.id).await? {
        let d = DelegationOut::new(d, p.id, now);
        let to_me = d.to.id == p.id;
        match d.status {
            Status::Proposed if to_me => needs.to_answer.push(d),
            Status::Accepted if to_me && d.due.is_some_and(|due| due <= soon) => {
                needs.due_soon.push(d)
            }
            Status::Accepted
                if !to_me && !d.outcome_expired && d.due.is_none_or(|due| due <= now) =>
            {
                needs.to_record.push(d)
            }
            _ => {}
        }
    }
    needs.help_for_me = state
        .store
        .help_requests_for(p.org_id, p.id, p.team_id, 5)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(needs)
}

/// Something to talk about, in words, for each of `me`'s introductions to
/// `others` (in the same order), from one read of their profiles.
pub async fn introduction_topics(
    state: &AppState,
    org: OrgId,
    me: PersonId,
    others: &[PersonId],
) -> AppResult<Vec<Vec<String>>> {
    let mut ids = others.to_vec();
    ids.push(me);
    let org = Org::from(state.store.nudge_people_by_ids(org, &ids).await?);
    let find = |id: PersonId| org.people.iter().find(|p| p.id == id);
    let name = |s: SkillId| org.skill_names.get(&s).cloned().unwrap_or_default();
    Ok(others
        .iter()
        .map(|&other| {
            let (Some(a), Some(b)) = (find(me), find(other)) else {
                return vec![];
            };
            let them = &b.name;
            let mut out: Vec<String> = introductions::topics(&profile(a), &profile(b))
                .into_iter()
                .map(|t| match t.kind {
                    TopicKind::AHelpsB => format!(
                        "{them} wants to grow in {}, one of your strengths",
                        name(t.skill)
                    ),
                    TopicKind::BHelpsA => format!(
                        "{them} is strong in {}, which you want to grow in",
                        name(t.skill)
                    ),
                    TopicKind::SharedStrength => {
                        format!("You are both strong in {}", name(t.skill))
                    }
                    TopicKind::AStrength => format!("Tell {them} about {}", name(t.skill)),
                    TopicKind::BStrength => format!("Ask {them} about {}", name(t.skill)),
                })
                .collect();
            if a.team_id != b.team_id {
                out.push(format!("How {them}'s team works, and how yours does"));
            }
            if out.is_empty() {
                out.push(format!("What {them} is working on this month"));
            }
            out
        })
        .collect())
}

/// The round's period name: rounds are numbered by `every_days` since the
/// Unix epoch, so all instances agree on which round is due.
pub fn round_period(now: DateTime<Utc>, every_days: i64) -> String {
    format!("{every_days}d-{}", now.timestamp() / (every_days * 86_400))
}

/// Runs this period's introduction round for every organization, each on
/// exactly one instance (the claim is an insert). Returns pairs made.
pub async fn introduction_rounds(state: &AppState) -> AppResult<usize> {
    let now = state.now();
    let every = state.config.introductions_every_days;
    let period = round_period(now, every);
    let mut made = 0;
    for org in state.store.list_orgs().await? {
        let org = org.id;
        let people = state.store.intro_candidates(org).await?;
        if people.len() < 2
            || !state
                .store
                .claim_job_run(org, "introductions", &period, now)
                .await?
        {
            continue;
        }
        made += introduction_round(state, org, &period, now).await?;
    }
    Ok(made)
}

/// One organization's round: pair, write, notify.
pub async fn introduction_round(
    state: &AppState,
    org: OrgId,
    period: &str,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let everyone = Org::load(state, org).await?;
    let teams = everyone.teams();
    let team_of: HashMap<PersonId, Option<u32>> = everyone
        .people
        .iter()
        .map(|p| (p.id, p.team_id.and_then(|t| teams.get(&t).copied())))
        .collect();
    let people: Vec<PairingPerson<PersonId>> = state
        .store
        .intro_candidates(org)
        .await?
        .into_iter()
        .map(|c| PairingPerson {
            person: c.id,
            team: team_of.get(&c.id).copied().flatten(),
            opted_in: true,
            snoozed_until: c.snoozed_until.map(Time::from),
        })
        .collect();
    // Never repeat a pair from the last eight rounds.
    let since = now - chrono::Duration::days(8 * state.config.introductions_every_days);
    let (blocks, recent) = state.store.intro_exclusions(org, since).await?;
    let blocked: PairSet<PersonId> = blocks.into_iter().collect();
    let recent: PairSet<PersonId> = recent.into_iter().collect();
    let seed = period
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let pairs = {
        let fresh = state.trust.fresh(&state.store, org).await?;
        introductions::pair(
            &PairingInput {
                people: &people,
                facts: fresh.facts(),
                recent: &recent,
                blocked: &blocked,
                now: Time::from(now),
            },
            seed,
        )
    };
    state
        .store
        .create_introductions(org, period, &pairs, now)
        .await?;
    Ok(pairs.len())
}
