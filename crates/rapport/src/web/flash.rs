//! A confirmation after an action, shown once and without JavaScript: the
//! action's 303 redirect sets a short-lived cookie holding the
//! confirmation's code (`app::notices::Done`, never free text, so a forged
//! cookie can only show one of rapport's own sentences); the next page
//! that renders the layout shows it in a `role="status"` region and clears
//! the cookie in the same response.

use crate::app::notices::Done;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::{Arc, Mutex};

const COOKIE: &str = "rapport_flash";

tokio::task_local! {
    /// The confirmation waiting for this request's page, taken by the
    /// layout when it renders ([`take`]).
    static WAITING: Arc<Mutex<Option<Done>>>;
}

/// The redirect after an action, carrying its confirmation.
pub fn redirect(to: &str, done: Done) -> Response {
    // Not Secure: it carries a public code, and must survive plain-HTTP
    // installations; a minute is long enough for the redirect to land.
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
        done.code()
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response()
}

/// True when a confirmation waits to be shown (such a page is not served
/// from memory).
pub fn waiting(headers: &HeaderMap) -> bool {
    read(headers).is_some()
}

fn read(headers: &HeaderMap) -> Option<Done> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, code)| Done::parse(code))
}

/// The confirmation for the page being rendered, once.
pub fn take() -> Option<&'static str> {
    WAITING
        .try_with(|w| w.lock().ok().and_then(|mut w| w.take()))
        .ok()
        .flatten()
        .map(Done::words)
}

/// Middleware: offers a waiting confirmation to the page, and clears the
/// cookie once a page showed it (a redirect or an error page leaves it
/// for the next page).
pub async fn show_once(req: Request, next: Next) -> Response {
    let Some(done) = read(req.headers()) else {
        return next.run(req).await;
    };
    let slot = Arc::new(Mutex::new(Some(done)));
    let mut res = WAITING.scope(slot.clone(), next.run(req)).await;
    let shown = slot.lock().map(|w| w.is_none()).unwrap_or(true);
    if shown {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("rapport_flash=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
        );
    }
    res
}
