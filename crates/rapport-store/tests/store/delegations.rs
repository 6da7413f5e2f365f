//! Delegations: conditional transitions, second chances, the lists of one
//! person, and due reminders.

use crate::{
    ask, asked, assert_conflict, assert_not_found, at, complete, delegate, each_backend,
    each_backend_twice, event_kinds, move_delegation, notice, notices_of, org_with,
};
use chrono::Duration;
use rapport_core::DelegationId;
use rapport_core::delegation::{Side, Status};
use rapport_core::events::Payload;
use rapport_core::trust::Outcome;
use rapport_store::{Delegation, DelegationChange, NewEvent, NewNotification, StoreError, Trail};

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
                subject: Some(d.id.0),
                payload: Payload::Declined,
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

        let across = ask(a[0], g[0], "Across");
        let across = s
            .create_delegation(acme, &across, &asked(&across), at(1))
            .await;
        assert_not_found(across);
        assert!(
            s.delegations_between(acme, a[0], g[0])
                .await
                .unwrap()
                .is_empty()
        );
        assert!(s.events_after(globex, 0).await.unwrap().is_empty());
        assert!(notices_of(&s, g[0]).await.is_empty(), "nobody was told");
    })
    .await;
}

/// The delegate disputes a recorded outcome once; the first view stays.
#[tokio::test]
async fn an_outcome_is_disputed_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let d = delegate(&s, o, (p[0], p[1]), "Quarterly report", at(0)).await;
        let done = complete(&s, o, d.id, Outcome::Missed).await;
        assert_eq!(
            (done.status, done.outcome, done.completed_at),
            (Status::Done, Some(Outcome::Missed), Some(at(90)))
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

fn strings(all: &[&str]) -> Vec<String> {
    all.iter().map(|s| s.to_string()).collect()
}

/// A second chance is kept with the miss it follows: on the delegation,
/// in its `delegated` event (which the trust engine and the practices
/// read), and in the notice its delegate is given; both people must still
/// be of the organization. (Whether it may follow, a miss of the same
/// pair, is decided before the store: `delegation::check_second_chance`.)
#[tokio::test]
async fn a_second_chance_is_kept_with_the_miss_it_follows() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let (globex, _) = org_with(&s, "globex", 0).await;
        let missed = delegate(&s, o, (p[0], p[1]), "Missed", at(0)).await;
        complete(&s, o, missed.id, Outcome::Missed).await;
        let delivered = delegate(&s, o, (p[0], p[1]), "Delivered", at(1)).await;
        complete(&s, o, delivered.id, Outcome::Delivered).await;
        let mut again = ask(p[0], p[1], "Again");
        again.second_chance_of = Some(missed.id);
        let events = event_kinds(&s, o).await.len();
        assert_not_found(
            s.create_delegation(globex, &again, &asked(&again), at(2))
                .await,
        );
        assert_eq!(event_kinds(&s, o).await.len(), events);

        let told = notice(
            p[1],
            "A second chance",
            &format!("/delegations/{}", again.id),
        );
        let second = s.create_delegation(o, &again, &told, at(3)).await.unwrap();
        assert_eq!(
            (second.id, second.second_chance_of, second.status),
            (again.id, Some(missed.id), Status::Proposed)
        );
        let last = s.events_after(o, 0).await.unwrap().pop().unwrap();
        assert_eq!(
            (last.from, last.to, last.subject, last.payload),
            (
                p[0],
                p[1],
                Some(again.id.0),
                Ok(Payload::Delegated {
                    second_chance_of: Some(missed.id)
                })
            )
        );
        assert_eq!(
            notices_of(&s, p[1]).await[0],
            (told.text.clone(), told.link.clone())
        );
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
        let titles =
            |ds: Vec<Delegation>| -> Vec<String> { ds.into_iter().map(|d| d.title).collect() };
        let list = async |side, status, limit| {
            let page = s
                .list_delegations(o, p[0], side, status, limit, None)
                .await
                .unwrap();
            (titles(page.items), page.next_cursor.is_some())
        };
        let (all, more) = list(None, None, 10).await;
        assert_eq!(
            (all, more),
            (strings(&["T4", "T3", "T2", "T1", "T0"]), false)
        );
        assert_eq!(
            list(Some(Side::Delegator), None, 10).await.0,
            ["T4", "T2", "T0"]
        );
        assert_eq!(list(Some(Side::Delegate), None, 10).await.0, ["T3", "T1"]);
        let (first, more) = list(None, None, 3).await;
        assert_eq!((first, more), (strings(&["T4", "T3", "T2"]), true));
        let t1 = s
            .list_delegations(o, p[0], Some(Side::Delegate), None, 10, None)
            .await
            .unwrap()
            .items[1]
            .id;
        move_delegation(&s, o, t1, (Status::Proposed, Status::Accepted))
            .await
            .unwrap();
        assert_eq!(list(None, Some(Status::Accepted), 10).await.0, ["T1"]);
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
        complete(&s, o, done.id, Outcome::Delivered).await;
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
        let mut ids: Vec<(&str, DelegationId)> = Vec::new();
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
            let new = due(title, due_in);
            let d = one
                .create_delegation(o, &new, &asked(&new), at(0))
                .await
                .unwrap();
            ids.push((title, d.id));
            if accept {
                move_delegation(&one, o, d.id, (Status::Proposed, Status::Accepted))
                    .await
                    .unwrap();
            }
        }
        let before = one.unread_notifications(p[1]).await.unwrap();
        let horizon = at(0) + Duration::hours(24);
        let remind = |d: &Delegation| {
            let link = format!("/delegations/{}", d.id);
            notice(d.to_id, &format!("Due soon: {}", d.title), &link)
        };
        let (a, b) = tokio::join!(
            one.send_due_reminders(horizon, at(1), remind),
            two.send_due_reminders(horizon, at(1), remind),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 3);
        assert_eq!(
            one.send_due_reminders(horizon, at(2), remind)
                .await
                .unwrap(),
            0
        );
        assert_eq!(one.unread_notifications(p[1]).await.unwrap(), before + 3);
        let mut reminders: Vec<_> = notices_of(&one, p[1])
            .await
            .into_iter()
            .filter(|(text, _)| text.starts_with("Due soon: "))
            .collect();
        reminders.sort();
        let link = |title| {
            let id = ids.iter().find(|(t, _)| *t == title).unwrap().1;
            format!("/delegations/{id}")
        };
        assert_eq!(
            reminders,
            ["due 1", "due 2", "overdue"].map(|t| (format!("Due soon: {t}"), link(t)))
        );
        assert!(
            notices_of(&one, p[0]).await.is_empty(),
            "only the delegate is reminded"
        );
    })
    .await;
}

/// A person's delegations page newest first, each seen exactly once, on
/// either side and on one side, through ties in creation time and a
/// delegation created between two pages; the last page says there is no
/// next one.
#[tokio::test]
async fn a_persons_delegations_page_newest_first_each_seen_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let mut made = Vec::new();
        for i in 0..8_i64 {
            let pair = if i % 3 == 0 {
                (p[1], p[0])
            } else {
                (p[0], p[1])
            };
            // Two at each minute: the cursor's id breaks the tie.
            made.push(delegate(&s, o, pair, &format!("T{i}"), at(i / 2)).await);
        }
        delegate(&s, o, (p[1], p[2]), "Not theirs", at(1)).await;
        let everything = s
            .list_delegations(o, p[0], None, None, 100, None)
            .await
            .unwrap()
            .items;
        assert_eq!(everything.len(), 8);
        assert!(
            everything
                .windows(2)
                .all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)),
            "newest first, ties by id"
        );

        let mut late = None;
        let pages = walk!(|after| {
            let page = s.list_delegations(o, p[0], None, None, 3, after).await;
            if late.is_none() {
                late = Some(delegate(&s, o, (p[0], p[1]), "Late", at(60)).await);
            }
            page
        });
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 2]);
        let walked: Vec<DelegationId> = pages.concat().iter().map(|d| d.id).collect();
        let expected: Vec<DelegationId> = everything.iter().map(|d| d.id).collect();
        assert_eq!(
            walked, expected,
            "each once, in order, the late one not among them"
        );

        let mine = walk!(|after| {
            s.list_delegations(o, p[0], Some(Side::Delegator), None, 2, after)
                .await
        });
        assert_eq!(mine.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 2]);
        let mut asked_by_me: Vec<DelegationId> = made
            .iter()
            .chain(late.iter())
            .filter(|d| d.from_id == p[0])
            .map(|d| d.id)
            .collect();
        asked_by_me.sort();
        let mut walked: Vec<DelegationId> = mine.concat().iter().map(|d| d.id).collect();
        let in_order = walked.clone();
        walked.sort();
        assert_eq!(walked, asked_by_me);
        assert_eq!(in_order[0], late.unwrap().id, "the newest first");
    })
    .await;
}

/// Accepting keeps when; marking done is kept once (a second mark is a
/// conflict that changes nothing); a due date changes or goes; a withdrawn
/// delegation is stored as such.
#[tokio::test]
async fn acceptance_marks_due_dates_and_withdrawals_are_kept() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let d = delegate(&s, o, (p[0], p[1]), "Review the RFC", at(0)).await;
        let due = DelegationChange {
            due_at: Some(Some(at(60 * 24))),
            ..Default::default()
        };
        let changed = s
            .change_delegation(o, d.id, Status::Proposed, &due, &Trail::default(), at(1))
            .await
            .unwrap();
        assert_eq!(changed.due_at, Some(at(60 * 24)));
        let no_due = DelegationChange {
            due_at: Some(None),
            ..Default::default()
        };
        let changed = s
            .change_delegation(o, d.id, Status::Proposed, &no_due, &Trail::default(), at(2))
            .await
            .unwrap();
        assert_eq!(changed.due_at, None);

        let accept = DelegationChange {
            status: Some(Status::Accepted),
            accepted: true,
            ..Default::default()
        };
        let accepted = s
            .change_delegation(o, d.id, Status::Proposed, &accept, &Trail::default(), at(3))
            .await
            .unwrap();
        assert_eq!(
            (accepted.accepted_at, accepted.marked_done_at),
            (Some(at(3)), None)
        );
        let mark = DelegationChange {
            marked_done: true,
            ..Default::default()
        };
        let marked = s
            .change_delegation(o, d.id, Status::Accepted, &mark, &Trail::default(), at(4))
            .await
            .unwrap();
        assert_eq!(marked.marked_done_at, Some(at(4)));
        assert_conflict(
            s.change_delegation(o, d.id, Status::Accepted, &mark, &Trail::default(), at(5))
                .await,
            "wrong_state",
        );
        assert_eq!(
            s.delegation(o, d.id).await.unwrap().marked_done_at,
            Some(at(4))
        );

        let other = delegate(&s, o, (p[0], p[1]), "Order the chairs", at(6)).await;
        let withdrawn = move_delegation(&s, o, other.id, (Status::Proposed, Status::Withdrawn))
            .await
            .unwrap();
        assert_eq!(withdrawn.status, Status::Withdrawn);
    })
    .await;
}
