//! rapport's pure core: everything that decides, nothing that does I/O.
//!
//! The shell (HTTP, storage, CLI) parses input into the values of [`domain`],
//! feeds plain data to the functions here, and stores what they return. No
//! module in this crate touches a socket, a file, a clock or a database, so
//! every rule can be tested with plain values.

pub mod analytics;
pub mod checkin;
pub mod delegation;
pub mod domain;
pub mod events;
pub mod help;
pub mod insights;
pub mod introductions;
pub mod learning;
pub mod matching;
pub mod modules;
pub mod next_step;
pub mod nudges;
pub mod picture;
pub mod retention;
pub mod summary;
pub mod trust;

pub use domain::*;
