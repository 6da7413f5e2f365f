//! The web pages: server-rendered with askama (compile-checked templates,
//! HTML auto-escaped), plain forms that work without JavaScript.

mod account;
mod admin;
mod checkins;
mod delegations;
mod flash;
mod form;
mod governance;
mod habits;
mod help;
mod insights;
mod learning;
mod media;
mod page;
mod people;
mod picker;
mod pictures;
mod privacy;
mod relationships;
mod sso;
mod time;

pub use flash::waiting as flash_waiting;
pub use page::{MaybeViewer, Nav, PageError, PageViewer, not_found};

pub use page::{refused_page, server_error};

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::{Json, Router};

pub fn router(openapi: utoipa::openapi::OpenApi) -> Router<AppState> {
    let spec = std::sync::Arc::new(openapi);
    Router::new()
        .merge(account::router())
        .merge(sso::router())
        .merge(people::router())
        .merge(delegations::router())
        .merge(help::router())
        .merge(relationships::router())
        .merge(checkins::router())
        .merge(habits::router())
        .merge(learning::router())
        .merge(insights::router())
        .merge(privacy::router())
        .merge(governance::router())
        .merge(admin::router().layer(DefaultBodyLimit::max(admin::IMPORT_LIMIT)))
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(spec.as_ref().clone()) }),
        )
        .route("/api/docs", get(api_docs))
        .layer(axum::middleware::from_fn(flash::show_once))
        .route(
            "/static/app.css",
            get(|| asset("text/css", include_str!("../../assets/app.css"))),
        )
        .route("/favicon.ico", get(favicon_ico))
        .route(
            "/static/favicon.svg",
            get(|| asset("image/svg+xml", include_str!("../../assets/favicon.svg"))),
        )
        .route(
            "/static/player.js",
            get(|| asset("text/javascript", include_str!("../../assets/player.js"))),
        )
        .route(
            "/static/api-docs.js",
            get(|| asset("text/javascript", include_str!("../../assets/api-docs.js"))),
        )
        .route(
            "/static/vendor/swagger-ui.css",
            get(|| {
                asset(
                    "text/css",
                    include_str!("../../assets/vendor/swagger-ui/swagger-ui.css"),
                )
            }),
        )
        .route(
            "/static/vendor/swagger-ui-bundle.js",
            get(|| {
                asset(
                    "text/javascript",
                    include_str!("../../assets/vendor/swagger-ui/swagger-ui-bundle.js"),
                )
            }),
        )
}

async fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

/// The icon browsers ask for on their own; pages also link the SVG one.
async fn favicon_ico() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_bytes!("../../assets/favicon.ico").as_slice(),
    )
}

/// The interactive API page; its assets are vendored, so it works offline.
async fn api_docs() -> Html<&'static str> {
    Html(
        r##"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>rapport API</title><link rel="stylesheet" href="/static/vendor/swagger-ui.css"></head>
<body><main id="swagger-ui"></main><script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body></html>"##,
    )
}

#[cfg(test)]
mod tests {
    /// Every template closes the blocks it opens: a section left open by a
    /// merge nested the rest of the settings page inside one card, which
    /// no test of words or of accessibility noticed.
    #[test]
    fn every_template_closes_what_it_opens() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut checked = 0;
        let mut folders = vec![dir];
        let mut files = Vec::new();
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("a templates folder") {
                let path = entry.expect("a template").path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        for path in files {
            let text = std::fs::read_to_string(&path).expect("a template's text");
            for tag in [
                "section", "form", "ul", "ol", "table", "div", "fieldset", "details",
            ] {
                // `<tag` then a space, `>`, a line break or a template tag.
                let opened = text
                    .match_indices(&format!("<{tag}"))
                    .filter(|(at, m)| {
                        let next = text[at + m.len()..].chars().next();
                        matches!(next, Some(' ' | '>' | '\n' | '{'))
                    })
                    .count();
                let closed = text.matches(&format!("</{tag}>")).count();
                assert_eq!(
                    opened,
                    closed,
                    "{}: <{tag}> opened {opened}, closed {closed}",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked > 30, "read {checked} templates");
    }
}
