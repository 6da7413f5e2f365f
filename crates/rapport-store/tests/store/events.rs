//! The event log (in order, per organization, its tail and epoch, what an
//! account's deletion removes) and in-app notifications.

use crate::{
    THANKED, assert_conflict, assert_not_found, at, delegate, each_backend, event_kinds, org,
    org_with, person, thank,
};
use chrono::Utc;
use rapport_core::events::Kind;
use rapport_core::{Role, Visibility};
use rapport_store::EventTail;

/// Events are read back in the order they were recorded (not the order of
/// their times), from any point on, and only the organization's own.
#[tokio::test]
async fn events_are_read_back_in_the_order_they_were_recorded() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let (globex, g) = org_with(&s, "globex", 2).await;
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(10)).await;
        thank(&s, globex, (g[0], g[1]), Visibility::Private, at(11)).await;
        let d = delegate(&s, o, (p[0], p[1]), "Late entry", at(5)).await;
        thank(&s, o, (p[1], p[0]), Visibility::Private, at(12)).await;

        let events = s.events_after(o, 0).await.unwrap();
        assert_eq!(
            event_kinds(&s, o).await,
            ["thanked", "delegated", "thanked"]
        );
        assert!(events.windows(2).all(|w| w[0].seq < w[1].seq));
        assert_eq!(
            (
                events[1].at,
                events[1].from,
                events[1].to,
                events[1].subject
            ),
            (at(5), p[0], p[1], Some(d.id.0))
        );
        assert_eq!((events[2].from, events[2].to), (p[1], p[0]));
        let rest = s.events_after(o, events[0].seq).await.unwrap();
        assert_eq!(rest, events[1..]);
        assert!(s.events_after(o, events[2].seq).await.unwrap().is_empty());
        assert_eq!(event_kinds(&s, globex).await, ["thanked"]);
    })
    .await;
}

/// The tail counts the organization's events after the window's start and
/// after the highest one applied, with the epoch, which starts at zero.
#[tokio::test]
async fn the_event_tail_counts_the_window_and_what_is_newer() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let (globex, g) = org_with(&s, "globex", 2).await;
        assert_eq!(
            s.event_tail(o, 0, 0).await.unwrap(),
            EventTail {
                in_window: 0,
                newer: 0,
                epoch: 0
            }
        );
        for i in 0..5 {
            thank(&s, o, (p[0], p[1]), Visibility::Private, at(i)).await;
            thank(&s, globex, (g[0], g[1]), Visibility::Private, at(i)).await;
        }
        let seqs: Vec<i64> = s
            .events_after(o, 0)
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(
            s.event_tail(o, seqs[0], seqs[2]).await.unwrap(),
            EventTail {
                in_window: 4,
                newer: 2,
                epoch: 0
            }
        );
        assert_eq!(
            s.event_tail(o, 0, seqs[4]).await.unwrap(),
            EventTail {
                in_window: 5,
                newer: 0,
                epoch: 0
            }
        );
    })
    .await;
}

/// Deleting an account removes the person's events both ways, keeps
/// everyone else's, and bumps the organization's epoch (only its own);
/// the last admin cannot leave, and then nothing changes.
#[tokio::test]
async fn deleting_an_account_removes_their_events_and_bumps_the_epoch() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (globex, g) = org_with(&s, "globex", 2).await;
        let mut admin = person("admin@acme.example", "Admin");
        admin.role = Role::Admin;
        let admin = s.create_person(o, &admin, Utc::now()).await.unwrap().id;
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(0)).await;
        thank(&s, o, (p[1], p[2]), Visibility::Private, at(1)).await;
        thank(&s, o, (p[2], p[0]), Visibility::Private, at(2)).await;
        thank(&s, o, (admin, p[2]), Visibility::Private, at(3)).await;
        thank(&s, globex, (g[0], g[1]), Visibility::Private, at(4)).await;

        s.delete_account(o, p[1]).await.unwrap();
        let left: Vec<_> = s
            .events_after(o, 0)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.from, e.to))
            .collect();
        assert_eq!(left, [(p[2], p[0]), (admin, p[2])]);
        assert_eq!(s.event_tail(o, 0, 0).await.unwrap().epoch, 1);
        assert_eq!(s.event_tail(globex, 0, 0).await.unwrap().epoch, 0);
        assert!(
            s.interaction_partners(o, p[0])
                .await
                .unwrap()
                .iter()
                .all(|x| x.id != p[1])
        );

        assert_conflict(s.delete_account(o, admin).await, "last_admin");
        assert_eq!(
            s.event_tail(o, 0, 0).await.unwrap(),
            EventTail {
                in_window: 2,
                newer: 2,
                epoch: 1
            }
        );
        assert_not_found(s.delete_account(globex, p[0]).await);
        assert_eq!(s.event_tail(o, 0, 0).await.unwrap().in_window, 2);
    })
    .await;
}

/// Notifications come newest first up to the limit, with the unread count;
/// reading them all is one person's own act.
#[tokio::test]
async fn notifications_are_listed_newest_first_and_read_per_person() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        for (i, from) in [p[1], p[2], p[3]].into_iter().enumerate() {
            thank(&s, o, (from, p[0]), Visibility::Private, at(i as i64)).await;
        }
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(9)).await;

        let page = s.notifications(p[0], 2, None).await.unwrap();
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), 3);
        assert!(page.next_cursor.is_some(), "more than the limit");
        let items = page.items;
        assert_eq!(
            items.iter().map(|n| n.created_at).collect::<Vec<_>>(),
            [at(2), at(1)]
        );
        assert!(
            items
                .iter()
                .all(|n| !n.read && n.text == THANKED && n.link == "/thanks")
        );

        s.mark_notifications_read(p[0], at(10)).await.unwrap();
        let page = s.notifications(p[0], 10, None).await.unwrap();
        let unread = s.unread_notifications(p[0]).await.unwrap();
        assert_eq!((page.items.len(), page.next_cursor, unread), (3, None, 0));
        assert!(page.items.iter().all(|n| n.read));
        assert_eq!(
            s.unread_notifications(p[1]).await.unwrap(),
            1,
            "another person's stay unread"
        );

        thank(&s, o, (p[3], p[0]), Visibility::Private, at(11)).await;
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), 1);
    })
    .await;
}

/// Interaction partners are everyone a person dealt with either way, most
/// recent first; counts of what they started are per kind and since a time.
#[tokio::test]
async fn partners_are_listed_most_recent_first_and_started_events_counted() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(0)).await;
        thank(&s, o, (p[2], p[0]), Visibility::Private, at(5)).await;
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(10)).await;
        delegate(&s, o, (p[0], p[3]), "Small thing", at(3)).await;
        thank(&s, o, (p[1], p[2]), Visibility::Private, at(20)).await;

        let partners: Vec<_> = s
            .interaction_partners(o, p[0])
            .await
            .unwrap()
            .iter()
            .map(|x| (x.id, x.last))
            .collect();
        assert_eq!(partners, [(p[1], at(10)), (p[2], at(5)), (p[3], at(3))]);
        assert_eq!(
            s.count_events_from(o, p[0], Kind::Thanked, at(0))
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            s.count_events_from(o, p[0], Kind::Thanked, at(1))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            s.count_events_from(o, p[0], Kind::Delegated, at(0))
                .await
                .unwrap(),
            1
        );
        let globex = org(&s, "globex").await;
        assert_eq!(
            s.count_events_from(globex, p[0], Kind::Thanked, at(0))
                .await
                .unwrap(),
            0
        );
    })
    .await;
}

/// A person's notifications page newest first, each seen exactly once,
/// through ties in creation time and one arriving between two pages; the
/// last page says there is no next one.
#[tokio::test]
async fn notifications_page_newest_first_each_seen_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        for i in 0..10_i64 {
            // Several at each minute: the cursor's id breaks the tie.
            let from = p[1 + (i % 3) as usize];
            thank(&s, o, (from, p[0]), Visibility::Private, at(i / 3)).await;
        }
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(1)).await;
        let everything = s.notifications(p[0], 100, None).await.unwrap().items;
        assert_eq!(everything.len(), 10);
        assert!(
            everything
                .windows(2)
                .all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)),
            "newest first, ties by id"
        );

        let mut arrived = false;
        let pages = walk!(|after| {
            let page = s.notifications(p[0], 4, after).await;
            if !arrived {
                thank(&s, o, (p[1], p[0]), Visibility::Private, at(60)).await;
                arrived = true;
            }
            page
        });
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
        let walked: Vec<_> = pages.concat().iter().map(|n| n.id).collect();
        let expected: Vec<_> = everything.iter().map(|n| n.id).collect();
        assert_eq!(
            walked, expected,
            "each once, in order, the late one not among them"
        );
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), 11);
    })
    .await;
}

/// The events between a person and some others are theirs, either way, in
/// order; a third person's and another organization's are left out.
#[tokio::test]
async fn events_between_a_person_and_others_go_both_ways_and_no_further() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        let (globex, g) = org_with(&s, "globex", 2).await;
        thank(&s, o, (p[0], p[1]), Visibility::Private, at(1)).await;
        thank(&s, o, (p[1], p[0]), Visibility::Private, at(2)).await;
        thank(&s, o, (p[0], p[2]), Visibility::Private, at(3)).await;
        thank(&s, o, (p[1], p[2]), Visibility::Private, at(4)).await; // not mine
        thank(&s, o, (p[0], p[3]), Visibility::Private, at(5)).await; // not asked
        thank(&s, globex, (g[0], g[1]), Visibility::Private, at(6)).await;

        let between = s.events_between(o, p[0], &[p[1], p[2]]).await.unwrap();
        let pairs: Vec<_> = between.iter().map(|e| (e.from, e.to)).collect();
        assert_eq!(pairs, [(p[0], p[1]), (p[1], p[0]), (p[0], p[2])]);
        assert!(s.events_between(o, p[0], &[]).await.unwrap().is_empty());
        assert!(
            s.events_between(globex, p[0], &[p[1]])
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
