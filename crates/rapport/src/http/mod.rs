//! The JSON API under `/api/v1`, one module per resource, each with its own
//! `router()`; merged here and described by the OpenAPI document generated
//! from the handlers' annotations.

pub mod appreciations;
mod auth;
pub mod checkins;
pub mod delegations;
mod email_prefs;
pub mod error;
mod extract;
pub mod help;
mod import;
pub mod introductions;
pub mod invitations;
pub mod learning;
pub mod nudges;
mod ops;
pub mod org_settings;
pub mod people;
mod privacy;
pub mod relationships;
mod teams;
pub mod tokens;

pub use error::ErrorBody;
pub use extract::{ApiJson, ApiQuery, IdPath};
pub use ops::router as ops_router;

use crate::AppState;
use axum::Router;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "rapport API",
        description = "Build trust between colleagues. Sign in with `POST /api/v1/auth/login` (a session cookie) \
                       or send a personal access token as `Authorization: Bearer <token>`. Errors are \
                       `{\"error\": {\"code\", \"message\"}}`; lists are `{\"items\", \"next_cursor\"}`."
    ),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "auth", description = "Signing in and out, and who I am"),
        (name = "people", description = "The directory and profiles"),
        (name = "teams", description = "Teams"),
        (name = "admin", description = "Invitations and imports (admins)"),
        (name = "delegations", description = "Be the first to trust: delegations and favors"),
        (name = "help", description = "Can you help me? Requests, offers, thanks"),
        (name = "relationships", description = "My private trust picture and notifications"),
        (name = "nudges", description = "Suggestions for the next step, with their reasons"),
        (name = "introductions", description = "Get to know people: opt-in introductions"),
        (name = "learning", description = "The course, progress, team aggregates, and xAPI delivery"),
        (name = "check-ins", description = "Ask for their perspective: two-sided check-ins, revealed when both answered"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The API's routes and its OpenAPI document, built from the same handlers.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(tokens::router())
        .merge(people::router())
        .merge(teams::router())
        .merge(invitations::router())
        .merge(import::router())
        .merge(delegations::router())
        .merge(help::router())
        .merge(appreciations::router())
        .merge(relationships::router())
        .merge(checkins::router())
        .merge(nudges::router())
        .merge(introductions::router())
        .merge(email_prefs::router())
        .merge(learning::router())
        .merge(privacy::router())
        .merge(org_settings::router())
        .split_for_parts()
}

/// Pagination as every list takes it: `?limit=` (1 to 500, default 100)
/// and an opaque `?cursor=` from the previous page.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn page(&self) -> Result<crate::app::paging::PageRequest, crate::AppError> {
        Ok(crate::app::paging::PageRequest::parse(
            self.limit,
            self.cursor.as_deref(),
        )?)
    }
}

/// Someone named in an answer: their id and name.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = PersonRef)]
pub struct PersonRefOut {
    pub id: rapport_core::PersonId,
    pub name: String,
}

impl From<crate::app::PersonRef> for PersonRefOut {
    fn from(p: crate::app::PersonRef) -> Self {
        PersonRefOut {
            id: p.id,
            name: p.name,
        }
    }
}
