//! The xAPI statement queue and the Learning Record Store settings: kept
//! until an LRS is configured, queued once by id, claimed one organization
//! at a time with a lease, results recorded.

use crate::{at, each_backend, each_backend_twice, org};
use chrono::Duration;
use rapport_core::OrgId;
use rapport_store::{LrsSettings, QueuedStatement, Store};
use std::collections::BTreeSet;

fn lrs(endpoint: &str) -> LrsSettings {
    LrsSettings {
        endpoint: endpoint.into(),
        username: "key".into(),
        password: "secret".into(),
        actor: "opaque".into(),
    }
}

async fn configure(s: &Store, o: OrgId) {
    s.set_lrs_settings(o, Some(&lrs("https://lrs.example/xapi")), at(0))
        .await
        .unwrap();
}

/// Queues statements `{prefix}-0`, … at `at(minute)`.
async fn queue(s: &Store, o: OrgId, prefix: &str, n: usize, minute: i64) {
    let statements: Vec<(String, String)> = (0..n)
        .map(|i| (format!("{prefix}-{i}"), format!("{{\"n\":{i}}}")))
        .collect();
    s.queue_statements(o, &statements, at(minute))
        .await
        .unwrap();
}

async fn claim(s: &Store, minute: i64, limit: i64) -> Vec<QueuedStatement> {
    s.claim_statements(at(minute), Duration::minutes(5), limit)
        .await
        .unwrap()
}

/// The ids of claimed statements, sorted: a claim says which statements
/// it took, not in which order it returns them.
fn ids(claimed: &[QueuedStatement]) -> Vec<&str> {
    let mut ids: Vec<&str> = claimed.iter().map(|q| q.id.as_str()).collect();
    ids.sort();
    ids
}

/// An organization's LRS settings are its own; setting them again
/// replaces them, and removing them leaves none.
#[tokio::test]
async fn lrs_settings_belong_to_one_organization() {
    each_backend(|s| async move {
        let (acme, globex) = (org(&s, "acme").await, org(&s, "globex").await);
        s.set_lrs_settings(acme, Some(&lrs("https://one.example")), at(0))
            .await
            .unwrap();
        s.set_lrs_settings(acme, Some(&lrs("https://two.example")), at(1))
            .await
            .unwrap();
        assert_eq!(
            s.lrs_settings(acme).await.unwrap(),
            Some(lrs("https://two.example"))
        );
        assert_eq!(s.lrs_settings(globex).await.unwrap(), None);
        s.set_lrs_settings(acme, None, at(2)).await.unwrap();
        assert_eq!(s.lrs_settings(acme).await.unwrap(), None);
    })
    .await;
}

/// Statements wait, kept and untried, until their organization has an
/// LRS; a statement queued again by its id is left as it was.
#[tokio::test]
async fn statements_wait_for_an_lrs_and_are_queued_once_by_id() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        queue(&s, o, "st", 2, 0).await;
        s.queue_statements(o, &[("st-0".into(), "{\"changed\":true}".into())], at(1))
            .await
            .unwrap();
        assert!(claim(&s, 10, 10).await.is_empty(), "no LRS: nothing tried");
        assert_eq!(s.delivery_status(o).await.unwrap().pending, 2);

        configure(&s, o).await;
        let claimed = claim(&s, 10, 10).await;
        assert_eq!(ids(&claimed), ["st-0", "st-1"]);
        let st0 = claimed.iter().find(|q| q.id == "st-0").unwrap();
        assert_eq!(st0.body, "{\"n\":0}", "the first queueing stands");
        assert!(claimed.iter().all(|q| q.attempts == 1 && q.org_id == o));
    })
    .await;
}

/// A claim takes the statements of one organization, the one whose
/// statement has waited longest, in the order they were queued, up to the
/// limit.
#[tokio::test]
async fn a_claim_takes_one_organizations_statements_oldest_first() {
    each_backend(|s| async move {
        let (acme, globex) = (org(&s, "acme").await, org(&s, "globex").await);
        configure(&s, acme).await;
        configure(&s, globex).await;
        queue(&s, acme, "acme", 3, 5).await;
        queue(&s, globex, "globex", 2, 1).await;
        assert_eq!(ids(&claim(&s, 10, 10).await), ["globex-0", "globex-1"]);
        assert_eq!(ids(&claim(&s, 10, 2).await), ["acme-0", "acme-1"]);
        assert_eq!(ids(&claim(&s, 10, 2).await), ["acme-2"]);
        assert!(claim(&s, 10, 2).await.is_empty());
    })
    .await;
}

/// Claimed statements are held for their lease; a failed delivery is tried
/// again at its retry time; only the holder records results; the counts
/// say where statements are.
#[tokio::test]
async fn claimed_statements_are_held_for_their_lease_and_results_are_recorded() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        configure(&s, o).await;
        queue(&s, o, "st", 3, 0).await;
        let first = claim(&s, 0, 1).await;
        assert_eq!(ids(&claim(&s, 4, 10).await), ["st-1", "st-2"]);
        s.finish_statements(&first, Err(("503 busy", Some(at(30)))), at(1))
            .await
            .unwrap();
        let status = s.delivery_status(o).await.unwrap();
        assert_eq!((status.pending, status.sent, status.failed), (3, 0, 0));
        assert_eq!(status.last_error.as_deref(), Some("503 busy"));

        let expired = claim(&s, 29, 10).await;
        let attempts = |c: &[QueuedStatement]| -> Vec<(String, i64)> {
            let mut a: Vec<_> = c.iter().map(|q| (q.id.clone(), q.attempts)).collect();
            a.sort();
            a
        };
        assert_eq!(
            attempts(&expired),
            [("st-1".to_string(), 2), ("st-2".to_string(), 2)],
            "leases ran out; st-0 waits for its retry time"
        );
        let retried = claim(&s, 30, 10).await;
        assert_eq!(attempts(&retried), [("st-0".to_string(), 2)]);
        s.finish_statements(&first, Ok(()), at(31)).await.unwrap();
        assert_eq!(
            s.delivery_status(o).await.unwrap().sent,
            0,
            "a stale holder"
        );
        s.finish_statements(&retried, Ok(()), at(32)).await.unwrap();
        s.finish_statements(&expired, Err(("400 bad statement", None)), at(33))
            .await
            .unwrap();
        let status = s.delivery_status(o).await.unwrap();
        assert_eq!(
            (
                status.pending,
                status.sent,
                status.failed,
                status.last_sent_at
            ),
            (0, 1, 2, Some(at(32)))
        );
        assert_eq!(status.last_error.as_deref(), Some("400 bad statement"));
        assert!(
            claim(&s, 100, 10).await.is_empty(),
            "sent and failed are done"
        );
    })
    .await;
}

/// Two workers claiming at once, through two instances, never take the
/// same statement, and between them take every one.
#[tokio::test]
async fn two_workers_claiming_at_once_never_get_the_same_statement() {
    each_backend_twice(|one, two| async move {
        let o = org(&one, "acme").await;
        configure(&one, o).await;
        queue(&one, o, "st", 40, 0).await;
        let worker = |s: Store| async move {
            let mut mine = vec![];
            loop {
                let got = claim(&s, 1, 3).await;
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|q| q.id));
            }
        };
        let (a, b) = tokio::join!(worker(one.clone()), worker(two.clone()));
        let (a_set, b_set): (BTreeSet<_>, BTreeSet<_>) =
            (a.iter().cloned().collect(), b.iter().cloned().collect());
        assert_eq!(
            a_set.len() + b_set.len(),
            a.len() + b.len(),
            "no worker claimed twice"
        );
        assert!(
            a_set.is_disjoint(&b_set),
            "a statement claimed by both workers"
        );
        assert_eq!(a.len() + b.len(), 40);
    })
    .await;
}
