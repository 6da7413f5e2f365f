//! Prometheus metrics for this instance: request counts by status class and
//! a latency histogram. Kept in atomics; each instance reports its own, as
//! Prometheus expects when it scrapes several.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Debug, Default)]
pub struct Metrics {
    /// Requests by status class: 1xx..5xx at index 1..=5.
    by_class: [AtomicU64; 6],
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    /// The busiest reads (`reads`): answered from memory, or computed.
    reads_from_memory: AtomicU64,
    reads_computed: AtomicU64,
    /// Stored events that no longer parse (each also logged).
    malformed_events: AtomicU64,
}

impl Metrics {
    pub fn record(&self, status: u16, took: Duration) {
        self.by_class[usize::from(status / 100).min(5)].fetch_add(1, Relaxed);
        let secs = took.as_secs_f64();
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.buckets[i].fetch_add(1, Relaxed);
            }
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_micros.fetch_add(took.as_micros() as u64, Relaxed);
    }

    /// One of the busiest reads, answered from memory or computed.
    pub fn record_read(&self, from_memory: bool) {
        let counter = if from_memory {
            &self.reads_from_memory
        } else {
            &self.reads_computed
        };
        counter.fetch_add(1, Relaxed);
    }

    /// A stored event that no longer parses: logged and counted, so a bad
    /// row is seen, while the rest of the history still counts.
    pub fn malformed_event(&self, bad: &rapport_core::events::Malformed) {
        tracing::error!(error = %bad, "a stored event was left out");
        self.malformed_events.fetch_add(1, Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self, people: Option<i64>) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP rapport_http_requests_total HTTP requests answered, by status class.\n",
        );
        out.push_str("# TYPE rapport_http_requests_total counter\n");
        for class in 1..=5 {
            let _ = writeln!(
                out,
                "rapport_http_requests_total{{status=\"{class}xx\"}} {}",
                self.by_class[class].load(Relaxed)
            );
        }
        out.push_str("# HELP rapport_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE rapport_http_request_duration_seconds histogram\n");
        for (i, le) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "rapport_http_request_duration_seconds_bucket{{le=\"{le}\"}} {}",
                self.buckets[i].load(Relaxed)
            );
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(
            out,
            "rapport_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "rapport_http_request_duration_seconds_sum {}",
            self.sum_micros.load(Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "rapport_http_request_duration_seconds_count {count}");
        out.push_str(
            "# HELP rapport_busy_reads_total The busiest reads, answered from memory or computed.\n",
        );
        out.push_str("# TYPE rapport_busy_reads_total counter\n");
        let _ = writeln!(
            out,
            "rapport_busy_reads_total{{answer=\"from_memory\"}} {}",
            self.reads_from_memory.load(Relaxed)
        );
        let _ = writeln!(
            out,
            "rapport_busy_reads_total{{answer=\"computed\"}} {}",
            self.reads_computed.load(Relaxed)
        );
        out.push_str(
            "# HELP rapport_malformed_events_total Stored events left out because they do not parse.\n",
        );
        out.push_str("# TYPE rapport_malformed_events_total counter\n");
        let _ = writeln!(
            out,
            "rapport_malformed_events_total {}",
            self.malformed_events.load(Relaxed)
        );
        if let Some(n) = people {
            out.push_str(
                "# HELP rapport_people People on this instance.\n# TYPE rapport_people gauge\n",
            );
            let _ = writeln!(out, "rapport_people {n}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recorded request shows in its class and in every bucket above its time.
    #[test]
    fn a_request_is_counted_in_its_class_and_buckets() {
        let m = Metrics::default();
        m.record(404, Duration::from_millis(3));
        let text = m.render(None);
        assert!(text.contains("rapport_http_requests_total{status=\"4xx\"} 1"));
        assert!(text.contains("le=\"0.0025\"} 0"));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("_count 1"));
    }
}
