//! Delegations and favors ("be the first to trust"): ask, change the due
//! date or withdraw before an answer, answer, hand back, mark done, record
//! the outcome (once marked done or due), dispute it, add notes. Only the pair sees a
//! delegation: anyone else gets a 404; the other person of the pair a 403
//! for an action that is not theirs; the wrong moment a 409. The rules are
//! `rapport_core::delegation`'s; this module loads, asks and persists.

use super::notices::{self, DelegationNews};
use super::paging::{Page, PageRequest};
use super::{Actor, AppError, AppResult, PersonRef, Problems};
use crate::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::delegation::{self, Action, Facts, Refusal, SecondChanceRefusal, Side, Status};
use rapport_core::events::Payload;
use rapport_core::trust::{Outcome, Stakes};
use rapport_core::{DelegationId, FreeText, InvalidValue, PersonId};
use rapport_store::{Delegation, DelegationChange, NewDelegation, NewEvent, Trail};

/// What the actor can do to a delegation now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Can {
    Accept,
    Decline,
    HandBack,
    Complete,
    Dispute,
    Note,
    SecondChance,
    MarkDone,
    Withdraw,
    ChangeDue,
}

impl Can {
    pub fn as_str(self) -> &'static str {
        match self {
            Can::Accept => "accept",
            Can::Decline => "decline",
            Can::HandBack => "hand_back",
            Can::Complete => "complete",
            Can::Dispute => "dispute",
            Can::Note => "note",
            Can::SecondChance => "second_chance",
            Can::MarkDone => "mark_done",
            Can::Withdraw => "withdraw",
            Can::ChangeDue => "change_due",
        }
    }
}

/// A delegation as one person of the pair sees it.
#[derive(Debug, Clone)]
pub struct DelegationView {
    pub id: DelegationId,
    pub from: PersonRef,
    pub to: PersonRef,
    pub title: String,
    pub details: String,
    pub due: Option<DateTime<Utc>>,
    pub stakes: Stakes,
    pub status: Status,
    /// Accepted, past its due date, no outcome yet.
    pub overdue: bool,
    /// More than 14 days past due with no outcome: it counts as neutral.
    pub outcome_expired: bool,
    pub stretch: bool,
    pub outcome: Option<Outcome>,
    pub disputed: bool,
    /// The delegator's note (what we learned).
    pub from_note: String,
    /// The delegate's note (context, an apology).
    pub to_note: String,
    pub dispute_note: String,
    pub second_chance_of: Option<DelegationId>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The delegate said "done, please review" at this time.
    pub marked_done_at: Option<DateTime<Utc>>,
    /// When the outcome can be recorded without the delegate's mark, while
    /// it cannot be yet (accepted, not marked done, before the due date).
    pub outcome_opens: Option<DateTime<Utc>>,
    /// The viewer's side of the pair.
    pub side: Side,
    pub can: Vec<Can>,
}

impl DelegationView {
    pub fn new(d: Delegation, viewer: PersonId, now: DateTime<Utc>) -> Self {
        let f = facts(&d);
        let side = side_of(&d, viewer).unwrap_or(Side::Delegate);
        let mut can: Vec<Can> = [
            (Action::Accept, Can::Accept),
            (Action::Decline, Can::Decline),
            (Action::HandBack, Can::HandBack),
            (Action::Complete(Outcome::Delivered), Can::Complete),
            (Action::Dispute, Can::Dispute),
            (Action::MarkDone, Can::MarkDone),
            (Action::Withdraw, Can::Withdraw),
            (Action::ChangeDue, Can::ChangeDue),
        ]
        .into_iter()
        .filter(|(a, _)| delegation::decide(*a, side, &f, now).is_ok())
        .map(|(_, c)| c)
        .collect();
        can.push(Can::Note);
        if side == Side::Delegator && d.outcome == Some(Outcome::Missed) {
            can.push(Can::SecondChance);
        }
        let waiting_for_review = d.status == Status::Accepted && d.marked_done_at.is_none();
        DelegationView {
            id: d.id,
            outcome_opens: delegation::outcome_opens(&f).filter(|t| waiting_for_review && *t > now),
            accepted_at: d.accepted_at,
            marked_done_at: d.marked_done_at,
            overdue: delegation::is_overdue(&f, now),
            outcome_expired: delegation::outcome_expired(&f, now),
            from: PersonRef {
                id: d.from_id,
                name: d.from_name,
            },
            to: PersonRef {
                id: d.to_id,
                name: d.to_name,
            },
            title: d.title,
            details: d.details,
            due: d.due_at,
            stakes: d.stakes,
            status: d.status,
            stretch: d.stretch,
            outcome: d.outcome,
            disputed: d.disputed_at.is_some(),
            from_note: d.from_note,
            to_note: d.to_note,
            dispute_note: d.dispute_note,
            second_chance_of: d.second_chance_of,
            created_at: d.created_at,
            completed_at: d.completed_at,
            side,
            can,
        }
    }

    pub fn can(&self, c: Can) -> bool {
        self.can.contains(&c)
    }

    /// The other person of the pair, as the viewer sees them.
    pub fn other(&self) -> &PersonRef {
        match self.side {
            Side::Delegator => &self.to,
            Side::Delegate => &self.from,
        }
    }

    /// The viewer's own note.
    pub fn my_note(&self) -> &str {
        match self.side {
            Side::Delegator => &self.from_note,
            Side::Delegate => &self.to_note,
        }
    }

    /// An outcome that counts (recorded and not disputed).
    pub fn counted_outcome(&self) -> Option<Outcome> {
        self.outcome.filter(|_| !self.disputed)
    }
}

fn facts(d: &Delegation) -> Facts {
    Facts {
        status: d.status,
        due: d.due_at,
        outcome: d.outcome,
        disputed: d.disputed_at.is_some(),
        accepted_at: d.accepted_at,
        marked_done: d.marked_done_at.is_some(),
    }
}

fn side_of(d: &Delegation, person: PersonId) -> Option<Side> {
    if d.from_id == person {
        Some(Side::Delegator)
    } else if d.to_id == person {
        Some(Side::Delegate)
    } else {
        None
    }
}

/// A new delegation as a person typed it; [`Draft::parse`] checks it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub to: Option<PersonId>,
    pub title: String,
    pub details: String,
    /// A date (`2026-12-01`, due at its end) or a time (RFC 3339); empty: none.
    pub due: String,
    /// small, medium or large.
    pub stakes: String,
    pub second_chance_of: Option<DelegationId>,
}

/// A new delegation, every value parsed.
#[derive(Debug, Clone)]
pub struct NewCommand {
    pub to: PersonId,
    pub title: FreeText,
    pub details: FreeText,
    pub due: Option<DateTime<Utc>>,
    pub stakes: Stakes,
    pub second_chance_of: Option<DelegationId>,
}

impl Draft {
    /// Every value a person can get wrong, each with what to fix; all of
    /// them at once.
    pub fn parse(self) -> Result<NewCommand, Vec<InvalidValue>> {
        let mut p = Problems::default();
        let to = p.check(
            self.to
                .ok_or_else(|| InvalidValue::new("to", "choose the colleague you are asking")),
        );
        let title = p.check(
            FreeText::parse_required("title", &self.title, 200).and_then(|t| {
                if t.as_str().contains('\n') {
                    Err(InvalidValue::new("title", "must be on one line"))
                } else {
                    Ok(t)
                }
            }),
        );
        let details = p.check(FreeText::parse("details", &self.details, 4000));
        let stakes = p.check(
            Stakes::parse(self.stakes.trim())
                .ok_or_else(|| InvalidValue::new("stakes", "must be small, medium or large")),
        );
        let due = p.check(parse_due(&self.due));
        match (to, title, details, stakes, due) {
            (Some(to), Some(title), Some(details), Some(stakes), Some(due)) => Ok(NewCommand {
                to,
                title,
                details,
                due,
                stakes,
                second_chance_of: self.second_chance_of,
            }),
            _ => Err(p.0),
        }
    }
}

/// A due date: a day (due at its end, UTC) or an exact time; empty: none.
pub fn parse_due(s: &str) -> Result<Option<DateTime<Utc>>, InvalidValue> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| Some(t.and_utc()))
        .ok_or_else(|| {
            InvalidValue::new(
                "due",
                "must be a date such as 2026-12-01 or a time such as 2026-12-01T17:00:00Z",
            )
        })
}

/// Asks a colleague to take something on: the first step of trust.
#[tracing::instrument(skip_all)]
pub async fn create(app: &AppState, actor: &Actor, cmd: NewCommand) -> AppResult<DelegationView> {
    let now = app.now();
    delegation::check_new(actor.id(), cmd.to, cmd.due, now)?;
    let news = match cmd.second_chance_of {
        None => DelegationNews::Asked,
        Some(earlier) => {
            let e = app.store.delegation(actor.org(), earlier).await?;
            delegation::check_second_chance((e.from_id, e.to_id), e.outcome, (actor.id(), cmd.to))
                .map_err(|r| match r {
                    SecondChanceRefusal::OtherPair => AppError::NotFound,
                    SecondChanceRefusal::NotAMiss => {
                        rapport_store::StoreError::Conflict(rapport_store::Conflict::NotAMiss)
                            .into()
                    }
                })?;
            DelegationNews::SecondChance
        }
    };
    let new = NewDelegation {
        id: DelegationId::new(),
        from: actor.id(),
        to: cmd.to,
        title: cmd.title.into_string(),
        details: cmd.details.into_string(),
        due_at: cmd.due,
        stakes: cmd.stakes,
        second_chance_of: cmd.second_chance_of,
    };
    let notice = notices::delegation(&actor.person.name, news, &new.title, new.id).to(cmd.to);
    let d = app
        .store
        .create_delegation(actor.org(), &new, &notice, now)
        .await?;
    Ok(DelegationView::new(d, actor.id(), now))
}

/// A delegation the actor is part of, with their side; anyone else: 404.
async fn load(app: &AppState, actor: &Actor, id: DelegationId) -> AppResult<(Delegation, Side)> {
    let d = app.store.delegation(actor.org(), id).await?;
    let side = side_of(&d, actor.id()).ok_or(AppError::NotFound)?;
    Ok((d, side))
}

/// One delegation, for the pair only.
pub async fn get(app: &AppState, actor: &Actor, id: DelegationId) -> AppResult<DelegationView> {
    let (d, _) = load(app, actor, id).await?;
    Ok(DelegationView::new(d, actor.id(), app.now()))
}

/// Which of my delegations to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    /// My side: what I asked (delegator) or what I was asked (delegate).
    pub side: Option<Side>,
    pub status: Option<Status>,
}

/// My delegations, newest first, a page at a time.
pub async fn list(
    app: &AppState,
    actor: &Actor,
    filter: Filter,
    page: &PageRequest,
) -> AppResult<Page<DelegationView>> {
    let found = app
        .store
        .list_delegations(
            actor.org(),
            actor.id(),
            filter.side,
            filter.status,
            page.limit(),
            page.time_cursor()?,
        )
        .await?;
    let now = app.now();
    Ok(found.map(|d| DelegationView::new(d, actor.id(), now)))
}

/// Everything delegated between the actor and another person, either way.
pub async fn between(
    app: &AppState,
    actor: &Actor,
    other: PersonId,
) -> AppResult<Vec<DelegationView>> {
    let now = app.now();
    Ok(app
        .store
        .delegations_between(actor.org(), actor.id(), other)
        .await?
        .into_iter()
        .map(|d| DelegationView::new(d, actor.id(), now))
        .collect())
}

/// What someone does to a delegation, with what it carries.
#[derive(Debug, Clone)]
pub enum Act {
    Accept {
        stretch: bool,
    },
    Decline,
    HandBack,
    Complete {
        outcome: Outcome,
        note: FreeText,
    },
    Dispute {
        note: FreeText,
    },
    Note {
        note: FreeText,
    },
    /// The delegate: "done, please review".
    MarkDone,
    /// The delegator, before it is accepted.
    Withdraw,
    /// The delegator, before it is accepted: a new due date (or none).
    ChangeDue {
        due: Option<DateTime<Utc>>,
    },
}

impl Act {
    /// Recording the outcome: delivered, partly or missed, and what we learned.
    pub fn complete(outcome: &str, note: &str) -> Result<Act, InvalidValue> {
        Ok(Act::Complete {
            outcome: Outcome::parse(outcome.trim()).ok_or_else(|| {
                InvalidValue::new("outcome", "must be delivered, partly or missed")
            })?,
            note: FreeText::parse("note", note, 4000)?,
        })
    }

    /// A dispute says why, in words.
    pub fn dispute(note: &str) -> Result<Act, InvalidValue> {
        Ok(Act::Dispute {
            note: FreeText::parse_required("note", note, 4000)?,
        })
    }

    /// A note (empty clears mine).
    pub fn note(note: &str) -> Result<Act, InvalidValue> {
        Ok(Act::Note {
            note: FreeText::parse("note", note, 4000)?,
        })
    }

    /// A new due date as typed (a day or a time; empty removes it).
    pub fn change_due(due: &str) -> Result<Act, InvalidValue> {
        Ok(Act::ChangeDue {
            due: parse_due(due)?,
        })
    }

    fn action(&self) -> Action {
        match self {
            Act::Accept { .. } => Action::Accept,
            Act::Decline => Action::Decline,
            Act::HandBack => Action::HandBack,
            Act::Complete { outcome, .. } => Action::Complete(*outcome),
            Act::Dispute { .. } => Action::Dispute,
            Act::Note { .. } => Action::AddNote,
            Act::MarkDone => Action::MarkDone,
            Act::Withdraw => Action::Withdraw,
            Act::ChangeDue { .. } => Action::ChangeDue,
        }
    }
}

/// Decides an action with the core, then applies it with its event and the
/// other person's notice, only if no one changed the delegation first.
#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn act(
    app: &AppState,
    actor: &Actor,
    id: DelegationId,
    act: Act,
) -> AppResult<DelegationView> {
    let (d, side) = load(app, actor, id).await?;
    let now = app.now();
    let status = delegation::decide(act.action(), side, &facts(&d), now).map_err(|r| match r {
        Refusal::WrongPerson(why) => AppError::Forbidden(why),
        Refusal::WrongState(why) => AppError::conflict("wrong_state", why),
        Refusal::TooEarly { from } => {
            AppError::conflict("too_early", notices::outcome_not_yet(&d.to_name, from, now))
        }
    })?;
    let mut change = DelegationChange {
        status: Some(status),
        ..Default::default()
    };
    let (payload, news) = match act {
        Act::Accept { stretch } => {
            change.stretch = Some(stretch);
            change.accepted = true;
            (None, DelegationNews::Accepted)
        }
        Act::MarkDone => {
            change.marked_done = true;
            (Some(Payload::MarkedDone), DelegationNews::MarkedDone)
        }
        Act::Withdraw => (Some(Payload::Withdrawn), DelegationNews::Withdrawn),
        Act::ChangeDue { due } => {
            delegation::check_new(d.from_id, d.to_id, due, now)?;
            change.due_at = Some(due);
            (None, DelegationNews::DueChanged)
        }
        Act::Decline => (Some(Payload::Declined), DelegationNews::Declined),
        Act::HandBack => (Some(Payload::HandedBack), DelegationNews::HandedBack),
        Act::Complete { outcome, note } => {
            change.outcome = Some(outcome);
            change.from_note = Some(note.into_string()).filter(|n| !n.is_empty());
            let payload = Payload::Completed {
                stakes: d.stakes,
                outcome,
                stretch: d.stretch,
                second_chance_of: d.second_chance_of,
            };
            (Some(payload), DelegationNews::OutcomeRecorded)
        }
        Act::Dispute { note } => {
            change.disputed = true;
            change.dispute_note = Some(note.into_string());
            (Some(Payload::Disputed), DelegationNews::Disputed)
        }
        Act::Note { note } => {
            let note = Some(note.into_string());
            match side {
                Side::Delegator => change.from_note = note,
                Side::Delegate => change.to_note = note,
            }
            (None, DelegationNews::Noted)
        }
    };
    let event = payload.map(|payload| NewEvent {
        at: now,
        from: d.from_id,
        to: d.to_id,
        subject: Some(d.id.0),
        payload,
    });
    let other = match side {
        Side::Delegator => d.to_id,
        Side::Delegate => d.from_id,
    };
    let notice = notices::delegation(&actor.person.name, news, &d.title, d.id).to(other);
    let trail = Trail {
        event,
        notes: vec![notice],
    };
    let updated = app
        .store
        .change_delegation(actor.org(), d.id, d.status, &change, &trail, now)
        .await?;
    Ok(DelegationView::new(updated, actor.id(), now))
}

/// Reminds delegates once, a day before the due date (or after it, if it
/// passed unnoticed). Run by the housekeeping job; claimed row by row, so
/// two instances never remind twice.
pub async fn send_due_reminders(app: &AppState) -> AppResult<usize> {
    let now = app.now();
    Ok(app
        .store
        .send_due_reminders(now + chrono::Duration::days(1), now, |d| {
            let overdue = d.due_at.is_some_and(|t| t < now);
            notices::due_reminder(&d.title, &d.from_name, overdue, d.id).to(d.to_id)
        })
        .await?)
}
