//! Two-sided check-ins: the sealed answers and the mutual reveal, one open
//! check-in per pair, the window's close, and answers arriving together.

use crate::{
    assert_conflict, assert_not_found, at, each_backend, each_backend_twice, event_kinds, notice,
    notices_of, org_with,
};
use chrono::Duration;
use rapport_core::checkin::{Answer, Scores, Status};
use rapport_core::{CheckInId, OrgId, PersonId};
use rapport_store::{AnswerNotices, CheckIn, Store, StoreResult};

/// An answer with every score `n`.
fn answer(n: u8, improve: &str) -> Answer {
    let scores = Scores {
        count_on: n,
        would_help: n,
        admit_mistakes: n,
        communication: n,
        know_as_person: n,
    };
    Answer::parse(scores, improve, "Our stand-ups").unwrap()
}

/// A check-in started at `at(minute)` whose window is 14 days; `b` is
/// told they were asked.
async fn start(
    s: &Store,
    o: OrgId,
    (a, b): (PersonId, PersonId),
    minute: i64,
) -> StoreResult<CheckIn> {
    let id = CheckInId::new();
    let asked = notice(b, "Asked for your perspective", &format!("/check-ins/{id}"));
    let (now, closes) = (at(minute), at(minute) + Duration::days(14));
    s.start_check_in(o, id, a, b, &asked, now, closes).await
}

/// What an answer to `c` by `who` tells: the other person that it waits
/// for theirs, or both that it is revealed.
fn told(c: &CheckIn, who: PersonId) -> AnswerNotices {
    let link = format!("/check-ins/{}", c.id);
    let other = if c.a.0 == who { c.b.0 } else { c.a.0 };
    AnswerNotices {
        waiting: notice(other, "An answer waits for yours", &link),
        revealed: [
            notice(c.a.0, "Your check-in is revealed", &link),
            notice(c.b.0, "Your check-in is revealed", &link),
        ],
    }
}

async fn answer_at(
    s: &Store,
    o: OrgId,
    c: &CheckIn,
    who: PersonId,
    a: &Answer,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<CheckIn> {
    s.answer_check_in(o, c.id, who, a, &told(c, who), now).await
}

async fn reply(s: &Store, o: OrgId, c: &CheckIn, who: PersonId, n: u8) -> StoreResult<CheckIn> {
    let a = answer(n, &format!("Answer {n}"));
    answer_at(s, o, c, who, &a, at(30)).await
}

/// An answer is sealed: the other person learns only that it exists, until
/// they answer too; then both see both.
#[tokio::test]
async fn an_answer_stays_sealed_until_both_have_answered() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let c = start(&s, o, (p[0], p[1]), 0).await.unwrap();
        let link = format!("/check-ins/{}", c.id);
        let says = |text: &str| (text.to_string(), link.clone());
        assert_eq!(
            notices_of(&s, p[1]).await,
            [says("Asked for your perspective")]
        );
        let mine = reply(&s, o, &c, p[0], 2).await.unwrap();
        assert_eq!(mine.mine.as_ref().unwrap().improve, "Answer 2");
        assert!(mine.theirs.is_none());
        assert_eq!(
            notices_of(&s, p[1]).await[0],
            says("An answer waits for yours")
        );
        assert!(notices_of(&s, p[0]).await.is_empty());

        let seen_by_b = s.check_in(o, c.id, p[1]).await.unwrap();
        assert_eq!(seen_by_b.status, Status::Open);
        assert!(seen_by_b.other_answered && !seen_by_b.answered);
        assert!(seen_by_b.theirs.is_none(), "sealed before the reveal");

        let revealed = reply(&s, o, &c, p[1], 4).await.unwrap();
        assert_eq!(
            (revealed.status, revealed.revealed_at),
            (Status::Revealed, Some(at(30)))
        );
        assert_eq!(revealed.theirs.unwrap().scores.count_on, 2);
        let seen_by_a = s.check_in(o, c.id, p[0]).await.unwrap();
        assert_eq!(seen_by_a.theirs.unwrap().improve, "Answer 4");
        assert_eq!(
            notices_of(&s, p[0]).await,
            [says("Your check-in is revealed")],
            "told of the reveal, as worded, and not that anything waits"
        );
        let mut b_told = notices_of(&s, p[1]).await;
        b_told.sort();
        assert_eq!(
            b_told,
            [
                says("An answer waits for yours"),
                says("Asked for your perspective"),
                says("Your check-in is revealed"),
            ]
        );
    })
    .await;
}

/// Each of the two answers once; nobody else can answer or read it, not
/// a colleague, not another organization.
#[tokio::test]
async fn only_the_pair_answers_and_each_only_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (globex, g) = org_with(&s, "globex", 1).await;
        let c = start(&s, o, (p[0], p[1]), 0).await.unwrap();
        reply(&s, o, &c, p[0], 3).await.unwrap();
        assert_conflict(reply(&s, o, &c, p[0], 5).await, "already_answered");
        assert_eq!(
            s.check_in(o, c.id, p[0])
                .await
                .unwrap()
                .mine
                .unwrap()
                .scores
                .count_on,
            3
        );
        assert_not_found(reply(&s, o, &c, p[2], 3).await);
        assert_not_found(s.check_in(o, c.id, p[2]).await);
        assert_not_found(s.check_in(globex, c.id, p[0]).await);
        assert_not_found(reply(&s, globex, &c, p[1], 3).await);
        assert_not_found(start(&s, o, (p[0], g[0]), 1).await);
        assert_eq!(
            s.check_in(o, c.id, p[1]).await.unwrap().status,
            Status::Open
        );
    })
    .await;
}

/// One open check-in per pair, whoever starts it; a new one once the last
/// has closed.
#[tokio::test]
async fn a_pair_has_one_open_check_in_at_a_time() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let first = start(&s, o, (p[0], p[1]), 0).await.unwrap();
        assert_conflict(start(&s, o, (p[0], p[1]), 1).await, "check_in_open");
        assert_conflict(start(&s, o, (p[1], p[0]), 1).await, "check_in_open");
        start(&s, o, (p[0], p[2]), 1).await.unwrap();
        assert_eq!(s.close_expired_check_ins(first.closes_at).await.unwrap(), 1);
        let next = start(&s, o, (p[1], p[0]), 14 * 24 * 60 + 1).await.unwrap();
        assert_eq!(next.status, Status::Open);
        assert_eq!(s.list_check_ins(o, p[0], 10).await.unwrap().len(), 3);
    })
    .await;
}

/// Two instances starting the same pair's check-in at once open one of them.
#[tokio::test]
async fn two_starts_at_once_open_one_check_in() {
    each_backend_twice(|one, two| async move {
        let (o, p) = org_with(&one, "acme", 2).await;
        for round in 0..5 {
            let minute = round * 15 * 24 * 60;
            one.close_expired_check_ins(at(minute)).await.unwrap();
            let (a, b) = tokio::join!(
                start(&one, o, (p[0], p[1]), minute),
                start(&two, o, (p[1], p[0]), minute),
            );
            assert!(
                a.is_ok() != b.is_ok(),
                "exactly one starts: {:?} / {:?}",
                a.map(|c| c.id),
                b.map(|c| c.id)
            );
            let open = one.open_check_ins(o, p[0], at(minute)).await.unwrap();
            assert_eq!(open.len(), 1, "round {round}");
        }
    })
    .await;
}

/// When the window closes with one answer, that answer is deleted: never
/// revealed to anyone, its author included; nobody can answer any more.
#[tokio::test]
async fn a_lone_answer_is_deleted_when_the_window_closes() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let c = start(&s, o, (p[0], p[1]), 0).await.unwrap();
        reply(&s, o, &c, p[0], 1).await.unwrap();
        let late = answer_at(&s, o, &c, p[1], &answer(5, "Late"), c.closes_at).await;
        assert_conflict(late, "check_in_closed");
        assert_eq!(
            s.close_expired_check_ins(c.closes_at - Duration::milliseconds(1))
                .await
                .unwrap(),
            0
        );
        assert_eq!(s.close_expired_check_ins(c.closes_at).await.unwrap(), 1);
        assert_eq!(s.close_expired_check_ins(c.closes_at).await.unwrap(), 0);
        for viewer in [p[0], p[1]] {
            let seen = s.check_in(o, c.id, viewer).await.unwrap();
            assert_eq!(seen.status, Status::Closed);
            assert!(seen.mine.is_none() && seen.theirs.is_none());
            assert!(!seen.answered && !seen.other_answered);
        }
        assert_conflict(reply(&s, o, &c, p[1], 5).await, "check_in_closed");
        assert!(
            s.open_check_ins(o, p[0], c.closes_at)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

/// The two answers arriving together, through two instances, reveal the
/// check-in exactly once: both answers kept, one revealed event each way.
#[tokio::test]
async fn two_answers_at_once_reveal_exactly_once() {
    each_backend_twice(|one, two| async move {
        let (o, p) = org_with(&one, "acme", 2).await;
        for round in 0..5 {
            let c = start(&one, o, (p[0], p[1]), round).await.unwrap();
            let (a, b) = tokio::join!(reply(&one, o, &c, p[0], 2), reply(&two, o, &c, p[1], 4));
            a.unwrap();
            b.unwrap();
            let seen = one.check_in(o, c.id, p[0]).await.unwrap();
            assert_eq!(seen.status, Status::Revealed, "round {round}");
            assert_eq!(seen.theirs.unwrap().scores.count_on, 4);
            let reveals = event_kinds(&one, o)
                .await
                .into_iter()
                .filter(|k| k == "check_in_revealed")
                .count();
            assert_eq!(reveals as i64, 2 * (round + 1), "round {round}");
        }
    })
    .await;
}

/// A person's check-ins come newest first, up to the limit, saying who has
/// answered but never what.
#[tokio::test]
async fn a_persons_check_ins_are_listed_newest_first_without_answers() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        let oldest = start(&s, o, (p[0], p[1]), 0).await.unwrap();
        let middle = start(&s, o, (p[2], p[0]), 1).await.unwrap();
        let newest = start(&s, o, (p[0], p[3]), 2).await.unwrap();
        start(&s, o, (p[1], p[2]), 3).await.unwrap();
        reply(&s, o, &middle, p[2], 3).await.unwrap();
        reply(&s, o, &newest, p[0], 3).await.unwrap();

        let list = s.list_check_ins(o, p[0], 10).await.unwrap();
        let ids: Vec<_> = list.iter().map(|c| c.id).collect();
        assert_eq!(ids, [newest.id, middle.id, oldest.id]);
        let flags: Vec<_> = list
            .iter()
            .map(|c| (c.answered, c.other_answered))
            .collect();
        assert_eq!(flags, [(true, false), (false, true), (false, false)]);
        assert!(list.iter().all(|c| c.mine.is_none() && c.theirs.is_none()));
        assert_eq!(list[1].other(p[0]).0, p[2]);
        assert_eq!(s.list_check_ins(o, p[0], 2).await.unwrap().len(), 2);
    })
    .await;
}
