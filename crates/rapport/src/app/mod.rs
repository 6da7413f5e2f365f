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
pub mod admin;
pub mod chat;
pub mod checkins;
pub mod clock;
pub mod delegations;
pub mod email;
pub mod error;
pub mod help;
pub mod home;
pub mod import;
pub mod insights;
pub mod introductions;
pub mod learning;
pub mod links;
pub mod modules;
pub mod my_data;
pub mod notices;
pub mod notifications;
pub mod nudges;
pub mod paging;
pub mod people;
pub mod provisioning;
pub mod relationships;
pub mod retention;
pub mod secrets;
pub mod sessions;
pub mod sso;
pub mod thanks;

pub use actor::Actor;
pub use clock::Clock;
pub use error::{AppError, AppResult};

/// Someone named in a view: their id and name, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRef {
    pub id: rapport_core::PersonId,
    pub name: String,
}

/// Every invalid value of a form, collected so that a person sees them all
/// at once and fixes them in one go.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<rapport_core::InvalidValue>);

impl Problems {
    /// The value, or `None` with its problem kept.
    pub fn check<T>(&mut self, r: Result<T, rapport_core::InvalidValue>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
}
