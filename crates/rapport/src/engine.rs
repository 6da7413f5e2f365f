//! The trust engine in the running application: one replayed
//! `TrustLedger` per organization, kept in memory and brought up to date
//! from the event log before every read, so that it reflects every event
//! recorded before the request, including other instances' writes.
//!
//! Before a read, the cache compares its event count and highest sequence
//! number with the database's (one indexed query). New events that come
//! after everything applied are applied incrementally; anything else (an
//! event that committed late with a lower number, a deletion) triggers a
//! full replay, which gives bit for bit the same state.

use crate::AppError;
use rapport_core::OrgId;
use rapport_core::PersonId;
use rapport_core::trust::{
    DelegationRef, Event, EventKind, Outcome, Stakes, Time, TrustLedger, TrustParams,
};
use rapport_store::{Store, StoredEvent};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
pub struct TrustCache {
    orgs: Mutex<HashMap<OrgId, Arc<tokio::sync::RwLock<OrgLedger>>>>,
}

#[derive(Debug)]
struct OrgLedger {
    ledger: TrustLedger<PersonId>,
    count: i64,
    top: i64,
    last_at: Time,
}

impl TrustCache {
    /// Runs `read` on the organization's up-to-date ledger. Reads share the
    /// ledger; only bringing it up to date takes it exclusively, and the
    /// database is asked for its watermark before any lock is taken.
    pub async fn read<R>(
        &self,
        store: &Store,
        org: OrgId,
        read: impl FnOnce(&TrustLedger<PersonId>) -> R,
    ) -> Result<R, AppError> {
        let slot = {
            let mut orgs = self
                .orgs
                .lock()
                .map_err(|_| AppError::internal(anyhow::anyhow!("trust cache poisoned")))?;
            orgs.entry(org)
                .or_insert_with(|| {
                    Arc::new(tokio::sync::RwLock::new(OrgLedger {
                        ledger: TrustLedger::new(params()),
                        count: 0,
                        top: 0,
                        last_at: Time(0),
                    }))
                })
                .clone()
        };
        let watermark = store.event_watermark(org).await?;
        {
            let state = slot.read().await;
            if (state.count, state.top) == watermark {
                return Ok(read(&state.ledger));
            }
        }
        let mut state = slot.write().await;
        if (state.count, state.top) != watermark {
            catch_up(store, org, &mut state, watermark).await?;
        }
        Ok(read(&state.ledger))
    }
}

/// Applies what is new, or replays everything when the new events do not
/// simply follow the ones applied. Afterwards the count and top describe
/// exactly the events applied, so the next read compares like with like.
async fn catch_up(
    store: &Store,
    org: OrgId,
    state: &mut OrgLedger,
    (count, _): (i64, i64),
) -> Result<(), AppError> {
    let fresh = store.events_after(org, state.top).await?;
    let in_order = fresh.iter().all(|e| Time::from(e.at) >= state.last_at);
    if state.count + fresh.len() as i64 >= count && in_order {
        for e in &fresh {
            if let Some(ev) = to_engine(e) {
                state.ledger.apply(&ev);
                state.last_at = ev.at;
            }
        }
        state.count += fresh.len() as i64;
        state.top = fresh.last().map_or(state.top, |e| e.seq);
    } else {
        let mut all = store.events_after(org, 0).await?;
        state.count = all.len() as i64;
        state.top = all.iter().map(|e| e.seq).max().unwrap_or(0);
        all.sort_by_key(|e| (e.at, e.seq));
        let events: Vec<_> = all.iter().filter_map(to_engine).collect();
        state.last_at = events.last().map_or(Time(0), |e| e.at);
        state.ledger = TrustLedger::replay(params(), events);
    }
    Ok(())
}

/// Per-organization settings will live in the database; until an
/// organization changes them, these are TRUST_MODEL.md's defaults.
fn params() -> TrustParams {
    TrustParams::default()
}

/// A stored event as the engine reads it; kinds it does not model are skipped.
pub fn to_engine(e: &StoredEvent) -> Option<Event<PersonId>> {
    let subject = e.subject.map(DelegationRef::from);
    let kind = match e.kind.as_str() {
        "delegated" => EventKind::Delegated,
        "help_asked" => EventKind::HelpAsked,
        "declined" => EventKind::Declined,
        "handed_back" => EventKind::HandedBack,
        "completed" => EventKind::Completed {
            delegation: subject?,
            stakes: serde_json::from_value::<Stakes>(e.data.get("stakes")?.clone()).ok()?,
            outcome: serde_json::from_value::<Outcome>(e.data.get("outcome")?.clone()).ok()?,
            stretch: e
                .data
                .get("stretch")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            second_chance_of: e
                .data
                .get("second_chance_of")
                .and_then(|v| v.as_str())
                .and_then(|s| uuid::Uuid::parse_str(s).ok())
                .map(DelegationRef::from),
        },
        "disputed" => EventKind::Disputed {
            delegation: subject?,
        },
        "help_resolved" => EventKind::HelpResolved {
            helped: e.data.get("helped")?.as_bool()?,
        },
        "check_in_revealed" => EventKind::CheckInRevealed {
            count_on: e.data.get("count_on")?.as_u64()?.min(5) as u8,
        },
        "thanked" => EventKind::Interaction,
        _ => return None,
    };
    Some(Event {
        at: Time::from(e.at),
        from: e.from,
        to: e.to,
        kind,
    })
}
