//! Each part's practice, and which of the app's events complete it.
//!
//! A practice is done by doing it for real in the app (delegating, asking
//! for help…), so the rule is a match on the person's own events.

use crate::events::Kind;
use serde::{Deserialize, Serialize};

/// What a part asks the person to do in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Practice {
    /// Part 1: meet someone new (an introduction marked done) or thank someone.
    IntroductionOrThanks,
    /// Part 2: be the first to trust: delegate a task.
    Delegate,
    /// Part 3: give a second chance, or hand a task back honestly.
    SecondChanceOrHandBack,
    /// Part 4: ask for help.
    AskForHelp,
    /// Part 5: start a two-sided check-in.
    CheckIn,
}

/// One of the app's events, done *by* the enrolled person (the app passes
/// no one else's), as [`crate::events::Payload::learning`] describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LearningEvent {
    pub kind: Kind,
    /// For `delegated`: the delegation is a second chance after a miss.
    pub second_chance: bool,
}

impl Practice {
    /// Every practice, in the order of the parts.
    pub const ALL: [Practice; 5] = [
        Practice::IntroductionOrThanks,
        Practice::Delegate,
        Practice::SecondChanceOrHandBack,
        Practice::AskForHelp,
        Practice::CheckIn,
    ];

    /// The name used in content files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Practice::IntroductionOrThanks => "introduction_or_thanks",
            Practice::Delegate => "delegate",
            Practice::SecondChanceOrHandBack => "second_chance_or_hand_back",
            Practice::AskForHelp => "ask_for_help",
            Practice::CheckIn => "check_in",
        }
    }

    /// Parses the content files' name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Practice> {
        Practice::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether this event completes the practice. A second chance is a
    /// delegation too, so it also counts for [`Practice::Delegate`].
    pub fn matches(&self, event: &LearningEvent) -> bool {
        match self {
            Practice::IntroductionOrThanks => matches!(event.kind, Kind::Met | Kind::Thanked),
            Practice::Delegate => event.kind == Kind::Delegated,
            Practice::SecondChanceOrHandBack => {
                (event.kind == Kind::Delegated && event.second_chance)
                    || event.kind == Kind::HandedBack
            }
            Practice::AskForHelp => event.kind == Kind::HelpAsked,
            Practice::CheckIn => event.kind == Kind::CheckInStarted,
        }
    }
}
