//! The application layer: every operation a person can do, whichever way
//! it arrives. The JSON API (`http/`), the pages (`web/`) and the
//! background jobs (`jobs/`) are adapters: they parse what arrives into
//! domain values, find the acting person, call one operation here, and
//! render what it returns. They never call each other.
//!
//! An operation reads top to bottom: load what it needs through the store
//! (another organization's object is `NotFound`), check that the actor may
//! see it (a 404 outside, never a hint), ask the core to decide, persist
//! the change with its typed event and notices in one transaction, and
//! return a domain view.

pub mod actor;
pub mod clock;
pub mod error;
pub mod links;
pub mod notices;

pub use actor::Actor;
pub use clock::Clock;
pub use error::{AppError, AppResult};
