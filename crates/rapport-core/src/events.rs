//! The event log's payloads: one typed value per kind of interaction, the
//! only way an event is written or read. Stored as its `kind` (the serde
//! tag) beside a JSON object of the other fields; never free text.
//!
//! The trust engine reads these through [`Payload::trust_kind`]; the course
//! practices through [`Payload::learning`]. A stored event that no longer
//! parses is the reader's to report ([`Malformed`]), never to skip silently.

use crate::trust::{DelegationRef, EventKind, Outcome, Stakes};
use crate::{DelegationId, learning::LearningEvent};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What happened between two people (`from` acted toward `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// `from` asked `to` to take something on.
    Delegated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        second_chance_of: Option<DelegationId>,
    },
    /// `to` declined `from`'s delegation (honest, neutral).
    Declined,
    /// `to` handed `from`'s delegation back before it was due (neutral).
    HandedBack,
    /// `from` recorded the outcome of what `to` took on.
    Completed {
        stakes: Stakes,
        outcome: Outcome,
        #[serde(default)]
        stretch: bool,
        #[serde(default)]
        second_chance_of: Option<DelegationId>,
    },
    /// `to` disputed the outcome `from` recorded: it counts as neutral.
    Disputed,
    /// `to` said the task `from` delegated is done and asked for a review.
    MarkedDone,
    /// `from` withdrew a delegation `to` had not yet accepted (neutral).
    Withdrawn,
    /// `from` relied on `to` for help.
    HelpAsked,
    /// `from` closed help `to` gave: "this helped" or "not really".
    HelpResolved { helped: bool },
    /// `from` thanked `to`.
    Thanked,
    /// `from` and `to` met through an introduction.
    Met,
    /// `from` asked `to` for their perspective.
    CheckInStarted,
    /// `from`'s answer "I can count on them" (1–5), once both answered.
    CheckInRevealed { count_on: u8 },
}

/// The kinds, for queries that count or filter events by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Delegated,
    Declined,
    HandedBack,
    Completed,
    Disputed,
    MarkedDone,
    Withdrawn,
    HelpAsked,
    HelpResolved,
    Thanked,
    Met,
    CheckInStarted,
    CheckInRevealed,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Delegated,
        Kind::Declined,
        Kind::HandedBack,
        Kind::Completed,
        Kind::Disputed,
        Kind::MarkedDone,
        Kind::Withdrawn,
        Kind::HelpAsked,
        Kind::HelpResolved,
        Kind::Thanked,
        Kind::Met,
        Kind::CheckInStarted,
        Kind::CheckInRevealed,
    ];

    /// The kind of a stored name; `None` for a name no payload has.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The stored name (the serde tag of [`Payload`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Delegated => "delegated",
            Kind::Declined => "declined",
            Kind::HandedBack => "handed_back",
            Kind::Completed => "completed",
            Kind::Disputed => "disputed",
            Kind::MarkedDone => "marked_done",
            Kind::Withdrawn => "withdrawn",
            Kind::HelpAsked => "help_asked",
            Kind::HelpResolved => "help_resolved",
            Kind::Thanked => "thanked",
            Kind::Met => "met",
            Kind::CheckInStarted => "check_in_started",
            Kind::CheckInRevealed => "check_in_revealed",
        }
    }
}

/// A stored event that does not parse as any [`Payload`]: its kind and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event of kind {kind:?} does not parse: {reason}")]
pub struct Malformed {
    pub kind: String,
    pub reason: String,
}

impl Payload {
    pub fn kind(&self) -> Kind {
        match self {
            Payload::Delegated { .. } => Kind::Delegated,
            Payload::Declined => Kind::Declined,
            Payload::HandedBack => Kind::HandedBack,
            Payload::Completed { .. } => Kind::Completed,
            Payload::Disputed => Kind::Disputed,
            Payload::MarkedDone => Kind::MarkedDone,
            Payload::Withdrawn => Kind::Withdrawn,
            Payload::HelpAsked => Kind::HelpAsked,
            Payload::HelpResolved { .. } => Kind::HelpResolved,
            Payload::Thanked => Kind::Thanked,
            Payload::Met => Kind::Met,
            Payload::CheckInStarted => Kind::CheckInStarted,
            Payload::CheckInRevealed { .. } => Kind::CheckInRevealed,
        }
    }

    /// The stored form: the kind, and a JSON object of the other fields.
    pub fn encode(&self) -> (&'static str, String) {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.remove("kind");
        }
        (self.kind().as_str(), value.to_string())
    }

    /// Reads the stored form back; anything that does not parse is [`Malformed`].
    pub fn decode(kind: &str, data: &str) -> Result<Payload, Malformed> {
        let malformed = |reason: String| Malformed {
            kind: kind.to_string(),
            reason,
        };
        let mut value: serde_json::Value =
            serde_json::from_str(data).map_err(|e| malformed(e.to_string()))?;
        let fields = value
            .as_object_mut()
            .ok_or_else(|| malformed("its data is not an object".into()))?;
        fields.insert("kind".into(), serde_json::Value::String(kind.into()));
        serde_json::from_value(value).map_err(|e| malformed(e.to_string()))
    }

    /// How the trust engine sees this event (`subject` is the delegation it
    /// is about, where there is one); `None` for what the model ignores.
    pub fn trust_kind(&self, subject: Option<Uuid>) -> Option<EventKind> {
        let delegation = || subject.map(DelegationRef::from);
        Some(match *self {
            Payload::Delegated { .. } => EventKind::Delegated,
            Payload::HelpAsked => EventKind::HelpAsked,
            Payload::Declined => EventKind::Declined,
            Payload::HandedBack => EventKind::HandedBack,
            Payload::Completed {
                stakes,
                outcome,
                stretch,
                second_chance_of,
            } => EventKind::Completed {
                delegation: delegation()?,
                stakes,
                outcome,
                stretch,
                second_chance_of: second_chance_of.map(|d| DelegationRef::from(d.0)),
            },
            Payload::Disputed => EventKind::Disputed {
                delegation: delegation()?,
            },
            Payload::HelpResolved { helped } => EventKind::HelpResolved { helped },
            Payload::CheckInRevealed { count_on } => EventKind::CheckInRevealed {
                count_on: count_on.min(5),
            },
            Payload::Thanked | Payload::Met => EventKind::Interaction,
            // Saying it is done is not the outcome (the delegator records
            // that); a withdrawal before acceptance asked nothing of anyone.
            Payload::CheckInStarted | Payload::MarkedDone | Payload::Withdrawn => return None,
        })
    }

    /// How a course practice sees this event, done by the enrolled person.
    pub fn learning(&self) -> LearningEvent {
        LearningEvent {
            kind: self.kind(),
            second_chance: matches!(
                self,
                Payload::Delegated {
                    second_chance_of: Some(_)
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_payload() -> Vec<Payload> {
        vec![
            Payload::Delegated {
                second_chance_of: None,
            },
            Payload::Delegated {
                second_chance_of: Some(DelegationId::new()),
            },
            Payload::Declined,
            Payload::HandedBack,
            Payload::Completed {
                stakes: Stakes::Medium,
                outcome: Outcome::Partly,
                stretch: true,
                second_chance_of: Some(DelegationId::new()),
            },
            Payload::Disputed,
            Payload::MarkedDone,
            Payload::Withdrawn,
            Payload::HelpAsked,
            Payload::HelpResolved { helped: false },
            Payload::Thanked,
            Payload::Met,
            Payload::CheckInStarted,
            Payload::CheckInRevealed { count_on: 4 },
        ]
    }

    /// Every payload reads back as written, under its kind's stored name.
    #[test]
    fn every_payload_round_trips_through_its_stored_form() {
        for p in every_payload() {
            let (kind, data) = p.encode();
            assert_eq!(kind, p.kind().as_str());
            assert!(!data.contains("\"kind\""), "{data}");
            assert_eq!(Payload::decode(kind, &data), Ok(p));
        }
    }

    /// Events stored before payloads were typed still read: a missing
    /// stretch, a null second chance, extra fields.
    #[test]
    fn events_stored_by_earlier_versions_still_read() {
        let id = DelegationId::new();
        assert_eq!(
            Payload::decode(
                "completed",
                &format!(
                    r#"{{"stakes":"large","outcome":"missed","second_chance_of":"{id}","note":null}}"#
                )
            ),
            Ok(Payload::Completed {
                stakes: Stakes::Large,
                outcome: Outcome::Missed,
                stretch: false,
                second_chance_of: Some(id),
            })
        );
        assert_eq!(
            Payload::decode("delegated", "{}"),
            Ok(Payload::Delegated {
                second_chance_of: None
            })
        );
    }

    /// An unknown kind, a wrong field or data that is not JSON is reported, not skipped.
    #[test]
    fn a_malformed_event_is_reported_with_its_kind() {
        for (kind, data) in [
            ("exploded", "{}"),
            ("completed", r#"{"stakes":"huge","outcome":"missed"}"#),
            ("help_resolved", r#"{"helped":"yes"}"#),
            ("thanked", "not json"),
            ("thanked", "[1]"),
        ] {
            let err = Payload::decode(kind, data).unwrap_err();
            assert_eq!(err.kind, kind);
            assert!(!err.reason.is_empty());
        }
    }

    /// A completed or disputed event needs its delegation to count for trust.
    #[test]
    fn outcomes_feed_the_trust_model_only_with_their_delegation() {
        let completed = Payload::Completed {
            stakes: Stakes::Small,
            outcome: Outcome::Delivered,
            stretch: false,
            second_chance_of: None,
        };
        assert!(completed.trust_kind(None).is_none());
        assert!(matches!(
            completed.trust_kind(Some(Uuid::new_v4())),
            Some(EventKind::Completed { .. })
        ));
        assert_eq!(Payload::CheckInStarted.trust_kind(None), None);
        assert_eq!(Payload::Met.trust_kind(None), Some(EventKind::Interaction));
    }
}
