//! A short-lived, in-process memory of who a session or token belongs to.
//!
//! Every signed-in request starts by looking up its session; under load that
//! one query was a large share of a cheap read's cost. The lookup is kept for
//! [`TTL`]. This instance forgets an entry at once when it signs a session
//! out, revokes a token or changes the person; another instance serving the
//! same PostgreSQL database may go on accepting a revoked session (or an old
//! role) for at most [`TTL`]. The README says so.

use crate::Person;
use chrono::{DateTime, Utc};
use rapport_core::PersonId;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a lookup is trusted without asking the database again.
pub const TTL: Duration = Duration::from_secs(5);

/// Beyond this many entries the memory starts afresh: a bound, not an LRU,
/// because entries live only seconds anyway.
const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Default)]
pub(crate) struct SignInCache {
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, Clone)]
struct Entry {
    person: Person,
    /// When the session itself expires (tokens do not).
    expires_at: Option<DateTime<Utc>>,
    fetched: Instant,
}

impl SignInCache {
    pub fn get(&self, token_hash: &str, now: DateTime<Utc>) -> Option<Person> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(token_hash)?;
        let fresh = e.fetched.elapsed() < TTL && e.expires_at.is_none_or(|exp| exp > now);
        fresh.then(|| e.person.clone())
    }

    pub fn put(&self, token_hash: &str, person: Person, expires_at: Option<DateTime<Utc>>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                token_hash.to_string(),
                Entry {
                    person,
                    expires_at,
                    fetched: Instant::now(),
                },
            );
        }
    }

    pub fn forget(&self, token_hash: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(token_hash);
        }
    }

    /// Forgets every session and token of one person (a change to the
    /// person, or a revoked token whose hash we do not have).
    pub fn forget_person(&self, person: PersonId) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, e| e.person.id != person);
        }
    }

    pub fn forget_all(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
