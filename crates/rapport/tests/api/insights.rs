//! Insights for leads and admins: who sees what (403, 404), and the
//! adversarial test: everything the routes show an admin and each lead,
//! taken apart along the team tree and the matrix, never gives what a
//! team of three did.

use crate::helpers::{TestApp, error_code, json, page, spawn_app};
use chrono::{Duration, Utc};
use rapport_core::events::Payload;
use rapport_core::{DelegationId, Name, PersonId, Role, TeamId};
use rapport_store::{History, NewEvent};
use reqwest::StatusCode;
use serde_json::Value;

/// An organization: Engineering (no direct members) above Tiny (3),
/// Platform (6) and Product (7); Sales (5) on its own; each with a lead.
struct Org {
    app: TestApp,
    eng: TeamId,
    tiny: TeamId,
    platform: TeamId,
    product: TeamId,
    sales: TeamId,
}

async fn team(app: &TestApp, name: &str, parent: Option<TeamId>) -> TeamId {
    app.store
        .create_team(app.org, &Name::parse(name).unwrap(), parent, Utc::now())
        .await
        .unwrap()
        .id
}

async fn people(app: &TestApp, team: TeamId, name: &str, n: usize) -> Vec<PersonId> {
    let mut out = Vec::new();
    for i in 0..n {
        // The first leads the team; Product's second leads Engineering.
        let role = if i == 0 || (name == "Product" && i == 1) {
            Role::Lead
        } else {
            Role::Member
        };
        let email = format!("{}{i}@acme.example", name.to_lowercase());
        let id = app
            .add_person_in(
                app.org,
                &email,
                &format!("{name} Person {i}"),
                role,
                Some(team),
            )
            .await;
        out.push(id);
    }
    app.store
        .add_team_lead(app.org, team, out[0])
        .await
        .unwrap();
    out
}

fn event(from: PersonId, to: PersonId, payload: Payload) -> NewEvent {
    NewEvent {
        at: Utc::now() - Duration::days(3),
        from,
        to,
        subject: None,
        payload,
    }
}

/// `n` acts among `among`, round the circle, so that everyone takes part.
fn circle(among: &[PersonId], n: usize, payload: Payload) -> Vec<NewEvent> {
    (0..n)
        .map(|i| {
            let a = among[i % among.len()];
            let b = among[(i + 1) % among.len()];
            event(a, b, payload)
        })
        .collect()
}

fn between(from: &[PersonId], to: &[PersonId], n: usize, payload: Payload) -> Vec<NewEvent> {
    (0..n)
        .map(|i| event(from[i % from.len()], to[i % to.len()], payload))
        .collect()
}

async fn organization() -> Org {
    let app = spawn_app().await;
    let eng = team(&app, "Engineering", None).await;
    let tiny = team(&app, "Tiny", Some(eng)).await;
    let platform = team(&app, "Platform", Some(eng)).await;
    let product = team(&app, "Product", Some(eng)).await;
    let sales = team(&app, "Sales", None).await;
    let t = people(&app, tiny, "Tiny", 3).await;
    let p = people(&app, platform, "Platform", 6).await;
    let q = people(&app, product, "Product", 7).await;
    let s = people(&app, sales, "Sales", 5).await;
    // Engineering's lead is one of Product's people.
    app.store.add_team_lead(app.org, eng, q[1]).await.unwrap();
    let mut events = Vec::new();
    // What Tiny did: 8 within (one a second chance), 3 help asked of
    // Platform, 2 help given to Platform, 2 thanks from Product.
    events.extend(circle(&t, 7, Payload::Thanked));
    events.push(event(
        t[0],
        t[1],
        Payload::Delegated {
            second_chance_of: Some(DelegationId::new()),
        },
    ));
    events.extend(between(&t, &p[1..], 3, Payload::HelpAsked));
    events.extend(between(&p[4..], &t[2..], 2, Payload::HelpAsked));
    events.extend(between(&q[2..], &t, 2, Payload::Thanked));
    // Everyone else.
    events.extend(circle(&p, 11, Payload::Met));
    events.extend(circle(&q, 13, Payload::Thanked));
    events.extend(between(&p, &q, 5, Payload::HelpAsked));
    events.extend(between(&q, &p, 4, Payload::Thanked));
    events.extend(circle(&s, 9, Payload::Met));
    events.extend(between(&s, &q, 8, Payload::HelpAsked));
    app.store
        .import_history(
            app.org,
            &History {
                events,
                ..History::default()
            },
        )
        .await
        .unwrap();
    Org {
        app,
        eng,
        tiny,
        platform,
        product,
        sales,
    }
}

async fn get(who: &reqwest::Client, url: String) -> (StatusCode, Value) {
    json(who.get(url).send().await.unwrap()).await
}

const FIGURES: [&str; 9] = [
    "people_active",
    "acts_within",
    "acts_across",
    "ei_index",
    "reciprocity",
    "help_asked_across",
    "help_given_across",
    "second_chances",
    "share_with_tie_across",
];

/// What Tiny did, figure by figure (what no view may give away).
const TINY: [(&str, i64); 6] = [
    ("people_active", 3),
    ("acts_within", 8),
    ("acts_across", 7),
    ("help_asked_across", 3),
    ("help_given_across", 2),
    ("second_chances", 1),
];

fn figure(team: &Value, name: &str) -> Option<i64> {
    team["figures"][name].as_i64()
}

fn find(teams: &[Value], id: TeamId) -> &Value {
    teams
        .iter()
        .find(|t| t["team"]["id"] == id.to_string())
        .unwrap()
}

/// Everything the routes show an admin and each lead: no figure about
/// Tiny, and no difference of shown figures along the tree (Engineering
/// minus its other children, the organization minus the other teams) or
/// the matrix (a team's acts across minus its shown cells) gives what
/// Tiny did.
#[tokio::test]
async fn no_figure_or_difference_of_figures_gives_away_a_team_of_three() {
    let o = organization().await;
    let admin = o.app.admin().await;
    for days in [30, 90, 365] {
        let (status, org) = get(
            &admin,
            o.app.url(&format!("/api/v1/insights/org?days={days}")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{org}");
        let teams = org["teams"].as_array().unwrap().clone();
        let tiny = find(&teams, o.tiny);
        assert_eq!(tiny["suppressed"], true);
        assert_eq!(tiny["size"], 3);
        for f in FIGURES {
            assert!(tiny["figures"][f].is_null(), "{f} of Tiny: {tiny}");
        }
        assert!(
            tiny["weekly"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["acts"].is_null())
        );
        let eng = find(&teams, o.eng);
        let platform = find(&teams, o.platform);
        let product = find(&teams, o.product);
        let sales = find(&teams, o.sales);
        assert_eq!(eng["suppressed"], false);
        assert_eq!(eng["size"], 16);
        for (name, did) in TINY {
            // The parent minus its shown children; the organization minus its shown teams.
            if let (Some(e), Some(a), Some(b)) = (
                figure(eng, name),
                figure(platform, name),
                figure(product, name),
            ) {
                assert_ne!(e - a - b, did, "{name}: Engineering − Platform − Product");
            }
            if let (Some(total), Some(a), Some(b), Some(c)) = (
                figure(&org["total"], name),
                figure(platform, name),
                figure(product, name),
                figure(sales, name),
            ) && matches!(name, "people_active" | "second_chances")
            {
                assert_ne!(total - a - b - c, did, "{name}: organization − teams");
            }
            // The admin and the member belong to no team: two people,
            // whom the organization minus its root teams would describe.
            let all_shown = [&org["total"], eng, sales]
                .iter()
                .all(|t| figure(t, name).is_some());
            assert!(
                !(all_shown && matches!(name, "people_active" | "second_chances")),
                "{name}: the organization minus its root teams"
            );
        }
        // The matrix: Tiny's row and column hidden; a team's acts across
        // minus its shown cells does not give its acts with Tiny.
        let (status, m) = get(
            &admin,
            o.app.url(&format!("/api/v1/insights/matrix?days={days}")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{m}");
        let ids: Vec<String> = m["teams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        let at = |id: TeamId| ids.iter().position(|x| *x == id.to_string()).unwrap();
        let cells = m["cells"].as_array().unwrap();
        let cell = |r: usize, c: usize| cells[r][c].as_i64();
        let ti = at(o.tiny);
        for i in 0..ids.len() {
            assert!(
                cell(ti, i).is_none() && cell(i, ti).is_none(),
                "Tiny's matrix cells"
            );
        }
        for (team, with_tiny) in [(platform, 5), (product, 2)] {
            let x = at(team["team"]["id"].as_str().unwrap().parse().unwrap());
            let shown: Option<i64> = (0..ids.len())
                .filter(|&j| j != x && j != ti)
                .map(|j| Some(cell(x, j)? + cell(j, x)?))
                .sum();
            if let (Some(across), Some(shown)) = (figure(team, "acts_across"), shown) {
                assert_ne!(across - shown, with_tiny, "acts across minus the matrix");
            }
        }
        // Each lead sees their own team exactly as the admin does.
        for id in [o.eng, o.tiny, o.platform, o.product, o.sales] {
            let lead = lead_of(&o, id).await;
            let (status, mine) = get(
                &lead,
                o.app
                    .url(&format!("/api/v1/insights/teams/{id}?days={days}")),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{mine}");
            let theirs = find(&teams, id);
            for field in ["size", "suppressed", "figures"] {
                assert_eq!(mine[field], theirs[field], "{field}");
            }
            let acts = |t: &Value| -> Vec<Value> {
                t["weekly"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|w| w["acts"].clone())
                    .collect()
            };
            assert_eq!(acts(&mine), acts(theirs));
        }
    }
}

async fn lead_of(o: &Org, team: TeamId) -> reqwest::Client {
    let email = if team == o.eng {
        "product1@acme.example".to_string()
    } else {
        let name = o.app.store.team(o.app.org, team).await.unwrap().name;
        format!("{}0@acme.example", name.to_lowercase())
    };
    o.app.signed_in(&email).await
}

/// The figures count what happened: Platform's acts within, a cell of the
/// matrix, the organization's size.
#[tokio::test]
async fn the_figures_count_the_trust_acts_of_the_period() {
    let o = organization().await;
    let admin = o.app.admin().await;
    let (_, sales) = get(
        &admin,
        o.app.url(&format!("/api/v1/insights/teams/{}", o.sales)),
    )
    .await;
    assert_eq!(sales["suppressed"], false);
    assert_eq!(sales["figures"]["help_asked_across"], 8);
    assert_eq!(sales["weekly"].as_array().unwrap().len(), 12);
    let (_, product) = get(
        &admin,
        o.app.url(&format!("/api/v1/insights/teams/{}", o.product)),
    )
    .await;
    assert_eq!(product["figures"]["acts_within"], 13);
    assert_eq!(product["figures"]["people_active"], 7);
    let (_, org) = get(&admin, o.app.url("/api/v1/insights/org?days=90")).await;
    // 21 people in teams, the admin and the member.
    assert_eq!(org["total"]["size"], 23);
    // Within teams: 8 + 11 + 13 + 9; between them 3 + 2 + 2 + 5 + 4 + 8.
    assert_eq!(org["total"]["figures"]["acts_within"], 41);
    assert_eq!(org["total"]["figures"]["acts_across"], 24);
}

/// Course progress counts people: everyone of Platform started (shown:
/// 6 and 0 both keep the rule); one of Sales' five started (hidden: fewer
/// than k). (Who finished is 0 everywhere; which 0s complementary
/// suppression hides to protect Tiny depends on the teams' order.)
#[tokio::test]
async fn course_progress_is_counted_under_the_counting_rule() {
    let o = organization().await;
    let app = &o.app;
    let ids = app.store.person_ids(app.org).await.unwrap();
    let homes = app.store.names_and_teams_of(app.org, &ids).await.unwrap();
    let of = |team: TeamId| {
        let mut v: Vec<PersonId> = ids
            .iter()
            .filter(|p| homes[p].1 == Some(team))
            .copied()
            .collect();
        v.sort();
        v
    };
    for p in of(o.platform) {
        app.store
            .enroll(app.org, p, "building-great-relationships", Utc::now())
            .await
            .unwrap();
    }
    let first_of_sales = of(o.sales)[0];
    app.store
        .enroll(
            app.org,
            first_of_sales,
            "building-great-relationships",
            Utc::now(),
        )
        .await
        .unwrap();
    let admin = app.admin().await;
    let team = async |id: TeamId| {
        get(&admin, app.url(&format!("/api/v1/insights/teams/{id}")))
            .await
            .1
    };
    let platform = team(o.platform).await;
    assert_eq!(platform["figures"]["course_started"], 6);
    let sales = team(o.sales).await;
    assert_eq!(sales["figures"]["course_started"], Value::Null);
    let (_, page_text) = page(&admin, &app.url("/insights")).await;
    assert!(
        page_text.contains("Started the course"),
        "the table has the column"
    );
}

/// Someone the directory deactivated no longer counts: Sales (5) with one
/// person gone is a team of four, below k, and shows nothing.
#[tokio::test]
async fn a_deactivated_person_no_longer_counts_toward_k() {
    let o = organization().await;
    let app = &o.app;
    let admin = app.admin().await;
    let sales = |o: &Org| o.app.url(&format!("/api/v1/insights/teams/{}", o.sales));
    let (_, before) = get(&admin, sales(&o)).await;
    assert_eq!(before["suppressed"], false);
    let ids = app.store.person_ids(app.org).await.unwrap();
    let homes = app.store.names_and_teams_of(app.org, &ids).await.unwrap();
    let leaver = *ids.iter().find(|p| homes[p].1 == Some(o.sales)).unwrap();
    app.store
        .set_person_active(app.org, leaver, false, Utc::now())
        .await
        .unwrap();
    let (_, after) = get(&admin, sales(&o)).await;
    assert_eq!(after["suppressed"], true, "{after}");
    assert_eq!(after["size"], 4);
    assert_eq!(after["figures"]["acts_within"], Value::Null);
}

/// A lead asking for a team they do not lead, or for another
/// organization's team, gets 404; a member gets 403; a bad period 422.
#[tokio::test]
async fn leads_see_their_own_teams_members_none() {
    let o = organization().await;
    let lead = lead_of(&o, o.platform).await;
    let (status, body) = get(
        &lead,
        o.app.url(&format!("/api/v1/insights/teams/{}", o.product)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    let (status, _) = get(&lead, o.app.url("/api/v1/insights/org")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&lead, o.app.url("/api/v1/insights/matrix")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let member = o.app.member().await;
    let (status, body) = get(
        &member,
        o.app.url(&format!("/api/v1/insights/teams/{}", o.platform)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "forbidden");

    let (other, _) = o.app.other_org().await;
    let theirs = o
        .app
        .store
        .create_team(other, &Name::parse("Globex Ops").unwrap(), None, Utc::now())
        .await
        .unwrap()
        .id;
    let admin = o.app.admin().await;
    let (status, _) = get(
        &admin,
        o.app.url(&format!("/api/v1/insights/teams/{theirs}")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for bad in ["7", "abc", "-30"] {
        let (status, body) = get(
            &admin,
            o.app.url(&format!("/api/v1/insights/org?days={bad}")),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "days={bad}");
        assert_eq!(body["error"]["field"], "days");
    }
}

/// The insights page: a lead sees their team and Tiny's lead the reason
/// it shows nothing; an admin every team, the organization and the matrix.
#[tokio::test]
async fn the_insights_pages_show_leads_their_teams_and_admins_everything() {
    let o = organization().await;
    let lead = lead_of(&o, o.platform).await;
    let (status, html) = page(&lead, &o.app.url("/insights")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Platform"), "{html}");
    assert!(!html.contains("Product</a>"));
    let (status, html) = page(
        &lead,
        &o.app
            .url(&format!("/insights/teams/{}?days=90", o.platform)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg"), "a trend is drawn");
    let (status, _) = page(&lead, &o.app.url(&format!("/insights/teams/{}", o.product))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let tiny_lead = lead_of(&o, o.tiny).await;
    let (_, html) = page(
        &tiny_lead,
        &o.app.url(&format!("/insights/teams/{}", o.tiny)),
    )
    .await;
    assert!(html.contains("fewer than 5 people"), "{html}");

    let admin = o.app.admin().await;
    let (status, html) = page(&admin, &o.app.url("/insights?days=365")).await;
    assert_eq!(status, StatusCode::OK);
    for name in [
        "Engineering",
        "Tiny",
        "Platform",
        "Product",
        "Sales",
        "Whole organization",
    ] {
        assert!(html.contains(name), "{name}");
    }
    let (status, svg) = page(&admin, &o.app.url("/insights/map.svg")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(svg.contains("<title") && svg.contains("<desc"), "{svg}");

    let member = o.app.member().await;
    let (status, _) = page(&member, &o.app.url("/insights")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The demo gives its lead and its admin figures to see: the lead's
/// largest team is at least the minimum group size and shows figures,
/// and the organization's total shows acts within and across teams.
#[tokio::test]
async fn the_demo_lead_and_admin_see_figures() {
    use rapport::app::Actor;
    use rapport::app::insights::{self, Period};
    let app = crate::helpers::spawn_app_with(|c| c.background_jobs = false).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["demo", "--no-serve", "--database-url"])
        .arg(app.database_url().unwrap())
        .env_remove("RAPPORT_CONFIG")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let email = |pattern: &str| {
        text.lines()
            .find_map(|l| l.split(pattern).nth(1))
            .map(|rest| rest.trim().to_string())
            .unwrap_or_else(|| panic!("the demo names {pattern}: {text}"))
    };
    let org = app
        .store
        .org_by_slug(rapport_demo::ORG_SLUG)
        .await
        .unwrap()
        .id;
    let actor = |e: String| {
        let store = app.store.clone();
        async move {
            let e = rapport_core::Email::parse(&e).unwrap();
            Actor::new(store.person_by_email(org, &e).await.unwrap())
        }
    };
    let period = Period::parse(Some(90)).unwrap();
    let lead = actor(email("as a lead:")).await;
    let seen = insights::overview(&app.state, &lead, period).await.unwrap();
    assert!(!seen.teams.is_empty(), "the demo's lead leads a team");
    let largest = seen.teams.iter().max_by_key(|t| t.size).unwrap();
    eprintln!(
        "the demo's lead sees {} ({} people)",
        largest.team.name, largest.size
    );
    assert!(largest.size >= seen.k, "{} people", largest.size);
    assert!(!largest.suppressed);
    assert!(largest.figures.reciprocity.is_some() || largest.figures.acts_within.is_some());
    let admin = actor(email("as an admin:")).await;
    let (total, teams) = insights::org(&app.state, &admin, period).await.unwrap();
    eprintln!(
        "the demo's admin sees {} teams, total {:?}",
        teams.len(),
        total.figures
    );
    assert!(total.figures.acts_within.is_some() || total.figures.acts_across.is_some());
}

/// The API document lists the insights routes with their parameters and
/// answers, and every schema they name is defined.
#[tokio::test]
async fn the_insights_routes_are_in_the_api_document() {
    let app = spawn_app().await;
    let (_, doc) = get(&app.anonymous(), app.url("/api/v1/openapi.json")).await;
    for (path, params) in [
        ("/api/v1/insights/teams/{id}", &["id", "days"][..]),
        ("/api/v1/insights/org", &["days"][..]),
        ("/api/v1/insights/matrix", &["days"][..]),
    ] {
        let op = &doc["paths"][path]["get"];
        let names: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} is documented"))
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, params, "{path}");
        for status in ["200", "401", "403", "422"] {
            assert!(
                op["responses"].get(status).is_some(),
                "{path} answers {status}"
            );
        }
    }
    for schema in [
        "TeamInsights",
        "OrgInsights",
        "InsightMatrix",
        "InsightFigures",
    ] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema}"
        );
    }
    let admin = app.admin().await;
    let (status, body) = get(&admin, app.url("/api/v1/insights/teams/not-an-id")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
}

/// With the insights module off, its routes and pages answer 404 and the
/// navigation has no link; on again, the figures are back.
#[tokio::test]
async fn the_insights_module_switched_off_hides_its_routes_and_link() {
    let o = organization().await;
    let admin = o.app.admin().await;
    let switch = |on: bool| {
        admin
            .patch(o.app.url("/api/v1/admin/org"))
            .json(&serde_json::json!({"modules": {"insights": on}}))
            .send()
    };
    assert_eq!(switch(false).await.unwrap().status(), StatusCode::OK);
    let lead = lead_of(&o, o.platform).await;
    for path in [
        "/api/v1/insights/org".to_string(),
        "/api/v1/insights/matrix".to_string(),
        format!("/api/v1/insights/teams/{}", o.platform),
        "/insights".to_string(),
        format!("/insights/teams/{}", o.platform),
        "/insights/map.svg".to_string(),
    ] {
        let (status, _) = page(&admin, &o.app.url(&path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, home) = page(&lead, &o.app.url("/")).await;
    assert!(!home.contains("href=\"/insights\""), "no link while off");
    assert_eq!(switch(true).await.unwrap().status(), StatusCode::OK);
    let (_, home) = page(&lead, &o.app.url("/")).await;
    assert!(home.contains("href=\"/insights\""), "the link is back");
    let (status, body) = get(
        &lead,
        o.app.url(&format!("/api/v1/insights/teams/{}", o.platform)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["suppressed"], false);
}

/// The CSV exports say what the JSON says: the same numbers, a hidden
/// figure an empty cell (never 0), Tiny's row suppressed and empty; a lead
/// gets only their teams, the matrix is for admins, a member gets 403.
#[tokio::test]
async fn the_csv_exports_keep_hidden_cells_empty() {
    let o = organization().await;
    let admin = o.app.admin().await;
    let res = admin
        .get(o.app.url("/insights/teams.csv?days=90"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let heads: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let (_, org) = get(&admin, o.app.url("/api/v1/insights/org?days=90")).await;
    let teams = org["teams"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        teams.len() + 1,
        "every team and the organization"
    );
    for t in teams {
        let name = t["team"]["name"].as_str().unwrap();
        let row = rows.iter().find(|r| r[0] == name).unwrap();
        assert_eq!(row[2], t["suppressed"].to_string(), "{name}");
        for f in [
            "people_active",
            "acts_within",
            "acts_across",
            "second_chances",
        ] {
            let col = heads.iter().position(|h| h == f).unwrap();
            let want = t["figures"][f]
                .as_i64()
                .map(|n| n.to_string())
                .unwrap_or_default();
            assert_eq!(row[col], want, "{name} {f}");
        }
    }
    let tiny = rows.iter().find(|r| r[0] == "Tiny").unwrap();
    assert_eq!(tiny[2], "true");
    assert!(tiny[3..].iter().all(String::is_empty), "{tiny:?}");

    let matrix = admin
        .get(o.app.url("/insights/matrix.csv?days=90"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (_, m) = get(&admin, o.app.url("/api/v1/insights/matrix?days=90")).await;
    let mut reader = csv::Reader::from_reader(matrix.as_bytes());
    for (record, cells) in reader.records().zip(m["cells"].as_array().unwrap()) {
        let record = record.unwrap();
        for (i, c) in cells.as_array().unwrap().iter().enumerate() {
            let want = c.as_i64().map(|n| n.to_string()).unwrap_or_default();
            assert_eq!(&record[i + 1], want.as_str());
        }
    }

    let lead = lead_of(&o, o.sales).await;
    let text = lead
        .get(o.app.url("/insights/teams.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text.lines().count(), 2, "the heading and Sales: {text}");
    assert_eq!(
        lead.get(o.app.url("/insights/matrix.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        o.app
            .member()
            .await
            .get(o.app.url("/insights/teams.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}
