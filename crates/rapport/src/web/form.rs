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

/// An action that cannot be undone, asked about once more before it is
/// taken: the question, what follows, and the button's words.
pub struct Question {
    pub ask: String,
    pub then: String,
    pub yes: &'static str,
}

/// The page that asks it: "yes" posts the same form again with
/// `confirm=yes` (and the values it carried); "no" goes back. No script.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub nav: super::page::Nav,
    pub q: Question,
    pub back: String,
    pub back_label: String,
    pub action: String,
    pub hidden: Vec<(&'static str, String)>,
}
