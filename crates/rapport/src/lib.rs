//! rapport, the application: configuration, the HTTP API, the web pages and
//! the command line, around the pure core (`rapport-core`) and the store
//! (`rapport-store`).
//!
//! A request reads top to bottom: route (`http/`, `web/`) → handler (parse,
//! authorize) → core function (decide) → store (persist) → response.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod email;
pub mod engine;
pub mod http;
pub mod jobs;
pub mod learning;
pub mod metrics;
pub mod reads;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;

pub use app::AppError;
pub use config::Config;
pub use startup::Application;
pub use state::AppState;
