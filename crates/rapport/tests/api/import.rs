//! The CSV import through the API: dry run, all or nothing, every problem listed.

use crate::helpers::*;
use reqwest::StatusCode;

const GOOD: &str = "name,email,title,team,manager_email,role\n\
Ada Lovelace,ada@acme.example,CTO,Engineering,,lead\n\
Bo Builder,bo@acme.example,Engineer,Engineering,ada@acme.example,\n\
Mo Member,member@acme.example,Analyst,Data,,\n";

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    query: &str,
    body: &str,
) -> (StatusCode, serde_json::Value) {
    json(
        c.post(app.url(&format!("/api/v1/import/people{query}")))
            .header("content-type", "text/csv")
            .body(body.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// A dry run reports what would change and writes nothing; the real run writes it.
#[tokio::test]
async fn a_dry_run_writes_nothing_and_the_import_writes_everything() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (status, report) = post(&app, &admin, "?dry_run=true", GOOD).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["created"].as_u64(), report["updated"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(app.store.count_people(app.org).await.unwrap(), 2);
    let (status, report) = post(&app, &admin, "", GOOD).await;
    assert_eq!(
        (status, report["created"].as_u64()),
        (StatusCode::OK, Some(2))
    );
    assert_eq!(app.store.count_people(app.org).await.unwrap(), 4);
    let bo = app
        .store
        .person_by_email(
            app.org,
            &rapport_core::Email::parse("bo@acme.example").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(bo.manager_name.as_deref(), Some("Ada Lovelace"));
    let (_, again) = post(&app, &admin, "", GOOD).await;
    assert_eq!(
        again["unchanged"].as_u64(),
        Some(3),
        "importing twice changes nothing"
    );
}

/// A file with problems is a 422 listing each by line, and nothing is written.
#[tokio::test]
async fn a_bad_file_lists_every_problem_and_writes_nothing() {
    let app = spawn_app().await;
    app.other_org().await;
    let admin = app.admin().await;
    let bad = "name,email,title,team,manager_email,role\n\
Ada,ada@acme.example,,,,\n\
Bo,bo@acme.example,,,nobody@acme.example,\n\
Cy,cy@acme.example,,,dee@acme.example,\n\
Dee,dee@acme.example,,,cy@acme.example,\n\
Hank,hank@globex.example,,,,\n\
Ada again,ada@acme.example,,,,\n";
    let (status, body) = post(&app, &admin, "", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "invalid_file");
    let problems: Vec<String> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("line {}: {}", p["line"], p["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        problems,
        vec![
            "line 3: manager nobody@acme.example is neither in the file nor in the organization",
            "line 4: reporting lines loop: cy@acme.example → dee@acme.example → cy@acme.example",
            "line 5: reporting lines loop: dee@acme.example → cy@acme.example → dee@acme.example",
            "line 6: email hank@globex.example is already in use",
            "line 7: email ada@acme.example appears twice (first on line 2)",
        ]
    );
    assert_eq!(
        app.store.count_people(app.org).await.unwrap(),
        2,
        "nothing was written"
    );
}
