//! Page forms: every problem at once, each in words beside its field
//! (`aria-invalid`, `aria-describedby`), with what was typed kept; the
//! person picker, which turns a typed name into a colleague or says why it
//! cannot, without JavaScript.

use crate::helpers::*;
use rapport_core::Role;
use reqwest::{Client, StatusCode};

fn no_redirects_signed_in() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn sign_in(app: &TestApp, email: &str) -> Client {
    let c = no_redirects_signed_in();
    let res = c
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    c
}

async fn post_form(who: &Client, url: String, form: &[(&str, &str)]) -> (StatusCode, String) {
    let res = who.post(url).form(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// A new delegation with three mistakes: all three come back at once,
/// each beside its field in words, and the form keeps what was typed.
#[tokio::test]
async fn every_problem_is_shown_beside_its_field_with_what_was_typed_kept() {
    let app = spawn_app().await;
    let mo = sign_in(&app, &app.member_email).await;
    let (status, html) = post_form(
        &mo,
        app.url("/delegations/new"),
        &[
            ("to", "Nobody Such"),
            ("title", "   "),
            ("details", "Some context <kept>"),
            ("due", "2001-02-03"),
            ("stakes", "small"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("3 things to fix: each is marked below."),
        "{html}"
    );
    for (field, words) in [
        (
            "to",
            "Nobody called “Nobody Such” works here: choose a name from the list.",
        ),
        ("title", "This must not be empty."),
        ("due", "This must be in the future."),
    ] {
        assert!(
            html.contains(&format!(
                r#"<span class="field-error" id="{field}-error">{words}</span>"#
            )),
            "{field}'s problem is beside it: {html}"
        );
        assert!(
            html.contains(&format!(
                r#"aria-invalid="true" aria-describedby="{field}-error""#
            )),
            "{field} is marked invalid"
        );
    }
    assert!(html.contains(r#"value="Nobody Such""#));
    assert!(html.contains(r#"value="2001-02-03""#));
    assert!(html.contains("Some context") && !html.contains("<kept>"));
    // No internal field names at the top.
    assert!(!html.contains("to: ") && !html.contains("due: "));
}

/// The picker takes a name as the list shows it (or a bare name, or an
/// email); a name two colleagues share asks which, an unknown one says so.
#[tokio::test]
async fn the_person_picker_resolves_names_and_explains_ambiguity() {
    let app = spawn_app().await;
    app.add_person(app.org, "sam1@acme.example", "Sam Same", Role::Member)
        .await;
    app.add_person(app.org, "sam2@acme.example", "Sam Same", Role::Member)
        .await;
    let mo = sign_in(&app, &app.member_email).await;
    // The list offers each colleague once, twins told apart by email.
    let html = mo
        .get(app.url("/delegations/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<datalist id="colleague-list">"#));
    assert!(html.contains(r#"<option value="Alice Admin">"#), "{html}");
    assert!(html.contains(r#"<option value="Sam Same (sam1@acme.example)">"#));
    assert!(
        !html.contains(r#"<option value="Mo Member">"#),
        "never oneself"
    );
    let new = |to: &'static str| {
        [
            ("to", to),
            ("title", "Proofread the draft"),
            ("stakes", "small"),
        ]
    };
    let (status, html) = post_form(&mo, app.url("/delegations/new"), &new("sam same")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(
            "2 colleagues are called “Sam Same”: choose one from the list, which shows their team."
        ),
        "{html}"
    );
    for to in [
        "alice admin",
        "Sam Same (sam2@acme.example)",
        "sam1@acme.example",
    ] {
        let res = mo
            .post(app.url("/delegations/new"))
            .form(&new(to))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{to}");
    }
    // A link that preselects someone by id shows their name.
    let (_, alice) = json(
        app.admin()
            .await
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = alice["id"].as_str().unwrap();
    let html = mo
        .get(app.url(&format!("/thanks?to={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"id="to" name="to" required autocomplete="off" list="colleague-list" value="Alice Admin""#), "{html}");
}

/// A check-in answer with nothing chosen names each question beside it,
/// and the profile form puts a bad time zone beside its field.
#[tokio::test]
async fn check_in_and_profile_forms_show_problems_beside_fields() {
    let app = spawn_app().await;
    let mo = sign_in(&app, &app.member_email).await;
    let (status, html) = post_form(&mo, app.url("/check-ins"), &[("with", "Alice Admin")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let (status, html) = post_form(
        &mo,
        app.url("/me/edit"),
        &[
            ("name", "Mo Member"),
            ("title", ""),
            ("time_zone", "Mars/Olympus"),
            ("about", "Bees."),
            ("how_i_work", ""),
            ("strengths", "SQL"),
            ("growth", "sql"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="time_zone-error""#), "{html}");
    assert!(
        html.contains(r#"id="growth-error""#),
        "a growth area that is a strength"
    );
    assert!(html.contains(r#"value="Mars/Olympus""#));
    assert!(html.contains("2 things to fix"));
}

/// An admin's invitation form says every problem at once, and a taken
/// email beside the email; a page with one message names the field in
/// words, never by its internal name.
#[tokio::test]
async fn the_invitation_form_and_single_messages_speak_in_words() {
    let app = spawn_app().await;
    let alice = sign_in(&app, &app.admin_email).await;
    let (status, html) = post_form(
        &alice,
        app.url("/admin/people"),
        &[
            ("name", ""),
            ("email", "not-an-address"),
            ("team", ""),
            ("role", "boss"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("3 things to fix"), "{html}");
    for field in ["name", "email", "role"] {
        assert!(html.contains(&format!(r#"id="{field}-error""#)), "{field}");
    }
    assert!(html.contains(r#"value="not-an-address""#));
    let (status, html) = post_form(
        &alice,
        app.url("/admin/people"),
        &[
            ("name", "Mo Again"),
            ("email", "member@acme.example"),
            ("team", ""),
            ("role", "member"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        html.contains(r#"<span class="field-error" id="email-error">This email address is already in use.</span>"#),
        "{html}"
    );
    let (_, html) = post_form(&alice, app.url("/me/tokens"), &[("name", " ")]).await;
    assert!(html.contains("The name must not be empty."), "{html}");
    assert!(!html.contains("name: must"));
}

/// "Don't pair me with" takes a typed name too, and an unknown one comes
/// back beside the field instead of an error page.
#[tokio::test]
async fn dont_pair_me_with_takes_a_name() {
    let app = spawn_app().await;
    let mo = sign_in(&app, &app.member_email).await;
    let (status, html) = post_form(
        &mo,
        app.url("/introductions"),
        &[("action", "block"), ("person", "Nobody Such")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="person-error""#) && html.contains(r#"value="Nobody Such""#));
    let (status, _) = post_form(
        &mo,
        app.url("/introductions"),
        &[("action", "block"), ("person", "Alice Admin")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, settings) = json(
        mo.get(app.url("/api/v1/me/introduction-settings"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        settings["dont_pair_with"].as_array().map(Vec::len),
        Some(1),
        "{settings}"
    );
}
