//! The digest queue (queued once per person and period, claimed with a
//! lease, retried after a backoff) and email preferences.

use crate::{assert_not_found, at, can_sign_in, each_backend, each_backend_twice, org_with};
use chrono::Duration;
use rapport_core::{OrgId, PersonId};
use rapport_store::{EmailJob, JobResult, Store};
use std::collections::BTreeSet;

const LEASE: i64 = 5;

async fn claim(s: &Store, minute: i64, limit: i64) -> Vec<EmailJob> {
    s.claim_email_jobs(at(minute), Duration::minutes(LEASE), limit)
        .await
        .unwrap()
}

async fn counts(s: &Store, o: OrgId) -> Vec<(String, i64)> {
    s.email_job_counts(o).await.unwrap()
}

fn count(status: &str, n: i64) -> (String, i64) {
    (status.to_string(), n)
}

async fn queue(s: &Store, o: OrgId, p: PersonId, period: &str, minute: i64) -> bool {
    s.enqueue_digest(o, p, period, at(minute)).await.unwrap()
}

/// Queueing a person's digest twice for a period adds one job; another
/// period is another job.
#[tokio::test]
async fn a_digest_is_queued_once_per_person_and_period() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        assert!(queue(&s, o, p[0], "2025-W23", 0).await);
        assert!(!queue(&s, o, p[0], "2025-W23", 1).await);
        assert!(queue(&s, o, p[0], "2025-W24", 2).await);
        assert!(queue(&s, o, p[1], "2025-W23", 3).await);
        assert_eq!(counts(&s, o).await, [count("pending", 3)]);
        let mine = s.email_jobs_for(p[0], 10).await.unwrap();
        let periods: Vec<_> = mine.iter().map(|j| j.period.as_str()).collect();
        assert_eq!(periods, ["2025-W24", "2025-W23"]);
        assert_eq!(mine[1].created_at, at(0), "the first queueing stands");
        assert_eq!(s.email_jobs_for(p[0], 1).await.unwrap().len(), 1);
    })
    .await;
}

/// A claimed digest is not claimed again while its lease runs; once it
/// has run out, another worker takes it, and only that worker may record
/// the result.
#[tokio::test]
async fn a_claimed_digest_is_held_for_its_lease_and_only_its_holder_finishes_it() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 1).await;
        queue(&s, o, p[0], "2025-W23", 0).await;
        let first = claim(&s, 0, 10).await;
        assert_eq!(first.len(), 1);
        assert_eq!(
            (
                first[0].status.as_str(),
                first[0].attempts,
                first[0].lease_until
            ),
            ("sending", 1, Some(at(LEASE)))
        );
        assert!(
            claim(&s, LEASE - 1, 10).await.is_empty(),
            "held by its lease"
        );

        let second = claim(&s, LEASE, 10).await;
        assert_eq!((second.len(), second[0].attempts), (1, 2));
        let sent = |subject: &str| JobResult::Sent {
            subject: subject.into(),
        };
        assert!(
            !s.finish_email_job(&first[0], &sent("stale"), at(6))
                .await
                .unwrap()
        );
        assert!(
            s.finish_email_job(&second[0], &sent("Your week"), at(7))
                .await
                .unwrap()
        );
        assert!(
            !s.finish_email_job(&second[0], &sent("twice"), at(8))
                .await
                .unwrap()
        );
        let job = s.email_jobs_for(p[0], 1).await.unwrap().remove(0);
        assert_eq!(
            (
                job.status.as_str(),
                job.subject.as_deref(),
                job.sent_at,
                job.lease_until
            ),
            ("sent", Some("Your week"), Some(at(7)), None)
        );
        assert!(claim(&s, 60, 10).await.is_empty(), "a sent digest is done");
    })
    .await;
}

/// Two workers claiming at the same moment, through two instances, never
/// take the same digest, and between them take every one.
#[tokio::test]
async fn two_workers_claiming_at_once_never_get_the_same_digest() {
    each_backend_twice(|one, two| async move {
        let (o, p) = org_with(&one, "acme", 30).await;
        for (i, person) in p.iter().enumerate() {
            queue(&one, o, *person, "2025-W23", i as i64 % 3).await;
        }
        let worker = |s: Store| async move {
            let mut mine = vec![];
            loop {
                let got = claim(&s, 10, 3).await;
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|j| j.id));
            }
        };
        let (a, b) = tokio::join!(worker(one.clone()), worker(two.clone()));
        let (a_set, b_set): (BTreeSet<_>, BTreeSet<_>) =
            (a.iter().copied().collect(), b.iter().copied().collect());
        assert_eq!(
            a_set.len() + b_set.len(),
            a.len() + b.len(),
            "no worker claimed a job twice"
        );
        assert!(a_set.is_disjoint(&b_set), "a job claimed by both workers");
        assert_eq!(a.len() + b.len(), 30);
        assert_eq!(counts(&one, o).await, [count("sending", 30)]);
    })
    .await;
}

/// A transient failure waits for its backoff and is tried again; every
/// ending is recorded with what it says (error, subject, time).
#[tokio::test]
async fn a_retried_digest_waits_for_its_backoff_and_each_result_is_recorded() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        for (i, person) in p.iter().enumerate() {
            queue(&s, o, *person, "2025-W23", i as i64).await;
        }
        let jobs = claim(&s, 10, 10).await;
        let of = |person: PersonId| jobs.iter().find(|j| j.person_id == person).unwrap();
        let retry = JobResult::Retry {
            error: "451 try later".into(),
            next: at(40),
        };
        assert!(s.finish_email_job(of(p[0]), &retry, at(11)).await.unwrap());
        let failed = JobResult::Failed {
            error: "550 no such user".into(),
        };
        assert!(s.finish_email_job(of(p[1]), &failed, at(11)).await.unwrap());
        assert!(
            s.finish_email_job(of(p[2]), &JobResult::Skipped, at(11))
                .await
                .unwrap()
        );
        let sent = JobResult::Sent {
            subject: "Your week".into(),
        };
        assert!(s.finish_email_job(of(p[3]), &sent, at(11)).await.unwrap());

        let waiting = s.email_jobs_for(p[0], 1).await.unwrap().remove(0);
        assert_eq!(
            (
                waiting.status.as_str(),
                waiting.last_error.as_deref(),
                waiting.next_attempt_at
            ),
            ("pending", Some("451 try later"), at(40))
        );
        let failed = s.email_jobs_for(p[1], 1).await.unwrap().remove(0);
        assert_eq!(failed.last_error.as_deref(), Some("550 no such user"));
        assert_eq!(
            counts(&s, o).await,
            [
                count("failed", 1),
                count("pending", 1),
                count("sent", 1),
                count("skipped", 1)
            ]
        );

        assert!(claim(&s, 39, 10).await.is_empty(), "not before its backoff");
        let again = claim(&s, 40, 10).await;
        assert_eq!(
            again
                .iter()
                .map(|j| (j.person_id, j.attempts))
                .collect::<Vec<_>>(),
            [(p[0], 2)]
        );
    })
    .await;
}

/// Digests go to people who can sign in and have not turned them off; the
/// unsubscribe token turns off that one person's digests.
#[tokio::test]
async fn unsubscribing_turns_off_that_persons_digests_only() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        for person in &p[..3] {
            can_sign_in(&s, o, *person).await;
        }
        let (freq, token) = s.email_prefs(p[0], at(0)).await.unwrap();
        assert_eq!(freq, "weekly");
        assert_eq!(
            s.email_prefs(p[0], at(1)).await.unwrap(),
            (freq, token.clone())
        );
        s.set_email_frequency(p[1], "daily", at(1)).await.unwrap();

        assert_eq!(s.unsubscribe(&token, at(2)).await.unwrap(), p[0]);
        assert_not_found(s.unsubscribe("no-such-token", at(2)).await);
        let mut digests: Vec<_> = s
            .digest_people()
            .await
            .unwrap()
            .into_iter()
            .map(|d| (d.person_id, d.frequency))
            .collect();
        digests.sort();
        let mut expected = vec![(p[1], "daily".to_string()), (p[2], "weekly".to_string())];
        expected.sort();
        assert_eq!(digests, expected);
        assert_eq!(s.email_prefs(p[0], at(3)).await.unwrap().0, "off");
    })
    .await;
}
