//! Single sign-on and provisioning: settings with their domains (one
//! organization per domain), sign-ins taken once, deactivation.

use crate::{add, each_backend, org};
use chrono::{Duration, Utc};
use rapport_store::{Conflict, SsoLogin, SsoLoginTaken, SsoSettings, StoreError};

fn settings(domains: &[&str]) -> SsoSettings {
    SsoSettings {
        issuer: "https://login.example.com".into(),
        client_id: "rapport".into(),
        client_secret: "secret".into(),
        require_sso: true,
        allowed_domains: domains.iter().map(|d| d.to_string()).collect(),
        updated_at: Utc::now(),
    }
}

/// Settings round-trip with their domains; a domain belongs to one
/// organization, and a refused save changes nothing.
#[tokio::test]
async fn a_domain_belongs_to_one_organization() {
    each_backend(|s| async move {
        let (a, b) = (org(&s, "acme").await, org(&s, "globex").await);
        let now = Utc::now();
        s.set_sso_settings(a, Some(&settings(&["acme.example"])), now)
            .await
            .unwrap();
        let got = s.sso_settings(a).await.unwrap().unwrap();
        assert_eq!(got.allowed_domains, vec!["acme.example".to_string()]);
        assert!(got.require_sso);
        assert_eq!(s.sso_org_for_domain("acme.example").await.unwrap(), Some(a));
        let clash = s
            .set_sso_settings(b, Some(&settings(&["acme.example"])), now)
            .await;
        assert!(matches!(
            clash,
            Err(StoreError::Conflict(Conflict::DomainTaken))
        ));
        assert!(s.sso_settings(b).await.unwrap().is_none(), "nothing saved");
        s.set_sso_settings(a, None, now).await.unwrap();
        assert!(s.sso_settings(a).await.unwrap().is_none());
        assert_eq!(s.sso_org_for_domain("acme.example").await.unwrap(), None);
    })
    .await;
}

/// A sign-in is taken once; then it is `Used`; an expired or unknown one
/// is `Unknown`.
#[tokio::test]
async fn a_sign_in_is_taken_once() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let now = Utc::now();
        let login = SsoLogin {
            org_id: o,
            nonce: "n".into(),
            pkce_verifier: "v".into(),
            next_path: "/".into(),
        };
        s.start_sso_login("fresh", &login, now, now + Duration::minutes(10)).await.unwrap();
        s.start_sso_login("stale", &login, now, now + Duration::seconds(1)).await.unwrap();
        assert!(matches!(s.take_sso_login("fresh", now).await.unwrap(), SsoLoginTaken::Fresh(l) if l.nonce == "n"));
        assert!(matches!(s.take_sso_login("fresh", now).await.unwrap(), SsoLoginTaken::Used));
        let later = now + Duration::minutes(1);
        assert!(matches!(s.take_sso_login("stale", later).await.unwrap(), SsoLoginTaken::Unknown));
        assert!(matches!(s.take_sso_login("never", now).await.unwrap(), SsoLoginTaken::Unknown));
    })
    .await;
}

/// Deactivating ends sessions and revokes tokens, keeps the person for
/// provisioning, and takes them out of the directory and sign-in.
#[tokio::test]
async fn deactivating_ends_sessions_and_hides_the_person() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let a = add(&s, o, "a@acme.example", "A").await;
        let now = Utc::now();
        s.create_session(a, "sess", now, now + Duration::hours(1))
            .await
            .unwrap();
        s.create_token(a, "script", "tok", now).await.unwrap();
        let p = s.set_person_active(o, a, false, now).await.unwrap();
        assert!(!p.active);
        assert!(s.session_person("sess", now).await.is_err());
        assert!(s.token_person("tok").await.is_err());
        let email = rapport_core::Email::parse("a@acme.example").unwrap();
        assert!(s.person_for_sign_in(&email).await.unwrap().is_none());
        let listed = s
            .list_people(o, &Default::default(), 50, None)
            .await
            .unwrap();
        assert!(listed.items.iter().all(|p| p.id != a));
        let (all, total) = s.provisioned_people(o, 0, 50).await.unwrap();
        assert_eq!((all.len(), total), (1, 1));
        assert!(s.set_person_active(o, a, true, now).await.unwrap().active);
        let other = org(&s, "globex").await;
        assert!(matches!(
            s.set_person_active(other, a, false, now).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// Someone who left gets no more digests and is introduced to nobody.
#[tokio::test]
async fn a_deactivated_person_gets_no_digest_and_no_introduction() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let now = Utc::now();
        let people = [
            add(&s, o, "a@acme.example", "A").await,
            add(&s, o, "b@acme.example", "B").await,
        ];
        for p in people {
            s.set_password_hash(o, p, "hash", now).await.unwrap();
            s.set_intro_prefs(p, true, None, now).await.unwrap();
        }
        let digests = async || {
            let mut v: Vec<_> = s
                .digest_people()
                .await
                .unwrap()
                .into_iter()
                .map(|d| d.person_id)
                .collect();
            v.sort();
            v
        };
        let introduced = async || {
            let mut v: Vec<_> = s
                .intro_candidates(o)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect();
            v.sort();
            v
        };
        let mut both = people.to_vec();
        both.sort();
        assert_eq!(digests().await, both);
        assert_eq!(introduced().await, both);
        s.set_person_active(o, people[1], false, now).await.unwrap();
        assert_eq!(digests().await, vec![people[0]]);
        assert_eq!(introduced().await, vec![people[0]]);
    })
    .await;
}
