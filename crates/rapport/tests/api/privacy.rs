//! Organizations never see each other: another organization's person is a
//! 404 through every route, exactly like one that does not exist.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

/// Another organization's person is a 404 to read, to edit and to invite, and absent from lists.
#[tokio::test]
async fn another_organizations_person_is_a_404_everywhere() {
    let app = spawn_app().await;
    let (_, hank) = app.other_org().await;
    let admin = app.admin().await;
    let path = format!("/api/v1/people/{hank}");
    let missing = format!("/api/v1/people/{}", uuid::Uuid::new_v4());
    for p in [&path, &missing] {
        let (status, body) = json(admin.get(app.url(p)).send().await.unwrap()).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::NOT_FOUND, "not_found")
        );
        let (status, _) = json(
            admin
                .patch(app.url(p))
                .json(&json!({"about": "x"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = json(
        admin
            .post(app.url("/api/v1/invitations"))
            .json(&json!({"person_id": hank}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = json(
        admin
            .get(app.url("/api/v1/people?q=hank"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let res = admin
        .get(app.url(&format!("/people/{hank}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "the profile page too");
    let (status, _) = json(
        admin
            .get(app.url("/api/v1/people/not-a-uuid"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A manager or team from another organization cannot be attached.
#[tokio::test]
async fn links_across_organizations_are_refused() {
    let app = spawn_app().await;
    let (_, hank) = app.other_org().await;
    let admin = app.admin().await;
    let me = app
        .store
        .person_by_email(
            app.org,
            &rapport_core::Email::parse(&app.member_email).unwrap(),
        )
        .await
        .unwrap()
        .id;
    let res = admin
        .patch(app.url(&format!("/api/v1/people/{me}")))
        .json(&json!({"manager_id": hank}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// Pages need a session: the directory sends an anonymous visitor to sign in.
#[tokio::test]
async fn pages_redirect_anonymous_visitors_to_sign_in() {
    let app = spawn_app().await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c.get(app.url("/people?q=a")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/sign-in?next=%2Fpeople%3Fq%3Da");
    let member = app.member().await;
    assert_eq!(
        member
            .get(app.url("/admin/people"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}
