//! Introductions: who to introduce to whom each round, and what they might
//! talk about. Pure: the application passes who opted in, who is snoozed,
//! recent pairs and blocks, and stores the pairs it gets back.

mod pair;
mod topics;

pub use crate::nudges::Profile;
pub use pair::{
    PairSet, PairingInput, PairingPerson, SAMPLES, SCAN_ALL_UP_TO, STRONG_TIE_INTERACTIONS, pair,
};
pub use topics::{MAX_TOPICS, Topic, TopicKind, topics};
