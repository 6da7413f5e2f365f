//! Get-to-know introductions: opt in, snooze, "don't pair me with"; the
//! round that pairs people with weak ties each period (claimed once across
//! instances); each introduction marked done or skipped by each person.
//! The pairing rules are `rapport_core::introductions`'.

use super::nudges::{Org, profile};
use super::{Actor, AppResult, PersonRef, notices};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::introductions::{self, PairSet, PairingInput, PairingPerson, TopicKind};
use rapport_core::trust::Time;
use rapport_core::{IntroductionId, InvalidValue, OrgId, PersonId, SkillId, TeamId};
use std::collections::HashMap;

/// An introduction as one of the two sees it.
#[derive(Debug, Clone)]
pub struct IntroductionView {
    pub id: IntroductionId,
    pub person: PersonRef,
    /// pending, done or skipped: my own answer.
    pub my_state: String,
    pub created_at: DateTime<Utc>,
    /// Something to talk about, from both profiles.
    pub topics: Vec<String>,
}

/// My introductions, newest first.
pub async fn list(state: &AppState, actor: &Actor) -> AppResult<Vec<IntroductionView>> {
    let me = &actor.person;
    let list = state.store.list_introductions(me.org_id, me.id, 50).await?;
    let others: Vec<_> = list.iter().map(|i| i.other.0).collect();
    let topics = introduction_topics(state, me.org_id, me.id, &others).await?;
    Ok(list
        .into_iter()
        .zip(topics)
        .map(|(i, topics)| IntroductionView {
            id: i.id,
            person: PersonRef {
                id: i.other.0,
                name: i.other.1,
            },
            my_state: i.my_state,
            created_at: i.created_at,
            topics,
        })
        .collect())
}

/// A person's introduction settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Take part in introductions.
    pub opted_in: bool,
    /// No introductions until then.
    pub snoozed_until: Option<DateTime<Utc>>,
    /// "Don't pair me with" these people.
    pub dont_pair_with: Vec<PersonRef>,
    /// An admin invited my team.
    pub invited: bool,
}

/// What a person sets.
#[derive(Debug, Clone)]
pub struct NewSettings {
    pub opted_in: bool,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub dont_pair_with: Vec<PersonId>,
}

pub async fn settings(state: &AppState, actor: &Actor) -> AppResult<Settings> {
    let p = state.store.intro_prefs(actor.id()).await?;
    Ok(Settings {
        opted_in: p.opted_in,
        snoozed_until: p.snoozed_until,
        dont_pair_with: p
            .blocked
            .into_iter()
            .map(|(id, name)| PersonRef { id, name })
            .collect(),
        invited: p.invited,
    })
}

/// Replaces my introduction settings.
pub async fn save_settings(state: &AppState, actor: &Actor, s: &NewSettings) -> AppResult<()> {
    let me = &actor.person;
    if s.dont_pair_with.contains(&me.id) {
        return Err(InvalidValue::new("dont_pair_with", "list other people, not yourself").into());
    }
    let now = state.now();
    state
        .store
        .set_intro_prefs(me.id, s.opted_in, s.snoozed_until.filter(|t| *t > now), now)
        .await?;
    let current = state.store.intro_prefs(me.id).await?.blocked;
    for (id, _) in &current {
        if !s.dont_pair_with.contains(id) {
            state
                .store
                .set_intro_block(me.org_id, me.id, *id, false)
                .await?;
        }
    }
    for id in &s.dont_pair_with {
        state
            .store
            .set_intro_block(me.org_id, me.id, *id, true)
            .await?;
    }
    Ok(())
}

/// Says "don't pair me with" one person (or takes it back).
pub async fn block(
    state: &AppState,
    actor: &Actor,
    other: PersonId,
    blocked: bool,
) -> AppResult<()> {
    if other == actor.id() {
        return Err(InvalidValue::new("person", "choose someone other than yourself").into());
    }
    Ok(state
        .store
        .set_intro_block(actor.org(), actor.id(), other, blocked)
        .await?)
}

/// My answer to an introduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// We met.
    Done,
    /// Not this time.
    Skip,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Done => "done",
            Answer::Skip => "skipped",
        }
    }
}

/// Marks my side of an introduction done or skipped, once.
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    id: IntroductionId,
    answer: Answer,
) -> AppResult<Answer> {
    state
        .store
        .answer_introduction(actor.org(), id, actor.id(), answer.as_str(), state.now())
        .await?;
    Ok(answer)
}

/// Invites a team's members to introductions (admins): each is told and
/// decides for themselves; recorded in the audit log.
pub async fn invite_team(state: &AppState, admin: &Actor, team: TeamId) -> AppResult<u64> {
    admin.require_admin()?;
    let org = admin.org();
    let now = state.now();
    let invited = state
        .store
        .invite_team_to_introductions(
            org,
            team,
            &notices::introductions_invitation().message(),
            now,
        )
        .await?;
    state
        .store
        .record_audit(
            org,
            Some(admin.id()),
            "introductions.invite_team",
            &team.to_string(),
            &format!("{invited} people"),
            now,
        )
        .await?;
    Ok(invited)
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
        .create_introductions(
            org,
            period,
            &pairs,
            |name| notices::introduction(name).message(),
            now,
        )
        .await?;
    Ok(pairs.len())
}
