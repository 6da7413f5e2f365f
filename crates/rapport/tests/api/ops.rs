//! Health, readiness, metrics, the OpenAPI document and request ids.

use crate::helpers::*;
use reqwest::StatusCode;

/// Health, readiness and metrics answer without sign-in.
#[tokio::test]
async fn operations_endpoints_answer_without_sign_in() {
    let app = spawn_app().await;
    let c = app.anonymous();
    assert_eq!(
        c.get(app.url("/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let metrics = c
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("rapport_http_requests_total{status=\"2xx\"}"),
        "{metrics}"
    );
}

/// The OpenAPI document is 3.1 and lists the API's routes; the docs page needs no network.
#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let c = app.anonymous();
    let (status, doc) = json(c.get(app.url("/api/v1/openapi.json")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/people",
        "/api/v1/people/{id}",
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/tokens",
        "/api/v1/teams",
        "/api/v1/me/skills",
        "/api/v1/import/people",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    let page = c
        .get(app.url("/api/docs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("/static/vendor/swagger-ui-bundle.js") && !page.contains("https://"),
        "assets are served locally"
    );
    let js = c
        .get(app.url("/static/vendor/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
}

/// Every response carries a request id; a caller's own id is kept.
#[tokio::test]
async fn responses_carry_a_request_id() {
    let app = spawn_app().await;
    let c = app.anonymous();
    let res = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert!(res.headers().get("x-request-id").is_some());
    let res = c
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-me-42");
}

/// A body over the limit is refused with 413 in the error shape.
#[tokio::test]
async fn an_oversized_body_is_refused() {
    let app = spawn_app().await;
    let c = app.member().await;
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let res = c
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    let (status, body) = json(res).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "payload_too_large");
}
