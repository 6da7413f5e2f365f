//! API tests: the real server on port 0, a fresh database per test, real
//! HTTP. SQLite by default; PostgreSQL when `RAPPORT_TEST_POSTGRES_URL` is set.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod helpers;
mod smtp_sink;

mod auth;
mod boundaries;
mod browser;
mod checkins;
mod cli;
mod courses_check;
mod delegation_flows;
mod delegations;
mod demo;
mod digests;
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
mod my_data;
mod ops;
mod page_cache;
mod people;
mod privacy;
mod relationships;
mod security;
mod times;
mod trust_cache;
