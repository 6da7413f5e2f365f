//! Building the application: the router with its middleware, bound to a
//! listener whose real port is known (tests bind port 0).

use crate::{AppState, Config, http, web};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rapport_store::Store;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// JSON and forms are small; the CSV import raises its own limit.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A bound, not yet serving, rapport server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

impl Application {
    /// Connects to the database (migrating it) and binds the address.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let store = Store::connect(&config.database_url).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot open the database {}: {e}",
                rapport_store::redact(&config.database_url)
            )
        })?;
        Self::with_store(config, store).await
    }

    pub async fn with_store(config: Config, store: Store) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(&config.bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
        let state = AppState::new(store, config);
        let router = app(state.clone());
        Ok(Application {
            listener,
            router,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes requests in flight.
    /// Background jobs run beside the server (unless `background_jobs` is
    /// off, for an instance that only serves) and stop with it.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let jobs = self
            .state
            .config
            .background_jobs
            .then(|| tokio::spawn(crate::jobs::run(self.state.clone())));
        let chat = self
            .state
            .config
            .background_jobs
            .then(|| tokio::spawn(crate::slack::outbox::run(self.state.clone())));
        let served = crate::connections::serve(
            self.listener,
            self.router,
            &self.state.config,
            shutdown_signal(),
        )
        .await;
        for job in [jobs, chat].into_iter().flatten() {
            job.abort();
        }
        Ok(served?)
    }
}

/// The whole application as a router, drivable without a socket.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = http::api();
    Router::new()
        .merge(api)
        .merge(http::ops_router())
        .merge(crate::scim::router())
        .merge(crate::slack::router())
        .merge(web::router(openapi))
        .fallback(unknown_address)
        // Inside routing (a `Router::layer` wraps each route), so it sees
        // which route matched.
        .layer(middleware::from_fn_with_state(state.clone(), crate::page_cache::serve_cached))
        // Before the cache: a switched-off module is never answered.
        .layer(middleware::from_fn_with_state(state.clone(), modules_gate))
        // A handler that panics answers 500 (JSON), and a page for pages.
        .layer(CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(pages_for_panics))
        .layer(middleware::from_fn(rejections_in_shape))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), refuse_cross_site))
        .layer(middleware::from_fn_with_state(state.clone(), record_metrics))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(state.config.request_timeout_secs)))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .with_state(state)
}

/// What a browser may load and run for rapport's pages: only this site's
/// own scripts (no inline script, so injected markup cannot run), styles
/// from this site (inline style attributes allowed: they cannot run code),
/// images from this site or drawn inline, and never inside another site's
/// frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers every answer carries, whichever route or error produced it: the
/// policy above, no framing (for browsers without `frame-ancestors`), no
/// type sniffing, no full address sent to other sites. An answer to a
/// request that carried credentials (a session cookie or a token) is never
/// stored by a browser or proxy cache unless its handler chose a policy;
/// nor is one that sets a cookie. Served over HTTPS (`public_url`),
/// browsers are told to keep to HTTPS.
async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let h = req.headers();
    let credentials = h.contains_key(header::AUTHORIZATION)
        || h.get_all(header::COOKIE).iter().any(|c| {
            c.to_str()
                .is_ok_and(|c| c.contains(crate::auth::SESSION_COOKIE))
        });
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if state.config.served_over_https() {
        h.entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    // A new session's cookie is a credential too.
    if credentials || h.contains_key(header::SET_COOKIE) {
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    res
}

/// An address no route knows: the API keeps its JSON error shape, anything
/// else is a page. Here, because only this layer may see both adapters.
async fn unknown_address(State(state): State<AppState>, req: Request) -> Response {
    if is_api(req.uri().path()) {
        return crate::AppError::NotFound.into_response();
    }
    let (mut parts, _) = req.into_parts();
    match web::MaybeViewer::from_request_parts(&mut parts, &state).await {
        Ok(viewer) => web::not_found(state, viewer).await,
        Err(refused) => refused,
    }
}

/// Marks the answer to a request whose handler panicked.
#[derive(Debug, Clone, Copy)]
struct Panicked;

/// A panic is a bug: logged, answered 500 in the JSON shape, never with
/// the panic's text.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let mut res =
        crate::AppError::internal(anyhow::anyhow!("a request handler panicked")).into_response();
    res.extensions_mut().insert(Panicked);
    res
}

/// Outside the API, a panicked request answers the 500 page instead.
async fn pages_for_panics(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    if api || res.extensions().get::<Panicked>().is_none() {
        return res;
    }
    web::server_error()
}

/// axum's own rejections (a body over the limit, a form that does not
/// parse) are plain text: answer them in the JSON error shape under the
/// API and as a page elsewhere, like every other error.
async fn rejections_in_shape(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    if res.status() == StatusCode::METHOD_NOT_ALLOWED && api {
        // axum answers it with an empty body; keep its `Allow` header.
        let allow = res.headers().get(header::ALLOW).cloned();
        let mut shaped = crate::AppError::MethodNotAllowed.into_response();
        if let Some(allow) = allow {
            shaped.headers_mut().insert(header::ALLOW, allow);
        }
        return shaped;
    }
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    if !plain || !(res.status().is_client_error() || res.status().is_server_error()) {
        return res;
    }
    let status = res.status();
    let text = axum::body::to_bytes(res.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    tracing::info!(%status, rejection = %text, "answered a rejection in the error shape");
    let e = match status {
        StatusCode::PAYLOAD_TOO_LARGE => crate::AppError::TooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => crate::AppError::Unsupported(text),
        _ if api => crate::AppError::BadRequest(text),
        _ => crate::AppError::BadRequest(
            "the form could not be read: go back, reload the page and send it again".into(),
        ),
    };
    if api {
        e.into_response()
    } else {
        web::refused_page(e)
    }
}

/// A module the organization switched off (or that is outside its pilot
/// for this person) answers 404, like an address that does not exist: JSON
/// under the API, the not-found page elsewhere. Its data stays.
async fn modules_gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(module) = crate::app::modules::of_path(req.uri().path()) else {
        return next.run(req).await;
    };
    let api = is_api(req.uri().path());
    let (mut parts, body) = req.into_parts();
    // Not signed in: the route itself answers (401, or the sign-in page).
    if let Ok(actor) = crate::app::Actor::from_request_parts(&mut parts, &state).await {
        match crate::app::modules::on(&state, &actor).await {
            Ok(on) if on.has(module) => {}
            Ok(_) if api => return crate::AppError::NotFound.into_response(),
            Ok(_) => {
                let viewer = web::MaybeViewer::from_request_parts(&mut parts, &state).await;
                return match viewer {
                    Ok(viewer) => web::not_found(state, viewer).await,
                    Err(refused) => refused,
                };
            }
            Err(e) if api => return e.into_response(),
            Err(e) => return web::refused_page(e),
        }
    }
    next.run(Request::from_parts(parts, body)).await
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Refuses a state-changing request whose `Origin` or `Sec-Fetch-Site`
/// shows another site: a form on another site must not act for a signed-in
/// person. Only a request without the session cookie (a bearer token alone
/// carries no ambient credentials) is exempt; any other `Authorization`
/// header changes nothing, since the cookie would still sign it in. Slack's
/// addresses (`/slack/…`) are exempt too: they never read the session and
/// act only on a valid Slack signature. The refusal is JSON under the API
/// and a page elsewhere.
async fn refuse_cross_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let cookie = crate::auth::cookie(req.headers(), crate::auth::SESSION_COOKIE).is_some();
    let token_only = !cookie && req.headers().contains_key(header::AUTHORIZATION);
    // Slack's requests come from Slack's servers, not a browser, and are
    // authenticated by their signature alone (the session is never read).
    let signed_by_slack = req.uri().path().starts_with("/slack/");
    if safe || token_only || signed_by_slack || same_origin(&req, &state.config) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
    if is_api(req.uri().path()) {
        crate::AppError::CrossSite.into_response()
    } else {
        web::refused_page(crate::AppError::CrossSite)
    }
}

/// The site's own origin is `public_url` when the operator set it (behind
/// a proxy the `Host` header may be rewritten), else the request's host.
fn same_origin(req: &Request, config: &Config) -> bool {
    let h = req.headers();
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return false;
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return h.get(header::ORIGIN).is_none();
    };
    if config.public_url_set {
        return origin_of(origin) == origin_of(&config.public_url);
    }
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin.split_once("://").map(|(_, rest)| rest) == Some(host)
}

/// `scheme://host[:port]` of a URL, with default ports left out, lower case.
fn origin_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    Some(u.origin().ascii_serialization().to_ascii_lowercase())
}

async fn record_metrics(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let res = next.run(req).await;
    state.metrics.record(res.status().as_u16(), start.elapsed());
    res
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("the secret cause")
    }

    async fn answer(path: &str) -> (StatusCode, String, String) {
        let app: Router = Router::new()
            .route("/boom", get(boom))
            .route("/api/v1/boom", get(boom))
            .layer(CatchPanicLayer::custom(panicked))
            .layer(middleware::from_fn(pages_for_panics))
            .layer(middleware::from_fn(rejections_in_shape));
        let req = Request::builder()
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        let status = res.status();
        let kind = res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_string();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, kind, String::from_utf8_lossy(&body).into_owned())
    }

    /// A panic on a page is the 500 page; on the API, the JSON shape; the
    /// panic's text in neither.
    #[tokio::test]
    async fn a_panic_is_a_500_page_or_json_and_never_shows_its_cause() {
        let (status, kind, body) = answer("/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(kind.starts_with("text/html"), "{kind}");
        assert!(body.contains("Something went wrong") && !body.contains("secret"));
        let (status, kind, body) = answer("/api/v1/boom").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(kind, "application/json");
        assert!(
            body.contains(r#""code":"internal""#) && !body.contains("secret"),
            "{body}"
        );
    }
}
