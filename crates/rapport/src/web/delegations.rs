//! Pages for delegations: my lists, a new one (or a second chance), and one
//! delegation with what its viewer can do now. Forms call the same
//! operations as the API (`app::delegations`).

use super::flash;
use super::form::{self, ConfirmPage, Problems, Question, Submitted};
use super::page::{Nav, PageError, PageViewer, render};
use super::picker::Picker;
use super::time::Zone;
use crate::AppState;
use crate::app::delegations::{self as ops, Act, DelegationView, Draft, Filter};
use crate::app::links::Page;
use crate::app::notices::{self, Done};
use crate::app::paging::PageRequest;
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::NaiveDate;
use rapport_core::delegation::{Side, Status};
use rapport_core::trust::Outcome;
use rapport_core::{DelegationId, InvalidValue, PersonId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/delegations", get(list))
        .route("/delegations/new", get(new_page).post(create))
        .route("/delegations/{id}", get(detail))
        .route("/delegations/{id}/{action}", post(act))
}

/// Words and colours for a delegation, as the pages show it.
pub trait DelegationLook {
    fn status_label(&self) -> &'static str;
    fn status_class(&self) -> &'static str;
    /// Whether the viewer can take this action now (`accept`, `complete`…).
    fn may(&self, action: &str) -> bool;
    fn outcome_label(&self) -> &'static str;
    fn outcome_class(&self) -> &'static str;
    fn is_miss(&self) -> bool;
    fn stakes_label(&self) -> &'static str;
}

impl DelegationLook for DelegationView {
    /// One status, the one that matters now: a recorded outcome is the
    /// status (never "done" beside "missed").
    fn status_label(&self) -> &'static str {
        match (self.status, self.outcome, self.disputed) {
            (Status::Done, _, true) => "disputed: counts as neutral",
            (Status::Done, Some(Outcome::Delivered), _) => "delivered",
            (Status::Done, Some(Outcome::Partly), _) => "partly delivered",
            (Status::Done, Some(Outcome::Missed), _) => "missed",
            (Status::Done, None, _) => "done",
            (Status::Proposed, ..) => "waiting for an answer",
            (Status::Accepted, ..) if self.marked_done_at.is_some() => "done, waiting for review",
            (Status::Accepted, ..) if self.overdue => "overdue",
            (Status::Accepted, ..) => "in progress",
            (Status::Declined, ..) => "declined",
            (Status::HandedBack, ..) => "handed back",
            (Status::Withdrawn, ..) => "withdrawn",
        }
    }

    fn status_class(&self) -> &'static str {
        match self.status {
            Status::Done if self.disputed => "",
            Status::Done => self.outcome_class(),
            Status::Accepted if self.marked_done_at.is_some() => "good",
            Status::Accepted if self.overdue => "warn",
            _ => "",
        }
    }

    fn may(&self, action: &str) -> bool {
        self.can.iter().any(|c| c.as_str() == action)
    }

    fn outcome_label(&self) -> &'static str {
        self.outcome.map_or("", Outcome::as_str)
    }

    fn outcome_class(&self) -> &'static str {
        match self.outcome {
            Some(Outcome::Delivered) => "good",
            Some(Outcome::Missed) => "bad",
            _ => "warn",
        }
    }

    fn is_miss(&self) -> bool {
        self.outcome == Some(Outcome::Missed)
    }

    fn stakes_label(&self) -> &'static str {
        self.stakes.as_str()
    }
}

#[derive(Template)]
#[template(path = "delegations.html")]
struct ListPage {
    nav: Nav,
    to_me: Vec<DelegationView>,
    by_me: Vec<DelegationView>,
}

async fn list(
    State(app): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let page = PageRequest::default();
    let side = |side| Filter {
        side: Some(side),
        status: None,
    };
    let to_me = ops::list(&app, &v, side(Side::Delegate), &page).await?;
    let by_me = ops::list(&app, &v, side(Side::Delegator), &page).await?;
    render(&ListPage {
        nav: Nav::load(&app, &v, "delegations").await?,
        to_me: to_me.items,
        by_me: by_me.items,
    })
}

#[derive(Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    stakes: String,
    #[serde(default)]
    second_chance_of: String,
}

impl NewForm {
    /// `zone` is the delegator's: a day typed as the due date ends at
    /// midnight where they are, not in UTC.
    fn draft(&self, to: Option<PersonId>, zone: &Zone) -> Draft {
        let due = match NaiveDate::parse_from_str(self.due.trim(), "%Y-%m-%d") {
            Ok(day) => zone.end_of(day).unwrap_or_else(|| self.due.clone()),
            Err(_) => self.due.clone(),
        };
        Draft {
            to,
            title: self.title.clone(),
            details: self.details.clone(),
            due,
            stakes: self.stakes.clone(),
            second_chance_of: DelegationId::parse(&self.second_chance_of),
        }
    }
}

#[derive(Template)]
#[template(path = "delegation_new.html")]
struct NewPage {
    nav: Nav,
    picker: Picker,
    second_chance_of: Option<String>,
    form: NewForm,
    errors: Problems,
}

/// The fields of the new-delegation form, beside which problems show.
const NEW_FIELDS: &[&str] = &["to", "title", "details", "due", "stakes"];

impl NewPage {
    async fn load(
        app: &AppState,
        v: &Actor,
        picker: Picker,
        mut form: NewForm,
        errors: Problems,
    ) -> Result<Self, PageError> {
        form.to = picker.shown(&form.to);
        Ok(NewPage {
            nav: Nav::load(app, v, "delegations").await?,
            picker,
            second_chance_of: DelegationId::parse(&form.second_chance_of).map(|d| d.to_string()),
            form,
            errors: errors.on_page(NEW_FIELDS),
        })
    }
}

async fn new_page(
    State(app): State<AppState>,
    PageViewer(v): PageViewer,
    Query(mut q): Query<NewForm>,
) -> Result<Response, PageError> {
    if q.stakes.is_empty() {
        q.stakes = "small".into();
    }
    let picker = Picker::load(&app, &v).await?;
    render(&NewPage::load(&app, &v, picker, q, Problems::none()).await?)
}

async fn create(
    State(app): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<NewForm>,
) -> Result<Response, PageError> {
    let picker = Picker::load(&app, &v).await?;
    // The colleague's problem first: it says more than "choose someone".
    let (to, mut problems) = match picker.resolve(&app, &v, "to", &f.to).await? {
        Ok(to) => (to, vec![]),
        Err(e) => (None, vec![e]),
    };
    let draft = f.draft(to, &Zone::new(&v.person.time_zone, app.now()));
    let due = draft.due.clone();
    let done = match draft.parse() {
        Err(errors) => {
            problems.extend(errors);
            // The operation checks the date is ahead; say so now as well.
            if let Ok(Some(due)) = ops::parse_due(&due)
                && due <= app.now()
            {
                problems.push(InvalidValue::new("due", "must be in the future"));
            }
            form::invalid(problems)
        }
        Ok(_) if !problems.is_empty() => form::invalid(problems),
        Ok(cmd) => form::submitted(ops::create(&app, &v, cmd).await)?,
    };
    match done {
        Submitted::Done(d) => Ok(flash::redirect(
            &Page::Delegation(d.id).path(),
            Done::Delegated,
        )),
        Submitted::Fix(fix) => {
            let page = NewPage::load(&app, &v, picker, f, fix.problems.clone()).await?;
            fix.render(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "delegation.html")]
struct DetailPage {
    nav: Nav,
    d: DelegationView,
    error: Option<String>,
    viewer_is_delegate: bool,
    other_id: String,
    delivered: usize,
    partly: usize,
    missed: usize,
    /// Why the outcome cannot be recorded yet, and from when.
    not_yet: Option<String>,
}

impl DetailPage {
    async fn load(
        app: &AppState,
        v: &Actor,
        id: DelegationId,
        error: Option<String>,
    ) -> Result<Self, PageError> {
        let d = ops::get(app, v, id).await?;
        let between = ops::between(app, v, d.other().id).await?;
        let count = |o| {
            between
                .iter()
                .filter(|x| x.counted_outcome() == Some(o))
                .count()
        };
        Ok(DetailPage {
            nav: Nav::load(app, v, "delegations").await?,
            viewer_is_delegate: d.side == Side::Delegate,
            other_id: d.other().id.to_string(),
            delivered: count(Outcome::Delivered),
            partly: count(Outcome::Partly),
            missed: count(Outcome::Missed),
            not_yet: d
                .outcome_opens
                .filter(|_| d.side == Side::Delegator)
                .map(|t| notices::outcome_not_yet(&d.to.name, t, app.now())),
            d,
            error,
        })
    }
}

async fn detail(
    State(app): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = DelegationId::parse(&id).ok_or(AppError::NotFound)?;
    render(&DetailPage::load(&app, &v, id, None).await?)
}

#[derive(Deserialize)]
struct ActForm {
    stretch: Option<String>,
    outcome: Option<String>,
    note: Option<String>,
    due: Option<String>,
    /// Present once the person confirmed an action that cannot be undone.
    confirm: Option<String>,
}

impl ActForm {
    fn act(&self, action: &str) -> Result<(Act, Done), AppError> {
        let note = self.note.as_deref().unwrap_or("");
        Ok(match action {
            "accept" => (
                Act::Accept {
                    stretch: self.stretch.is_some(),
                },
                Done::Accepted,
            ),
            "decline" => (Act::Decline, Done::Declined),
            "hand-back" => (Act::HandBack, Done::HandedBack),
            "mark-done" => (Act::MarkDone, Done::MarkedDone),
            "withdraw" => (Act::Withdraw, Done::Withdrawn),
            "due" => (
                Act::change_due(self.due.as_deref().unwrap_or(""))?,
                Done::DueChanged,
            ),
            "complete" => (
                Act::complete(self.outcome.as_deref().unwrap_or(""), note)?,
                Done::OutcomeRecorded,
            ),
            "dispute" => (Act::dispute(note)?, Done::Disputed),
            "notes" => (Act::note(note)?, Done::NoteSaved),
            _ => return Err(AppError::NotFound),
        })
    }
}

/// An action that cannot be undone, asked about once more before it is
/// taken.
fn question(action: &str, d: &DelegationView, f: &ActForm) -> Option<Question> {
    let (title, from, to) = (&d.title, &d.from.name, &d.to.name);
    let q = |ask: String, then: String, yes| Some(Question { ask, then, yes });
    match action {
        "decline" => q(
            format!("Decline “{title}”?"),
            format!("{from} is told you said no. This cannot be undone."),
            "Yes, decline",
        ),
        "withdraw" => q(
            format!("Withdraw “{title}”?"),
            format!("{to} is told there is nothing to do. This cannot be undone."),
            "Yes, withdraw it",
        ),
        "hand-back" => q(
            format!("Hand “{title}” back?"),
            format!(
                "{from} is told. Before the due date this is honest and neutral; it cannot be undone."
            ),
            "Yes, hand it back",
        ),
        "mark-done" => q(
            format!("Mark “{title}” done?"),
            format!("{from} is asked to review how it went. After this it cannot be handed back."),
            "Yes, it is done",
        ),
        "complete" => q(
            format!(
                "Record “{title}” as {}?",
                f.outcome
                    .as_deref()
                    .and_then(Outcome::parse)
                    .map_or("this", Outcome::as_str)
            ),
            format!("{to} sees it at once. An outcome cannot be changed; {to} can add their view."),
            "Yes, record it",
        ),
        "dispute" => q(
            "Dispute the outcome?".into(),
            format!(
                "{from} sees your view, and the outcome then counts as neutral. A dispute cannot be taken back."
            ),
            "Yes, dispute it",
        ),
        _ => None,
    }
}

async fn act(
    State(app): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    let id = DelegationId::parse(&id).ok_or(AppError::NotFound)?;
    if f.confirm.is_none() {
        let d = ops::get(&app, &v, id).await?;
        // Only an action open to them is asked about; anything else goes
        // on to be refused in words.
        if let Some(q) = question(&action, &d, &f).filter(|_| d.may(&action.replace('-', "_"))) {
            let hidden = [
                ("stretch", f.stretch),
                ("outcome", f.outcome),
                ("note", f.note),
            ]
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .collect();
            return render(&ConfirmPage {
                nav: Nav::load(&app, &v, "delegations").await?,
                back: Page::Delegation(id).path(),
                back_label: d.title,
                action: format!("{}/{action}", Page::Delegation(id).path()),
                q,
                hidden,
            });
        }
    }
    let (result, done) = match f.act(&action) {
        Ok((a, done)) => (ops::act(&app, &v, id, a).await, done),
        Err(e) => (Err(e), Done::Saved),
    };
    match form::submitted(result)? {
        Submitted::Done(_) => Ok(flash::redirect(&Page::Delegation(id).path(), done)),
        Submitted::Fix(fix) => {
            let error = fix.problems.general().first().map(|m| m.to_string());
            fix.render(&DetailPage::load(&app, &v, id, error).await?)
        }
    }
}
