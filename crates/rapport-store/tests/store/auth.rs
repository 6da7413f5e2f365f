//! Sessions, personal access tokens, invitations and rate limits.

use crate::{add, each_backend, each_backend_twice, org};
use chrono::{Duration, Utc};
use rapport_store::StoreError;

/// Sessions expire, tokens can be revoked, and both find their person.
#[tokio::test]
async fn sessions_expire_and_tokens_can_be_revoked() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let a = add(&s, o, "a@acme.example", "A").await;
        let now = Utc::now();
        s.create_session(a, "live", now, now + Duration::hours(1))
            .await
            .unwrap();
        s.create_session(a, "old", now - Duration::hours(2), now - Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(s.session_person("live", now).await.unwrap().id, a);
        assert!(matches!(
            s.session_person("old", now).await,
            Err(StoreError::NotFound)
        ));
        s.delete_session("live").await.unwrap();
        assert!(s.session_person("live", now).await.is_err());

        let t = s.create_token(a, "script", "hash1", now).await.unwrap();
        assert_eq!(s.token_person("hash1").await.unwrap().id, a);
        s.revoke_token(a, t, now).await.unwrap();
        assert!(matches!(
            s.token_person("hash1").await,
            Err(StoreError::NotFound)
        ));
        assert!(s.list_tokens(a).await.unwrap()[0].revoked_at.is_some());
    })
    .await;
}

/// Signing out everywhere ends every session of one person and no one
/// else's; another instance that had just looked them up refuses them at
/// once, and a token revoked through one instance too.
#[tokio::test]
async fn sessions_ended_on_one_instance_are_refused_at_once_on_another() {
    each_backend_twice(|one, two| async move {
        let o = org(&one, "acme").await;
        let a = add(&one, o, "a@acme.example", "A").await;
        let b = add(&one, o, "b@acme.example", "B").await;
        let now = Utc::now();
        let later = now + Duration::hours(1);
        for (who, hash) in [(a, "a-laptop"), (a, "a-phone"), (b, "b-laptop")] {
            one.create_session(who, hash, now, later).await.unwrap();
        }
        let t = one.create_token(a, "script", "a-token", now).await.unwrap();
        // Instance two looks them up (and remembers them).
        for hash in ["a-laptop", "a-phone", "b-laptop"] {
            two.session_person(hash, now).await.unwrap();
        }
        assert_eq!(two.token_person("a-token").await.unwrap().id, a);

        assert_eq!(one.delete_sessions_of(a).await.unwrap(), 2);
        for hash in ["a-laptop", "a-phone"] {
            assert!(matches!(
                two.session_person(hash, now).await,
                Err(StoreError::NotFound)
            ));
        }
        assert_eq!(two.session_person("b-laptop", now).await.unwrap().id, b);
        assert_eq!(
            two.token_person("a-token").await.unwrap().id,
            a,
            "tokens stay"
        );

        one.revoke_token(a, t, now).await.unwrap();
        assert!(matches!(
            two.token_person("a-token").await,
            Err(StoreError::NotFound)
        ));
        one.delete_session("b-laptop").await.unwrap();
        assert!(two.session_person("b-laptop", now).await.is_err());
    })
    .await;
}

/// An invitation works once and not after it expires.
#[tokio::test]
async fn an_invitation_is_accepted_once_and_never_after_expiry() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let admin = add(&s, o, "admin@acme.example", "Admin").await;
        let a = add(&s, o, "a@acme.example", "A").await;
        let b = add(&s, o, "b@acme.example", "B").await;
        let now = Utc::now();
        s.create_invitation(o, a, admin, "inv-a", now, now + Duration::days(7))
            .await
            .unwrap();
        s.create_invitation(
            o,
            b,
            admin,
            "inv-b",
            now - Duration::days(8),
            now - Duration::days(1),
        )
        .await
        .unwrap();
        assert_eq!(s.accept_invitation("inv-a", "hash", now).await.unwrap(), a);
        assert!(s.person(o, a).await.unwrap().can_sign_in);
        assert!(matches!(
            s.accept_invitation("inv-a", "hash2", now).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            s.accept_invitation("inv-b", "hash", now).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(!s.person(o, b).await.unwrap().can_sign_in);
    })
    .await;
}

/// The rate-limit counter counts within a window and starts again after it.
#[tokio::test]
async fn rate_limit_counters_reset_after_their_window() {
    each_backend(|s| async move {
        let now = Utc::now();
        for i in 1..=3 {
            assert_eq!(s.hit_rate_limit("ip:1", 60_000, now).await.unwrap().0, i);
        }
        let later = now + Duration::seconds(61);
        assert_eq!(s.hit_rate_limit("ip:1", 60_000, later).await.unwrap().0, 1);
    })
    .await;
}

/// Peeking reads the count in the current window without adding to it;
/// an expired window and an unknown key read as none.
#[tokio::test]
async fn peeking_at_a_rate_limit_counts_nothing() {
    each_backend(|s| async move {
        let now = Utc::now();
        assert_eq!(s.peek_rate_limit("k", 60_000, now).await.unwrap().0, 0);
        s.hit_rate_limit("k", 60_000, now).await.unwrap();
        s.hit_rate_limit("k", 60_000, now).await.unwrap();
        for _ in 0..3 {
            let (count, started) = s.peek_rate_limit("k", 60_000, now).await.unwrap();
            assert_eq!((count, started), (2, now.timestamp_millis()));
        }
        let later = now + Duration::seconds(61);
        assert_eq!(s.peek_rate_limit("k", 60_000, later).await.unwrap().0, 0);
        s.clear_rate_limit("k").await.unwrap();
        assert_eq!(s.peek_rate_limit("k", 60_000, now).await.unwrap().0, 0);
    })
    .await;
}
