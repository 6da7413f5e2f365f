//! The trust engine in the running application: one replayed
//! `TrustLedger` per organization, kept in memory and brought up to date
//! from the event log before every read, so that it reflects every event
//! recorded before the request, including other instances' writes.
//!
//! Before a read, the cache counts the database's events in a short window
//! ending past its highest applied sequence number (one indexed query) and
//! compares with what it applied there. New events that come after
//! everything applied are read and applied incrementally; an event that
//! committed late with a lower number triggers a full replay, which gives
//! bit for bit the same state. (On PostgreSQL the store takes a lock per
//! organization before numbering an event, so the application's own events
//! commit in order; the window catches anything written around it.)
//! Deleting events (an account deletion) bumps the
//! organization's event epoch, which the same query reads: a changed epoch
//! means a full replay, on every instance.

use crate::AppError;
use crate::metrics::Metrics;
use rapport_core::OrgId;
use rapport_core::PersonId;
use rapport_core::nudges::NudgeFacts;
use rapport_core::retention::Checkpoint;
use rapport_core::trust::{Event, HistoryFold, Time, TrustExtended, TrustLedger, TrustParams};
use rapport_store::{Store, StoredEvent};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedRwLockReadGuard;

#[derive(Debug)]
pub struct TrustCache {
    orgs: Mutex<HashMap<OrgId, Arc<tokio::sync::RwLock<OrgLedger>>>>,
    /// Where a stored event that no longer parses is counted.
    metrics: Arc<Metrics>,
}

#[derive(Debug)]
struct OrgLedger {
    ledger: TrustLedger<PersonId>,
    /// What the nudges need, folded from the same events as the ledger.
    facts: NudgeFacts<PersonId>,
    /// The highest sequence number applied.
    top: i64,
    /// Sequence numbers applied within the look-back window below `top`.
    recent: BTreeSet<i64>,
    last_at: Time,
    /// The organization's event epoch when last replayed: it changes when
    /// events are deleted, and then only a full replay is right.
    epoch: i64,
    /// Everyone's trust extended, computed once per ledger state and minute:
    /// the medians need every pair of the organization.
    extended: Mutex<Option<ExtendedMemo>>,
    /// What the events past the retention taught, read at each replay.
    checkpoint: Option<Arc<Checkpoint<PersonId>>>,
}

#[derive(Debug)]
struct ExtendedMemo {
    top: i64,
    at: Time,
    by_person: HashMap<PersonId, TrustExtended>,
}

/// An organization's ledger, up to date as of the moment it was handed out.
/// Holding it keeps the ledger from changing; drop it promptly.
#[derive(Debug)]
pub struct Fresh(OwnedRwLockReadGuard<OrgLedger>);

impl Fresh {
    pub fn ledger(&self) -> &TrustLedger<PersonId> {
        &self.0.ledger
    }

    pub fn facts(&self) -> &NudgeFacts<PersonId> {
        &self.0.facts
    }

    /// `me`'s side of the history with `other` from the events past the
    /// retention (empty when none were folded): continue it with the
    /// events still kept.
    pub fn folded_history(&self, me: PersonId, other: PersonId) -> HistoryFold {
        self.0
            .checkpoint
            .as_ref()
            .map(|c| c.history(me, other))
            .unwrap_or_default()
    }

    /// `person`'s trust extended at `at`, if it was computed for this ledger
    /// state and minute.
    pub fn memoized_extended(&self, person: PersonId, at: Time) -> Option<Option<TrustExtended>> {
        let memo = self.0.extended.lock().ok()?;
        let m = memo.as_ref()?;
        (m.top == self.0.top && m.at == at).then(|| m.by_person.get(&person).copied())
    }

    /// `person`'s trust extended at `at`: from the memo, or computed for
    /// everyone (reading the organization's people) and kept.
    pub async fn extended_of(
        &self,
        store: &Store,
        org: OrgId,
        person: PersonId,
        at: Time,
    ) -> Result<Option<TrustExtended>, AppError> {
        if let Some(mine) = self.memoized_extended(person, at) {
            return Ok(mine);
        }
        let everyone = store.person_ids(org).await?;
        Ok(self.trust_extended(&everyone, person, at))
    }

    /// Computes everyone's trust extended at `at` (`everyone` is the
    /// organization's people), keeps it, and returns `person`'s.
    pub fn trust_extended(
        &self,
        everyone: &[PersonId],
        person: PersonId,
        at: Time,
    ) -> Option<TrustExtended> {
        let values = self.0.ledger.trust_extended(everyone, at);
        let by_person: HashMap<_, _> = everyone.iter().copied().zip(values).collect();
        let mine = by_person.get(&person).copied();
        if let Ok(mut memo) = self.0.extended.lock() {
            *memo = Some(ExtendedMemo {
                top: self.0.top,
                at,
                by_person,
            });
        }
        mine
    }
}

/// How far below the highest applied sequence number an event may still
/// appear (the store knows its backend's guarantee).
fn window(store: &Store) -> i64 {
    store.late_event_window()
}

impl TrustCache {
    pub fn new(metrics: Arc<Metrics>) -> Self {
        TrustCache {
            orgs: Mutex::default(),
            metrics,
        }
    }

    /// Runs `read` on the organization's up-to-date ledger.
    pub async fn read<R>(
        &self,
        store: &Store,
        org: OrgId,
        read: impl FnOnce(&TrustLedger<PersonId>) -> R,
    ) -> Result<R, AppError> {
        Ok(read(self.fresh(store, org).await?.ledger()))
    }

    /// The organization's ledger, brought up to date. Readers share it;
    /// only bringing it up to date takes it exclusively. Checking is one
    /// indexed query over the window's events, whatever the size of the
    /// history.
    pub async fn fresh(&self, store: &Store, org: OrgId) -> Result<Fresh, AppError> {
        let slot = {
            let mut orgs = self
                .orgs
                .lock()
                .map_err(|_| AppError::internal(anyhow::anyhow!("trust cache poisoned")))?;
            orgs.entry(org)
                .or_insert_with(|| {
                    let ledger = TrustLedger::new(params());
                    Arc::new(tokio::sync::RwLock::new(OrgLedger {
                        ledger,
                        facts: NudgeFacts::new(),
                        top: 0,
                        recent: BTreeSet::new(),
                        last_at: Time(0),
                        epoch: 0,
                        extended: Mutex::new(None),
                        checkpoint: None,
                    }))
                })
                .clone()
        };
        loop {
            let (since, top, epoch) = {
                let state = slot.read().await;
                ((state.top - window(store)).max(0), state.top, state.epoch)
            };
            let tail = store.event_tail(org, since, top).await?;
            let state = slot.clone().read_owned().await;
            let known = state.recent.range(since + 1..).count() as i64;
            if (state.top, state.epoch) != (top, epoch) {
                // Another request brought it up to date meanwhile: check again.
                continue;
            }
            if tail.epoch == epoch && known == tail.in_window {
                return Ok(Fresh(state));
            }
            drop(state);
            let mut state = slot.write().await;
            if (state.top, state.epoch) != (top, epoch) {
                continue;
            }
            let replay = state.epoch != tail.epoch;
            // Every event of the window but the newer ones was applied
            // already (both counts come from one snapshot): nothing
            // committed late, so only the newer ones need reading.
            let only_newer = !replay && known + tail.newer == tail.in_window;
            catch_up(store, org, &mut state, replay, only_newer, &self.metrics).await?;
            state.epoch = tail.epoch;
            if replay && let Ok(mut memo) = state.extended.lock() {
                // The same top can hide a different history after deletions.
                *memo = None;
            }
            drop(state);
            return Ok(Fresh(slot.read_owned().await));
        }
    }
}

/// Applies the events not applied yet, or replays everything when one of
/// them does not simply follow the ones applied (it committed late, or its
/// time is earlier): a replay gives the same state bit for bit. Reads the
/// events after the highest applied (`only_newer`), or the whole window to
/// find a late one.
async fn catch_up(
    store: &Store,
    org: OrgId,
    state: &mut OrgLedger,
    replay: bool,
    only_newer: bool,
    metrics: &Metrics,
) -> Result<(), AppError> {
    let since = if only_newer {
        state.top
    } else {
        (state.top - window(store)).max(0)
    };
    let fresh: Vec<StoredEvent> = store
        .events_after(org, since)
        .await?
        .into_iter()
        .filter(|e| !state.recent.contains(&e.seq))
        .collect();
    // Applying in sequence order gives what a replay (in time order) gives
    // only when the new events are in time order too, after the last one
    // applied: events written out of order (an import of history) replay.
    let mut last_at = state.last_at;
    let follows = !replay
        && fresh.iter().all(|e| {
            let at = Time::from(e.at);
            let next = e.seq > state.top && at >= last_at;
            last_at = at;
            next
        });
    if follows {
        for e in &fresh {
            if let Some(ev) = to_engine(e, metrics) {
                state.ledger.apply(&ev);
                state.facts.apply(&ev);
                state.last_at = ev.at;
            }
            state.recent.insert(e.seq);
            state.top = e.seq;
        }
    } else {
        // The checkpoint first: a fold deletes its events in the same
        // transaction, so what is read after it is exactly what is left.
        let checkpoint = match store.checkpoint(org).await? {
            Some(stored) => Some(Arc::new(
                Checkpoint::decode(&stored.state).map_err(AppError::internal)?,
            )),
            None => None,
        };
        let mut all = store.events_after(org, 0).await?;
        tracing::debug!(%org, events = all.len(), "the trust engine replays the history");
        all.sort_by_key(|e| (e.at, e.seq));
        let events: Vec<_> = all.iter().filter_map(|e| to_engine(e, metrics)).collect();
        state.last_at = events.last().map_or(Time(0), |e| e.at);
        match &checkpoint {
            Some(c) => {
                state.last_at = state.last_at.max(c.through);
                let mut facts = c.facts();
                facts.apply_slice(&events);
                facts.lay_out();
                state.facts = facts;
                let mut ledger = c.ledger();
                ledger.apply_all(events);
                state.ledger = ledger;
            }
            None => {
                state.facts = NudgeFacts::replay(events.iter().copied());
                state.ledger = TrustLedger::replay(params(), events);
            }
        }
        state.checkpoint = checkpoint;
        state.top = all.iter().map(|e| e.seq).max().unwrap_or(0);
        state.recent = all.iter().map(|e| e.seq).collect();
    }
    let keep_from = state.top - window(store);
    state.recent = state.recent.split_off(&keep_from);
    Ok(())
}

/// Per-organization settings will live in the database; until an
/// organization changes them, these are TRUST_MODEL.md's defaults.
pub fn params() -> TrustParams {
    TrustParams::default()
}

/// A stored event as the engine reads it; kinds it does not model are
/// skipped, and one that no longer parses is logged and counted.
pub fn to_engine(e: &StoredEvent, metrics: &Metrics) -> Option<Event<PersonId>> {
    let payload = match &e.payload {
        Ok(p) => p,
        Err(bad) => {
            metrics.malformed_event(bad);
            return None;
        }
    };
    Some(Event {
        at: Time::from(e.at),
        from: e.from,
        to: e.to,
        kind: payload.trust_kind(e.subject)?,
    })
}
