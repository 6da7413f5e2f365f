//! The application's clock, in one place and injectable: every operation
//! reads the time here, so a test moves time forward instead of sleeping.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The wall clock, shifted by an offset that only tests change.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Sets this clock (and every copy of it) to read `at` now, and run on
    /// from there (the demo writes its history as it happened).
    pub fn set(&self, at: DateTime<Utc>) {
        self.offset_ms
            .store((at - Utc::now()).num_milliseconds(), Ordering::Relaxed);
    }

    /// Moves this clock (and every copy of it) forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Advancing a clock moves every copy of it, and only forward by that much.
    #[test]
    fn advancing_moves_every_copy() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(Duration::days(3));
        let after = copy.now();
        assert!(after - before >= Duration::days(3));
        assert!(after - before < Duration::days(3) + Duration::seconds(5));
    }
}
