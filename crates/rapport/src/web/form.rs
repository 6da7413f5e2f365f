//! One way every page form ends: after success, a redirect; after a
//! mistake a person can fix (a value, a conflict, an action that is not
//! theirs), the same page again with what to fix and what they typed; any
//! other error, an error page.

use super::page::{PageError, render};
use crate::app::AppError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rapport_core::InvalidValue;

/// A submitted form: done, or to be shown again with its problems.
#[derive(Debug)]
pub enum Submitted<T> {
    Done(T),
    Fix(Fix),
}

/// What to fix, and the status the page is answered with.
#[derive(Debug, Clone)]
pub struct Fix {
    pub status: StatusCode,
    pub messages: Vec<String>,
}

impl Fix {
    /// The form page again, with this status.
    pub fn render(&self, page: &impl Template) -> Result<Response, PageError> {
        Ok((self.status, render(page)?).into_response())
    }
}

/// Sorts an operation's result: fixable errors go back to the form.
pub fn submitted<T>(result: Result<T, AppError>) -> Result<Submitted<T>, PageError> {
    match result {
        Ok(v) => Ok(Submitted::Done(v)),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. } | AppError::Forbidden(_))) => {
            Ok(Submitted::Fix(Fix {
                status: e.status(),
                messages: vec![e.to_string()],
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// Every problem of a form checked at once.
pub fn invalid<T>(errors: Vec<InvalidValue>) -> Submitted<T> {
    Submitted::Fix(Fix {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        messages: errors.iter().map(ToString::to_string).collect(),
    })
}
