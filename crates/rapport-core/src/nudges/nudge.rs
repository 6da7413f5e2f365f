//! A nudge: one suggestion for one person, its kind, and its reason in words.

use serde::{Deserialize, Serialize};

use crate::trust::{DelegationRef, Time};

/// What a nudge suggests. Declared in priority order: [`super::candidates`]
/// sorts by it, so that what cannot wait comes first (a second chance has a
/// 30-day window, an introduction has someone waiting on the other side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NudgeKind {
    /// Offer a smaller task to someone who missed one.
    SecondChance,
    /// Meet the person of a pending introduction.
    Meet,
    /// Start a two-sided check-in on a busy relationship.
    CheckIn,
    /// Help someone who often helps you.
    Reciprocate,
    /// Ask a teammate you never relied on for a small favor.
    FirstTrust,
    /// Ask someone strong in what you want to grow in.
    AskForHelp,
    /// Get back in touch with a strong tie gone quiet.
    Reconnect,
    /// A part of the course that fits what you are doing.
    Learn,
}

impl NudgeKind {
    /// Every kind, in priority order.
    pub const ALL: [NudgeKind; 8] = [
        Self::SecondChance,
        Self::Meet,
        Self::CheckIn,
        Self::Reciprocate,
        Self::FirstTrust,
        Self::AskForHelp,
        Self::Reconnect,
        Self::Learn,
    ];

    /// The snake_case name, as serialized and as used in keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstTrust => "first_trust",
            Self::SecondChance => "second_chance",
            Self::AskForHelp => "ask_for_help",
            Self::Reciprocate => "reciprocate",
            Self::Reconnect => "reconnect",
            Self::CheckIn => "check_in",
            Self::Meet => "meet",
            Self::Learn => "learn",
        }
    }
}

/// A course part suggested to a person, decided elsewhere (the learning
/// module) and passed in so that it competes for the same weekly budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnHint {
    /// Course part, 1 to 5.
    pub part: u8,
    /// Why this part, in plain words (may be empty).
    pub reason: String,
}

/// One suggestion for one person. `P` names people, `S` skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nudge<P, S> {
    pub kind: NudgeKind,
    /// The colleague it is about (none for `learn`).
    pub subject: Option<P>,
    /// Stable across calls and restarts: the application stores it to
    /// remember that a nudge was shown, done, dismissed or snoozed.
    pub key: String,
    /// The skill of an `ask_for_help`.
    pub skill: Option<S>,
    /// The moment the nudge refers to: the miss of a `second_chance`, the
    /// last interaction of a `reconnect`, the proposal of a `meet`.
    pub since: Option<Time>,
    /// The missed delegation of a `second_chance`, so the page can link it
    /// (its title is the two people's, so it is not part of the reason).
    pub delegation: Option<DelegationRef>,
    /// The course part of a `learn`.
    pub learn: Option<LearnHint>,
}

impl<P, S> Nudge<P, S> {
    /// The reason, in plain words, about the relationship and never about
    /// the person. The application supplies the names; an empty name reads
    /// as "this colleague".
    pub fn reason(&self, subject_name: &str, skill_name: Option<&str>) -> String {
        let name = if subject_name.trim().is_empty() {
            "this colleague"
        } else {
            subject_name
        };
        match self.kind {
            NudgeKind::FirstTrust => format!(
                "You have not relied on {name} yet. Someone has to trust first: \
                 ask {name} for a small favor and see how it goes."
            ),
            NudgeKind::SecondChance => {
                let when = self
                    .since
                    .map_or(String::from("recently"), |t| format!("on {}", day_month(t)));
                format!(
                    "{name} missed a task you handed over {when}. One miss is not a \
                     pattern: offer a smaller task and see how it goes."
                )
            }
            NudgeKind::AskForHelp => {
                let skill = skill_name.unwrap_or("something you want to grow in");
                format!(
                    "{name} is strong in {skill}, which you want to grow in. Asking \
                     “can you help me?” is a way of trusting someone, and lets them trust you."
                )
            }
            NudgeKind::Reciprocate => format!(
                "{name} has helped you several times. Offering your help in return \
                 keeps trust flowing both ways."
            ),
            NudgeKind::Reconnect => format!(
                "You and {name} used to work together often, and it has been quiet \
                 for a while. A short hello can pick the thread back up."
            ),
            NudgeKind::CheckIn => format!(
                "You and {name} work together a lot lately. A two-sided check-in shows \
                 how each of you sees it, and where your views differ."
            ),
            NudgeKind::Meet => format!(
                "You have an introduction to {name} waiting. Knowing people beyond \
                 your usual circle makes it easier to ask and to help later."
            ),
            NudgeKind::Learn => {
                let part = self.learn.as_ref().map_or(1, |h| h.part);
                let why = self
                    .learn
                    .as_ref()
                    .map(|h| h.reason.trim())
                    .filter(|r| !r.is_empty())
                    .unwrap_or("It fits what you are doing right now.");
                format!("Part {part} of “Building Great Relationships”: {why}")
            }
        }
    }
}

/// "3 March", in UTC: the reason names a day, never a time of day.
fn day_month(t: Time) -> String {
    chrono::DateTime::from_timestamp(t.unix_seconds(), 0)
        .map_or_else(String::new, |d| d.format("%-d %B").to_string())
}
