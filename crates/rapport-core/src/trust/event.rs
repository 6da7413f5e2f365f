//! The events the trust model learns from, and the time they happen at.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A moment, in whole minutes since 1970-01-01 UTC.
///
/// Minutes, not seconds: the model's half-lives are months, and a `u32` of
/// minutes keeps each pair's state small enough for 10 million pairs in
/// well under a gigabyte. It covers the years 1970 to 10136.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Time(pub u32);

impl Time {
    /// From seconds since the epoch; earlier times clamp to the epoch.
    pub fn from_unix_seconds(secs: i64) -> Self {
        Self((secs.div_euclid(60)).clamp(0, u32::MAX as i64) as u32)
    }

    /// From whole days since the epoch (handy in tests and generators).
    pub fn from_days(days: f64) -> Self {
        Self((days * 1440.0).clamp(0.0, u32::MAX as f64) as u32)
    }

    /// Seconds since the epoch (whole minutes).
    pub fn unix_seconds(self) -> i64 {
        i64::from(self.0) * 60
    }

    /// Minutes from `earlier` to `self`, zero when `earlier` is later.
    pub fn minutes_since(self, earlier: Time) -> u32 {
        self.0.saturating_sub(earlier.0)
    }

    /// Days from `earlier` to `self` (may be negative).
    pub fn days_since(self, earlier: Time) -> f64 {
        (self.0 as f64 - earlier.0 as f64) / 1440.0
    }
}

impl From<DateTime<Utc>> for Time {
    fn from(t: DateTime<Utc>) -> Self {
        Self::from_unix_seconds(t.timestamp())
    }
}

/// The stakes of a delegation, chosen by the delegator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stakes {
    Small = 0,
    Medium = 1,
    Large = 2,
}

impl Stakes {
    pub const ALL: [Stakes; 3] = [Stakes::Small, Stakes::Medium, Stakes::Large];

    pub fn as_str(self) -> &'static str {
        match self {
            Stakes::Small => "small",
            Stakes::Medium => "medium",
            Stakes::Large => "large",
        }
    }

    pub fn parse(s: &str) -> Option<Stakes> {
        Stakes::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What the delegator recorded when the delegation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Delivered,
    Partly,
    Missed,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Delivered, Outcome::Partly, Outcome::Missed];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Delivered => "delivered",
            Outcome::Partly => "partly",
            Outcome::Missed => "missed",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Names a delegation so that a dispute or a second chance can point back
/// at its outcome. Sixteen bytes (a UUID's) with alignment 1, so events stay
/// compact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DelegationRef(pub [u8; 16]);

impl From<uuid::Uuid> for DelegationRef {
    fn from(id: uuid::Uuid) -> Self {
        Self(id.into_bytes())
    }
}

impl From<u64> for DelegationRef {
    fn from(n: u64) -> Self {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&n.to_le_bytes());
        Self(b)
    }
}

/// Something that happened between `from` (A, who trusts or relies) and `to`
/// (B, whose conduct is judged), at `at`. Every event on the ordered pair
/// counts as one plain interaction of A toward B for the tie window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Event<P> {
    pub at: Time,
    pub from: P,
    pub to: P,
    pub kind: EventKind,
}

/// What happened. Neutral events (declines, hand-backs, expiries) change no
/// evidence but still count as interactions: saying no up front is honest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// A addressed a delegation to B: A relies on B.
    Delegated,
    /// A asked B for help: A relies on B.
    HelpAsked,
    /// B declined A's delegation: neutral.
    Declined,
    /// B handed A's delegation back before it was due: neutral.
    HandedBack,
    /// No outcome was recorded 14 days after the due date: neutral, so that
    /// unrecorded misses do not tilt the base rate upward.
    Expired,
    /// A recorded the outcome of a delegation B had accepted.
    Completed {
        delegation: DelegationRef,
        stakes: Stakes,
        outcome: Outcome,
        /// B accepted it as a stretch: a miss counts half.
        stretch: bool,
        /// The earlier missed delegation this one is a second chance of.
        second_chance_of: Option<DelegationRef>,
    },
    /// B disputed the outcome A recorded: it becomes neutral.
    Disputed { delegation: DelegationRef },
    /// A resolved help B gave: `helped` is "this helped" or "not really".
    HelpResolved { helped: bool },
    /// A's answer "I can count on B" (1–5), sent only once both answers of
    /// the check-in are revealed: a lone answer never feeds the model.
    CheckInRevealed { count_on: u8 },
    /// Any other plain interaction (an appreciation, a meeting).
    Interaction,
}
