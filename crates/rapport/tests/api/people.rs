//! The directory, profiles, skills and teams.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

async fn id_of(app: &TestApp, email: &str) -> String {
    app.store
        .person_by_email(app.org, &rapport_core::Email::parse(email).unwrap())
        .await
        .unwrap()
        .id
        .to_string()
}

/// An admin adds a person; the directory finds them by name and by team.
#[tokio::test]
async fn an_admin_adds_a_person_and_the_directory_finds_them() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let res = admin.post(app.url("/api/v1/people")).json(&json!({"name": "Grace Hopper", "email": "grace@acme.example", "title": "Rear Admiral", "team": "Compilers"})).send().await.unwrap();
    let (status, p) = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["team"], "Compilers");
    let member = app.member().await;
    let (_, page) = json(
        member
            .get(app.url("/api/v1/people?q=hopper"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["email"], "grace@acme.example");
    let (_, page) = json(
        member
            .get(app.url("/api/v1/people?team=compilers"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let (_, page) = json(
        member
            .get(app.url("/api/v1/people?team=no-such-team"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    let (_, teams) = json(member.get(app.url("/api/v1/teams")).send().await.unwrap()).await;
    assert_eq!(teams["items"][0]["name"], "Compilers");
}

/// Invalid fields are a 422 naming the field; a taken email a 409 that says nothing about where.
#[tokio::test]
async fn bad_fields_and_taken_emails_are_refused_precisely() {
    let app = spawn_app().await;
    app.other_org().await;
    let admin = app.admin().await;
    let (status, body) = json(
        admin
            .post(app.url("/api/v1/people"))
            .json(&json!({"name": "X", "email": "not-an-email"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    assert_eq!(body["error"]["field"], "email");
    let (status, body) = json(
        admin
            .post(app.url("/api/v1/people"))
            .json(&json!({"name": "Hank", "email": "HANK@globex.example"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "email_taken")
    );
    assert!(
        !body.to_string().to_lowercase().contains("globex"),
        "{body}"
    );
    let (status, _) = json(
        admin
            .post(app.url("/api/v1/people"))
            .json(&json!({"name": "X", "email": "x@acme.example", "role": "king"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A person edits their own profile; not someone else's, and not their own role.
#[tokio::test]
async fn a_person_edits_their_own_profile_only() {
    let app = spawn_app().await;
    let member = app.member().await;
    let me = id_of(&app, &app.member_email).await;
    let admin_id = id_of(&app, &app.admin_email).await;
    let res = member
        .patch(app.url(&format!("/api/v1/people/{me}")))
        .json(&json!({"about": "I sail.", "time_zone": "Europe/Berlin"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["about"].as_str(), body["time_zone"].as_str()),
        (Some("I sail."), Some("Europe/Berlin"))
    );
    let res = member
        .patch(app.url(&format!("/api/v1/people/{admin_id}")))
        .json(&json!({"about": "hacked"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = member
        .patch(app.url(&format!("/api/v1/people/{me}")))
        .json(&json!({"role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = member
        .patch(app.url(&format!("/api/v1/people/{me}")))
        .json(&json!({"time_zone": "Mars/Olympus"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("time_zone"))
    );
    // An admin may change anyone's role.
    let admin = app.admin().await;
    let res = admin
        .patch(app.url(&format!("/api/v1/people/{me}")))
        .json(&json!({"role": "lead"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json(res).await.1["role"], "lead");
}

/// Skills: strengths and shared growth areas are public; unshared ones are mine alone.
#[tokio::test]
async fn skills_are_set_by_name_and_private_growth_stays_private() {
    let app = spawn_app().await;
    let member = app.member().await;
    let body = json!({"strengths": [" sql ", "Rust"], "growth_areas": [{"skill": "Public speaking", "shared": false}, {"skill": "Negotiation", "shared": true}]});
    let (status, saved) = json(
        member
            .put(app.url("/api/v1/me/skills"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, me) = json(member.get(app.url("/api/v1/me")).send().await.unwrap()).await;
    assert_eq!(me["growth_areas"].as_array().unwrap().len(), 2);
    let admin = app.admin().await;
    let id = id_of(&app, &app.member_email).await;
    let (_, seen) = json(
        admin
            .get(app.url(&format!("/api/v1/people/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        seen["growth_areas"],
        json!([{"skill": "Negotiation", "shared": true}])
    );
    assert_eq!(seen["strengths"], json!(["Rust", "sql"]));
    let (_, vocab) = json(admin.get(app.url("/api/v1/skills")).send().await.unwrap()).await;
    assert!(!vocab.to_string().contains("Public speaking"), "{vocab}");
    let (_, found) = json(
        admin
            .get(app.url("/api/v1/people?skill=public%20speaking"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 0);
    let (_, found) = json(
        admin
            .get(app.url("/api/v1/people?skill=SQL"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let (_, found) = json(
        admin
            .get(app.url("/api/v1/people?skill=unknown-skill"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 0);
    let clash = json!({"strengths": ["Rust"], "growth_areas": [{"skill": "rust", "shared": true}]});
    assert_eq!(
        member
            .put(app.url("/api/v1/me/skills"))
            .json(&clash)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

/// Lists page with limit and cursor; a limit out of range is a 422.
#[tokio::test]
async fn the_directory_pages_with_a_cursor() {
    let app = spawn_app().await;
    for i in 0..5 {
        app.add_person(
            app.org,
            &format!("p{i}@acme.example"),
            &format!("Person {i}"),
            rapport_core::Role::Member,
        )
        .await;
    }
    let c = app.member().await;
    let (_, first) = json(
        c.get(app.url("/api/v1/people?limit=4"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 4);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = json(
        c.get(app.url(&format!("/api/v1/people?limit=4&cursor={cursor}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 3);
    assert!(second["next_cursor"].is_null());
    let (status, _) = json(
        c.get(app.url("/api/v1/people?limit=0"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = json(
        c.get(app.url("/api/v1/people?limit=abc"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// An admin sets role, team and manager from the profile page; a member cannot, and a loop is refused.
#[tokio::test]
async fn an_admin_edits_role_team_and_manager_from_the_profile() {
    let app = spawn_app().await;
    let (admin, member) = (app.admin().await, app.member().await);
    let mo = id_of(&app, &app.member_email).await;
    let alice = id_of(&app, &app.admin_email).await;
    let form = [
        ("role", "lead"),
        ("team", "Platform"),
        ("manager_email", "admin@acme.example"),
    ];
    let res = member
        .post(app.url(&format!("/admin/people/{mo}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin
        .post(app.url(&format!("/admin/people/{mo}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "redirected to the profile");
    let p = app
        .store
        .person(app.org, rapport_core::PersonId::parse(&mo).unwrap())
        .await
        .unwrap();
    assert_eq!(
        (p.role, p.team_name.as_deref(), p.manager_name.as_deref()),
        (
            rapport_core::Role::Lead,
            Some("Platform"),
            Some("Alice Admin")
        )
    );
    let back = [
        ("role", "admin"),
        ("team", ""),
        ("manager_email", "member@acme.example"),
    ];
    let res = admin
        .post(app.url(&format!("/admin/people/{alice}")))
        .form(&back)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a reporting loop is refused"
    );
    assert!(res.text().await.unwrap().contains("loop"));
}
