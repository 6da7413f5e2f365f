//! The JSON API under `/api/v1`, one module per resource, each with its own
//! `router()`; merged here and described by the OpenAPI document generated
//! from the handlers' annotations.

pub mod appreciations;
mod auth;
mod chat;
pub mod checkins;
pub mod delegations;
mod email_prefs;
pub mod error;
mod extract;
pub mod help;
mod import;
mod insights;
pub mod introductions;
pub mod invitations;
pub mod learning;
pub mod nudges;
mod ops;
pub mod org_settings;
pub mod people;
mod privacy;
pub mod relationships;
mod sso;
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
        (name = "insights", description = "Team and organization figures for leads and admins, never about fewer than the minimum group size"),
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

/// The answers every operation can give besides its own, documented on
/// each so that the document tells the truth to clients and fuzzers alike:
/// 401 where a sign-in is needed; 400, 413, 415 and 422 where there is a
/// body; 400 and 422 where there is a query; 404 where a path names
/// something or the route's module can be switched off. Each with the one
/// error shape.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::SecurityRequirement;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                let public = op
                    .security
                    .as_ref()
                    .is_some_and(|s| s.contains(&SecurityRequirement::default()));
                let params = op.parameters.as_deref().unwrap_or_default();
                let in_path = params
                    .iter()
                    .any(|p| p.parameter_in == utoipa::openapi::path::ParameterIn::Path);
                let in_query = params
                    .iter()
                    .any(|p| p.parameter_in == utoipa::openapi::path::ParameterIn::Query);
                let mut add = |status: &str, why: &str| {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_response(why).into());
                };
                if !public {
                    add(
                        "401",
                        "Not signed in: send the session cookie or a bearer token",
                    );
                }
                if op.request_body.is_some() {
                    add("400", "The body is not well-formed JSON");
                    add("413", "The body is too large");
                    add("415", "The body is not sent as application/json");
                    add("422", "A field is missing or invalid: `field` names it");
                }
                if in_query {
                    add("400", "The query string could not be read");
                    add("422", "A query parameter is invalid: `field` names it");
                }
                // A module's routes answer 404 when it is switched off.
                if let Some(module) = crate::app::modules::of_path(path) {
                    let off = format!(
                        "Not found, or {} switched off for this organization",
                        module.words()
                    );
                    add("404", &off);
                }
                if in_path {
                    add("404", "Not found, or not visible to you");
                }
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// The API's routes and its OpenAPI document, built from the same handlers.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = OpenApiRouter::with_openapi(ApiDoc::openapi())
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
        .merge(insights::router())
        .merge(sso::router())
        .merge(chat::router());
    let (router, mut doc) = api.split_for_parts();
    // After the merge: the handlers' paths are only there now.
    CommonResponses.modify(&mut doc);
    (router, doc)
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
