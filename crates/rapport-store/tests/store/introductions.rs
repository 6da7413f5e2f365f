//! Introductions: answering one's side, the once-per-period claim of a
//! round, who takes part, "don't pair me with", and team invitations.

use crate::{
    add_in, assert_conflict, assert_not_found, at, each_backend, each_backend_twice, event_kinds,
    notices_of, org, org_with, team,
};
use chrono::{DateTime, Duration, Utc};
use rapport_core::{OrgId, PersonId};
use rapport_store::{Introduction, Message, Store, StoreResult};

async fn introductions(s: &Store, o: OrgId, p: PersonId) -> Vec<Introduction> {
    s.list_introductions(o, p, 50).await.unwrap()
}

/// What a person is told of the one they are introduced to.
fn meet(name: &str) -> Message {
    Message {
        text: format!("Meet {name}"),
        link: "/introductions".into(),
    }
}

async fn introduce(
    s: &Store,
    o: OrgId,
    round: &str,
    pairs: &[(PersonId, PersonId)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    s.create_introductions(o, round, pairs, meet, now).await
}

/// What a team's members are told when it is invited.
fn invitation() -> Message {
    Message {
        text: "Your team is invited to introductions".into(),
        link: "/introductions".into(),
    }
}

/// Each person answers their own side once; "done" records that the two
/// met, "skipped" records nothing; nobody else can answer.
#[tokio::test]
async fn each_person_answers_their_side_of_an_introduction_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (globex, _) = org_with(&s, "globex", 0).await;
        introduce(&s, o, "2025-W23", &[(p[0], p[1])], at(0))
            .await
            .unwrap();
        let intro = introductions(&s, o, p[0]).await.remove(0);
        assert_eq!((intro.other.0, intro.my_state.as_str()), (p[1], "pending"));
        assert_eq!(
            s.pending_introductions(o, p[1]).await.unwrap(),
            [(p[0], at(0))]
        );

        s.answer_introduction(o, intro.id, p[0], "done", at(1))
            .await
            .unwrap();
        assert_eq!(event_kinds(&s, o).await, ["met"]);
        assert_conflict(
            s.answer_introduction(o, intro.id, p[0], "skipped", at(2))
                .await,
            "introduction_answered",
        );
        assert_not_found(
            s.answer_introduction(o, intro.id, p[2], "done", at(2))
                .await,
        );
        assert_not_found(
            s.answer_introduction(globex, intro.id, p[1], "done", at(2))
                .await,
        );
        s.answer_introduction(o, intro.id, p[1], "skipped", at(3))
            .await
            .unwrap();
        assert_eq!(event_kinds(&s, o).await, ["met"], "a skip is no meeting");

        assert_eq!(introductions(&s, o, p[0]).await[0].my_state, "done");
        assert_eq!(introductions(&s, o, p[1]).await[0].my_state, "skipped");
        assert!(s.pending_introductions(o, p[0]).await.unwrap().is_empty());
        assert!(s.pending_introductions(o, p[1]).await.unwrap().is_empty());
        assert!(introductions(&s, o, p[2]).await.is_empty());
    })
    .await;
}

/// A periodic job runs once per organization and period, even when two
/// instances claim it at the same moment.
#[tokio::test]
async fn a_round_is_claimed_by_exactly_one_instance() {
    each_backend_twice(|one, two| async move {
        let (acme, globex) = (org(&one, "acme").await, org(&one, "globex").await);
        for week in 20..25 {
            let period = format!("2025-W{week}");
            let (a, b) = tokio::join!(
                one.claim_job_run(acme, "introductions", &period, at(0)),
                two.claim_job_run(acme, "introductions", &period, at(0)),
            );
            assert!(a.unwrap() != b.unwrap(), "exactly one claim wins {period}");
        }
        assert!(
            !one.claim_job_run(acme, "introductions", "2025-W20", at(9))
                .await
                .unwrap()
        );
        assert!(
            one.claim_job_run(acme, "digests", "2025-W20", at(9))
                .await
                .unwrap()
        );
        assert!(
            two.claim_job_run(globex, "introductions", "2025-W20", at(9))
                .await
                .unwrap()
        );
    })
    .await;
}

/// Only people who opted in take part, with their snoozes; "don't pair me
/// with" is kept until lifted, and only for someone of the organization.
#[tokio::test]
async fn only_people_who_opted_in_take_part_and_blocks_are_kept() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        let (_, g) = org_with(&s, "globex", 1).await;
        s.set_intro_prefs(p[0], true, None, at(0)).await.unwrap();
        s.set_intro_prefs(p[1], true, Some(at(0) + Duration::days(7)), at(0))
            .await
            .unwrap();
        s.set_intro_prefs(p[2], true, None, at(0)).await.unwrap();
        s.set_intro_prefs(p[2], false, None, at(1)).await.unwrap();

        let mut candidates = s.intro_candidates(o).await.unwrap();
        candidates.sort_by_key(|c| if c.id == p[0] { 0 } else { 1 });
        let found: Vec<_> = candidates.iter().map(|c| (c.id, c.snoozed_until)).collect();
        assert_eq!(
            found,
            [(p[0], None), (p[1], Some(at(0) + Duration::days(7)))]
        );
        assert!(!s.intro_prefs(p[2]).await.unwrap().opted_in);
        assert_eq!(s.intro_prefs(p[3]).await.unwrap(), Default::default());

        s.set_intro_block(o, p[0], p[3], true).await.unwrap();
        s.set_intro_block(o, p[0], p[3], true).await.unwrap();
        assert_eq!(
            s.intro_prefs(p[0]).await.unwrap().blocked,
            [(p[3], "P3 acme".to_string())]
        );
        assert_eq!(
            s.intro_exclusions(o, at(0)).await.unwrap().0,
            [(p[0], p[3])]
        );
        s.set_intro_block(o, p[0], p[3], false).await.unwrap();
        assert!(s.intro_prefs(p[0]).await.unwrap().blocked.is_empty());
        assert_not_found(s.set_intro_block(o, p[0], g[0], true).await);
        assert!(s.intro_exclusions(o, at(0)).await.unwrap().0.is_empty());
    })
    .await;
}

/// A round's pairs are excluded from later rounds for the look-back
/// period, and each person is told who they meet; introductions are listed
/// newest first.
#[tokio::test]
async fn recent_pairs_are_excluded_and_introductions_listed_newest_first() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        introduce(&s, o, "W1", &[(p[0], p[1])], at(0))
            .await
            .unwrap();
        introduce(&s, o, "W2", &[(p[0], p[2]), (p[1], p[3])], at(10))
            .await
            .unwrap();
        let (_, recent) = s.intro_exclusions(o, at(10)).await.unwrap();
        let mut recent = recent;
        recent.sort_by_key(|(a, _)| if *a == p[0] { 0 } else { 1 });
        assert_eq!(recent, [(p[0], p[2]), (p[1], p[3])]);
        assert_eq!(s.intro_exclusions(o, at(0)).await.unwrap().1.len(), 3);

        let others: Vec<_> = introductions(&s, o, p[0])
            .await
            .iter()
            .map(|i| i.other.0)
            .collect();
        assert_eq!(others, [p[2], p[1]]);
        assert_eq!(s.list_introductions(o, p[0], 1).await.unwrap().len(), 1);
        assert_eq!(s.unread_notifications(p[0]).await.unwrap(), 2);
        assert_eq!(s.unread_notifications(p[3]).await.unwrap(), 1);
        let told = |names: &[&str]| -> Vec<(String, String)> {
            names.iter().map(|n| (meet(n).text, meet(n).link)).collect()
        };
        assert_eq!(notices_of(&s, p[0]).await, told(&["P2 acme", "P1 acme"]));
        assert_eq!(notices_of(&s, p[2]).await, told(&["P0 acme"]));
        assert_eq!(notices_of(&s, p[3]).await, told(&["P1 acme"]));
    })
    .await;
}

/// Inviting a team tells its members without opting anyone in or out; a
/// team of nobody, or of another organization, is `NotFound`.
#[tokio::test]
async fn inviting_a_team_tells_its_members_without_opting_them_in() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let globex = org(&s, "globex").await;
        let platform = team(&s, o, "Platform").await;
        let empty = team(&s, o, "Empty").await;
        let theirs = team(&s, globex, "Theirs").await;
        let x = add_in(&s, globex, theirs, "x@globex.example", "X").await;
        let keen = add_in(&s, o, platform, "keen@acme.example", "Keen").await;
        let new = add_in(&s, o, platform, "new@acme.example", "New").await;
        s.set_intro_prefs(keen, true, None, at(0)).await.unwrap();

        assert_eq!(
            s.invite_team_to_introductions(o, platform, &invitation(), at(1))
                .await
                .unwrap(),
            2
        );
        let (k, n) = (
            s.intro_prefs(keen).await.unwrap(),
            s.intro_prefs(new).await.unwrap(),
        );
        assert_eq!((k.invited, k.opted_in), (true, true));
        assert_eq!((n.invited, n.opted_in), (true, false));
        let m = invitation();
        for member in [keen, new] {
            assert_eq!(
                notices_of(&s, member).await,
                [(m.text.clone(), m.link.clone())]
            );
        }
        assert_not_found(
            s.invite_team_to_introductions(o, empty, &invitation(), at(1))
                .await,
        );
        assert_not_found(
            s.invite_team_to_introductions(o, theirs, &invitation(), at(1))
                .await,
        );
        assert!(notices_of(&s, x).await.is_empty());
    })
    .await;
}
