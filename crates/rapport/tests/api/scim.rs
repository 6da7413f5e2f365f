//! SCIM 2.0 provisioning: a directory creates, finds, renames, deactivates
//! and reactivates people with a token an admin created, in the shapes
//! Okta and Microsoft Entra ID send; SCIM's error bodies; bad tokens and
//! another organization's ids refused.

use crate::helpers::{PASSWORD, TestApp, json, spawn_app};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A provisioning token for the organization of `admin`.
async fn token(app: &TestApp, admin: &Client) -> String {
    let res = admin
        .post(app.url("/api/v1/admin/scim-tokens"))
        .json(&json!({"name": "Okta"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["id"].is_string());
    body["token"].as_str().unwrap().to_string()
}

async fn call(
    method: reqwest::Method,
    app: &TestApp,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/scim+json")
            .body(b.to_string());
    }
    json(req.send().await.unwrap()).await
}

async fn create(app: &TestApp, token: &str, email: &str) -> Value {
    let user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": email,
        "name": {"givenName": "Ines", "familyName": "Ortega"},
        "emails": [{"primary": true, "value": email, "type": "work"}],
        "active": true,
    });
    let (status, body) = call(
        reqwest::Method::POST,
        app,
        token,
        "/scim/v2/Users",
        Some(user),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// A directory creates a person, finds them by userName, reads and
/// renames them; a second create of the same email is a SCIM conflict.
#[tokio::test]
async fn a_directory_creates_finds_and_renames_people() {
    let app = spawn_app().await;
    let t = token(&app, &app.admin().await).await;
    let created = create(&app, &t, "ines@acme.example").await;
    assert_eq!(created["userName"], "ines@acme.example");
    assert_eq!(created["displayName"], "Ines Ortega");
    assert_eq!(created["active"], true);
    let id = created["id"].as_str().unwrap().to_string();

    let filter = "/scim/v2/Users?filter=userName%20eq%20%22ines%40acme.example%22";
    let (status, list) = call(reqwest::Method::GET, &app, &t, filter, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["totalResults"], 1);
    assert_eq!(list["Resources"][0]["id"], id.as_str());
    let nobody = "/scim/v2/Users?filter=userName%20eq%20%22nobody%40acme.example%22";
    let (_, list) = call(reqwest::Method::GET, &app, &t, nobody, None).await;
    assert_eq!(list["totalResults"], 0);
    let (status, body) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/Users?filter=title%20sw%20%22x%22",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["scimType"], "invalidFilter");
    assert_eq!(body["status"], "400");
    let (_, all) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/Users?startIndex=1&count=2",
        None,
    )
    .await;
    assert_eq!(all["totalResults"], 3, "the admin, the member and Ines");
    assert_eq!(all["Resources"].as_array().unwrap().len(), 2);

    let replace = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ines@acme.example",
                          "displayName": "Inés Ortega", "active": true});
    let (status, body) = call(
        reqwest::Method::PUT,
        &app,
        &t,
        &format!("/scim/v2/Users/{id}"),
        Some(replace),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["displayName"], "Inés Ortega");

    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ines@acme.example"});
    let (status, body) = call(
        reqwest::Method::POST,
        &app,
        &t,
        "/scim/v2/Users",
        Some(user),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["schemas"][0], ERROR);
    assert_eq!(body["scimType"], "uniqueness");
    assert_eq!(body["status"], "409");
}

/// Deactivating (Entra ID's PATCH) ends the person's sessions and tokens,
/// refuses their password and hides them from the directory; their record
/// stays, and Okta's PATCH brings them back.
#[tokio::test]
async fn deactivating_ends_sessions_and_tokens_and_hides_the_person() {
    let app = spawn_app().await;
    let t = token(&app, &app.admin().await).await;
    let member = app.member().await;
    let res = member
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"name": "laptop"}))
        .send()
        .await
        .unwrap();
    let (status, pat) = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{pat}");
    let pat = pat["token"].as_str().unwrap().to_string();
    let filter = format!(
        "/scim/v2/Users?filter=userName%20eq%20%22{}%22",
        app.member_email
    );
    let (_, list) = call(reqwest::Method::GET, &app, &t, &filter, None).await;
    let id = list["Resources"][0]["id"].as_str().unwrap().to_string();

    // Microsoft Entra ID's shape: a capitalised op, a path, a string value.
    let entra = json!({"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]});
    let (status, body) = call(
        reqwest::Method::PATCH,
        &app,
        &t,
        &format!("/scim/v2/Users/{id}"),
        Some(entra),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["active"], false);

    let me = member.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED, "the session ended");
    let me = Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&pat)
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "the token was revoked"
    );
    let res = app
        .anonymous()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": app.member_email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the password no longer works"
    );
    let (_, people) = json(
        app.admin()
            .await
            .get(app.url("/api/v1/people"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        !people.to_string().contains(&app.member_email),
        "hidden from the directory: {people}"
    );
    let (status, kept) = call(
        reqwest::Method::GET,
        &app,
        &t,
        &format!("/scim/v2/Users/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["active"], false, "the record stays");

    // Okta's shape: no path, an object value.
    let okta =
        json!({"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": true}}]});
    let (status, body) = call(
        reqwest::Method::PATCH,
        &app,
        &t,
        &format!("/scim/v2/Users/{id}"),
        Some(okta),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["active"], true);
    app.member().await; // signs in again with the password

    // A DELETE deactivates too.
    let res = Client::new()
        .delete(app.url(&format!("/scim/v2/Users/{id}")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, kept) = call(
        reqwest::Method::GET,
        &app,
        &t,
        &format!("/scim/v2/Users/{id}"),
        None,
    )
    .await;
    assert_eq!(kept["active"], false);
}

/// No token, a wrong one, and a member asking for one are refused; another
/// organization's people are 404, in SCIM's error shape.
#[tokio::test]
async fn bad_tokens_and_other_organizations_are_refused() {
    let app = spawn_app().await;
    let res = app
        .member()
        .await
        .post(app.url("/api/v1/admin/scim-tokens"))
        .json(&json!({"name": "mine"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let t = token(&app, &app.admin().await).await;
    let ines = create(&app, &t, "ines@acme.example").await;

    for bad in ["", "rps_not-a-token"] {
        let (status, body) = call(reqwest::Method::GET, &app, bad, "/scim/v2/Users", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["schemas"][0], ERROR);
        assert_eq!(body["status"], "401");
    }
    let (status, _) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/ServiceProviderConfig",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let (_, hank) = app.other_org().await;
    let globex = token(&app, &app.signed_in("hank@globex.example").await).await;
    let theirs = format!("/scim/v2/Users/{}", ines["id"].as_str().unwrap());
    let (status, body) = call(reqwest::Method::GET, &app, &globex, &theirs, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], "404");
    let off =
        json!({"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": false}}]});
    let (status, _) = call(reqwest::Method::PATCH, &app, &globex, &theirs, Some(off)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, still) = call(reqwest::Method::GET, &app, &t, &theirs, None).await;
    assert_eq!(still["active"], true, "untouched");
    // And acme's token does not see globex's people.
    let (status, _) = call(
        reqwest::Method::GET,
        &app,
        &t,
        &format!("/scim/v2/Users/{hank}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/Users/not-an-id",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The discovery documents a directory reads before provisioning.
#[tokio::test]
async fn the_discovery_documents_describe_users() {
    let app = spawn_app().await;
    let t = token(&app, &app.admin().await).await;
    let (status, spc) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/ServiceProviderConfig",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spc["patch"]["supported"], true);
    assert_eq!(spc["filter"]["supported"], true);
    let (_, schemas) = call(reqwest::Method::GET, &app, &t, "/scim/v2/Schemas", None).await;
    assert_eq!(
        schemas["Resources"][0]["id"],
        "urn:ietf:params:scim:schemas:core:2.0:User"
    );
    let (_, types) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/ResourceTypes",
        None,
    )
    .await;
    assert_eq!(types["Resources"][0]["endpoint"], "/Users");
    let bad = json!({"Operations": []});
    let (status, body) = call(
        reqwest::Method::PATCH,
        &app,
        &t,
        "/scim/v2/Users/00000000-0000-0000-0000-000000000000",
        Some(bad),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["scimType"], "invalidSyntax");
}

/// Groups become teams: created with members, found by name, members
/// added and removed in both vendors' PATCH shapes, and replaced by a PUT.
#[tokio::test]
async fn groups_become_teams_with_their_members() {
    let app = spawn_app().await;
    let t = token(&app, &app.admin().await).await;
    let ines = create(&app, &t, "ines@acme.example").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ola = create(&app, &t, "ola@acme.example").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let group = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                       "displayName": "Platform", "members": [{"value": ines}]});
    let (status, g) = call(
        reqwest::Method::POST,
        &app,
        &t,
        "/scim/v2/Groups",
        Some(group),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{g}");
    let gid = g["id"].as_str().unwrap().to_string();
    assert_eq!(g["members"][0]["value"], ines.as_str());
    let (_, person) = json(
        app.admin()
            .await
            .get(app.url(&format!("/api/v1/people/{ines}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(person["team"], "Platform", "{person}");

    let (_, found) = call(
        reqwest::Method::GET,
        &app,
        &t,
        "/scim/v2/Groups?filter=displayName%20eq%20%22Platform%22",
        None,
    )
    .await;
    assert_eq!(found["totalResults"], 1);
    assert_eq!(found["Resources"][0]["id"], gid.as_str());

    // Okta: add with a members path. Entra ID: remove with a value filter.
    let add = json!({"schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": [{"value": ola}]}]});
    let (status, g) = call(
        reqwest::Method::PATCH,
        &app,
        &t,
        &format!("/scim/v2/Groups/{gid}"),
        Some(add),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{g}");
    assert_eq!(g["members"].as_array().unwrap().len(), 2);
    let remove = json!({"schemas": [PATCH], "Operations": [{"op": "Remove", "path": format!("members[value eq \"{ines}\"]")}]});
    let (_, g) = call(
        reqwest::Method::PATCH,
        &app,
        &t,
        &format!("/scim/v2/Groups/{gid}"),
        Some(remove),
    )
    .await;
    assert_eq!(g["members"].as_array().unwrap().len(), 1);
    assert_eq!(g["members"][0]["value"], ola.as_str());

    let put = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Platform",
                     "members": [{"value": ines}]});
    let (_, g) = call(
        reqwest::Method::PUT,
        &app,
        &t,
        &format!("/scim/v2/Groups/{gid}"),
        Some(put),
    )
    .await;
    assert_eq!(g["members"].as_array().unwrap().len(), 1);
    assert_eq!(g["members"][0]["value"], ines.as_str());

    // Another organization's group is not found.
    app.other_org().await;
    let globex = token(&app, &app.signed_in("hank@globex.example").await).await;
    let (status, _) = call(
        reqwest::Method::GET,
        &app,
        &globex,
        &format!("/scim/v2/Groups/{gid}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// An admin lists the directory's tokens (never their secret) and revokes
/// one: its next call is refused. A member cannot; another organization's
/// token, or one revoked already, is a 404.
#[tokio::test]
async fn an_admin_lists_and_revokes_provisioning_tokens() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let t = token(&app, &admin).await;
    let users = async |t: &str| {
        call(reqwest::Method::GET, &app, t, "/scim/v2/Users", None)
            .await
            .0
    };
    assert_eq!(users(&t).await, StatusCode::OK);

    let list = app.url("/api/v1/admin/scim-tokens");
    let (status, body) = json(admin.get(&list).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Okta");
    assert_eq!(items[0]["revoked_at"], Value::Null);
    assert!(!body.to_string().contains(&t), "the secret is never listed");
    let id = items[0]["id"].as_str().unwrap().to_string();

    let revoke = app.url(&format!("/api/v1/admin/scim-tokens/{id}"));
    let member = app.member().await;
    assert_eq!(
        member.delete(&revoke).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        users(&t).await,
        StatusCode::OK,
        "a refused revocation changes nothing"
    );

    assert_eq!(
        admin.delete(&revoke).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(users(&t).await, StatusCode::UNAUTHORIZED, "revoked at once");
    let (_, body) = json(admin.get(&list).send().await.unwrap()).await;
    assert!(body["items"][0]["revoked_at"].is_string());
    let (status, body) = json(admin.delete(&revoke).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "already revoked: {body}");

    // Another organization's admin cannot see or revoke it.
    let (other, _) = app.other_org().await;
    let them = app
        .add_person(
            other,
            "root@globex.example",
            "Gil Globex",
            rapport_core::Role::Admin,
        )
        .await;
    let _ = them;
    let theirs = app.signed_in("root@globex.example").await;
    let (_, body) = json(theirs.get(&list).send().await.unwrap()).await;
    assert_eq!(body["items"].as_array().unwrap().len(), 0);
    let t2 = token(&app, &admin).await;
    let (_, body) = json(admin.get(&list).send().await.unwrap()).await;
    let live = body["items"][0]["id"].as_str().unwrap().to_string();
    let theirs_revoke = app.url(&format!("/api/v1/admin/scim-tokens/{live}"));
    let status = theirs.delete(&theirs_revoke).send().await.unwrap().status();
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(users(&t2).await, StatusCode::OK);
}
