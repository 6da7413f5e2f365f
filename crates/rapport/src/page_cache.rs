//! The busiest reads (the home page, my relationships, my delegations, my
//! nudges) served from memory while nothing has changed.
//!
//! Each of these routes is a function of the database, the signed-in
//! person, the address asked for and the minute (time-based states such
//! as "due soon" or the engine's decay move by the minute). So a response
//! can be answered again, byte for byte, as long as the database has not
//! changed since it was made and the minute is the same. Whether the
//! database has changed is [`rapport_store::Store::data_version`]: read
//! after the request arrived, shared by the requests that arrive together,
//! and covering every writer (this instance, another one, a command-line
//! import). So a cached answer reflects every write made before the
//! request, exactly like a computed one.
//!
//! Entries belong to one person: the key starts with the person's id, and
//! only a successful response without cookies is kept. When the data
//! version moves on, every entry is dropped at once.

use crate::AppState;
use crate::app::Actor;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rapport_core::PersonId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// The routes served from memory. Each is a pure read of the database for
/// the signed-in person (`GET /api/v1/me/nudges` and the home page record
/// which nudges were shown, a write that moves the data version on, so the
/// next read computes them again).
const CACHED_ROUTES: &[&str] = &[
    "/",
    "/relationships",
    "/delegations",
    "/api/v1/me/relationships",
    "/api/v1/delegations",
    "/api/v1/me/nudges",
];

/// A response larger than this is served but not kept.
const MAX_BODY: usize = 1 << 20;
/// Beyond this many bytes of kept responses the memory starts afresh.
const MAX_BYTES: usize = 64 << 20;

#[derive(Debug, Default)]
pub struct ReadCache {
    entries: Mutex<Entries>,
    /// Moves on when something pages show changes outside the database
    /// (the course catalog is reloaded).
    local: AtomicU64,
}

type Key = (PersonId, String);

#[derive(Debug, Default)]
struct Entries {
    /// The data version every entry was made at.
    version: u64,
    bytes: usize,
    map: HashMap<Key, Entry>,
    /// Responses being computed now, and the version each is made at:
    /// requests for the same one wait for it instead of computing it again
    /// (after a write, or when the minute turns, many arrive at once).
    computing: HashMap<Key, (u64, watch::Receiver<()>)>,
}

#[derive(Debug, Clone)]
struct Entry {
    minute: i64,
    local: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// What a request should do about its key.
enum Lookup {
    Hit(Entry),
    /// Another request is computing it: wait until it is done (the
    /// receiver's sender is dropped then), then look again.
    Wait(watch::Receiver<()>),
    /// Compute it; the guard tells those who wait when done.
    Compute(Option<Computing>),
}

impl ReadCache {
    /// Forgets everything: something pages show changed in memory.
    pub fn invalidate(&self) {
        self.local.fetch_add(1, Ordering::Relaxed);
    }

    /// An entry is good if it was made at this data version or a later one
    /// (a later version reflects every write an earlier one does), since
    /// the last in-memory change, in this minute. One made in the minute
    /// before from the same data still answers while another request
    /// computes this minute's: when the minute turns, every page is due at
    /// once, and this way each is computed once while the others are
    /// answered as if they had come a moment earlier.
    fn lookup(self: &Arc<Self>, version: u64, key: &Key, minute: i64) -> Lookup {
        let Ok(mut entries) = self.entries.lock() else {
            return Lookup::Compute(None);
        };
        let local = self.local.load(Ordering::Relaxed);
        let same_data = entries
            .map
            .get(key)
            .filter(|e| entries.version >= version && e.local == local);
        let computing = entries.computing.get(key).filter(|(v, _)| *v >= version);
        match (same_data, computing) {
            (Some(e), _) if e.minute == minute => Lookup::Hit(e.clone()),
            (Some(e), Some(_)) if e.minute + 1 == minute => Lookup::Hit(e.clone()),
            (_, Some((_, done))) => Lookup::Wait(done.clone()),
            // Computed from an older state by another request: compute our own.
            _ if entries.computing.contains_key(key) => Lookup::Compute(None),
            _ => {
                let (done, waiting) = watch::channel(());
                entries.computing.insert(key.clone(), (version, waiting));
                Lookup::Compute(Some(Computing {
                    cache: self.clone(),
                    key: key.clone(),
                    _done: done,
                }))
            }
        }
    }

    /// The kept answer, after waiting for one being computed if need be;
    /// or, when the caller must compute it, the guard to hold meanwhile.
    async fn answer(
        self: &Arc<Self>,
        version: u64,
        key: &Key,
        minute: i64,
    ) -> Result<Entry, Option<Computing>> {
        let mut waited = false;
        loop {
            match self.lookup(version, key, minute) {
                Lookup::Hit(e) => return Ok(e),
                // Errs when the computation ends, however it ends.
                Lookup::Wait(mut done) if !waited => {
                    let _ = done.changed().await;
                    waited = true;
                }
                // What we waited for was not kept (not a 200): compute our
                // own rather than queue behind one another.
                Lookup::Wait(_) => return Err(None),
                Lookup::Compute(guard) => return Err(guard),
            }
        }
    }

    fn put(&self, version: u64, key: Key, entry: Entry) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if version < entries.version {
            // Made from an older state than what others already saw.
            return;
        }
        if version > entries.version || entries.bytes + entry.body.len() > MAX_BYTES {
            entries.map.clear();
            entries.bytes = 0;
            entries.version = version;
        }
        entries.bytes += entry.body.len();
        if let Some(old) = entries.map.insert(key, entry) {
            entries.bytes -= old.body.len();
        }
    }
}

/// A response being computed. Dropping it (done, failed or abandoned)
/// drops the sender, which wakes the requests waiting for it; they look
/// again.
struct Computing {
    cache: Arc<ReadCache>,
    key: Key,
    _done: watch::Sender<()>,
}

impl Drop for Computing {
    fn drop(&mut self) {
        if let Ok(mut entries) = self.cache.entries.lock() {
            entries.computing.remove(&self.key);
        }
    }
}

impl Entry {
    fn into_response(self) -> Response {
        let mut res = (self.status, Body::from(self.body)).into_response();
        *res.headers_mut() = self.headers;
        res
    }
}

/// Middleware: answers [`CACHED_ROUTES`] from memory when it can, and keeps
/// what it computes.
pub async fn serve_cached(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cacheable = req.method() == Method::GET
        && req
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|p| CACHED_ROUTES.contains(&p.as_str()))
        // A confirmation waits: this one answer is the page's own.
        && !crate::web::flash_waiting(req.headers());
    if !cacheable {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // Not signed in: the route itself answers (401, or the sign-in page).
    let Ok(actor) = Actor::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let version = match state.store.data_version().await {
        Ok(v) => v,
        Err(e) => return crate::AppError::from(e).into_response(),
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    let key = (actor.person.id, target);
    let minute = state.now().timestamp().div_euclid(60);
    let local = state.reads.local.load(Ordering::Relaxed);
    let _computing = match state.reads.answer(version, &key, minute).await {
        Ok(kept) => {
            state.metrics.record_read(true);
            return kept.into_response();
        }
        Err(computing) => computing,
    };
    state.metrics.record_read(false);
    let res = next.run(Request::from_parts(parts, body)).await;
    let small = axum::body::HttpBody::size_hint(res.body())
        .upper()
        .is_some_and(|n| n <= MAX_BODY as u64);
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) || !small {
        return res;
    }
    let (head, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return crate::AppError::internal(anyhow::anyhow!("a response body failed"))
            .into_response();
    };
    let entry = Entry {
        minute,
        local,
        status: head.status,
        headers: head.headers.clone(),
        body: bytes.clone(),
    };
    state.reads.put(version, key, entry);
    Response::from_parts(head, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(n: u128, path: &str) -> Key {
        (
            PersonId::parse(&uuid::Uuid::from_u128(n).to_string()).unwrap(),
            path.to_string(),
        )
    }

    fn entry(minute: i64, local: u64, body: &'static str) -> Entry {
        Entry {
            minute,
            local,
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    fn body(l: Lookup) -> Option<Bytes> {
        match l {
            Lookup::Hit(e) => Some(e.body),
            _ => None,
        }
    }

    /// Computes `k` at `version` and keeps `text` (the guard is dropped).
    fn compute(cache: &Arc<ReadCache>, version: u64, k: &Key, minute: i64, text: &'static str) {
        let Lookup::Compute(guard) = cache.lookup(version, k, minute) else {
            panic!("expected to compute");
        };
        cache.put(version, k.clone(), entry(minute, 0, text));
        drop(guard);
    }

    #[test]
    fn an_entry_answers_its_own_version_and_older_ones_in_its_minute() {
        let cache = Arc::new(ReadCache::default());
        let k = key(1, "/");
        compute(&cache, 5, &k, 100, "five");
        assert_eq!(body(cache.lookup(5, &k, 100)).unwrap(), "five");
        assert_eq!(
            body(cache.lookup(4, &k, 100)).unwrap(),
            "five",
            "newer data is fine"
        );
        assert!(body(cache.lookup(6, &k, 100)).is_none(), "a later write");
        assert!(
            body(cache.lookup(5, &k, 101)).is_none(),
            "the minute turned"
        );
    }

    #[test]
    fn entries_are_per_person_and_address() {
        let cache = Arc::new(ReadCache::default());
        compute(&cache, 1, &key(1, "/"), 0, "mine");
        assert!(body(cache.lookup(1, &key(2, "/"), 0)).is_none());
        assert!(body(cache.lookup(1, &key(1, "/?a=1"), 0)).is_none());
    }

    #[test]
    fn a_newer_version_drops_the_rest_and_an_older_one_is_not_kept() {
        let cache = Arc::new(ReadCache::default());
        let (a, b) = (key(1, "/"), key(2, "/"));
        compute(&cache, 3, &a, 0, "a3");
        compute(&cache, 4, &b, 0, "b4");
        assert!(
            body(cache.lookup(3, &a, 0)).is_none(),
            "dropped at version 4"
        );
        cache.put(3, a.clone(), entry(0, 0, "a3 again"));
        assert!(
            body(cache.lookup(3, &a, 0)).is_none(),
            "older than what is kept"
        );
        assert_eq!(cache.entries.lock().unwrap().bytes, 2);
    }

    #[test]
    fn an_in_memory_change_forgets_everything() {
        let cache = Arc::new(ReadCache::default());
        let k = key(1, "/");
        compute(&cache, 1, &k, 0, "x");
        cache.invalidate();
        assert!(body(cache.lookup(1, &k, 0)).is_none());
    }

    #[test]
    fn the_last_minutes_answer_serves_only_while_this_minutes_is_computed() {
        let cache = Arc::new(ReadCache::default());
        let k = key(1, "/");
        compute(&cache, 1, &k, 10, "ten");
        let Lookup::Compute(Some(guard)) = cache.lookup(1, &k, 11) else {
            panic!("the first request of the new minute computes");
        };
        assert_eq!(
            body(cache.lookup(1, &k, 11)).unwrap(),
            "ten",
            "others need not wait"
        );
        assert!(
            matches!(cache.lookup(1, &k, 12), Lookup::Wait(_)),
            "two minutes old: wait for the new one"
        );
        assert!(
            matches!(cache.lookup(2, &k, 11), Lookup::Compute(None)),
            "a later write: compute, without waiting on older data"
        );
        drop(guard);
        assert!(matches!(cache.lookup(1, &k, 11), Lookup::Compute(Some(_))));
    }

    #[tokio::test]
    async fn those_waiting_wake_when_the_computation_ends_however_it_ends() {
        let cache = Arc::new(ReadCache::default());
        let k = key(1, "/");
        let Lookup::Compute(Some(guard)) = cache.lookup(1, &k, 0) else {
            panic!("computes");
        };
        let Lookup::Wait(mut done) = cache.lookup(1, &k, 0) else {
            panic!("waits");
        };
        let waiter = tokio::spawn(async move { done.changed().await.is_err() });
        drop(guard); // abandoned, nothing kept
        assert!(waiter.await.unwrap(), "woken by the dropped sender");
        assert!(cache.entries.lock().unwrap().computing.is_empty());
    }
}
