//! Thanks: who may see a thank-you, the list's order and limit, and what
//! a thank-you leaves behind.

use crate::{
    THANKED, add, add_in, assert_not_found, at, each_backend, notice, org, org_with, team, thank,
};
use rapport_core::events::Payload;
use rapport_core::{AppreciationId, OrgId, PersonId, TeamId, Visibility};
use rapport_store::{Appreciation, NewAppreciation, Store};

/// The thanks a person may see (one page of up to `limit`).
async fn listed(
    s: &Store,
    o: OrgId,
    p: PersonId,
    t: Option<TeamId>,
    limit: u32,
) -> Vec<Appreciation> {
    s.list_appreciations(o, p, t, limit, None)
        .await
        .unwrap()
        .items
}

async fn seen_by(s: &Store, o: OrgId, p: PersonId, t: Option<TeamId>) -> Vec<String> {
    let list = listed(s, o, p, t, 50).await;
    list.into_iter().map(|a| a.to_name).collect()
}

/// A private thank-you is seen by its two people only; a team one also by
/// the recipient's teammates, and by no other team.
#[tokio::test]
async fn thanks_are_seen_by_the_two_people_and_a_team_thanks_by_the_recipients_team() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let (platform, sales) = (team(&s, o, "Platform").await, team(&s, o, "Sales").await);
        let giver = add_in(&s, o, sales, "giver@acme.example", "Giver").await;
        let priv_to = add_in(&s, o, platform, "priv@acme.example", "Private").await;
        let team_to = add_in(&s, o, platform, "team@acme.example", "Team").await;
        let mate = add_in(&s, o, platform, "mate@acme.example", "Mate").await;
        let seller = add_in(&s, o, sales, "seller@acme.example", "Seller").await;
        let loner = add(&s, o, "loner@acme.example", "Loner").await;
        thank(&s, o, (giver, priv_to), Visibility::Private, at(0)).await;
        let to_team = thank(&s, o, (giver, team_to), Visibility::Team, at(1)).await;
        assert_eq!(to_team.visibility, Visibility::Team);

        assert_eq!(
            seen_by(&s, o, giver, Some(sales)).await,
            ["Team", "Private"]
        );
        assert_eq!(
            seen_by(&s, o, priv_to, Some(platform)).await,
            ["Team", "Private"]
        );
        assert_eq!(seen_by(&s, o, team_to, Some(platform)).await, ["Team"]);
        assert_eq!(seen_by(&s, o, mate, Some(platform)).await, ["Team"]);
        assert!(seen_by(&s, o, seller, Some(sales)).await.is_empty());
        assert!(seen_by(&s, o, loner, None).await.is_empty());
    })
    .await;
}

/// Thanks come newest first, up to the limit.
#[tokio::test]
async fn thanks_are_listed_newest_first_up_to_the_limit() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 5).await;
        for i in 1..5 {
            thank(&s, o, (p[0], p[i]), Visibility::Private, at(i as i64)).await;
        }
        thank(&s, o, (p[3], p[0]), Visibility::Private, at(10)).await;
        let page = s.list_appreciations(o, p[0], None, 3, None).await.unwrap();
        assert!(page.next_cursor.is_some(), "more than the limit");
        let list = page.items;
        let pairs: Vec<(PersonId, PersonId)> = list.iter().map(|a| (a.from_id, a.to_id)).collect();
        assert_eq!(pairs, [(p[3], p[0]), (p[0], p[4]), (p[0], p[3])]);
        assert!(list.windows(2).all(|w| w[0].created_at > w[1].created_at));
        let all = s.list_appreciations(o, p[0], None, 50, None).await.unwrap();
        assert_eq!((all.items.len(), all.next_cursor), (5, None));
    })
    .await;
}

/// Thanking someone of another organization is `NotFound` and leaves
/// nothing behind: no thanks, no event, no notification.
#[tokio::test]
async fn thanking_someone_of_another_organization_leaves_nothing() {
    each_backend(|s| async move {
        let (acme, a) = org_with(&s, "acme", 1).await;
        let (globex, g) = org_with(&s, "globex", 1).await;
        let across = NewAppreciation {
            from: a[0],
            to: g[0],
            message: "Thanks".into(),
            visibility: Visibility::Private,
            delegation_id: None,
            help_request_id: None,
        };
        let told = notice(g[0], THANKED, "/thanks");
        assert_not_found(s.create_appreciation(acme, &across, &told, at(0)).await);
        assert_not_found(s.create_appreciation(globex, &across, &told, at(0)).await);
        assert!(listed(&s, acme, a[0], None, 10).await.is_empty());
        assert!(listed(&s, globex, g[0], None, 10).await.is_empty());
        assert!(s.events_after(acme, 0).await.unwrap().is_empty());
        assert_eq!(s.unread_notifications(g[0]).await.unwrap(), 0);
    })
    .await;
}

/// A thank-you lands with its event for the trust engine and, for its
/// recipient only, the notice the caller worded (the store adds no words
/// of its own, and never the message).
#[tokio::test]
async fn a_thank_you_lands_with_its_event_and_notification() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let told = notice(p[1], "Someone thanked you", "/thanks");
        let a: Appreciation = s
            .create_appreciation(
                o,
                &NewAppreciation {
                    from: p[0],
                    to: p[1],
                    message: "You saved the launch".into(),
                    visibility: Visibility::Private,
                    delegation_id: None,
                    help_request_id: None,
                },
                &told,
                at(0),
            )
            .await
            .unwrap();
        assert_eq!(
            (a.message.as_str(), a.visibility, a.created_at),
            ("You saved the launch", Visibility::Private, at(0))
        );
        let events = s.events_after(o, 0).await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            (
                events[0].from,
                events[0].to,
                events[0].subject,
                &events[0].payload
            ),
            (p[0], p[1], Some(a.id.0), &Ok(Payload::Thanked))
        );
        let page = s.notifications(p[1], 10, None).await.unwrap();
        assert_eq!(s.unread_notifications(p[1]).await.unwrap(), 1);
        let n = &page.items[0];
        assert_eq!(
            (n.text.as_str(), n.link.as_str(), n.created_at, n.read),
            ("Someone thanked you", "/thanks", at(0), false)
        );
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), 0);
    })
    .await;
}

/// The thanks a person may see page newest first, each seen exactly once,
/// through ties in creation time; the last page says there is no next one.
#[tokio::test]
async fn thanks_page_newest_first_each_seen_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        let mut made = Vec::new();
        for i in 0..9_i64 {
            // Given and received; three at each minute.
            let other = p[1 + (i % 3) as usize];
            let pair = if i % 2 == 0 {
                (p[0], other)
            } else {
                (other, p[0])
            };
            made.push(thank(&s, o, pair, Visibility::Private, at(i / 3)).await);
        }
        thank(&s, o, (p[1], p[2]), Visibility::Private, at(1)).await;
        let pages = walk!(|after| s.list_appreciations(o, p[0], None, 4, after).await);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 1]);
        let walked = pages.concat();
        assert!(
            walked
                .windows(2)
                .all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)),
            "newest first, ties by id"
        );
        let mut seen: Vec<AppreciationId> = walked.iter().map(|a| a.id).collect();
        let mut all: Vec<AppreciationId> = made.iter().map(|a| a.id).collect();
        seen.sort();
        all.sort();
        assert_eq!(seen, all, "each exactly once, and only their own");
    })
    .await;
}
