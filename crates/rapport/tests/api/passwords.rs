//! Passwords long enough and not common (NIST SP 800-63B), and names free
//! of the invisible characters that make one name pass for another: through
//! the API (422 with the field) and the invitation page (beside the field).

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// An invitation's secret, for a new person `email`.
async fn invitation(app: &TestApp, email: &str) -> String {
    let (status, inv) = json(
        app.admin()
            .await
            .post(app.url("/api/v1/invitations"))
            .json(&json!({"email": email, "name": "Nia New"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    let link = inv["link"].as_str().unwrap();
    link.rsplit('/').next().unwrap().to_string()
}

fn refused_field(body: &Value) -> (&str, &str, &str) {
    (
        error_code(body),
        body["error"]["field"].as_str().unwrap_or_default(),
        body["error"]["message"].as_str().unwrap_or_default(),
    )
}

/// A short password, a common one (in any case) and one character
/// repeated are each refused with a 422 that names the field and says why;
/// a long, uncommon one is taken.
#[tokio::test]
async fn weak_passwords_are_refused_saying_why() {
    let app = spawn_app().await;
    let token = invitation(&app, "new@acme.example").await;
    let accept = |password: &'static str| {
        let c = app.anonymous();
        let url = app.url("/api/v1/invitations/accept");
        let token = token.clone();
        async move {
            json(
                c.post(url)
                    .json(&json!({"token": token, "password": password}))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    for (password, why) in [
        ("password12", "at least 12 characters"),
        ("          ", "at least 12 characters"),
        ("password1234", "commonly used"),
        ("Qwerty123456", "commonly used"),
        ("            ", "repeated"),
    ] {
        let (status, body) = accept(password).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{password:?}");
        let (code, field, message) = refused_field(&body);
        assert_eq!((code, field), ("invalid_field", "password"), "{body}");
        assert!(message.contains(why), "{password:?}: {message}");
    }
    let (status, body) = accept("tea kettle on the moon").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
}

/// The invitation page shows why a common password was refused beside
/// the field, and keeps the invitation usable.
#[tokio::test]
async fn the_invitation_page_says_why_beside_the_password() {
    let app = spawn_app().await;
    let token = invitation(&app, "new@acme.example").await;
    let c = app.anonymous();
    let res = c
        .post(app.url(&format!("/invitations/{token}")))
        .form(&[("password", "Password1234")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"<span class="field-error" id="password-error">This is one of the most commonly used passwords"#),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true""#), "{html}");
    let res = c
        .post(app.url(&format!("/invitations/{token}")))
        .form(&[("password", "tea kettle on the moon")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.url().path(),
        "/me/edit",
        "signed in and on to the profile"
    );
}

/// Bidirectional controls and zero-width characters are refused in a
/// person's name and a team's, naming the character.
#[tokio::test]
async fn names_with_invisible_characters_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (i, name) in ["Ada\u{202E}ecalevoL", "Ada\u{200B}Lovelace", "\u{FEFF}Ada"]
        .into_iter()
        .enumerate()
    {
        let (status, body) = json(
            admin
                .post(app.url("/api/v1/invitations"))
                .json(&json!({"email": format!("ada{i}@acme.example"), "name": name}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}: {body}");
        let (code, field, message) = refused_field(&body);
        assert_eq!((code, field), ("invalid_field", "name"), "{body}");
        assert!(message.contains("invisible character U+"), "{message}");
    }
    let (status, body) = json(
        admin
            .post(app.url("/api/v1/teams"))
            .json(&json!({"name": "Plat\u{2066}form"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(refused_field(&body).2.contains("U+2066"), "{body}");
}

/// `rapport admin create-user` refuses a common password before touching
/// the database, saying why, with exit status 1.
#[test]
fn the_command_line_refuses_a_common_password() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "admin",
            "create-user",
            "--org",
            "acme",
            "--email",
            "ada@acme.example",
        ])
        .args([
            "--name",
            "Ada Lovelace",
            "--password-stdin",
            "--database-url",
            &url,
        ])
        .env_remove("RAPPORT_CONFIG")
        .env_remove("RAPPORT_DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Password1234\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("password: is one of the most commonly used passwords"),
        "{said}"
    );
    assert!(!dir.path().join("cli.db").exists(), "nothing was written");
}
