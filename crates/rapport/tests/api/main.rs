//! API tests: the real server on port 0, a fresh database per test, real
//! HTTP. SQLite by default; PostgreSQL when `RAPPORT_TEST_POSTGRES_URL` is set.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod helpers;
mod smtp_sink;

mod auth;
mod backup;
mod boundaries;
mod browser;
mod checkins;
mod cli;
mod courses_check;
mod delegation_flows;
mod delegations;
mod demo;
mod digests;
mod durability;
mod email;
mod flash;
mod forms;
mod front_door;
mod habits;
mod help;
mod help_board;
mod help_flows;
mod import;
mod insights;
mod learning;
mod modules;
mod my_data;
mod on_the_internet;
mod ops;
mod page_cache;
mod passwords;
mod people;
mod privacy;
mod relationships;
mod retention;
mod scim;
mod security;
mod sessions;
mod slack;
mod sso;
mod times;
mod trust_cache;
mod upgrade;
