//! Nudges: issued once per key, answered by their owner only, and the
//! profiles they read, which never include an unshared growth area.

use crate::{add_in, assert_not_found, at, each_backend, org, org_with, set_skills, team};
use chrono::Duration;
use rapport_core::PersonId;
use rapport_store::{IssuedNudge, Store};

async fn issued(s: &Store, p: PersonId) -> Vec<IssuedNudge> {
    let mut all = s.issued_nudges(p).await.unwrap();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

/// A nudge shown again (two tabs, a later visit) keeps its first showing
/// and whatever the person did with it.
#[tokio::test]
async fn a_nudge_is_issued_once_per_key() {
    each_backend(|s| async move {
        let (_, p) = org_with(&s, "acme", 2).await;
        s.issue_nudges(p[0], &[("first-trust:b".into(), "first_trust")], at(0))
            .await
            .unwrap();
        let first = issued(&s, p[0]).await.remove(0);
        s.set_nudge_state(p[0], first.id, "done", None, at(1))
            .await
            .unwrap();
        s.issue_nudges(
            p[0],
            &[
                ("first-trust:b".into(), "first_trust"),
                ("reconnect:c".into(), "reconnect"),
            ],
            at(2),
        )
        .await
        .unwrap();
        let all = issued(&s, p[0]).await;
        let seen: Vec<_> = all
            .iter()
            .map(|n| (n.key.as_str(), n.state.as_str(), n.first_shown_at))
            .collect();
        assert_eq!(
            seen,
            [
                ("first-trust:b", "done", at(0)),
                ("reconnect:c", "open", at(2))
            ]
        );
        assert_eq!(all[0].id, first.id);
        assert!(s.issued_nudges(p[1]).await.unwrap().is_empty());
    })
    .await;
}

/// A person answers their own nudges only: anyone else's is `NotFound`
/// and stays as it was.
#[tokio::test]
async fn only_its_owner_answers_a_nudge() {
    each_backend(|s| async move {
        let (_, p) = org_with(&s, "acme", 2).await;
        s.issue_nudges(p[0], &[("check-in:b".into(), "check_in")], at(0))
            .await
            .unwrap();
        let n = issued(&s, p[0]).await.remove(0);
        assert_not_found(
            s.set_nudge_state(p[1], n.id, "dismissed", None, at(1))
                .await,
        );
        assert_eq!(issued(&s, p[0]).await[0].state, "open");

        let until = at(0) + Duration::days(3);
        let snoozed = s
            .set_nudge_state(p[0], n.id, "snoozed", Some(until), at(1))
            .await
            .unwrap();
        assert_eq!(
            (snoozed.state.as_str(), snoozed.snoozed_until),
            ("snoozed", Some(until))
        );
        let done = s
            .set_nudge_state(p[0], n.id, "done", None, at(2))
            .await
            .unwrap();
        assert_eq!((done.state.as_str(), done.snoozed_until), ("done", None));
        assert_eq!(issued(&s, p[0]).await, [done]);
    })
    .await;
}

/// Around a person the nudges see them, their teammates, and whoever is
/// strong in one of their *shared* growth areas: an unshared growth area
/// neither brings anyone in nor leaves the store.
#[tokio::test]
async fn the_people_around_a_person_never_reveal_an_unshared_growth_area() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let (platform, sales) = (team(&s, o, "Platform").await, team(&s, o, "Sales").await);
        let me = add_in(&s, o, platform, "me@acme.example", "Me").await;
        let mate = add_in(&s, o, platform, "mate@acme.example", "Mate").await;
        let sql_expert = add_in(&s, o, sales, "sql@acme.example", "Sql").await;
        let speaker = add_in(&s, o, sales, "speaker@acme.example", "Speaker").await;
        let stranger = add_in(&s, o, sales, "stranger@acme.example", "Stranger").await;
        let (globex, g) = org_with(&s, "globex", 1).await;
        set_skills(
            &s,
            o,
            me,
            &["Rust"],
            &[("Public speaking", false), ("SQL", true)],
        )
        .await;
        set_skills(&s, o, mate, &[], &[("Kubernetes", false)]).await;
        set_skills(&s, o, sql_expert, &["SQL"], &[]).await;
        set_skills(&s, o, speaker, &["Public speaking"], &[]).await;
        set_skills(&s, o, stranger, &["Go"], &[]).await;
        set_skills(&s, globex, g[0], &["SQL"], &[]).await;

        let (people, names) = s.nudge_people_around(o, me).await.unwrap();
        let mut ids: Vec<_> = people.iter().map(|x| x.id).collect();
        ids.sort();
        let mut expected = vec![me, mate, sql_expert];
        expected.sort();
        assert_eq!(ids, expected);
        let mine = people.iter().find(|x| x.id == me).unwrap();
        let growth: Vec<_> = mine
            .shared_growth
            .iter()
            .map(|k| names[k].as_str())
            .collect();
        assert_eq!(growth, ["SQL"]);
        assert!(
            people
                .iter()
                .find(|x| x.id == mate)
                .unwrap()
                .shared_growth
                .is_empty()
        );
        let mut known: Vec<_> = names.values().map(String::as_str).collect();
        known.sort();
        assert_eq!(known, ["Rust", "SQL"]);
    })
    .await;
}

/// The whole organization's profiles, and a few chosen by id, stay inside
/// the organization.
#[tokio::test]
async fn profiles_for_nudges_stay_inside_the_organization() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (globex, g) = org_with(&s, "globex", 2).await;
        set_skills(&s, o, p[0], &["Rust"], &[("Writing", false)]).await;
        set_skills(&s, globex, g[0], &["Sales"], &[]).await;

        let (people, names) = s.nudge_people(o).await.unwrap();
        let mut ids: Vec<_> = people.iter().map(|x| x.id).collect();
        ids.sort();
        let mut mine = p.clone();
        mine.sort();
        assert_eq!(ids, mine);
        assert_eq!(names.values().collect::<Vec<_>>(), ["Rust"]);

        let (few, _) = s.nudge_people_by_ids(o, &[p[1], g[0], g[1]]).await.unwrap();
        assert_eq!(few.iter().map(|x| x.id).collect::<Vec<_>>(), [p[1]]);
        assert!(s.nudge_people_by_ids(o, &[]).await.unwrap().0.is_empty());
    })
    .await;
}
