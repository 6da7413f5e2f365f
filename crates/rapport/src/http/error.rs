//! The JSON API's error shape: `{"error": {"code", "message", "field"?}}`
//! with the status the error means, and `Retry-After` on a 429.

use crate::app::AppError;
use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable, snake_case code for programs.
    pub code: String,
    /// What went wrong and what to fix, for people.
    pub message: String,
    /// The request field at fault, for a 422.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    pub fn of(e: &AppError) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: e.code().into(),
                message: e.to_string(),
                field: e.field().map(str::to_string),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let mut res = (self.status(), Json(ErrorBody::of(&self))).into_response();
        if let AppError::TooManyRequests { retry_after } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.max(1).to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}
