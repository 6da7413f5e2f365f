//! Store contract tests: every test runs against SQLite, and against
//! PostgreSQL when `RAPPORT_TEST_POSTGRES_URL` is set, each on a fresh
//! database.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use chrono::{Duration, Utc};
use rapport_core::{Email, Name, OrgId, PersonId, Role, SkillName, Slug, Title};
use rapport_store::test_db::TestDb;
use rapport_store::{
    Conflict, ImportPerson, NewPerson, PeopleFilter, PersonPatch, Store, StoreError,
};
use std::future::Future;

async fn each_backend<F, Fut>(test: F)
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

async fn org(store: &Store, slug: &str) -> OrgId {
    store
        .create_org(&Slug::parse(slug).unwrap(), "Acme", Utc::now())
        .await
        .unwrap()
        .id
}

fn person(email: &str, name: &str) -> NewPerson {
    NewPerson::basic(
        Email::parse(email).unwrap(),
        Name::parse(name).unwrap(),
        Role::Member,
    )
}

async fn add(store: &Store, org: OrgId, email: &str, name: &str) -> PersonId {
    store
        .create_person(org, &person(email, name), Utc::now())
        .await
        .unwrap()
        .id
}

fn skills(names: &[&str]) -> Vec<SkillName> {
    names.iter().map(|n| SkillName::parse(n).unwrap()).collect()
}

/// A slug names one organization only.
#[tokio::test]
async fn an_organization_slug_is_unique() {
    each_backend(|s| async move {
        org(&s, "acme").await;
        let again = s
            .create_org(&Slug::parse("acme").unwrap(), "Other", Utc::now())
            .await;
        assert!(matches!(
            again,
            Err(StoreError::Conflict(Conflict::SlugTaken))
        ));
        assert_eq!(s.org_by_slug("acme").await.unwrap().name, "Acme");
    })
    .await;
}

/// A person is read back as written, and is invisible from another organization.
#[tokio::test]
async fn a_person_is_visible_only_inside_their_organization() {
    each_backend(|s| async move {
        let (a, b) = (org(&s, "acme").await, org(&s, "globex").await);
        let id = add(&s, a, "ada@acme.example", "Ada Lovelace").await;
        let p = s.person(a, id).await.unwrap();
        assert_eq!(
            (p.name.as_str(), p.email.as_str(), p.role),
            ("Ada Lovelace", "ada@acme.example", Role::Member)
        );
        assert!(!p.can_sign_in);
        assert!(matches!(s.person(b, id).await, Err(StoreError::NotFound)));
        assert!(
            s.list_people(b, &PeopleFilter::default(), 100, None)
                .await
                .unwrap()
                .items
                .is_empty()
        );
    })
    .await;
}

/// An email is unique on the whole instance, not only in one organization.
#[tokio::test]
async fn an_email_taken_in_another_organization_is_a_conflict() {
    each_backend(|s| async move {
        let (a, b) = (org(&s, "acme").await, org(&s, "globex").await);
        add(&s, a, "ada@acme.example", "Ada").await;
        let again = s
            .create_person(b, &person("ada@acme.example", "Someone"), Utc::now())
            .await;
        assert!(matches!(
            again,
            Err(StoreError::Conflict(Conflict::EmailTaken))
        ));
    })
    .await;
}

/// The directory searches names, emails and titles, filters by team, and
/// pages through everyone exactly once.
#[tokio::test]
async fn the_directory_searches_filters_and_pages() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let team = s
            .create_team(o, &Name::parse("Platform").unwrap(), None, Utc::now())
            .await
            .unwrap();
        let mut ids = Vec::new();
        for i in 0..25 {
            let mut p = person(&format!("p{i:02}@acme.example"), &format!("Person {i:02}"));
            if i % 5 == 0 {
                p.team_id = Some(team.id);
                p.title = Title::parse("Staff_Engineer 100%").unwrap();
            }
            ids.push(s.create_person(o, &p, Utc::now()).await.unwrap().id);
        }
        let f = |q: &str| PeopleFilter {
            q: Some(q.into()),
            ..Default::default()
        };
        assert_eq!(
            s.list_people(o, &f("person 07"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            s.list_people(o, &f("P13@ACME"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        // LIKE wildcards in the query are matched literally.
        assert_eq!(
            s.list_people(o, &f("100%"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            5
        );
        assert_eq!(
            s.list_people(o, &f("_"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            5
        );
        let by_team = PeopleFilter {
            team: Some(team.id),
            ..Default::default()
        };
        assert_eq!(
            s.list_people(o, &by_team, 100, None)
                .await
                .unwrap()
                .items
                .len(),
            5
        );

        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = s
                .list_people(o, &PeopleFilter::default(), 7, cursor.as_ref())
                .await
                .unwrap();
            seen.extend(page.items.iter().map(|p| p.id));
            match page.next_cursor {
                Some(c) => cursor = Some(rapport_store::Cursor::decode(&c).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 25);
        ids.sort();
        seen.sort();
        assert_eq!(seen, ids);
    })
    .await;
}

/// An unshared growth area is seen by its owner only: not on the profile,
/// not in the vocabulary, not in the directory's skill filter.
#[tokio::test]
async fn an_unshared_growth_area_stays_private() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let ada = add(&s, o, "ada@acme.example", "Ada").await;
        let growth = vec![
            (SkillName::parse("Public speaking").unwrap(), false),
            (SkillName::parse("SQL").unwrap(), true),
        ];
        s.set_person_skills(o, ada, &skills(&["Rust"]), &growth)
            .await
            .unwrap();
        let own = s.person_skills(o, ada, true).await.unwrap();
        assert_eq!(own.growth_areas.len(), 2);
        let public = s.person_skills(o, ada, false).await.unwrap();
        assert_eq!(public.strengths, vec!["Rust"]);
        assert_eq!(public.growth_areas.len(), 1);
        assert_eq!(public.growth_areas[0].skill, "SQL");
        assert_eq!(s.list_skills(o).await.unwrap(), vec!["Rust", "SQL"]);
        let by = |k: &str| PeopleFilter {
            skill_key: Some(k.into()),
            ..Default::default()
        };
        assert_eq!(
            s.list_people(o, &by("public speaking"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            0
        );
        assert_eq!(
            s.list_people(o, &by("sql"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            s.list_people(o, &by("rust"), 100, None)
                .await
                .unwrap()
                .items
                .len(),
            1
        );
    })
    .await;
}

/// A manager chain may not loop, and a team must be the organization's own.
#[tokio::test]
async fn a_manager_cycle_and_a_foreign_team_are_refused() {
    each_backend(|s| async move {
        let (o, other) = (org(&s, "acme").await, org(&s, "globex").await);
        let a = add(&s, o, "a@acme.example", "A").await;
        let b = add(&s, o, "b@acme.example", "B").await;
        let patch = |m: PersonId| PersonPatch {
            manager_id: Some(Some(m)),
            ..Default::default()
        };
        s.update_person(o, b, &patch(a), Utc::now()).await.unwrap();
        let cycle = s.update_person(o, a, &patch(b), Utc::now()).await;
        assert!(matches!(
            cycle,
            Err(StoreError::Conflict(Conflict::ManagerCycle))
        ));
        let foreign = s
            .create_team(other, &Name::parse("Sales").unwrap(), None, Utc::now())
            .await
            .unwrap();
        let p = PersonPatch {
            team_id: Some(Some(foreign.id)),
            ..Default::default()
        };
        assert!(matches!(
            s.update_person(o, a, &p, Utc::now()).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(s.person(o, b).await.unwrap().manager_id, Some(a));
    })
    .await;
}

/// Sessions expire, tokens can be revoked, and both find their person.
#[tokio::test]
async fn sessions_expire_and_tokens_can_be_revoked() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let a = add(&s, o, "a@acme.example", "A").await;
        let now = Utc::now();
        s.create_session(a, "live", now, now + Duration::hours(1))
            .await
            .unwrap();
        s.create_session(a, "old", now - Duration::hours(2), now - Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(s.session_person("live", now).await.unwrap().id, a);
        assert!(matches!(
            s.session_person("old", now).await,
            Err(StoreError::NotFound)
        ));
        s.delete_session("live").await.unwrap();
        assert!(s.session_person("live", now).await.is_err());

        let t = s.create_token(a, "script", "hash1", now).await.unwrap();
        assert_eq!(s.token_person("hash1").await.unwrap().id, a);
        s.revoke_token(a, t, now).await.unwrap();
        assert!(matches!(
            s.token_person("hash1").await,
            Err(StoreError::NotFound)
        ));
        assert!(s.list_tokens(a).await.unwrap()[0].revoked_at.is_some());
    })
    .await;
}

/// An invitation works once and not after it expires.
#[tokio::test]
async fn an_invitation_is_accepted_once_and_never_after_expiry() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let admin = add(&s, o, "admin@acme.example", "Admin").await;
        let a = add(&s, o, "a@acme.example", "A").await;
        let b = add(&s, o, "b@acme.example", "B").await;
        let now = Utc::now();
        s.create_invitation(o, a, admin, "inv-a", now, now + Duration::days(7))
            .await
            .unwrap();
        s.create_invitation(
            o,
            b,
            admin,
            "inv-b",
            now - Duration::days(8),
            now - Duration::days(1),
        )
        .await
        .unwrap();
        assert_eq!(s.accept_invitation("inv-a", "hash", now).await.unwrap(), a);
        assert!(s.person(o, a).await.unwrap().can_sign_in);
        assert!(matches!(
            s.accept_invitation("inv-a", "hash2", now).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            s.accept_invitation("inv-b", "hash", now).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(!s.person(o, b).await.unwrap().can_sign_in);
    })
    .await;
}

/// The rate-limit counter counts within a window and starts again after it.
#[tokio::test]
async fn rate_limit_counters_reset_after_their_window() {
    each_backend(|s| async move {
        let now = Utc::now();
        for i in 1..=3 {
            assert_eq!(s.hit_rate_limit("ip:1", 60_000, now).await.unwrap().0, i);
        }
        let later = now + Duration::seconds(61);
        assert_eq!(s.hit_rate_limit("ip:1", 60_000, later).await.unwrap().0, 1);
    })
    .await;
}

/// An import creates and updates by email, and writes nothing when one row fails.
#[tokio::test]
async fn an_import_is_all_or_nothing() {
    each_backend(|s| async move {
        let (o, other) = (org(&s, "acme").await, org(&s, "globex").await);
        add(&s, other, "taken@globex.example", "Taken").await;
        let row = |email: &str, name: &str, manager: Option<&str>| ImportPerson {
            email: Email::parse(email).unwrap(),
            name: Name::parse(name).unwrap(),
            title: Title::parse("").unwrap(),
            team: Some(Name::parse("Platform").unwrap()),
            manager_email: manager.map(|m| Email::parse(m).unwrap()),
            role: None,
            extra: None,
        };
        let good = vec![
            row("b@acme.example", "B", Some("a@acme.example")),
            row("a@acme.example", "A", None),
        ];
        let summary = s.import_people(o, &good, Utc::now()).await.unwrap();
        assert_eq!(
            (summary.created, summary.updated, summary.teams_created),
            (2, 0, 1)
        );
        let b = s
            .person_by_email(o, &Email::parse("b@acme.example").unwrap())
            .await
            .unwrap();
        assert_eq!(b.manager_name.as_deref(), Some("A"));

        let bad = vec![
            row("a@acme.example", "A renamed", None),
            row("taken@globex.example", "X", None),
        ];
        assert!(s.import_people(o, &bad, Utc::now()).await.is_err());
        let a = s
            .person_by_email(o, &Email::parse("a@acme.example").unwrap())
            .await
            .unwrap();
        assert_eq!(a.name, "A", "the failed import wrote nothing");
        assert_eq!(s.count_people(o).await.unwrap(), 2);
    })
    .await;
}

/// The data version moves on after every commit, whoever makes it: this
/// store, another instance on the same database, or a plain connection.
#[tokio::test]
async fn the_data_version_moves_on_after_a_commit_from_anywhere() {
    use sqlx::{Connection, Executor};
    for db in TestDb::all().await {
        let store = db.store().await.unwrap();
        let other = db.store().await.unwrap();
        let start = store.data_version().await.unwrap();
        if store.backend() == rapport_store::Backend::Sqlite {
            // PostgreSQL's token covers the whole server, where other tests
            // write at the same time; SQLite's covers this file only.
            assert_eq!(
                store.data_version().await.unwrap(),
                start,
                "nothing was committed"
            );
        }
        let o = org(&store, "acme").await;
        let after_own = store.data_version().await.unwrap();
        assert!(after_own > start, "our own commit: {start} -> {after_own}");

        add(&other, o, "b@acme.example", "B").await;
        let after_other = store.data_version().await.unwrap();
        assert!(after_other > after_own, "another instance's commit");

        let mut raw = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        raw.execute("UPDATE people SET title = 'Engineer'")
            .await
            .unwrap();
        raw.close().await.unwrap();
        let after_raw = store.data_version().await.unwrap();
        assert!(after_raw > after_other, "a plain connection's commit");

        // Many at once share probes and all see the latest commit.
        let seen = versions_read_at_once(&store, 32).await;
        assert!(seen.iter().all(|v| *v >= after_raw), "{seen:?}");

        other.close().await;
        store.close().await;
        db.cleanup().await;
    }
}

async fn versions_read_at_once(store: &Store, n: usize) -> Vec<u64> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let s = store.clone();
            tokio::spawn(async move { s.data_version().await.unwrap() })
        })
        .collect();
    let mut out = vec![];
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
