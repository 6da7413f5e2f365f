//! Retention: events past the organization's retention are folded into a
//! checkpoint and deleted with the words of what they were about, and no
//! figure anyone sees changes: not a trust picture, not a relationship's
//! history, not an insight, on this instance or another.

use crate::helpers::{PASSWORD, TestApp, error_code, json, page, spawn_app, spawn_app_with};
use chrono::{DateTime, Duration, Utc};
use rapport_core::delegation::Status;
use rapport_core::events::Payload;
use rapport_core::trust::{Outcome, Stakes};
use rapport_core::{DelegationId, HelpRequestId, Name, OfferId, PersonId, Role, SkillName};
use rapport_store::{History, NewEvent, PastDelegation, PastHelp, PastThanks};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// Words written more than a year ago, which must go.
const OLD_WORDS: [&str; 3] = [
    "PLANTED-OLD-MISS-NOTE",
    "PLANTED-OLD-HELP",
    "PLANTED-OLD-THANKS",
];
/// Words written last month, which must stay.
const NEW_WORDS: &str = "PLANTED-RECENT-THANKS";

struct Team {
    app: TestApp,
    people: Vec<(PersonId, String)>,
}

fn ago(days: i64) -> DateTime<Utc> {
    Utc::now() - Duration::days(days)
}

/// Seven people of one team with two years of history: outcomes (a miss
/// whose dispute comes after the cutoff among them), help, thanks,
/// check-ins and meetings, some past the retention and some within it.
async fn team_with_two_years() -> Team {
    // No background round: the tests fold when they choose to.
    let app = spawn_app_with(|c| c.background_jobs = false).await;
    let team = app
        .store
        .create_team(app.org, &Name::parse("Crew").unwrap(), None, Utc::now())
        .await
        .unwrap()
        .id;
    let mut people = Vec::new();
    for i in 0..7 {
        let email = format!("crew{i}@acme.example");
        let role = if i == 0 { Role::Lead } else { Role::Member };
        let id = app
            .add_person_in(
                app.org,
                &email,
                &format!("Crew Person {i}"),
                role,
                Some(team),
            )
            .await;
        people.push((id, email));
    }
    app.store
        .add_team_lead(app.org, team, people[0].0)
        .await
        .unwrap();
    let p: Vec<PersonId> = people.iter().map(|(id, _)| *id).collect();

    let mut events = Vec::new();
    let mut ev =
        |days: i64, from: usize, to: usize, payload: Payload, subject: Option<uuid::Uuid>| {
            events.push(NewEvent {
                at: ago(days),
                from: p[from],
                to: p[to],
                subject,
                payload,
            });
        };
    // Every few days over two years, round the team.
    for k in 0..240i64 {
        let days = 730 - k * 3;
        let (a, b) = ((k % 7) as usize, ((k * 3 + 1) % 7) as usize);
        if a == b {
            continue;
        }
        let d = uuid::Uuid::from_u128(k as u128 + 1);
        match k % 6 {
            0 => {
                ev(
                    days,
                    a,
                    b,
                    Payload::Delegated {
                        second_chance_of: None,
                    },
                    Some(d),
                );
                let outcome =
                    [Outcome::Delivered, Outcome::Missed, Outcome::Partly][(k % 3) as usize];
                let completed = Payload::Completed {
                    stakes: Stakes::Medium,
                    outcome,
                    stretch: false,
                    second_chance_of: None,
                };
                ev(days - 1, a, b, completed, Some(d));
            }
            1 => ev(days, a, b, Payload::HelpAsked, None),
            2 => ev(
                days,
                a,
                b,
                Payload::HelpResolved { helped: k % 4 != 0 },
                None,
            ),
            3 => ev(days, a, b, Payload::Thanked, None),
            4 => ev(
                days,
                a,
                b,
                Payload::CheckInRevealed {
                    count_on: (k % 5 + 1) as u8,
                },
                None,
            ),
            _ => ev(days, a, b, Payload::Met, None),
        }
    }
    // A miss recorded 370 days ago, disputed 360 days ago: across the cutoff.
    let disputed = uuid::Uuid::from_u128(9999);
    ev(
        372,
        0,
        1,
        Payload::Delegated {
            second_chance_of: None,
        },
        Some(disputed),
    );
    let missed = Payload::Completed {
        stakes: Stakes::Large,
        outcome: Outcome::Missed,
        stretch: false,
        second_chance_of: None,
    };
    ev(370, 0, 1, missed, Some(disputed));
    ev(360, 0, 1, Payload::Disputed, Some(disputed));

    let old = ago(500);
    let history = History {
        delegations: vec![PastDelegation {
            id: DelegationId::new(),
            from: p[0],
            to: p[1],
            title: "Ship the old report".into(),
            details: String::new(),
            due_at: None,
            stakes: "medium",
            status: Status::Done,
            stretch: false,
            outcome: Some("missed"),
            from_note: OLD_WORDS[0].into(),
            to_note: String::new(),
            dispute_note: String::new(),
            disputed_at: None,
            second_chance_of: None,
            created_at: old,
            completed_at: Some(old + Duration::days(2)),
        }],
        help: vec![PastHelp {
            id: HelpRequestId::new(),
            asker: p[2],
            skill: SkillName::parse("SQL").unwrap(),
            text: OLD_WORDS[1].into(),
            audience: "org",
            to_team: None,
            status: "resolved",
            offer: Some((OfferId::new(), p[3], "I can".into(), true)),
            helped: Some(true),
            created_at: old,
            resolved_at: Some(old + Duration::days(1)),
        }],
        thanks: vec![
            PastThanks {
                from: p[1],
                to: p[0],
                message: OLD_WORDS[2].into(),
                visibility: "private",
                delegation_id: None,
                help_request_id: None,
                at: old,
            },
            PastThanks {
                from: p[1],
                to: p[0],
                message: NEW_WORDS.into(),
                visibility: "private",
                delegation_id: None,
                help_request_id: None,
                at: ago(30),
            },
        ],
        events,
        ..History::default()
    };
    app.store.import_history(app.org, &history).await.unwrap();
    Team { app, people }
}

async fn get(who: &Client, url: String) -> Value {
    let (status, body) = json(who.get(url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Everything each person's picture and relationships say, and everything
/// the admin's insights say, from one server.
async fn every_figure(base: &str, t: &Team) -> Vec<Value> {
    let mut out = Vec::new();
    for (id, email) in &t.people {
        let who = signed_in_at(base, email).await;
        let picture = get(&who, format!("{base}/api/v1/me/relationships?limit=500")).await;
        for item in picture["items"].as_array().unwrap() {
            let other = item["person"]["id"].as_str().unwrap();
            let mut detail = get(&who, format!("{base}/api/v1/me/relationships/{other}")).await;
            // The delegations listed (and their counts beside them) are
            // rows, deleted with their words past the retention.
            for gone in ["delegations", "delivered", "partly", "missed"] {
                detail.as_object_mut().unwrap().remove(gone);
            }
            out.push(json!({"me": id.to_string(), "detail": detail}));
        }
        out.push(json!({"me": id.to_string(), "picture": picture}));
    }
    let admin = signed_in_at(base, &t.app.admin_email).await;
    for days in [30, 90, 365] {
        out.push(get(&admin, format!("{base}/api/v1/insights/org?days={days}")).await);
        out.push(get(&admin, format!("{base}/api/v1/insights/matrix?days={days}")).await);
    }
    out
}

async fn signed_in_at(base: &str, email: &str) -> Client {
    let c = Client::builder().cookie_store(true).build().unwrap();
    let res = c
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{email} signs in");
    c
}

#[tokio::test]
async fn folding_past_the_retention_changes_no_figure() {
    let t = team_with_two_years().await;
    let app = &t.app;
    // Insights end on the minute: start at the beginning of one, so that
    // the whole test sees the same windows.
    let now = app.clock.now();
    app.clock
        .set(now - Duration::seconds(now.timestamp() % 60) + Duration::milliseconds(100));
    let before = every_figure(&app.address, &t).await;
    let events_before = app.store.events_after(app.org, 0).await.unwrap().len();

    let cutoff = app.state.now() - Duration::days(365);
    let forgotten = rapport::app::retention::fold(&app.state, app.org, cutoff)
        .await
        .unwrap();
    assert!(forgotten.events > 100, "{forgotten:?}");
    let left = app.store.events_after(app.org, 0).await.unwrap();
    assert_eq!(left.len() as u64, events_before as u64 - forgotten.events);
    assert!(
        left.iter().all(|e| e.at >= cutoff),
        "no event older than the retention is left"
    );

    // This instance (its engine was warm) and a new one (reading the
    // checkpoint cold) both show exactly what was shown before.
    same(&every_figure(&app.address, &t).await, &before);
    let other = app.second_instance().await;
    same(&every_figure(&other, &t).await, &before);

    // Folding again, a day later, keeps them too.
    rapport::app::retention::fold(&app.state, app.org, cutoff + Duration::days(1))
        .await
        .unwrap();
    same(&every_figure(&app.address, &t).await, &before);
}

/// The same figures, or the first that differs, whole.
fn same(after: &[Value], before: &[Value]) {
    assert_eq!(after.len(), before.len(), "as many views");
    for (a, b) in after.iter().zip(before) {
        assert_eq!(a, b, "after the fold:\n{a:#}\nbefore:\n{b:#}");
    }
}

#[tokio::test]
async fn words_past_the_retention_are_gone_from_every_page_and_export() {
    let t = team_with_two_years().await;
    let app = &t.app;
    let readers: Vec<&str> = t.people[..4].iter().map(|(_, e)| e.as_str()).collect();
    let pages = [
        "/delegations",
        "/thanks",
        "/help",
        "/notifications",
        "/me/data",
        "/api/v1/me/export",
        "/api/v1/delegations?limit=500",
        "/api/v1/appreciations?limit=500",
        "/api/v1/help-requests?limit=500",
    ];
    let everything = async |readers: &[&str]| {
        let mut all = String::new();
        for email in readers {
            let who = app.signed_in(email).await;
            for path in pages {
                let (status, body) = page(&who, &app.url(path)).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                all.push_str(&body);
            }
        }
        all
    };
    let before = everything(&readers).await;
    for words in OLD_WORDS {
        assert!(before.contains(words), "{words} is there before the fold");
    }

    // The housekeeping job folds once a day per organization.
    let folded = rapport::app::retention::fold_due(&app.state).await.unwrap();
    assert!(folded > 0);
    assert_eq!(
        rapport::app::retention::fold_due(&app.state).await.unwrap(),
        0,
        "once a day"
    );

    let after = everything(&readers).await;
    for words in OLD_WORDS {
        assert!(!after.contains(words), "{words} is gone after the fold");
    }
    assert!(after.contains(NEW_WORDS), "last month's thanks stay");
}

#[tokio::test]
async fn the_retention_is_a_setting_between_a_year_and_ten() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let org = app.url("/api/v1/admin/org");
    let (status, body) = json(admin.get(&org).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["retention_days"], 365, "a year unless changed");

    for bad in [json!(30), json!(364), json!(3651), json!("a year")] {
        let (status, body) = json(
            admin
                .patch(&org)
                .json(&json!({"retention_days": bad}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        if bad.is_number() {
            assert_eq!(error_code(&body), "invalid_field");
            assert_eq!(body["error"]["field"], "retention_days");
            assert!(
                body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("365 days")
            );
        }
    }
    let (status, body) = json(
        admin
            .patch(&org)
            .json(&json!({"retention_days": 730}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["retention_days"], 730);

    // The transparency page tells everyone; a member cannot change it.
    let member = app.member().await;
    let (_, words) = page(&member, &app.url("/transparency")).await;
    assert!(
        words.contains("How long history is kept: 730 days"),
        "{words}"
    );
    let (status, _) = json(
        member
            .patch(&org)
            .json(&json!({"retention_days": 400}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The settings page: a wrong number comes back with how to fix it.
    let res = admin
        .post(app.url("/admin/settings/retention"))
        .form(&[("retention_days", "ninety")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("between 365 days"), "{body}");
    let res = admin
        .post(app.url("/admin/settings/retention"))
        .form(&[("retention_days", "1000")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "saved and back to the settings");
    let (_, body) = json(admin.get(&org).send().await.unwrap()).await;
    assert_eq!(body["retention_days"], 1000);
}
