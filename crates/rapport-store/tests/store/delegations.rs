//! Delegations: conditional transitions, second chances, the lists of one
//! person, and due reminders.

use crate::{
    assert_conflict, assert_not_found, at, complete, delegate, each_backend, each_backend_twice,
    event_kinds, move_delegation, org_with,
};
use chrono::Duration;
use rapport_core::delegation::Status;
use rapport_store::{DelegationChange, NewEvent, NewNotification, StoreError, Trail};

/// A change applies only from the state it was decided from; a stale one is
/// a conflict that leaves the row, its events and notifications untouched.
#[tokio::test]
async fn a_delegation_changes_only_from_the_state_it_was_decided_from() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let d = delegate(&s, o, (p[0], p[1]), "Review the RFC", at(0)).await;
        assert_eq!(d.status, Status::Proposed);
        let accepted = move_delegation(&s, o, d.id, (Status::Proposed, Status::Accepted))
            .await
            .unwrap();
        assert_eq!(accepted.status, Status::Accepted);

        let (events, notes) = (
            event_kinds(&s, o).await,
            s.unread_notifications(p[0]).await.unwrap(),
        );
        let stale_decline = Trail {
            event: Some(NewEvent {
                at: at(5),
                from: p[0],
                to: p[1],
                kind: "declined",
                subject: Some(d.id.0),
                data: serde_json::json!({}),
            }),
            notes: vec![NewNotification {
                person: p[0],
                text: "declined".into(),
                link: format!("/delegations/{}", d.id),
            }],
        };
        let change = DelegationChange {
            status: Some(Status::Declined),
            ..Default::default()
        };
        let stale = s
            .change_delegation(o, d.id, Status::Proposed, &change, &stale_decline, at(5))
            .await;
        assert_conflict(stale, "wrong_state");
        assert_eq!(
            s.delegation(o, d.id).await.unwrap().status,
            Status::Accepted
        );
        assert_eq!(
            event_kinds(&s, o).await,
            events,
            "no event of a refused change"
        );
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), notes);
    })
    .await;
}

/// Two people acting at once on the same proposal, through two instances:
/// exactly one change wins, and the row is in the winner's state.
#[tokio::test]
async fn two_changes_at_once_leave_exactly_one_of_them() {
    each_backend_twice(|one, two| async move {
        let (o, p) = org_with(&one, "acme", 2).await;
        for i in 0..5 {
            let d = delegate(&one, o, (p[0], p[1]), &format!("Task {i}"), at(i)).await;
            let (accept, decline) = tokio::join!(
                move_delegation(&one, o, d.id, (Status::Proposed, Status::Accepted)),
                move_delegation(&two, o, d.id, (Status::Proposed, Status::Declined)),
            );
            let winner = match (accept, decline) {
                (Ok(a), Err(e)) | (Err(e), Ok(a)) => {
                    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
                    a.status
                }
                other => panic!("exactly one change must win: {other:?}"),
            };
            assert_eq!(one.delegation(o, d.id).await.unwrap().status, winner);
        }
    })
    .await;
}

/// Another organization's delegation does not exist for it: not readable,
/// not changeable, and nobody of it can be asked.
#[tokio::test]
async fn another_organizations_delegation_is_not_found_and_not_changed() {
    each_backend(|s| async move {
        let (acme, a) = org_with(&s, "acme", 2).await;
        let (globex, g) = org_with(&s, "globex", 1).await;
        let d = delegate(&s, acme, (a[0], a[1]), "Ship it", at(0)).await;
        assert_not_found(s.delegation(globex, d.id).await);
        let moved = move_delegation(&s, globex, d.id, (Status::Proposed, Status::Accepted)).await;
        assert!(moved.is_err(), "{moved:?}");
        assert_eq!(
            s.delegation(acme, d.id).await.unwrap().status,
            Status::Proposed
        );

        let across = s
            .create_delegation(acme, &crate::ask(a[0], g[0], "Across"), at(1))
            .await;
        assert_not_found(across);
        assert!(
            s.delegations_between(acme, a[0], g[0])
                .await
                .unwrap()
                .is_empty()
        );
        assert!(s.events_after(globex, 0).await.unwrap().is_empty());
    })
    .await;
}

/// The delegate disputes a recorded outcome once; the first view stays.
#[tokio::test]
async fn an_outcome_is_disputed_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let d = delegate(&s, o, (p[0], p[1]), "Quarterly report", at(0)).await;
        let done = complete(&s, o, d.id, "missed").await;
        assert_eq!(
            (done.status, done.outcome.as_deref(), done.completed_at),
            (Status::Done, Some("missed"), Some(at(90)))
        );
        let dispute = |note: &str| DelegationChange {
            dispute_note: Some(note.into()),
            disputed: true,
            ..Default::default()
        };
        let first = s
            .change_delegation(
                o,
                d.id,
                Status::Done,
                &dispute("I was never told"),
                &Trail::default(),
                at(100),
            )
            .await
            .unwrap();
        assert_eq!(first.disputed_at, Some(at(100)));
        let again = s
            .change_delegation(
                o,
                d.id,
                Status::Done,
                &dispute("Second thoughts"),
                &Trail::default(),
                at(110),
            )
            .await;
        assert_conflict(again, "wrong_state");
        let now = s.delegation(o, d.id).await.unwrap();
        assert_eq!(
            (now.dispute_note.as_str(), now.disputed_at),
            ("I was never told", Some(at(100)))
        );
    })
    .await;
}

/// A second chance must follow a miss, between the same two people.
#[tokio::test]
async fn a_second_chance_follows_a_miss_between_the_same_two_people() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (globex, _) = org_with(&s, "globex", 0).await;
        let missed = delegate(&s, o, (p[0], p[1]), "Missed", at(0)).await;
        complete(&s, o, missed.id, "missed").await;
        let delivered = delegate(&s, o, (p[0], p[1]), "Delivered", at(1)).await;
        complete(&s, o, delivered.id, "delivered").await;
        let again = |from, to, of| {
            let mut d = crate::ask(from, to, "Again");
            d.second_chance_of = Some(of);
            d
        };
        assert_conflict(
            s.create_delegation(o, &again(p[0], p[1], delivered.id), at(2))
                .await,
            "not_a_miss",
        );
        assert_not_found(
            s.create_delegation(o, &again(p[0], p[2], missed.id), at(2))
                .await,
        );
        assert_not_found(
            s.create_delegation(o, &again(p[1], p[0], missed.id), at(2))
                .await,
        );
        assert_not_found(
            s.create_delegation(globex, &again(p[0], p[1], missed.id), at(2))
                .await,
        );
        let second = s
            .create_delegation(o, &again(p[0], p[1], missed.id), at(3))
            .await
            .unwrap();
        assert_eq!(second.second_chance_of, Some(missed.id));
        assert_eq!(s.delegations_between(o, p[1], p[0]).await.unwrap().len(), 3);
    })
    .await;
}

/// A person's delegations come newest first, by side and status, up to the limit.
#[tokio::test]
async fn a_persons_delegations_are_listed_newest_first_by_side_and_limited() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        for (i, pair) in [
            (p[0], p[1]),
            (p[1], p[0]),
            (p[0], p[1]),
            (p[1], p[0]),
            (p[0], p[1]),
        ]
        .into_iter()
        .enumerate()
        {
            delegate(&s, o, pair, &format!("T{i}"), at(i as i64)).await;
        }
        delegate(&s, o, (p[1], p[2]), "Not theirs", at(10)).await;
        let titles = |ds: Vec<rapport_store::Delegation>| -> Vec<String> {
            ds.into_iter().map(|d| d.title).collect()
        };
        let list = |role, status, limit| s.list_delegations(o, p[0], role, status, limit);
        assert_eq!(
            titles(list(None, None, 10).await.unwrap()),
            ["T4", "T3", "T2", "T1", "T0"]
        );
        assert_eq!(
            titles(list(Some("from"), None, 10).await.unwrap()),
            ["T4", "T2", "T0"]
        );
        assert_eq!(
            titles(list(Some("to"), None, 10).await.unwrap()),
            ["T3", "T1"]
        );
        assert_eq!(
            titles(list(None, None, 3).await.unwrap()),
            ["T4", "T3", "T2"]
        );
        let t1 = list(Some("to"), None, 10).await.unwrap()[1].id;
        move_delegation(&s, o, t1, (Status::Proposed, Status::Accepted))
            .await
            .unwrap();
        assert_eq!(
            titles(list(None, Some(Status::Accepted), 10).await.unwrap()),
            ["T1"]
        );
    })
    .await;
}

/// What waits on a person: asked of them and open, or asked by them and
/// accepted (an outcome to record); never what waits on someone else.
#[tokio::test]
async fn waiting_on_holds_only_what_asks_something_of_the_person() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let (me, other) = (p[0], p[1]);
        delegate(&s, o, (other, me), "to me, proposed", at(0)).await;
        let accepted = delegate(&s, o, (other, me), "to me, accepted", at(1)).await;
        move_delegation(&s, o, accepted.id, (Status::Proposed, Status::Accepted))
            .await
            .unwrap();
        let mine = delegate(&s, o, (me, other), "by me, accepted", at(2)).await;
        move_delegation(&s, o, mine.id, (Status::Proposed, Status::Accepted))
            .await
            .unwrap();
        delegate(&s, o, (me, other), "by me, proposed", at(3)).await;
        let done = delegate(&s, o, (other, me), "to me, done", at(4)).await;
        complete(&s, o, done.id, "delivered").await;
        let declined = delegate(&s, o, (other, me), "to me, declined", at(5)).await;
        move_delegation(&s, o, declined.id, (Status::Proposed, Status::Declined))
            .await
            .unwrap();

        let waiting: Vec<String> = s
            .waiting_on(o, me)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.title)
            .collect();
        assert_eq!(
            waiting,
            ["by me, accepted", "to me, accepted", "to me, proposed"]
        );
    })
    .await;
}

/// Two instances sending due reminders at once remind each delegate once,
/// and only of accepted delegations due before the horizon.
#[tokio::test]
async fn due_reminders_are_sent_once_even_by_two_instances_at_once() {
    each_backend_twice(|one, two| async move {
        let (o, p) = org_with(&one, "acme", 2).await;
        let due = |title: &str, due_in: Option<i64>| {
            let mut d = crate::ask(p[0], p[1], title);
            d.due_at = due_in.map(|h| at(0) + Duration::hours(h));
            d
        };
        for (title, due_in, accept) in [
            ("due 1", Some(2), true),
            ("due 2", Some(3), true),
            ("overdue", Some(-1), true),
            ("proposed", Some(2), false),
            ("later", Some(100), true),
            ("no date", None, true),
        ] {
            let d = one
                .create_delegation(o, &due(title, due_in), at(0))
                .await
                .unwrap();
            if accept {
                move_delegation(&one, o, d.id, (Status::Proposed, Status::Accepted))
                    .await
                    .unwrap();
            }
        }
        let before = one.unread_notifications(p[1]).await.unwrap();
        let horizon = at(0) + Duration::hours(24);
        let (a, b) = tokio::join!(
            one.send_due_reminders(horizon, at(1)),
            two.send_due_reminders(horizon, at(1)),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 3);
        assert_eq!(one.send_due_reminders(horizon, at(2)).await.unwrap(), 0);
        assert_eq!(one.unread_notifications(p[1]).await.unwrap(), before + 3);
    })
    .await;
}
