//! One way every page form ends: after success, a redirect; after a
//! mistake a person can fix (a value, a conflict, an action that is not
//! theirs), the same page again with what they typed and every problem at
//! once, each beside its field; any other error, an error page.
//!
//! A template shows a form's problems with [`Problems`]: `errors.attrs("to")`
//! inside the field's tag (`aria-invalid`, `aria-describedby`),
//! `errors.beside("to")` under its label, and `errors.summary()` /
//! `errors.general()` at the top for the count and anything that belongs to
//! no field on the page.

use super::page::{PageError, render, sentence};
use crate::app::AppError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rapport_core::InvalidValue;
use std::fmt;

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
    pub problems: Problems,
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
                problems: Problems::of_error(&e),
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// Every problem of a form checked at once.
pub fn invalid<T>(errors: Vec<InvalidValue>) -> Submitted<T> {
    Submitted::Fix(Fix {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        problems: Problems::of_values(&errors),
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

/// One problem: the field it belongs beside (none: the whole form) and
/// what to do, as a sentence to read beside the field and one that stands
/// alone (naming the field in words, never by its internal name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Option<&'static str>,
    pub message: String,
    pub alone: String,
}

/// How people call the fields that forms and operations name.
const LABELS: &[(&str, &str)] = &[
    ("to", "the colleague"),
    ("with", "the colleague"),
    ("title", "the title"),
    ("details", "the details"),
    ("due", "the due date"),
    ("stakes", "the stakes"),
    ("skill", "the skill"),
    ("text", "the text"),
    ("message", "the message"),
    ("note", "the note"),
    ("visibility", "who sees it"),
    ("audience", "who you ask"),
    ("password", "the password"),
    ("name", "the name"),
    ("email", "the email address"),
    ("team", "the team"),
    ("role", "the role"),
    ("manager_email", "the manager's email"),
    ("time_zone", "the time zone"),
    ("about", "what you wrote about yourself"),
    ("how_i_work", "how you like to work"),
    ("min_group_size", "the minimum group size"),
    ("retention_days", "how long history is kept"),
    ("endpoint", "the address"),
];

/// A refused value's reason in words: beside its field "This must be in
/// the future.", standing alone "The due date must be in the future.".
/// A reason that is already a whole instruction stays as it is.
fn plain(field: &str, reason: &str) -> (String, String) {
    let label = LABELS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("this value", |(_, l)| *l);
    if reason.starts_with("must ") || reason.starts_with("is ") {
        (
            sentence(&format!("this {reason}")),
            sentence(&format!("{label} {reason}")),
        )
    } else {
        (sentence(reason), sentence(reason))
    }
}

/// An operation's refusal in words for a page that shows one message: an
/// invalid value names its field in words, not by its internal name.
pub fn words(e: &AppError) -> String {
    match e {
        AppError::Invalid(v) => plain(v.field, &v.reason).1,
        other => sentence(&other.to_string()),
    }
}

/// The problems of a submitted form, as its page shows them.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    items: Vec<Problem>,
    /// The fields the page shows; a problem of any other field is shown
    /// at the top, so that none is lost.
    fields: &'static [&'static str],
}

impl Problems {
    pub fn none() -> Self {
        Self::default()
    }

    /// Refused values, each beside its field, in plain words: the reason
    /// alone ("Choose the colleague you are asking."), not the field's
    /// internal name.
    pub fn of_values(errors: &[InvalidValue]) -> Self {
        let mut p = Self::none();
        for e in errors {
            p.add(Some(e.field), &e.reason);
        }
        p
    }

    /// An operation's refusal: an invalid value beside its field, anything
    /// else (a conflict, an action that is not theirs) for the whole form.
    pub fn of_error(e: &AppError) -> Self {
        match e {
            AppError::Invalid(v) => Self::of_values(std::slice::from_ref(v)),
            other => {
                let mut p = Self::none();
                p.add(None, &other.to_string());
                p
            }
        }
    }

    /// Adds a problem; a field keeps only its first, so that a value
    /// refused early is not reported twice.
    pub fn add(&mut self, field: Option<&'static str>, words: &str) {
        if field.is_some() && self.items.iter().any(|p| p.field == field) {
            return;
        }
        let (message, alone) = match field {
            Some(f) => plain(f, words),
            None => (sentence(words), sentence(words)),
        };
        self.items.push(Problem {
            field,
            message,
            alone,
        });
    }

    /// Names the fields the page shows beside which problems can go.
    pub fn on_page(mut self, fields: &'static [&'static str]) -> Self {
        self.fields = fields;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn shown_beside(&self, p: &Problem) -> bool {
        p.field.is_some_and(|f| self.fields.contains(&f))
    }

    /// The problem of `field`, if it has one.
    pub fn on(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|p| p.field == Some(field) && self.shown_beside(p))
            .map(|p| p.message.as_str())
    }

    /// What goes at the top of the form: problems that belong to no field
    /// on the page.
    pub fn general(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter(|p| !self.shown_beside(p))
            .map(|p| p.alone.as_str())
            .collect()
    }

    /// A line for the top of the form when fields have problems.
    pub fn summary(&self) -> Option<String> {
        match self.items.iter().filter(|p| self.shown_beside(p)).count() {
            0 => None,
            1 => Some("One thing to fix: it is marked below.".into()),
            n => Some(format!("{n} things to fix: each is marked below.")),
        }
    }

    /// `aria-invalid` and `aria-describedby` for a field's tag, when it
    /// has a problem (the problem's id is `<field>-error`).
    pub fn attrs(&self, field: &str) -> FieldAttrs {
        FieldAttrs(self.on(field).map(|_| field.to_string()))
    }

    /// The field's problem, to be written under its label.
    pub fn beside(&self, field: &str) -> Beside {
        Beside(self.on(field).map(|m| (field.to_string(), m.to_string())))
    }
}

/// Attributes inside a field's tag; empty when it has no problem.
#[derive(Debug)]
pub struct FieldAttrs(Option<String>);

impl fmt::Display for FieldAttrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(id) => write!(
                f,
                r#" aria-invalid="true" aria-describedby="{}-error""#,
                escape(id)
            ),
            None => Ok(()),
        }
    }
}

/// A field's problem as markup; empty when it has none.
#[derive(Debug)]
pub struct Beside(Option<(String, String)>);

impl fmt::Display for Beside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some((id, message)) => write!(
                f,
                r#"<span class="field-error" id="{}-error">{}</span>"#,
                escape(id),
                escape(message)
            ),
            None => Ok(()),
        }
    }
}

// Both escape what they write themselves (field names are ours, messages
// may quote what a person typed), so templates may write them unescaped.
impl askama::filters::HtmlSafe for FieldAttrs {}
impl askama::filters::HtmlSafe for Beside {}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_alone_names_its_field_in_words() {
        let e = AppError::Invalid(InvalidValue::new(
            "password",
            "must be at least 12 characters",
        ));
        assert_eq!(words(&e), "The password must be at least 12 characters.");
        let e = AppError::Invalid(InvalidValue::new(
            "to",
            "choose the colleague you are asking",
        ));
        assert_eq!(words(&e), "Choose the colleague you are asking.");
    }

    #[test]
    fn problems_go_beside_their_fields_and_the_rest_on_top() {
        let mut p = Problems::of_values(&[
            InvalidValue::new("to", "choose the colleague you are asking"),
            InvalidValue::new("due", "must be in the future"),
            InvalidValue::new("second_chance_of", "is not a delegation"),
        ]);
        p.add(Some("to"), "a second problem with the same field");
        let p = p.on_page(&["to", "title", "due"]);
        assert_eq!(p.on("to"), Some("Choose the colleague you are asking."));
        assert_eq!(p.on("title"), None);
        assert_eq!(p.general(), vec!["This value is not a delegation."]);
        assert_eq!(p.on("due"), Some("This must be in the future."));
        assert_eq!(
            p.summary().as_deref(),
            Some("2 things to fix: each is marked below.")
        );
        assert_eq!(
            p.attrs("due").to_string(),
            r#" aria-invalid="true" aria-describedby="due-error""#
        );
        assert_eq!(p.attrs("title").to_string(), "");
        assert_eq!(
            Problems::of_values(&[InvalidValue::new("x", "<b>")])
                .on_page(&["x"])
                .beside("x")
                .to_string(),
            r#"<span class="field-error" id="x-error">&lt;b&gt;.</span>"#
        );
    }
}
