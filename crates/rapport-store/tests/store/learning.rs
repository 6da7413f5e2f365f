//! Learning: enrollments, part progress, reflections, team assignments and
//! counts, and the events that complete practices.

use crate::{
    add, add_in, assert_not_found, at, complete, delegate, each_backend, move_delegation, org,
    org_with, team, thank,
};
use rapport_core::delegation::Status;
use rapport_core::events::{Kind, Payload};
use rapport_core::help::Audience;
use rapport_core::learning::LearningEvent;
use rapport_core::trust::Outcome;
use rapport_core::{HelpRequestId, PersonId, SkillName, Visibility};
use rapport_store::{DelegationChange, Message, NewEvent, NewHelpRequest, PartRow, Store, Trail};

const COURSE: &str = "building-great-relationships";

async fn progress(s: &Store, p: PersonId) -> Vec<PartRow> {
    s.part_progress(p, COURSE).await.unwrap()
}

/// Enrolling twice changes nothing; completing twice keeps the first time.
#[tokio::test]
async fn a_course_is_enrolled_in_once_and_completed_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let (first, new) = s.enroll(o, p[0], COURSE, at(0)).await.unwrap();
        assert!(new);
        let (again, new) = s.enroll(o, p[0], COURSE, at(5)).await.unwrap();
        assert!(!new);
        assert_eq!(again, first);
        assert_eq!(first.enrolled_at, at(0));
        s.enroll(o, p[0], "another-course", at(1)).await.unwrap();
        let slugs: Vec<_> = s
            .enrollments_of(p[0])
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.course_slug)
            .collect();
        assert_eq!(slugs, [COURSE, "another-course"]);
        assert_eq!(s.enrollment(p[1], COURSE).await.unwrap(), None);

        assert!(s.complete_course(p[0], COURSE, at(10)).await.unwrap());
        assert!(!s.complete_course(p[0], COURSE, at(11)).await.unwrap());
        let e = s.enrollment(p[0], COURSE).await.unwrap().unwrap();
        assert_eq!(e.completed_at, Some(at(10)));
        assert!(
            !s.complete_course(p[1], COURSE, at(10)).await.unwrap(),
            "not enrolled"
        );
    })
    .await;
}

/// A lesson is read once and a practice done once (the first time and how
/// it was done stand); where the person left off follows the last lesson.
#[tokio::test]
async fn lessons_and_practices_are_done_once_and_the_last_part_is_kept() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        s.enroll(o, p[0], COURSE, at(0)).await.unwrap();
        assert!(s.mark_lesson_read(p[0], COURSE, 1, at(1)).await.unwrap());
        assert!(!s.mark_lesson_read(p[0], COURSE, 1, at(2)).await.unwrap());
        assert!(s.mark_lesson_read(p[0], COURSE, 3, at(3)).await.unwrap());
        assert!(
            s.mark_practice_done(p[0], COURSE, 2, at(4), true)
                .await
                .unwrap()
        );
        assert!(
            !s.mark_practice_done(p[0], COURSE, 2, at(5), false)
                .await
                .unwrap()
        );

        let rows = progress(&s, p[0]).await;
        let seen: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.part,
                    r.lesson_read_at,
                    r.practice_done_at,
                    r.practice_self_reported,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (1, Some(at(1)), None, false),
                (2, None, Some(at(4)), true),
                (3, Some(at(3)), None, false),
            ]
        );
        s.mark_lesson_read(p[0], COURSE, 1, at(6)).await.unwrap();
        let e = s.enrollment(p[0], COURSE).await.unwrap().unwrap();
        assert_eq!(
            e.last_part,
            Some(1),
            "reopening a lesson moves where one left off"
        );
        assert!(progress(&s, p[1]).await.is_empty());
    })
    .await;
}

/// A reflection is its author's: written and rewritten on their own row,
/// beside their progress, and found in nobody else's.
#[tokio::test]
async fn a_reflection_belongs_to_its_author_only() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        s.enroll(o, p[0], COURSE, at(0)).await.unwrap();
        s.enroll(o, p[1], COURSE, at(0)).await.unwrap();
        s.mark_lesson_read(p[0], COURSE, 1, at(1)).await.unwrap();
        s.set_reflection(p[0], COURSE, 1, "I rarely ask for help")
            .await
            .unwrap();
        s.set_reflection(p[0], COURSE, 1, "I ask for help too late")
            .await
            .unwrap();
        s.mark_lesson_read(p[1], COURSE, 1, at(2)).await.unwrap();

        let mine = progress(&s, p[0]).await;
        assert_eq!(
            (mine[0].reflection.as_str(), mine[0].lesson_read_at),
            ("I ask for help too late", Some(at(1)))
        );
        let theirs = progress(&s, p[1]).await;
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].reflection, "");
        assert!(
            s.part_progress(p[0], "another-course")
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

/// A course is assigned to a team of the organization (again: no change);
/// team counts say how many are in, enrolled and done, for this course
/// and this organization only, never who.
#[tokio::test]
async fn team_counts_say_how_many_for_one_course_and_organization() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let (platform, sales) = (team(&s, o, "Platform").await, team(&s, o, "Sales").await);
        let admin = add(&s, o, "admin@acme.example", "Admin").await;
        let m: Vec<PersonId> = vec![
            add_in(&s, o, platform, "m0@acme.example", "M0").await,
            add_in(&s, o, platform, "m1@acme.example", "M1").await,
            add_in(&s, o, platform, "m2@acme.example", "M2").await,
        ];
        let seller = add_in(&s, o, sales, "s0@acme.example", "S0").await;
        let (globex, _) = org_with(&s, "globex", 0).await;
        let theirs = team(&s, globex, "Theirs").await;
        s.enroll(o, m[0], COURSE, at(0)).await.unwrap();
        s.enroll(o, m[1], COURSE, at(0)).await.unwrap();
        s.complete_course(m[0], COURSE, at(9)).await.unwrap();
        s.enroll(o, seller, "another-course", at(0)).await.unwrap();

        s.assign_course(o, platform, COURSE, admin, at(1))
            .await
            .unwrap();
        s.assign_course(o, platform, COURSE, admin, at(2))
            .await
            .unwrap();
        assert_not_found(s.assign_course(o, theirs, COURSE, admin, at(1)).await);
        assert!(s.is_assigned(Some(platform), COURSE).await.unwrap());
        assert!(!s.is_assigned(Some(sales), COURSE).await.unwrap());
        assert!(!s.is_assigned(None, COURSE).await.unwrap());
        assert!(!s.is_assigned(Some(theirs), COURSE).await.unwrap());

        let counts: Vec<_> = s
            .team_progress(o, COURSE)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.team_id, t.members, t.enrolled, t.completed, t.assigned))
            .collect();
        assert_eq!(counts, [(platform, 3, 2, 1, true), (sales, 1, 0, 0, false)]);
    })
    .await;
}

/// The events that can complete a practice are the person's own since a
/// time, in time order: what they started (a team request for help read
/// from its table, a second chance marked as such) and what was handed
/// back to them; never what others started toward them.
#[tokio::test]
async fn learning_events_are_a_persons_own_practices_in_order() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let (me, other) = (p[0], p[1]);
        let platform = team(&s, o, "Platform").await;
        thank(&s, o, (me, other), Visibility::Private, at(0)).await;
        let first = delegate(&s, o, (me, other), "First", at(1)).await;
        thank(&s, o, (other, me), Visibility::Private, at(2)).await;
        let help = NewHelpRequest {
            id: HelpRequestId::new(),
            asker: me,
            skill: SkillName::parse("SQL").unwrap(),
            text: "Query plans?".into(),
            audience: Audience::Team(platform),
        };
        let asking = Message {
            text: "Can you help with SQL?".into(),
            link: format!("/help/{}", help.id),
        };
        s.create_help_request(o, &help, &asking, at(3))
            .await
            .unwrap();
        complete(&s, o, first.id, Outcome::Missed).await;
        let mut again = crate::ask(me, other, "Second chance");
        again.second_chance_of = Some(first.id);
        s.create_delegation(o, &again, &crate::asked(&again), at(4))
            .await
            .unwrap();
        let theirs = delegate(&s, o, (other, me), "For me", at(5)).await;
        move_delegation(&s, o, theirs.id, (Status::Proposed, Status::Accepted))
            .await
            .unwrap();
        let hand_back = Trail {
            event: Some(NewEvent {
                at: at(6),
                from: other,
                to: me,
                subject: Some(theirs.id.0),
                payload: Payload::HandedBack,
            }),
            notes: vec![],
        };
        let change = DelegationChange {
            status: Some(Status::HandedBack),
            ..Default::default()
        };
        s.change_delegation(o, theirs.id, Status::Accepted, &change, &hand_back, at(6))
            .await
            .unwrap();

        let seen: Vec<_> = s
            .learning_events(o, me, at(1))
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.at, e.event))
            .collect();
        let row = |m, kind, second_chance| {
            (
                at(m),
                Ok(LearningEvent {
                    kind,
                    second_chance,
                }),
            )
        };
        assert_eq!(
            seen,
            [
                row(1, Kind::Delegated, false),
                row(3, Kind::HelpAsked, false),
                row(4, Kind::Delegated, true),
                row(6, Kind::HandedBack, false),
            ]
        );
        let (globex, _) = org_with(&s, "globex", 0).await;
        assert!(
            s.learning_events(globex, me, at(0))
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
