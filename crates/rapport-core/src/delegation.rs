//! The delegation lifecycle ("be the first to trust") as a pure decision:
//! who may do what, from which state. The shell checks that the caller is
//! one of the pair (anyone else gets a 404 before this is asked).
//!
//! ```text
//! proposed ──accept──▶ accepted ──(mark done)──▶ accepted, marked done
//!  │  │                   │                         │
//!  │  └─withdraw─▶ withdrawn                        └──complete──▶ done ──dispute──▶ done (disputed)
//!  └─decline─▶ declined   └─hand back (before due)─▶ handed_back
//! ```
//!
//! The outcome is the delegator's to record, but not at any moment: only
//! once the delegate said it is done, or once it was due (without a due
//! date: [`REVIEW_AFTER_DAYS`] after it was accepted). A miss recorded a
//! minute after accepting, a week before the due date, is not a miss.
//!
//! The due date is agreed by accepting: the delegator may change it while
//! the delegation is still proposed (the delegate then answers the new
//! date); once accepted it stays as agreed (handing back and asking again
//! is the honest way to move it).

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
    /// The delegator took it back before it was accepted (neutral).
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::HandedBack => "handed_back",
            Status::Done => "done",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Proposed,
            Status::Accepted,
            Status::Declined,
            Status::HandedBack,
            Status::Done,
            Status::Withdrawn,
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
    /// The delegate: "done, please review".
    MarkDone,
    /// The delegator takes it back before it is accepted.
    Withdraw,
    /// The delegator changes the due date before it is accepted.
    ChangeDue,
}

/// Why an action was refused: the wrong person of the pair (403) or the
/// wrong moment (409), with words for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    WrongPerson(&'static str),
    WrongState(&'static str),
    /// The outcome cannot be recorded yet: not marked done, and not due
    /// until `from` (the shell says so in words, with names and a date).
    TooEarly {
        from: DateTime<Utc>,
    },
}

/// The facts a decision needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub status: Status,
    pub due: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    pub disputed: bool,
    /// When the delegate accepted (None before, or for rows from before
    /// this was kept).
    pub accepted_at: Option<DateTime<Utc>>,
    /// The delegate said "done, please review".
    pub marked_done: bool,
}

/// Without a due date, how long after acceptance the delegator may record
/// the outcome without the delegate having marked it done.
pub const REVIEW_AFTER_DAYS: i64 = 14;

/// When the outcome may be recorded without the delegate marking it done:
/// the due date, or [`REVIEW_AFTER_DAYS`] after acceptance. `None` when
/// neither is known (only a mark or nothing opens it).
pub fn outcome_opens(f: &Facts) -> Option<DateTime<Utc>> {
    f.due
        .or_else(|| f.accepted_at.map(|t| t + Duration::days(REVIEW_AFTER_DAYS)))
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
            if f.marked_done {
                return Err(WrongState(
                    "you said it is done; it waits for the review, not a hand-back",
                ));
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
            if !f.marked_done {
                match outcome_opens(f) {
                    Some(from) if now >= from => {}
                    Some(from) => return Err(TooEarly { from }),
                    // Accepted before acceptance times were kept, without a
                    // due date: only the delegate's mark opens it.
                    None => {
                        return Err(WrongState(
                            "the outcome can be recorded once the task is marked done",
                        ));
                    }
                }
            }
            Ok(Status::Done)
        }
        Action::MarkDone => {
            only(
                Side::Delegate,
                "only the person who took it on can say it is done",
            )?;
            if f.status != Status::Accepted {
                return Err(WrongState("only an accepted task can be marked done"));
            }
            if f.marked_done {
                return Err(WrongState("this is already marked done"));
            }
            Ok(Status::Accepted)
        }
        Action::Withdraw | Action::ChangeDue => {
            only(
                Side::Delegator,
                "only the person who asked can withdraw it or change its due date",
            )?;
            if f.status != Status::Proposed {
                return Err(WrongState(if action == Action::Withdraw {
                    "only a delegation not yet answered can be withdrawn"
                } else {
                    "the due date was agreed when it was accepted; it can change only before"
                }));
            }
            Ok(if action == Action::Withdraw {
                Status::Withdrawn
            } else {
                Status::Proposed
            })
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
            accepted_at: None,
            marked_done: false,
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
        let marked = Facts {
            marked_done: true,
            ..facts(Status::Accepted)
        };
        assert_eq!(
            decide(
                Action::Complete(Outcome::Missed),
                Side::Delegator,
                &marked,
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

    const STATUSES: [Status; 6] = [
        Status::Proposed,
        Status::Accepted,
        Status::Declined,
        Status::HandedBack,
        Status::Done,
        Status::Withdrawn,
    ];

    /// The outcome's timing, every combination: the delegator records it
    /// from an accepted task once it is marked done, or once it is due (no
    /// due date: 14 days after acceptance), and never more than 14 days past
    /// the due date; before that the refusal says from when.
    #[test]
    fn the_outcome_opens_when_marked_done_or_due() {
        let now = Utc::now();
        let day = Duration::days(1);
        let dues = [
            None,
            Some(now + day * 3),
            Some(now),
            Some(now - day),
            Some(now - day * 15),
        ];
        let accepted = [
            None,
            Some(now - day),
            Some(now - day * 14),
            Some(now - day * 20),
        ];
        for status in STATUSES {
            for side in [Side::Delegator, Side::Delegate] {
                for marked_done in [false, true] {
                    for due in dues {
                        for accepted_at in accepted {
                            let f = Facts {
                                status,
                                due,
                                outcome: None,
                                disputed: false,
                                accepted_at,
                                marked_done,
                            };
                            let got = decide(Action::Complete(Outcome::Missed), side, &f, now);
                            let opens = due.or(accepted_at.map(|t| t + day * 14));
                            let expected = if side != Side::Delegator {
                                "person"
                            } else if status != Status::Accepted
                                || due.is_some_and(|d| now > d + day * 14)
                            {
                                "state"
                            } else if marked_done || opens.is_some_and(|o| now >= o) {
                                "ok"
                            } else if opens.is_some() {
                                "early"
                            } else {
                                "state"
                            };
                            let seen = match got {
                                Ok(Status::Done) => "ok",
                                Ok(_) => "wrong status",
                                Err(Refusal::WrongPerson(_)) => "person",
                                Err(Refusal::WrongState(_)) => "state",
                                Err(Refusal::TooEarly { from }) => {
                                    assert_eq!(Some(from), opens, "{f:?}");
                                    "early"
                                }
                            };
                            assert_eq!(seen, expected, "{side:?} {f:?}");
                        }
                    }
                }
            }
        }
    }

    /// Marking done, withdrawing and changing the due date, from every
    /// status and side: each belongs to one side and one moment.
    #[test]
    fn mark_done_withdraw_and_change_due_belong_to_one_side_and_moment() {
        let now = Utc::now();
        for status in STATUSES {
            for marked_done in [false, true] {
                let f = Facts {
                    marked_done,
                    ..facts(status)
                };
                let cases = [
                    (
                        Action::MarkDone,
                        Side::Delegate,
                        (status == Status::Accepted && !marked_done).then_some(Status::Accepted),
                    ),
                    (
                        Action::Withdraw,
                        Side::Delegator,
                        (status == Status::Proposed).then_some(Status::Withdrawn),
                    ),
                    (
                        Action::ChangeDue,
                        Side::Delegator,
                        (status == Status::Proposed).then_some(Status::Proposed),
                    ),
                ];
                for (action, owner, allowed) in cases {
                    let other = match owner {
                        Side::Delegator => Side::Delegate,
                        Side::Delegate => Side::Delegator,
                    };
                    assert!(matches!(
                        decide(action, other, &f, now),
                        Err(Refusal::WrongPerson(_))
                    ));
                    match allowed {
                        Some(next) => assert_eq!(decide(action, owner, &f, now), Ok(next)),
                        None => assert!(
                            matches!(decide(action, owner, &f, now), Err(Refusal::WrongState(_))),
                            "{action:?} {f:?}"
                        ),
                    }
                }
            }
        }
    }

    /// Once the delegate said it is done, it is no longer theirs to hand back.
    #[test]
    fn a_task_marked_done_cannot_be_handed_back() {
        let now = Utc::now();
        let f = Facts {
            marked_done: true,
            due: Some(now + Duration::days(3)),
            ..facts(Status::Accepted)
        };
        assert!(matches!(
            decide(Action::HandBack, Side::Delegate, &f, now),
            Err(Refusal::WrongState(_))
        ));
    }
}
