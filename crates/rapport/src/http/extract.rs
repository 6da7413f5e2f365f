//! Extractors that report a bad request in the one error shape instead of
//! axum's plain-text rejections.

use crate::AppError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body: malformed JSON is a 400, a well-formed body with a wrong or
/// missing field a 422, a missing `Content-Type` a 415.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(AppError::BadRequest(format!(
                "malformed JSON: {}",
                e.body_text()
            ))),
            Err(JsonRejection::JsonDataError(e)) => Err(AppError::Invalid(
                rapport_core::InvalidValue::new("body", e.body_text()),
            )),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::Unsupported(
                "send the body as JSON with Content-Type: application/json".into(),
            )),
            Err(JsonRejection::BytesRejection(e))
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(AppError::TooLarge)
            }
            Err(e) => Err(AppError::BadRequest(e.body_text())),
        }
    }
}

/// A query string, with a 400 in the error shape when it does not parse.
#[derive(Debug, Clone, Default)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e: QueryRejection| AppError::BadRequest(e.body_text()))
    }
}

/// For PATCH bodies: a missing field is `None` (leave it), `null` is
/// `Some(None)` (clear it), a value is `Some(Some(v))`.
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// The body of an action whose fields are all optional: an empty body (an
/// empty POST with no Content-Type) means the defaults.
pub fn optional_json<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            AppError::Invalid(rapport_core::InvalidValue::new("body", e.to_string()))
        }
        _ => AppError::BadRequest(format!("malformed JSON: {e}")),
    })
}

/// A path's one id: an id that does not parse is a 404 in the error shape
/// (nothing by that name exists), like an id of another organization.
#[derive(Debug, Clone, Copy)]
pub struct IdPath<T>(pub T);

impl<S: Send + Sync, T: std::str::FromStr + Send> FromRequestParts<S> for IdPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::NotFound)?;
        raw.parse().map(IdPath).map_err(|_| AppError::NotFound)
    }
}

/// A course part's path, `{slug}/parts/{n}`: a part number that does not
/// parse is a 404 in the error shape, like a part that does not exist.
#[derive(Debug, Clone)]
pub struct PartPath {
    pub slug: String,
    pub n: u8,
}

impl<S: Send + Sync> FromRequestParts<S> for PartPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let axum::extract::Path((slug, n)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|_| AppError::NotFound)?;
        Ok(PartPath {
            slug,
            n: n.parse().map_err(|_| AppError::NotFound)?,
        })
    }
}
