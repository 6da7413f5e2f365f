//! Store contract tests, one binary with a module per area. Every test runs
//! against SQLite, and against PostgreSQL when `RAPPORT_TEST_POSTGRES_URL`
//! is set, each on a fresh database. Setup lives in the small helpers
//! below, so that a change of the store's API is absorbed here rather than
//! in every test.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod auth;
mod changes;
mod people;

use chrono::Utc;
use rapport_core::{Email, Name, OrgId, PersonId, Role, SkillName, Slug};
use rapport_store::test_db::TestDb;
use rapport_store::{NewPerson, Store, StoreError, StoreResult};
use std::fmt::Debug;
use std::future::Future;

/// Runs a test on a fresh database of every backend.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    for db in TestDb::all().await {
        let store = db.store().await.expect("connect and migrate");
        test(store.clone()).await;
        store.close().await;
        db.cleanup().await;
    }
}

pub async fn org(store: &Store, slug: &str) -> OrgId {
    store
        .create_org(&Slug::parse(slug).unwrap(), "Acme", Utc::now())
        .await
        .unwrap()
        .id
}

pub fn person(email: &str, name: &str) -> NewPerson {
    NewPerson::basic(
        Email::parse(email).unwrap(),
        Name::parse(name).unwrap(),
        Role::Member,
    )
}

pub async fn add(store: &Store, org: OrgId, email: &str, name: &str) -> PersonId {
    store
        .create_person(org, &person(email, name), Utc::now())
        .await
        .unwrap()
        .id
}

pub fn skills(names: &[&str]) -> Vec<SkillName> {
    names.iter().map(|n| SkillName::parse(n).unwrap()).collect()
}

/// Asserts a named conflict (the one place that knows how codes look).
#[track_caller]
pub fn assert_conflict<T: Debug>(result: StoreResult<T>, code: &str) {
    match result {
        Err(StoreError::Conflict(c)) => assert_eq!(c, code, "the conflict's code"),
        other => panic!("expected the conflict {code}, got {other:?}"),
    }
}
