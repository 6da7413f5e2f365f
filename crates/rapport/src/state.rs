//! The state every handler shares: the store, the configuration, metrics.

use crate::app::Clock;
use crate::{
    config::Config, learning::Catalog, metrics::Metrics, page_cache::ReadCache,
    trust_cache::TrustCache,
};
use rapport_store::Store;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub trust: Arc<TrustCache>,
    pub courses: Arc<Catalog>,
    /// The busiest reads, kept while the database is unchanged.
    pub reads: Arc<ReadCache>,
    /// Each organization's insights, kept while the database is unchanged.
    pub insights: Arc<crate::app::insights::InsightsCache>,
    /// The time, for every operation (tests move it forward).
    pub clock: Clock,
    /// Wakes the chat outbox's worker when something was queued.
    pub chat_wakeup: Arc<tokio::sync::Notify>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        let (courses, report) = Catalog::load(config.content_dir.as_deref());
        for e in &report.errors {
            tracing::warn!(error = %e, "course content left out");
        }
        let metrics = Arc::new(Metrics::default());
        AppState {
            store,
            config: Arc::new(config),
            trust: Arc::new(TrustCache::new(metrics.clone())),
            metrics,
            courses: Arc::new(courses),
            reads: Arc::new(ReadCache::default()),
            insights: Arc::default(),
            clock: Clock::default(),
            chat_wakeup: Arc::default(),
        }
    }

    /// Reads the course content again; pages that show a course (the home
    /// page's learn nudge) are computed afresh.
    pub fn reload_courses(&self) -> crate::learning::LoadReport {
        let report = self.courses.reload();
        self.reads.invalidate();
        report
    }

    /// The time now, from the application's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
