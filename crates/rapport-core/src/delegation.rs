//! The delegation lifecycle ("be the first to trust") as a pure decision:
//! who may do what, from which state. The shell checks that the caller is
//! one of the pair (anyone else gets a 404 before this is asked).
//!
//! ```text
//! proposed ──accept──▶ accepted ──complete──▶ done ──dispute──▶ done (disputed)
//!     │                    │
//!     └─decline─▶ declined └─hand back (before due)─▶ handed_back
//! ```

use crate::trust::Outcome;
use crate::{InvalidValue, PersonId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Where a delegation is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DelegationStatus))]
pub enum Status {
    Proposed,
    Accepted,
    Declined,
    HandedBack,
    Done,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::HandedBack => "handed_back",
            Status::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Proposed,
            Status::Accepted,
            Status::Declined,
            Status::HandedBack,
            Status::Done,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// Which side of the pair is acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Asked for the task and records how it went.
    Delegator,
    /// Took the task on (or not).
    Delegate,
}

/// What someone wants to do to a delegation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Decline,
    HandBack,
    Complete(Outcome),
    Dispute,
    AddNote,
}

/// Why an action was refused: the wrong person of the pair (403) or the
/// wrong moment (409), with words for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    WrongPerson(&'static str),
    WrongState(&'static str),
}

/// The facts a decision needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub status: Status,
    pub due: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    pub disputed: bool,
}

/// How long after the due date an outcome can still be recorded; after
/// that the delegation simply does not count (TRUST_MODEL.md).
pub const OUTCOME_WINDOW_DAYS: i64 = 14;

/// Decides whether `side` may take `action` now; `Ok` carries the new status.
pub fn decide(
    action: Action,
    side: Side,
    f: &Facts,
    now: DateTime<Utc>,
) -> Result<Status, Refusal> {
    use Refusal::*;
    let only = |who: Side, what: &'static str| {
        if side == who {
            Ok(())
        } else {
            Err(WrongPerson(what))
        }
    };
    match action {
        Action::Accept | Action::Decline => {
            only(
                Side::Delegate,
                "only the person asked can accept or decline",
            )?;
            if f.status != Status::Proposed {
                return Err(WrongState("this has already been answered"));
            }
            Ok(if action == Action::Accept {
                Status::Accepted
            } else {
                Status::Declined
            })
        }
        Action::HandBack => {
            only(
                Side::Delegate,
                "only the person who took it on can hand it back",
            )?;
            if f.status != Status::Accepted {
                return Err(WrongState("only an accepted task can be handed back"));
            }
            if f.due.is_some_and(|due| now >= due) {
                return Err(WrongState(
                    "the due date has passed; it can no longer be handed back",
                ));
            }
            Ok(Status::HandedBack)
        }
        Action::Complete(_) => {
            only(
                Side::Delegator,
                "only the person who asked records how it went",
            )?;
            if f.status != Status::Accepted {
                return Err(WrongState("only an accepted task can be completed"));
            }
            if f.due
                .is_some_and(|due| now > due + Duration::days(OUTCOME_WINDOW_DAYS))
            {
                return Err(WrongState(
                    "the outcome can no longer be recorded: more than 14 days past the due date",
                ));
            }
            Ok(Status::Done)
        }
        Action::Dispute => {
            only(
                Side::Delegate,
                "only the person who did the task can dispute its outcome",
            )?;
            if f.status != Status::Done || f.disputed {
                return Err(WrongState("only a recorded outcome can be disputed, once"));
            }
            if f.outcome == Some(Outcome::Delivered) {
                return Err(WrongState("a delivered outcome has nothing to dispute"));
            }
            Ok(Status::Done)
        }
        Action::AddNote => Ok(f.status),
    }
}

/// Checks a new delegation: never to yourself, and a due date ahead.
pub fn check_new(
    from: PersonId,
    to: PersonId,
    due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), InvalidValue> {
    if from == to {
        return Err(InvalidValue::new("to", "you cannot delegate to yourself"));
    }
    if due.is_some_and(|d| d <= now) {
        return Err(InvalidValue::new("due", "must be in the future"));
    }
    Ok(())
}

/// Why a delegation cannot be a second chance after an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondChanceRefusal {
    /// The earlier one was between other people (shown as not found).
    OtherPair,
    /// The earlier one was not a miss.
    NotAMiss,
}

/// A second chance follows a miss between the same two people, the same way round.
pub fn check_second_chance(
    earlier: (PersonId, PersonId),
    earlier_outcome: Option<Outcome>,
    now: (PersonId, PersonId),
) -> Result<(), SecondChanceRefusal> {
    if earlier != now {
        return Err(SecondChanceRefusal::OtherPair);
    }
    if earlier_outcome != Some(Outcome::Missed) {
        return Err(SecondChanceRefusal::NotAMiss);
    }
    Ok(())
}

/// True once an accepted task's due date has passed without an outcome.
pub fn is_overdue(f: &Facts, now: DateTime<Utc>) -> bool {
    f.status == Status::Accepted && f.due.is_some_and(|due| now > due)
}

/// True when the window to record an outcome has closed: it counts as neutral.
pub fn outcome_expired(f: &Facts, now: DateTime<Utc>) -> bool {
    f.status == Status::Accepted
        && f.due
            .is_some_and(|due| now > due + Duration::days(OUTCOME_WINDOW_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: Status) -> Facts {
        Facts {
            status,
            due: None,
            outcome: None,
            disputed: false,
        }
    }

    /// Each action belongs to one side of the pair.
    #[test]
    fn each_action_belongs_to_one_side() {
        let now = Utc::now();
        assert!(matches!(
            decide(
                Action::Accept,
                Side::Delegator,
                &facts(Status::Proposed),
                now
            ),
            Err(Refusal::WrongPerson(_))
        ));
        assert_eq!(
            decide(
                Action::Accept,
                Side::Delegate,
                &facts(Status::Proposed),
                now
            ),
            Ok(Status::Accepted)
        );
        assert!(matches!(
            decide(
                Action::Complete(Outcome::Missed),
                Side::Delegate,
                &facts(Status::Accepted),
                now
            ),
            Err(Refusal::WrongPerson(_))
        ));
        assert_eq!(
            decide(
                Action::Complete(Outcome::Missed),
                Side::Delegator,
                &facts(Status::Accepted),
                now
            ),
            Ok(Status::Done)
        );
        assert!(matches!(
            decide(Action::Dispute, Side::Delegator, &facts(Status::Done), now),
            Err(Refusal::WrongPerson(_))
        ));
    }

    /// Actions from the wrong state are refused.
    #[test]
    fn actions_from_the_wrong_state_are_refused() {
        let now = Utc::now();
        for s in [
            Status::Accepted,
            Status::Declined,
            Status::HandedBack,
            Status::Done,
        ] {
            assert!(matches!(
                decide(Action::Decline, Side::Delegate, &facts(s), now),
                Err(Refusal::WrongState(_))
            ));
        }
        assert!(matches!(
            decide(
                Action::Complete(Outcome::Delivered),
                Side::Delegator,
                &facts(Status::Proposed),
                now
            ),
            Err(Refusal::WrongState(_))
        ));
        let delivered = Facts {
            outcome: Some(Outcome::Delivered),
            ..facts(Status::Done)
        };
        assert!(matches!(
            decide(Action::Dispute, Side::Delegate, &delivered, now),
            Err(Refusal::WrongState(_))
        ));
        let disputed = Facts {
            outcome: Some(Outcome::Missed),
            disputed: true,
            ..facts(Status::Done)
        };
        assert!(matches!(
            decide(Action::Dispute, Side::Delegate, &disputed, now),
            Err(Refusal::WrongState(_))
        ));
    }

    /// A new delegation goes to someone else, due in the future.
    #[test]
    fn a_new_delegation_goes_to_someone_else_due_ahead() {
        let (a, b, now) = (PersonId::new(), PersonId::new(), Utc::now());
        assert_eq!(check_new(a, b, None, now), Ok(()));
        assert_eq!(check_new(a, b, Some(now + Duration::hours(1)), now), Ok(()));
        assert_eq!(check_new(a, a, None, now).unwrap_err().field, "to");
        assert_eq!(check_new(a, b, Some(now), now).unwrap_err().field, "due");
    }

    /// A second chance follows a miss of the same pair, the same way round.
    #[test]
    fn a_second_chance_follows_a_miss_of_the_same_pair() {
        let (a, b) = (PersonId::new(), PersonId::new());
        let missed = Some(Outcome::Missed);
        assert_eq!(check_second_chance((a, b), missed, (a, b)), Ok(()));
        assert_eq!(
            check_second_chance((b, a), missed, (a, b)),
            Err(SecondChanceRefusal::OtherPair)
        );
        for o in [None, Some(Outcome::Delivered), Some(Outcome::Partly)] {
            assert_eq!(
                check_second_chance((a, b), o, (a, b)),
                Err(SecondChanceRefusal::NotAMiss)
            );
        }
    }

    /// Handing back is possible before the due date only; outcomes close 14 days after it.
    #[test]
    fn due_dates_bound_handing_back_and_recording() {
        let now = Utc::now();
        let due_tomorrow = Facts {
            due: Some(now + Duration::days(1)),
            ..facts(Status::Accepted)
        };
        assert_eq!(
            decide(Action::HandBack, Side::Delegate, &due_tomorrow, now),
            Ok(Status::HandedBack)
        );
        let was_due = Facts {
            due: Some(now - Duration::days(1)),
            ..facts(Status::Accepted)
        };
        assert!(decide(Action::HandBack, Side::Delegate, &was_due, now).is_err());
        assert!(is_overdue(&was_due, now));
        let long_ago = Facts {
            due: Some(now - Duration::days(15)),
            ..facts(Status::Accepted)
        };
        assert!(
            decide(
                Action::Complete(Outcome::Delivered),
                Side::Delegator,
                &long_ago,
                now
            )
            .is_err()
        );
        assert!(outcome_expired(&long_ago, now));
        assert!(
            decide(
                Action::Complete(Outcome::Delivered),
                Side::Delegator,
                &was_due,
                now
            )
            .is_ok()
        );
    }
}
