//! An in-process memory of who a session or token belongs to.
//!
//! Every signed-in request starts by looking up its session; under load that
//! one query was a large share of a cheap read's cost. A lookup is trusted
//! only while the database's data version (see `changes`) is the one read
//! before it was made: any commit since, by this instance, another one or a
//! command-line tool (a sign-out, sign-out everywhere, a revoked token, a
//! changed role), makes the next request ask the database again, so a
//! revoked session is refused at once on every instance. The version probe
//! is shared by the requests that arrive together; the entries also expire
//! after [`TTL`], a bound on memory rather than on staleness.

use crate::Person;
use chrono::{DateTime, Utc};
use rapport_core::PersonId;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a lookup is kept at most, even while nothing changes.
pub const TTL: Duration = Duration::from_secs(60);

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
    /// The data version read before the lookup.
    version: u64,
    fetched: Instant,
}

impl SignInCache {
    /// The remembered person, if nothing was committed since the lookup:
    /// `version` is the data version read after this request arrived.
    pub fn get(&self, token_hash: &str, now: DateTime<Utc>, version: u64) -> Option<Person> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(token_hash)?;
        let fresh = e.version == version
            && e.fetched.elapsed() < TTL
            && e.expires_at.is_none_or(|exp| exp > now);
        fresh.then(|| e.person.clone())
    }

    /// Remembers a lookup made after reading data version `version`.
    pub fn put(
        &self,
        token_hash: &str,
        person: Person,
        expires_at: Option<DateTime<Utc>>,
        version: u64,
    ) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                token_hash.to_string(),
                Entry {
                    person,
                    expires_at,
                    version,
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
