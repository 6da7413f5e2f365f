//! "Can you help me?" as pure decisions: who sees a request, and who may
//! do what to it from which state. The shell loads the request and its
//! offers, asks here, and applies the answer with a conditional update.
//!
//! ```text
//! open ──accept an offer──▶ accepted ──resolve (helped / not really)──▶ resolved
//!   ▲ offers arrive while open     │
//!   └──────────── close ───────────┴──────────────────────────────────▶ resolved (without a verdict)
//! ```
//!
//! Closing is the asker ending their own request without saying whether
//! help helped (found elsewhere, no longer needed): it is stored as
//! resolved with no verdict, and feeds no trust figure.

use crate::{PersonId, TeamId};
use serde::{Deserialize, Serialize};

/// Where a request is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for offers.
    Open,
    /// The asker accepted one offer.
    Accepted,
    /// The asker said whether it helped.
    Resolved,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Accepted, Status::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Accepted => "accepted",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Whom a request is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Person(PersonId),
    Team(TeamId),
    Org,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Person(_) => "person",
            Audience::Team(_) => "team",
            Audience::Org => "org",
        }
    }

    /// Whether `person` (in `team`) is among those asked.
    pub fn includes(self, person: PersonId, team: Option<TeamId>) -> bool {
        match self {
            Audience::Person(p) => p == person,
            Audience::Team(t) => team == Some(t),
            Audience::Org => true,
        }
    }
}

/// Who may see a request: the asker, and those it is addressed to (a
/// helper who offered was among them). Anyone else gets a 404.
pub fn can_see(
    asker: PersonId,
    audience: Audience,
    person: PersonId,
    team: Option<TeamId>,
) -> bool {
    asker == person || audience.includes(person, team)
}

/// The same, counting the colleagues the asker asked directly (`asked`):
/// being asked lets them see the request they were told about.
pub fn can_see_asked(
    asker: PersonId,
    audience: Audience,
    asked: &[PersonId],
    person: PersonId,
    team: Option<TeamId>,
) -> bool {
    can_see(asker, audience, person, team) || asked.contains(&person)
}

/// Which side of a request someone is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Asked for help.
    Asker,
    /// Anyone else who can see it (a possible or actual helper).
    Colleague,
}

/// What someone wants to do to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Offer to help.
    Offer,
    /// Accept one of the offers.
    AcceptOffer,
    /// Say whether the accepted help helped.
    Resolve,
    /// End the request without a verdict.
    Close,
    /// Ask a colleague directly to help.
    AskHelper,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Offer,
        Action::AcceptOffer,
        Action::Resolve,
        Action::Close,
        Action::AskHelper,
    ];
}

/// Why an action was refused: the wrong person (403) or the wrong moment
/// (409), with words for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    WrongPerson(&'static str),
    WrongState(&'static str),
}

/// Decides whether `side` may take `action` on a request in `status`;
/// `Ok` carries the new status.
pub fn decide(action: Action, side: Side, status: Status) -> Result<Status, Refusal> {
    use Refusal::*;
    match action {
        Action::Offer => {
            if side == Side::Asker {
                return Err(WrongPerson("you cannot offer help on your own request"));
            }
            if status != Status::Open {
                return Err(WrongState("this request is no longer open for offers"));
            }
            Ok(Status::Open)
        }
        Action::AcceptOffer => {
            if side != Side::Asker {
                return Err(WrongPerson("only the person asking accepts an offer"));
            }
            if status != Status::Open {
                return Err(WrongState("an offer was already accepted"));
            }
            Ok(Status::Accepted)
        }
        Action::Resolve => {
            if side != Side::Asker {
                return Err(WrongPerson("only the person asking resolves a request"));
            }
            match status {
                Status::Open => Err(WrongState("accept an offer before resolving")),
                Status::Accepted => Ok(Status::Resolved),
                Status::Resolved => Err(WrongState("this request is already resolved")),
            }
        }
        Action::Close => {
            if side != Side::Asker {
                return Err(WrongPerson("only the person asking closes a request"));
            }
            match status {
                Status::Open | Status::Accepted => Ok(Status::Resolved),
                Status::Resolved => Err(WrongState("this request is already closed")),
            }
        }
        Action::AskHelper => {
            if side != Side::Asker {
                return Err(WrongPerson("only the person asking asks helpers"));
            }
            if status != Status::Open {
                return Err(WrongState("this request is no longer open"));
            }
            Ok(Status::Open)
        }
    }
}

/// Relying on a helper counts once for trust: a request addressed to them
/// counted when it was asked, so accepting their offer adds nothing.
pub fn accepting_counts_as_asking(audience: Audience, helper: PersonId) -> bool {
    audience != Audience::Person(helper)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table: every state, action and side, and what it gives.
    #[test]
    fn the_lifecycle_table() {
        use Action::*;
        use Side::*;
        use Status::*;
        let ok = |s| Ok(s);
        let person = |a, s, st| matches!(decide(a, s, st), Err(Refusal::WrongPerson(_)));
        let state = |a, s, st| matches!(decide(a, s, st), Err(Refusal::WrongState(_)));
        // (action, side, status) → expected
        for status in Status::ALL {
            assert!(person(Offer, Asker, status), "{status:?}");
            assert!(person(AcceptOffer, Colleague, status), "{status:?}");
            assert!(person(Resolve, Colleague, status), "{status:?}");
        }
        assert_eq!(decide(Offer, Colleague, Open), ok(Open));
        assert!(state(Offer, Colleague, Accepted));
        assert!(state(Offer, Colleague, Resolved));
        assert_eq!(decide(AcceptOffer, Asker, Open), ok(Accepted));
        assert!(state(AcceptOffer, Asker, Accepted));
        assert!(state(AcceptOffer, Asker, Resolved));
        assert!(state(Resolve, Asker, Open));
        assert_eq!(decide(Resolve, Asker, Accepted), ok(Resolved));
        assert!(state(Resolve, Asker, Resolved));
        for status in Status::ALL {
            assert!(person(Close, Colleague, status), "{status:?}");
            assert!(person(AskHelper, Colleague, status), "{status:?}");
        }
        assert_eq!(decide(Close, Asker, Open), ok(Resolved));
        assert_eq!(decide(Close, Asker, Accepted), ok(Resolved));
        assert!(state(Close, Asker, Resolved));
        assert_eq!(decide(AskHelper, Asker, Open), ok(Open));
        assert!(state(AskHelper, Asker, Accepted));
        assert!(state(AskHelper, Asker, Resolved));
        // Every cell of the table is one of the three answers above.
        let mut cells = 0;
        for a in Action::ALL {
            for s in [Asker, Colleague] {
                for st in Status::ALL {
                    let _ = decide(a, s, st);
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 30);
    }

    /// Only the asker and those asked see a request.
    #[test]
    fn only_the_asker_and_those_asked_see_a_request() {
        let (asker, them, other) = (PersonId::new(), PersonId::new(), PersonId::new());
        let (team, other_team) = (TeamId::new(), TeamId::new());
        let to_them = Audience::Person(them);
        assert!(can_see(asker, to_them, asker, None));
        assert!(can_see(asker, to_them, them, None));
        assert!(!can_see(asker, to_them, other, Some(team)));
        assert!(can_see(asker, Audience::Team(team), other, Some(team)));
        assert!(!can_see(
            asker,
            Audience::Team(team),
            other,
            Some(other_team)
        ));
        assert!(!can_see(asker, Audience::Team(team), other, None));
        assert!(can_see(asker, Audience::Org, other, None));
        assert!(!can_see_asked(asker, to_them, &[], other, None));
        assert!(can_see_asked(asker, to_them, &[other], other, None));
    }

    /// Accepting the offer of the person asked directly is not a second ask.
    #[test]
    fn accepting_the_person_asked_counts_once() {
        let (helper, other) = (PersonId::new(), PersonId::new());
        assert!(!accepting_counts_as_asking(
            Audience::Person(helper),
            helper
        ));
        assert!(accepting_counts_as_asking(Audience::Person(other), helper));
        assert!(accepting_counts_as_asking(Audience::Org, helper));
    }
}
