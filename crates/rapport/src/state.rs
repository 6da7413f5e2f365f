//! The state every handler shares: the store, the configuration, metrics.

use crate::{config::Config, engine::TrustCache, metrics::Metrics};
use rapport_store::Store;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub trust: Arc<TrustCache>,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        AppState {
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            trust: Arc::new(TrustCache::default()),
        }
    }

    /// The clock, in one place (tests of time-based rules pass times explicitly).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}
