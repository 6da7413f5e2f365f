//! Organizations, people, the directory, skills, managers and imports.

use crate::{add, assert_conflict, each_backend, org, person, skills};
use chrono::Utc;
use rapport_core::{Email, Name, PersonId, Role, SkillName, Slug, Title};
use rapport_store::{ImportPerson, NewPerson, PeopleFilter, PersonPatch, StoreError};

/// A slug names one organization only.
#[tokio::test]
async fn an_organization_slug_is_unique() {
    each_backend(|s| async move {
        org(&s, "acme").await;
        let again = s
            .create_org(&Slug::parse("acme").unwrap(), "Other", Utc::now())
            .await;
        assert_conflict(again, "slug_taken");
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
        assert_conflict(again, "email_taken");
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
        assert_conflict(cycle, "manager_cycle");
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

/// A team given by name is created with the change or not at all: a
/// refused change (a manager loop, an email taken) leaves no team behind.
#[tokio::test]
async fn a_refused_change_leaves_no_new_team_behind() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let a = add(&s, o, "a@acme.example", "A").await;
        let b = add(&s, o, "b@acme.example", "B").await;
        let lead = PersonPatch {
            manager_id: Some(Some(a)),
            ..Default::default()
        };
        s.update_person(o, b, &lead, Utc::now()).await.unwrap();
        let looped = PersonPatch {
            manager_id: Some(Some(b)),
            team_named: Some(Name::parse("Loop Team").unwrap()),
            ..Default::default()
        };
        assert_conflict(
            s.update_person(o, a, &looped, Utc::now()).await,
            "manager_cycle",
        );
        let taken = NewPerson::basic(
            Email::parse("a@acme.example").unwrap(),
            Name::parse("Another A").unwrap(),
            Role::Member,
        );
        let team = Name::parse("Taken Team").unwrap();
        assert_conflict(
            s.create_person_in_team(o, &taken, &team, Utc::now()).await,
            "email_taken",
        );
        assert!(
            s.list_teams(o).await.unwrap().is_empty(),
            "no team left behind"
        );
        let placed = PersonPatch {
            team_named: Some(Name::parse("Platform").unwrap()),
            ..Default::default()
        };
        let a = s.update_person(o, a, &placed, Utc::now()).await.unwrap();
        let teams = s.list_teams(o).await.unwrap();
        assert_eq!((teams.len(), a.team_id), (1, Some(teams[0].id)));
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

/// Names and teams are read for the people asked, in their organization only.
#[tokio::test]
async fn names_and_teams_are_read_for_the_people_asked() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let other = org(&s, "globex").await;
        let team = s
            .create_team(o, &Name::parse("Platform").unwrap(), None, Utc::now())
            .await
            .unwrap();
        let mut in_team = person("ana@acme.example", "Ana");
        in_team.team_id = Some(team.id);
        let ana = s.create_person(o, &in_team, Utc::now()).await.unwrap().id;
        let bo = s
            .create_person(o, &person("bo@acme.example", "Bo"), Utc::now())
            .await
            .unwrap()
            .id;
        let stranger = s
            .create_person(other, &person("cy@globex.example", "Cy"), Utc::now())
            .await
            .unwrap()
            .id;
        let got = s.names_and_teams_of(o, &[ana, bo, stranger]).await.unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[&ana], ("Ana".to_string(), Some(team.id)));
        assert_eq!(got[&bo], ("Bo".to_string(), None));
    })
    .await;
}
