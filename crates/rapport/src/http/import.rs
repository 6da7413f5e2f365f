//! `POST /api/v1/import/people`: the CSV import for scripts (admins).

use super::{ApiQuery, ErrorBody};
use crate::AppState;
use crate::app::AppResult;
use crate::app::import::{self, Change, Imported, Problem};
use crate::auth::Admin;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_people))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check the file and report what would change, writing nothing.
    #[serde(default)]
    dry_run: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ImportReport {
    dry_run: bool,
    created: usize,
    updated: usize,
    unchanged: usize,
    #[schema(value_type = Vec<Object>)]
    changes: Vec<Change>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportProblems {
    error: crate::http::error::ErrorDetail,
    #[schema(value_type = Vec<Object>)]
    problems: Vec<Problem>,
}

/// Creates or updates people from a CSV body (`text/csv`), all or nothing.
/// A file with problems is a 422 listing every problem by line.
#[utoipa::path(post, path = "/api/v1/import/people", tag = "admin", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = ErrorBody), (status = 422, body = ImportProblems)))]
async fn import_people(
    State(state): State<AppState>,
    Admin(admin): Admin,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Bytes,
) -> AppResult<Response> {
    let plan = match import::import_people(&state, &admin, &body, q.dry_run).await? {
        Imported::Done { plan, .. } => plan,
        Imported::Refused(problems) => {
            let error = crate::http::error::ErrorDetail {
                code: "invalid_file".into(),
                message: format!(
                    "the file has {} problem(s); nothing was written",
                    problems.len()
                ),
                field: None,
            };
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ImportProblems { error, problems }),
            )
                .into_response());
        }
    };
    let report = ImportReport {
        dry_run: q.dry_run,
        created: plan.count("create"),
        updated: plan.count("update"),
        unchanged: plan.count("unchanged"),
        changes: plan.changes,
    };
    Ok(Json(report).into_response())
}
