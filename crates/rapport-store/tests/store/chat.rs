//! Chat: the Slack app per organization (one workspace, one organization),
//! links made once, retries remembered, and the outbox (queued once per
//! key, claimed with a lease, finished only by its holder, never claimed by
//! two workers).

use crate::{at, each_backend, each_backend_twice, org, org_with};
use chrono::Duration;
use rapport_store::{ChatResult, SlackSettings, Store, StoreError};
use std::collections::BTreeSet;

fn settings(team: &str) -> SlackSettings {
    SlackSettings {
        team_id: team.into(),
        bot_token: "xoxb-1".into(),
        signing_secret: "secret".into(),
    }
}

async fn claim(s: &Store, minute: i64, limit: i64) -> Vec<rapport_store::ChatCall> {
    s.claim_chat_calls(at(minute), Duration::minutes(2), limit)
        .await
        .unwrap()
}

/// A workspace belongs to one organization; a Slack user is linked once.
#[tokio::test]
async fn a_workspace_has_one_organization_and_a_user_one_person() {
    each_backend(|s| async move {
        let (acme, p) = org_with(&s, "acme", 2).await;
        let globex = org(&s, "globex").await;
        s.set_slack_settings(acme, &settings("T1"), at(0))
            .await
            .unwrap();
        s.set_slack_settings(acme, &settings("T1"), at(1))
            .await
            .unwrap();
        let taken = s.set_slack_settings(globex, &settings("T1"), at(2)).await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
        let (found, _) = s.slack_settings_by_team("T1").await.unwrap().unwrap();
        assert_eq!(found, acme);
        assert!(s.slack_settings(globex).await.unwrap().is_none());

        let linked = s.link_slack_user(acme, "U1", p[0], at(3)).await.unwrap();
        assert_eq!(linked, Some(p[0]));
        let again = s.link_slack_user(acme, "U1", p[1], at(4)).await.unwrap();
        assert_eq!(again, Some(p[0]), "the first link stands");
        assert_eq!(s.slack_person(globex, "U1").await.unwrap(), None);
        assert_eq!(s.slack_user_of(p[0]).await.unwrap().as_deref(), Some("U1"));

        assert!(s.first_time_handled("trigger:1", at(5)).await.unwrap());
        assert!(!s.first_time_handled("trigger:1", at(6)).await.unwrap());
    })
    .await;
}

/// A call is queued once per key, held for its lease, finished only by the
/// worker holding it, and retried after its time.
#[tokio::test]
async fn a_chat_call_is_queued_once_and_finished_by_its_holder() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        assert!(
            s.queue_chat_call(o, "dm:1", "chat.postMessage", "{}", at(0))
                .await
                .unwrap()
        );
        assert!(
            !s.queue_chat_call(o, "dm:1", "chat.postMessage", "{}", at(0))
                .await
                .unwrap()
        );
        let first = claim(&s, 0, 10).await;
        assert_eq!((first.len(), first[0].attempts), (1, 1));
        assert!(claim(&s, 1, 10).await.is_empty(), "held by its lease");
        let second = claim(&s, 2, 10).await;
        assert_eq!(second[0].attempts, 2);
        let retry = ChatResult::Retry {
            error: "down".into(),
            next: at(10),
        };
        assert!(
            !s.finish_chat_call(&first[0], &ChatResult::Sent, at(3))
                .await
                .unwrap()
        );
        assert!(s.finish_chat_call(&second[0], &retry, at(3)).await.unwrap());
        assert!(claim(&s, 9, 10).await.is_empty(), "waits for its backoff");
        let third = claim(&s, 10, 10).await;
        assert!(
            s.finish_chat_call(&third[0], &ChatResult::Sent, at(11))
                .await
                .unwrap()
        );
        assert!(claim(&s, 60, 10).await.is_empty(), "sent is done");
        assert_eq!(s.chat_calls_waiting().await.unwrap(), 0);
    })
    .await;
}

/// Two workers claiming at once through two instances never take the same
/// call, and between them take every one.
#[tokio::test]
async fn two_workers_never_claim_the_same_chat_call() {
    each_backend_twice(|one, two| async move {
        let o = org(&one, "acme").await;
        for i in 0..30 {
            one.queue_chat_call(o, &format!("dm:{i}"), "chat.postMessage", "{}", at(0))
                .await
                .unwrap();
        }
        let worker = |s: Store| async move {
            let mut mine = vec![];
            loop {
                let got = claim(&s, 1, 3).await;
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|c| c.id));
            }
        };
        let (a, b) = tokio::join!(worker(one.clone()), worker(two.clone()));
        let (a_set, b_set): (BTreeSet<_>, BTreeSet<_>) =
            (a.iter().cloned().collect(), b.iter().cloned().collect());
        assert!(a_set.is_disjoint(&b_set), "a call claimed by both workers");
        assert_eq!(a.len() + b.len(), 30);
        assert_eq!(a_set.len() + b_set.len(), 30);
    })
    .await;
}
