//! Store contract tests, one binary with a module per area. Every test runs
//! against SQLite, and against PostgreSQL when `RAPPORT_TEST_POSTGRES_URL`
//! is set, each on a fresh database. They test what callers rely on:
//! organization scoping, conditional transitions, uniqueness, the order and
//! limits of lists, the privacy rules the queries enforce, and the queues'
//! claims. Setup lives in the small helpers below, so that a change of the
//! store's API is absorbed here rather than in every test.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

/// Walks a list from its start, following each page's cursor until a page
/// says there is no next one, and gives every page, in order. `$page` reads
/// the page after `$after` (an `Option<&Cursor>`). A macro rather than a
/// function taking an async closure: that closure's future, generic over
/// the cursor's lifetime, is not `Send` enough for `tokio::spawn`.
macro_rules! walk {
    (|$after:ident| $page:expr) => {{
        let mut pages = Vec::new();
        let mut cursor: Option<rapport_store::Cursor> = None;
        loop {
            let $after = cursor.as_ref();
            let rapport_store::Page { items, next_cursor } = $page.unwrap();
            pages.push(items);
            assert!(pages.len() <= 100, "the walk does not end");
            match next_cursor {
                Some(c) => {
                    let next = rapport_store::Cursor::decode(&c);
                    cursor = Some(next.expect("a cursor the list gave out"));
                }
                None => break pages,
            }
        }
    }};
}

mod appreciations;
mod auth;
mod changes;
mod chat;
mod checkins;
mod delegations;
mod email;
mod events;
mod help;
mod introductions;
mod learning;
mod nudges;
mod people;
mod sso;
mod xapi;

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use rapport_core::delegation::Status;
use rapport_core::trust::{Outcome, Stakes};
use rapport_core::{
    DelegationId, Email, Name, OrgId, PersonId, Role, SkillName, Slug, TeamId, Visibility,
};
use rapport_store::test_db::TestDb;
use rapport_store::{
    Appreciation, Backend, Delegation, DelegationChange, NewAppreciation, NewDelegation,
    NewNotification, NewPerson, Notification, Store, StoreError, StoreResult, Trail,
};
use std::fmt::Debug;
use std::future::Future;

/// Runs a test on a fresh database of every backend. A failure on one
/// backend does not stop the others, and every database is dropped before
/// the first failure is raised again.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut failure = None;
    for db in TestDb::all().await {
        let store = db.store().await.expect("connect and migrate");
        let outcome = tokio::spawn(test(store.clone())).await;
        said_where(&outcome, store.backend());
        store.close().await;
        db.cleanup().await;
        failure = failure.or(outcome.err());
    }
    rethrow(failure);
}

/// Runs a test with two stores on the same fresh database, as two
/// instances of rapport would be: their own pools, one database.
pub async fn each_backend_twice<F, Fut>(test: F)
where
    F: Fn(Store, Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut failure = None;
    for db in TestDb::all().await {
        let one = db.store().await.expect("connect and migrate");
        let two = db.store().await.expect("connect again");
        let outcome = tokio::spawn(test(one.clone(), two.clone())).await;
        said_where(&outcome, one.backend());
        one.close().await;
        two.close().await;
        db.cleanup().await;
        failure = failure.or(outcome.err());
    }
    rethrow(failure);
}

fn said_where(outcome: &Result<(), tokio::task::JoinError>, backend: Backend) {
    if outcome.is_err() {
        eprintln!("(the failure above was on {backend:?})");
    }
}

/// Fails the test as its spawned run failed (the panic's message was
/// already printed where it happened).
fn rethrow(failure: Option<tokio::task::JoinError>) {
    if let Some(e) = failure {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("the test did not finish: {e}"),
        }
    }
}

/// A fixed moment, in whole milliseconds (as the store keeps times), so
/// that times read back compare equal to times written.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 2, 9, 0, 0).unwrap()
}

/// `t0` plus some minutes: distinct, ordered creation times.
pub fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
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

/// `n` people of an organization, named after the slug: `P0 <slug>`, ….
pub async fn crowd(store: &Store, org: OrgId, slug: &str, n: usize) -> Vec<PersonId> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("p{i}@{slug}.example");
        out.push(add(store, org, &email, &format!("P{i} {slug}")).await);
    }
    out
}

/// An organization and a few of its people.
pub async fn org_with(store: &Store, slug: &str, n: usize) -> (OrgId, Vec<PersonId>) {
    let o = org(store, slug).await;
    let people = crowd(store, o, slug, n).await;
    (o, people)
}

pub async fn team(store: &Store, org: OrgId, name: &str) -> TeamId {
    store
        .create_team(org, &Name::parse(name).unwrap(), None, Utc::now())
        .await
        .unwrap()
        .id
}

/// A person created in a team.
pub async fn add_in(store: &Store, org: OrgId, team: TeamId, email: &str, name: &str) -> PersonId {
    let mut p = person(email, name);
    p.team_id = Some(team);
    store.create_person(org, &p, Utc::now()).await.unwrap().id
}

/// Gives a person a password, as an accepted invitation does.
pub async fn can_sign_in(store: &Store, org: OrgId, id: PersonId) {
    store
        .set_password_hash(org, id, "hash", Utc::now())
        .await
        .unwrap();
}

pub fn skills(names: &[&str]) -> Vec<SkillName> {
    names.iter().map(|n| SkillName::parse(n).unwrap()).collect()
}

/// Sets strengths and growth areas, each growth area with whether it is shared.
pub async fn set_skills(
    store: &Store,
    org: OrgId,
    id: PersonId,
    strengths: &[&str],
    growth: &[(&str, bool)],
) {
    let growth: Vec<_> = growth
        .iter()
        .map(|(n, shared)| (SkillName::parse(n).unwrap(), *shared))
        .collect();
    store
        .set_person_skills(org, id, &skills(strengths), &growth)
        .await
        .unwrap();
}

/// Asserts a named conflict (the one place that knows how codes look).
#[track_caller]
pub fn assert_conflict<T: Debug>(result: StoreResult<T>, code: &str) {
    match result {
        Err(StoreError::Conflict(c)) => assert_eq!(c.code(), code, "the conflict's code"),
        other => panic!("expected the conflict {code}, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_not_found<T: Debug>(result: StoreResult<T>) {
    assert!(
        matches!(result, Err(StoreError::NotFound)),
        "expected NotFound, got {result:?}"
    );
}

/// A small ask from one person to another, with the id its notice links to.
pub fn ask(from: PersonId, to: PersonId, title: &str) -> NewDelegation {
    NewDelegation {
        id: DelegationId::new(),
        from,
        to,
        title: title.into(),
        details: String::new(),
        due_at: None,
        stakes: Stakes::Small,
        second_chance_of: None,
    }
}

/// A notification as the caller words it; the store delivers it as given.
pub fn notice(person: PersonId, text: &str, link: &str) -> NewNotification {
    NewNotification {
        person,
        text: text.into(),
        link: link.into(),
    }
}

/// The notice that tells a delegate what they were asked.
pub fn asked(d: &NewDelegation) -> NewNotification {
    notice(
        d.to,
        &format!("Asked: {}", d.title),
        &format!("/delegations/{}", d.id),
    )
}

pub async fn delegate(
    store: &Store,
    org: OrgId,
    (from, to): (PersonId, PersonId),
    title: &str,
    when: DateTime<Utc>,
) -> Delegation {
    let d = ask(from, to, title);
    store
        .create_delegation(org, &d, &asked(&d), when)
        .await
        .unwrap()
}

/// Moves a delegation from `expected` to `status`, with no event or notice.
pub async fn move_delegation(
    store: &Store,
    org: OrgId,
    id: DelegationId,
    (expected, status): (Status, Status),
) -> StoreResult<Delegation> {
    let change = DelegationChange {
        status: Some(status),
        ..Default::default()
    };
    store
        .change_delegation(org, id, expected, &change, &Trail::default(), at(60))
        .await
}

/// Accepts a delegation and records its outcome.
pub async fn complete(store: &Store, org: OrgId, id: DelegationId, outcome: Outcome) -> Delegation {
    move_delegation(store, org, id, (Status::Proposed, Status::Accepted))
        .await
        .unwrap();
    let change = DelegationChange {
        status: Some(Status::Done),
        outcome: Some(outcome),
        ..Default::default()
    };
    store
        .change_delegation(
            org,
            id,
            Status::Accepted,
            &change,
            &Trail::default(),
            at(90),
        )
        .await
        .unwrap()
}

/// The words a recipient is told of a thank-you (the caller's, never the message).
pub const THANKED: &str = "Someone thanked you";

/// A thank-you, private or visible to the recipient's team, with its
/// notice ([`THANKED`], linking to `/thanks`).
pub async fn thank(
    store: &Store,
    org: OrgId,
    (from, to): (PersonId, PersonId),
    visibility: Visibility,
    when: DateTime<Utc>,
) -> Appreciation {
    let a = NewAppreciation {
        from,
        to,
        message: "Thank you".into(),
        visibility,
        delegation_id: None,
        help_request_id: None,
    };
    store
        .create_appreciation(org, &a, &notice(to, THANKED, "/thanks"), when)
        .await
        .unwrap()
}

/// The kinds of an organization's events, in their order (a stored event
/// that no longer parses fails the test).
pub async fn event_kinds(store: &Store, org: OrgId) -> Vec<String> {
    let events = store.events_after(org, 0).await.unwrap();
    events
        .into_iter()
        .map(|e| match e.payload {
            Ok(p) => p.kind().as_str().to_string(),
            Err(m) => panic!("a stored event does not parse: {m}"),
        })
        .collect()
}

/// A person's notifications, newest first, as (text, link).
pub async fn notices_of(store: &Store, person: PersonId) -> Vec<(String, String)> {
    let page = store.notifications(person, 100, None).await.unwrap();
    assert!(page.next_cursor.is_none(), "more than one page of notices");
    page.items
        .into_iter()
        .map(|n: Notification| (n.text, n.link))
        .collect()
}
