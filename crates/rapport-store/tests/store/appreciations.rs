//! Thanks: who may see a thank-you, the list's order and limit, and what
//! a thank-you leaves behind.

use crate::{add, add_in, assert_not_found, at, each_backend, org, org_with, team, thank};
use rapport_core::{OrgId, PersonId, TeamId};
use rapport_store::{Appreciation, NewAppreciation, Store};

async fn seen_by(s: &Store, o: OrgId, p: PersonId, t: Option<TeamId>) -> Vec<String> {
    let list = s.list_appreciations(o, p, t, 50).await.unwrap();
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
        thank(&s, o, (giver, priv_to), "private", at(0)).await;
        thank(&s, o, (giver, team_to), "team", at(1)).await;

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
            thank(&s, o, (p[0], p[i]), "private", at(i as i64)).await;
        }
        thank(&s, o, (p[3], p[0]), "private", at(10)).await;
        let list = s.list_appreciations(o, p[0], None, 3).await.unwrap();
        let pairs: Vec<(PersonId, PersonId)> = list.iter().map(|a| (a.from_id, a.to_id)).collect();
        assert_eq!(pairs, [(p[3], p[0]), (p[0], p[4]), (p[0], p[3])]);
        assert!(list.windows(2).all(|w| w[0].created_at > w[1].created_at));
        assert_eq!(
            s.list_appreciations(o, p[0], None, 50).await.unwrap().len(),
            5
        );
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
            visibility: "private",
            delegation_id: None,
            help_request_id: None,
        };
        assert_not_found(s.create_appreciation(acme, &across, at(0)).await);
        assert_not_found(s.create_appreciation(globex, &across, at(0)).await);
        assert!(
            s.list_appreciations(acme, a[0], None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            s.list_appreciations(globex, g[0], None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(s.events_after(acme, 0).await.unwrap().is_empty());
        assert_eq!(s.unread_notifications(g[0]).await.unwrap(), 0);
    })
    .await;
}

/// A thank-you lands with its event for the trust engine and a notice for
/// its recipient that carries rapport's words, not the message.
#[tokio::test]
async fn a_thank_you_lands_with_its_event_and_notification() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let a: Appreciation = s
            .create_appreciation(
                o,
                &NewAppreciation {
                    from: p[0],
                    to: p[1],
                    message: "You saved the launch".into(),
                    visibility: "private",
                    delegation_id: None,
                    help_request_id: None,
                },
                at(0),
            )
            .await
            .unwrap();
        assert_eq!(
            (a.message.as_str(), a.created_at),
            ("You saved the launch", at(0))
        );
        let events = s.events_after(o, 0).await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            (events[0].from, events[0].to, events[0].subject),
            (p[0], p[1], Some(a.id.0))
        );
        let (notes, unread) = s.notifications(p[1], 10).await.unwrap();
        assert_eq!(unread, 1);
        assert!(
            !notes[0].text.contains("saved the launch"),
            "{}",
            notes[0].text
        );
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), 0);
    })
    .await;
}
