//! My private trust picture: for each colleague I have interacted with,
//! trust in words (and a number once there is enough history), reliance
//! both ways, reciprocity and the history we share. My figures about a
//! colleague are mine alone: everything here reads the actor's own side.

use super::delegations::{self, DelegationView};
use super::links::Page as Link;
use super::paging::{Cursor, Page, PageRequest};
use super::{Actor, AppError, AppResult, PersonRef};
use crate::AppState;
use crate::trust_cache::Fresh;
use chrono::{DateTime, TimeZone, Utc};
use rapport_core::events::Kind;
use rapport_core::next_step::{self, StepKind, Tie};
use rapport_core::summary::{SummaryFigures, Try, personal_summary};
use rapport_core::trust::{
    EvidenceCounts, HistoryEvent, Outcome, PairHistory, Relationship, Time, reliance_words,
};
use rapport_core::{PersonId, TeamId};
use rapport_store::StoredEvent;
use std::collections::HashMap;

/// My trust in a colleague: in words, as a range from the first piece of
/// evidence, and as a number once there is enough history.
#[derive(Debug, Clone)]
pub struct TrustFigure {
    /// None while there is not enough history.
    pub value: Option<f64>,
    /// From belief (low) to belief + uncertainty (high); None with no
    /// evidence at all.
    pub range: Option<(f64, f64)>,
    pub uncertainty: f64,
    /// Words about the relationship, never about the person.
    pub label: &'static str,
}

/// What my opinion of a colleague rests on, and how we relied on each
/// other, counted and in words.
#[derive(Debug, Clone, Default)]
pub struct Grounds {
    pub evidence: EvidenceCounts,
    /// "2 delivered, 1 partly, last in October"; empty with no evidence.
    pub evidence_words: String,
    /// Delegations and help requests I addressed to them, and they to me.
    pub asked_out: u32,
    pub asked_in: u32,
    /// "You asked them 3 times, they asked you 5 times."
    pub reliance_words: String,
}

/// One relationship, from my side.
#[derive(Debug, Clone)]
pub struct RelationshipView {
    pub person: PersonRef,
    pub trust: TrustFigure,
    pub grounds: Grounds,
    /// How much I rely on them (decayed count of my delegations and asks).
    pub reliance_out: f64,
    /// How much they rely on me.
    pub reliance_in: f64,
    pub reciprocity: f64,
    pub one_way: bool,
    pub last_interaction: Option<DateTime<Utc>>,
}

/// My pattern in words, and one thing to try next.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Decayed volume of my delegations and asks.
    pub trust_extended_volume: f64,
    /// Relative to the organization's median (1 is typical).
    pub trust_extended_ratio: f64,
    /// Distinct people I relied on lately.
    pub breadth: u32,
    pub help_asked_90_days: u32,
    pub mean_reciprocity: f64,
    pub sentences: Vec<String>,
    pub next_step: String,
    /// The same, as a kind (for its link).
    pub next: Try,
}

/// My picture: the summary, and a page of my relationships.
#[derive(Debug, Clone)]
pub struct Picture {
    pub summary: Summary,
    pub relationships: Page<RelationshipView>,
}

/// One relationship and the history both of us see.
#[derive(Debug, Clone)]
pub struct RelationshipDetail {
    pub relationship: RelationshipView,
    /// Everything delegated between us, either way.
    pub delegations: Vec<DelegationView>,
    pub delivered: u32,
    pub partly: u32,
    pub missed: u32,
    /// What my opinion rests on, per month, over the last 12 months.
    pub trend: Vec<(chrono::NaiveDate, EvidenceCounts)>,
}

fn time_of(t: Time) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(i64::from(t.0) * 60, 0).single()
}

/// A relationship's figure as listed: three decimals.
fn figure(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn view(
    person: PersonRef,
    r: Relationship,
    history: &PairHistory,
    now: DateTime<Utc>,
) -> RelationshipView {
    RelationshipView {
        person,
        trust: TrustFigure {
            value: r.trust.value.map(figure),
            range: r.trust.range.map(|g| (figure(g.low), figure(g.high))),
            uncertainty: figure(r.trust.uncertainty),
            label: r.trust.label.text(),
        },
        grounds: grounds(history, now),
        reliance_out: figure(r.reliance_out),
        reliance_in: figure(r.reliance_in),
        reciprocity: figure(r.reciprocity),
        one_way: r.one_way,
        last_interaction: r.last_interaction.and_then(time_of),
    }
}

fn grounds(h: &PairHistory, now: DateTime<Utc>) -> Grounds {
    let last = h.last_evidence().and_then(time_of);
    Grounds {
        evidence: h.evidence,
        evidence_words: match last {
            Some(last) => h.evidence.words_with_last(last, now),
            None => String::new(),
        },
        asked_out: h.asked_out,
        asked_in: h.asked_in,
        reliance_words: reliance_words(h.asked_out, h.asked_in),
    }
}

/// My history with each of `others`, counted: from the checkpoint of the
/// events past the retention, continued with one read of the events still
/// kept between us (malformed ones are the engine's to report).
async fn histories(
    app: &AppState,
    actor: &Actor,
    fresh: &Fresh,
    others: &[PersonId],
) -> AppResult<HashMap<PersonId, PairHistory>> {
    let events = app
        .store
        .events_between(actor.org(), actor.id(), others)
        .await?;
    let me = actor.id();
    let mut by_partner: HashMap<PersonId, Vec<&StoredEvent>> = HashMap::new();
    for e in &events {
        let other = if e.from == me { e.to } else { e.from };
        by_partner.entry(other).or_default().push(e);
    }
    Ok(others
        .iter()
        .map(|&other| {
            let mine = by_partner.get(&other).map(Vec::as_slice).unwrap_or(&[]);
            let history = fresh.folded_history(me, other).with(
                me,
                other,
                mine.iter().filter_map(|e| {
                    Some(HistoryEvent {
                        at: Time::from(e.at),
                        from: e.from,
                        to: e.to,
                        payload: e.payload.as_ref().ok()?,
                        subject: e.subject,
                    })
                }),
            );
            (other, history.history())
        })
        .collect())
}

/// How many times the actor asked for help in the last 90 days.
pub async fn asks_in_90_days(app: &AppState, actor: &Actor) -> AppResult<u32> {
    let since = app.now() - chrono::Duration::days(90);
    let n = app
        .store
        .count_events_from(actor.org(), actor.id(), Kind::HelpAsked, since)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Everyone I have interacted with, and the minute of our latest
/// interaction: whom the engine knows from our events, and whom I only had
/// a check-in with (starting one is an event the engine does not model).
/// Read from memory and one short query, whatever the length of my history.
async fn partners(
    app: &AppState,
    actor: &Actor,
    fresh: &Fresh,
) -> AppResult<HashMap<PersonId, u32>> {
    let mut last: HashMap<PersonId, u32> = fresh
        .facts()
        .partners_of(actor.id())
        .map(|(p, t)| (p, t.0))
        .collect();
    for (other, started) in app.store.check_in_partners(actor.org(), actor.id()).await? {
        let t = Time::from(started).0;
        last.entry(other)
            .and_modify(|l| *l = (*l).max(t))
            .or_insert(t);
    }
    Ok(last)
}

/// My picture: the summary and a page of relationships, most recent first.
pub async fn picture(app: &AppState, actor: &Actor, page: &PageRequest) -> AppResult<Picture> {
    let fresh = app.trust.fresh(&app.store, actor.org()).await?;
    picture_with(app, actor, &fresh, page).await
}

/// The same, on an engine state the caller already brought up to date.
pub async fn picture_with(
    app: &AppState,
    actor: &Actor,
    fresh: &Fresh,
    page: &PageRequest,
) -> AppResult<Picture> {
    let me = actor.id();
    let at = Time::from(app.now());
    let last = partners(app, actor, fresh).await?;
    let reciprocity: Vec<f64> = last
        .keys()
        .map(|&p| figure(fresh.ledger().relationship(me, p, at).reciprocity))
        .collect();
    let summary = summary_with(app, actor, fresh, &reciprocity).await?;
    // Most recent first; within a minute, by id, so that a cursor resumes exactly.
    let mut order: Vec<(u32, PersonId)> = last.into_iter().map(|(p, t)| (t, p)).collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    if let Some(c) = &page.cursor {
        let t: u32 = c.key.parse().map_err(|_| bad_cursor())?;
        let id = PersonId(c.id);
        order.retain(|&(pt, p)| pt < t || (pt == t && p > id));
    }
    let limit = page.limit() as usize;
    let next = (order.len() > limit).then(|| order[limit - 1]);
    order.truncate(limit);
    let ids: Vec<PersonId> = order.iter().map(|&(_, p)| p).collect();
    let mut names = app.store.names_of(actor.org(), &ids).await?;
    let histories = histories(app, actor, fresh, &ids).await?;
    let now = app.now();
    let items = order
        .into_iter()
        .filter_map(|(_, p)| {
            let person = PersonRef {
                id: p,
                name: names.remove(&p)?,
            };
            let history = histories.get(&p)?;
            Some(view(
                person,
                fresh.ledger().relationship(me, p, at),
                history,
                now,
            ))
        })
        .collect();
    Ok(Picture {
        summary,
        relationships: Page {
            items,
            next_cursor: next.map(|(t, p)| {
                Cursor {
                    key: t.to_string(),
                    id: p.0,
                }
                .encode()
            }),
        },
    })
}

fn bad_cursor() -> AppError {
    rapport_core::InvalidValue::new(
        "cursor",
        "is not a cursor this list gave: send back next_cursor from the previous page, or leave it out",
    )
    .into()
}

/// A step to take next: what and why in a sentence, whom it is about, and
/// where to act on it.
#[derive(Debug, Clone)]
pub struct NextStep {
    pub sentence: String,
    pub person: Option<PersonRef>,
    pub link: Link,
    /// What the link does, as a button label.
    pub action: &'static str,
}

/// The steps my own picture suggests, most pressing first: each about a
/// named colleague (a second chance due, a check-in after a disagreement,
/// someone to ask back, a fading tie), then the summary's general step.
pub async fn next_steps(app: &AppState, actor: &Actor, fresh: &Fresh) -> AppResult<Vec<NextStep>> {
    let me = actor.id();
    let at = Time::from(app.now());
    let partners = partners(app, actor, fresh).await?;
    // A colleague who left (deactivated by the directory) is not a next step.
    let gone = actor.departed(app).await?;
    let ids: Vec<PersonId> = partners
        .keys()
        .copied()
        .filter(|p| gone.binary_search(p).is_err())
        .collect();
    let histories = histories(app, actor, fresh, &ids).await?;
    let names = app.store.names_of(actor.org(), &ids).await?;
    let ties: Vec<Tie<'_, PersonId>> = ids
        .iter()
        .filter_map(|p| {
            Some(Tie {
                person: *p,
                name: names.get(p)?,
                history: histories.get(p)?,
            })
        })
        .collect();
    let mut steps: Vec<NextStep> = next_step::steps(&ties, at)
        .into_iter()
        .map(|s| {
            let to = Some(s.person);
            let (link, action) = match s.kind {
                StepKind::SecondChance => (
                    Link::NewDelegation {
                        to,
                        second_chance_of: None,
                    },
                    "Delegate something small",
                ),
                StepKind::CheckIn => (Link::StartCheckIn { with: s.person }, "Start a check-in"),
                StepKind::AskBack => (
                    Link::NewDelegation {
                        to,
                        second_chance_of: None,
                    },
                    "Ask them for something",
                ),
                StepKind::Reconnect => (Link::Relationship(s.person), "See your history"),
            };
            NextStep {
                person: names.get(&s.person).map(|name| PersonRef {
                    id: s.person,
                    name: name.clone(),
                }),
                sentence: s.sentence,
                link,
                action,
            }
        })
        .collect();
    let reciprocity: Vec<f64> = ids
        .iter()
        .map(|&p| figure(fresh.ledger().relationship(me, p, at).reciprocity))
        .collect();
    let general = summary_with(app, actor, fresh, &reciprocity).await?.next;
    let new_delegation = Link::NewDelegation {
        to: None,
        second_chance_of: None,
    };
    let (link, action) = match general {
        Try::FirstTrust | Try::Widen => (new_delegation, "Delegate something small"),
        Try::AskForHelp => (Link::Help, "Ask for help"),
        Try::GiveBack => (Link::Relationships, "See who helps you"),
        Try::Thank => (Link::Thanks, "Say thanks"),
    };
    steps.push(NextStep {
        sentence: general.text().to_string(),
        person: None,
        link,
        action,
    });
    Ok(steps)
}

/// My summary in words, from my trust extended, my asks and the
/// reciprocity of each relationship as listed.
async fn summary_with(
    app: &AppState,
    actor: &Actor,
    fresh: &Fresh,
    reciprocity: &[f64],
) -> AppResult<Summary> {
    let at = Time::from(app.now());
    let asks = asks_in_90_days(app, actor).await?;
    let extended = fresh
        .extended_of(&app.store, actor.org(), actor.id(), at)
        .await?;
    let partners = reciprocity.len();
    let mean_reciprocity = if partners == 0 {
        0.0
    } else {
        reciprocity.iter().sum::<f64>() / partners as f64
    };
    let (volume, ratio, breadth) =
        extended.map_or((0.0, 0.0, 0), |e| (e.volume, e.volume_ratio, e.breadth));
    let figures = SummaryFigures {
        volume_ratio: ratio,
        breadth,
        asks_90d: asks,
        mean_reciprocity,
        partners: partners as u32,
        newcomer: actor.is_newcomer(app.now()),
    };
    let (sentences, next) = personal_summary(&figures);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    Ok(Summary {
        trust_extended_volume: round(volume),
        trust_extended_ratio: round(ratio),
        breadth,
        help_asked_90_days: asks,
        mean_reciprocity: round(mean_reciprocity),
        sentences,
        next_step: next.text().to_string(),
        next,
    })
}

/// My relationship with one colleague and our shared history.
pub async fn relationship(
    app: &AppState,
    actor: &Actor,
    other: PersonId,
) -> AppResult<RelationshipDetail> {
    let p = app.store.person(actor.org(), other).await?;
    if p.id == actor.id() {
        return Err(AppError::NotFound);
    }
    let at = Time::from(app.now());
    let me = actor.id();
    let (r, mut history) = {
        let fresh = app.trust.fresh(&app.store, actor.org()).await?;
        let r = fresh.ledger().relationship(me, other, at);
        (r, histories(app, actor, &fresh, &[other]).await?)
    };
    let history = history.remove(&other).unwrap_or_default();
    let between = delegations::between(app, actor, other).await?;
    let now = app.now();
    let count = |o| {
        between
            .iter()
            .filter(|d| d.counted_outcome() == Some(o))
            .count() as u32
    };
    Ok(RelationshipDetail {
        delivered: count(Outcome::Delivered),
        partly: count(Outcome::Partly),
        missed: count(Outcome::Missed),
        trend: history.by_month(now, 12),
        relationship: view(
            PersonRef {
                id: p.id,
                name: p.name,
            },
            r,
            &history,
            now,
        ),
        delegations: between,
    })
}

/// My relationship map's facts: everyone I have a history with, how close
/// we are, and who asked whom. Only my own ties, read from my side.
#[derive(Debug, Clone)]
pub struct MapView {
    pub me: PersonRef,
    /// Closest first.
    pub people: Vec<MapEntry>,
}

#[derive(Debug, Clone)]
pub struct MapEntry {
    pub person: PersonRef,
    pub team: Option<(TeamId, String)>,
    /// 0 to 1: our reliance on each other, both ways, against my closest.
    pub closeness: f64,
    pub i_asked: bool,
    pub they_asked: bool,
}

/// The facts of my relationship map.
pub async fn map(app: &AppState, actor: &Actor) -> AppResult<MapView> {
    let fresh = app.trust.fresh(&app.store, actor.org()).await?;
    let me = actor.id();
    let at = Time::from(app.now());
    let last = partners(app, actor, &fresh).await?;
    let mut ids: Vec<PersonId> = last.keys().copied().collect();
    ids.push(me);
    let people = app.store.names_and_teams_of(actor.org(), &ids).await?;
    let teams: HashMap<TeamId, String> = app
        .store
        .list_teams(actor.org())
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let ties: Vec<(PersonId, Relationship)> = last
        .keys()
        .map(|&p| (p, fresh.ledger().relationship(me, p, at)))
        .collect();
    let strongest = ties
        .iter()
        .map(|(_, r)| r.reliance_out + r.reliance_in)
        .fold(0.0, f64::max);
    let mut entries: Vec<MapEntry> = ties
        .into_iter()
        .filter_map(|(p, r)| {
            let (name, team) = people.get(&p)?.clone();
            let both = r.reliance_out + r.reliance_in;
            Some(MapEntry {
                person: PersonRef { id: p, name },
                team: team.and_then(|t| Some((t, teams.get(&t)?.clone()))),
                // The square root spreads the many light ties out from the rim.
                closeness: if strongest > 0.0 {
                    (both / strongest).sqrt()
                } else {
                    0.0
                },
                i_asked: r.reliance_out > 0.0,
                they_asked: r.reliance_in > 0.0,
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.closeness
            .total_cmp(&a.closeness)
            .then(a.person.id.cmp(&b.person.id))
    });
    let my_name = people.get(&me).map(|(n, _)| n.clone()).unwrap_or_default();
    Ok(MapView {
        me: PersonRef {
            id: me,
            name: my_name,
        },
        people: entries,
    })
}
