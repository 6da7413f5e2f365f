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
pub mod demo;
pub mod demo_habits;
pub mod demo_history;
pub mod digests;
pub mod email;
pub mod engine;
pub mod habits;
pub mod http;
pub mod import;
pub mod jobs;
pub mod learning;
pub mod media;
pub mod metrics;
pub mod privacy;
pub mod reads;
pub mod sign_in;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
pub mod xapi;

pub use app::AppError;
pub use config::Config;
pub use startup::Application;
pub use state::AppState;
