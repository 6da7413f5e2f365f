//! One error type for every operation: what went wrong, with a stable
//! snake_case code and words for people. Each adapter shows it its own way
//! (`http/error.rs`: a status and the JSON shape; `web/page.rs`: a page).
//! Internal causes are logged, never shown.

use axum::http::StatusCode;
use rapport_core::InvalidValue;
use rapport_store::{Conflict, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request could not be read (malformed JSON, a bad query string).
    #[error("{0}")]
    BadRequest(String),
    #[error("you are not signed in")]
    Unauthorized,
    /// Wrong email or password: never says which.
    #[error("the email or password is not right")]
    InvalidCredentials,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("this request came from another site and was refused")]
    CrossSite,
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{0}")]
    Invalid(#[from] InvalidValue),
    #[error("{0}")]
    Unsupported(String),
    #[error("this address does not take this method: see the API document at /api/docs")]
    MethodNotAllowed,
    #[error("this is more than rapport accepts in one request: send less, or a smaller file")]
    TooLarge,
    #[error("too many attempts; try again in {retry_after} seconds")]
    TooManyRequests { retry_after: i64 },
    #[error("something went wrong on our side")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(e.into())
    }

    /// The HTTP status this error means, for the adapters that speak HTTP.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "not_signed_in",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Forbidden(_) => "forbidden",
            AppError::CrossSite => "cross_site_request",
            AppError::NotFound => "not_found",
            AppError::Conflict { code, .. } => code,
            AppError::Invalid(_) => "invalid_field",
            AppError::Unsupported(_) => "unsupported_media_type",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::TooLarge => "payload_too_large",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Internal(_) => "internal",
        }
    }

    /// The request field at fault, for an invalid value.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid(v) => Some(v.field),
            _ => None,
        }
    }

    /// Logs what a person must not see; called once per error response.
    pub fn log(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(c) => AppError::conflict(c.code(), conflict_message(c)),
            other => AppError::Internal(other.into()),
        }
    }
}

/// What a conflict means, in words; exhaustive, so a new reason in the
/// store cannot reach a person without them. An email taken says nothing
/// about where.
fn conflict_message(c: Conflict) -> &'static str {
    match c {
        Conflict::EmailTaken => "this email address is already in use",
        Conflict::SlugTaken => "an organization with this slug already exists",
        Conflict::TeamExists => "a team with this name already exists",
        Conflict::ManagerCycle => "this manager would make a loop in the reporting lines",
        Conflict::InvitationNotValid => {
            "this invitation has expired, was revoked or was already used"
        }
        Conflict::UnknownManager => "a manager's email matches nobody in the organization",
        Conflict::IntroductionAnswered => "you already marked this introduction done or skipped",
        Conflict::LastAdmin => {
            "you are the organization's only admin: make someone else an admin first"
        }
        Conflict::CheckInOpen => "you two already have an open check-in: answer that one first",
        Conflict::AlreadyAnswered => {
            "you have already answered this check-in; answers are sealed once sent"
        }
        Conflict::CheckInClosed => {
            "this check-in is closed: its window ended or both have answered"
        }
        Conflict::WrongState => "someone changed this first: reload to see where it stands",
        Conflict::NotAMiss => "a second chance follows a delegation whose outcome was missed",
        Conflict::AlreadyOffered => "you have already offered to help with this request",
        Conflict::AlreadyAsked => "you have already asked them to help with this request",
        Conflict::DomainTaken => {
            "another organization on this instance already signs in people of one of these domains"
        }
        Conflict::SlackTeamTaken => {
            "another organization on this server already uses this Slack workspace"
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
