//! rapport, the application, around the pure core (`rapport-core`) and the
//! store (`rapport-store`): the operations (`app/`) and the adapters that
//! call them (`http/` the JSON API, `web/` the pages, `jobs/` the background
//! work, `cli/` the command line).
//!
//! A request reads top to bottom: adapter (parse into domain values, find
//! the actor) → `app::` operation (authorize, load, ask the core to decide,
//! persist with its event and notices) → adapter (render JSON or a page).

pub mod app;
pub mod auth;
pub mod cli;
pub mod client_ip;
pub mod config;
pub mod connections;
pub mod email;
pub mod http;
pub mod jobs;
pub mod learning;
pub mod metrics;
pub mod outbound;
pub mod page_cache;
pub mod scim;
pub mod slack;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod trust_cache;
pub mod web;

pub use app::AppError;
pub use config::Config;
pub use startup::Application;
pub use state::AppState;
