//! "Ask for their perspective": two-sided check-ins with a mutual reveal.
//! The rules (who may answer, when both are revealed, what each side may
//! read) are `rapport_core::checkin`'s, applied inside the store's
//! transactions; this module checks who is asking, words the notices and
//! shapes what each of the two sees.

use super::notices;
use super::{Actor, AppResult, PersonRef};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::checkin::{self, Answer, Difference, Scores, Status};
use rapport_core::{CheckInId, PersonId};
use rapport_store::{AnswerNotices, CheckIn, StoredAnswer};

/// A check-in as one of its two people sees it: their own answer always,
/// the other's only after both have answered.
#[derive(Debug, Clone)]
pub struct CheckInView {
    pub id: CheckInId,
    /// The other person.
    pub with: PersonRef,
    pub started_by_me: bool,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub revealed_at: Option<DateTime<Utc>>,
    pub i_answered: bool,
    pub they_answered: bool,
    pub my_answer: Option<StoredAnswer>,
    /// None until both have answered.
    pub their_answer: Option<StoredAnswer>,
    /// After the reveal: where our views differ, largest gap first.
    pub differences: Vec<Difference>,
    /// After the reveal: a way to start the conversation.
    pub opener: Option<String>,
}

impl CheckInView {
    fn new(c: CheckIn, viewer: PersonId) -> Self {
        let other = c.other(viewer).clone();
        let (differences, opener) = match (&c.mine, &c.theirs) {
            (Some(m), Some(t)) => (
                checkin::differences(m.scores, t.scores),
                Some(checkin::opener(m.scores, t.scores)),
            ),
            _ => (vec![], None),
        };
        CheckInView {
            id: c.id,
            with: PersonRef {
                id: other.0,
                name: other.1,
            },
            started_by_me: c.a.0 == viewer,
            status: c.status,
            created_at: c.created_at,
            closes_at: c.closes_at,
            revealed_at: c.revealed_at,
            i_answered: c.answered,
            they_answered: c.other_answered,
            my_answer: c.mine,
            their_answer: c.theirs,
            differences,
            opener,
        }
    }
}

/// Starts a check-in; the window is the organization's (14 days by default).
pub async fn start(app: &AppState, actor: &Actor, with: PersonId) -> AppResult<CheckInView> {
    checkin::check_start(actor.id(), with)?;
    let now = app.now();
    let closes = now + chrono::Duration::days(app.config.check_in_window_days);
    let id = CheckInId::new();
    let notice = notices::check_in_started(&actor.person.name, id).to(with);
    let c = app
        .store
        .start_check_in(actor.org(), id, actor.id(), with, &notice, now, closes)
        .await?;
    Ok(CheckInView::new(c, actor.id()))
}

/// One check-in; 404 for anyone outside the pair.
pub async fn get(app: &AppState, actor: &Actor, id: CheckInId) -> AppResult<CheckInView> {
    let c = app.store.check_in(actor.org(), id, actor.id()).await?;
    Ok(CheckInView::new(c, actor.id()))
}

/// My check-ins, newest first (without answers: open one to read them).
pub async fn list(app: &AppState, actor: &Actor) -> AppResult<Vec<CheckInView>> {
    Ok(app
        .store
        .list_check_ins(actor.org(), actor.id(), 100)
        .await?
        .into_iter()
        .map(|c| CheckInView::new(c, actor.id()))
        .collect())
}

/// An answer as a person gave it.
#[derive(Debug, Clone)]
pub struct AnswerDraft {
    /// Each 1–5.
    pub scores: Scores,
    /// One thing we could do better.
    pub improve: String,
    /// One thing that works.
    pub works: String,
}

/// Seals my answer, once; the second answer reveals both.
pub async fn answer(
    app: &AppState,
    actor: &Actor,
    id: CheckInId,
    d: AnswerDraft,
) -> AppResult<CheckInView> {
    let answer = Answer::parse(d.scores, &d.improve, &d.works)?;
    // The pair's names for the notices; 404 for anyone outside it.
    let c = app.store.check_in(actor.org(), id, actor.id()).await?;
    let (me, other) = (actor.id(), c.other(actor.id()).clone());
    let notices = AnswerNotices {
        waiting: notices::check_in_answered(&actor.person.name, id).to(other.0),
        revealed: [
            notices::check_in_revealed(&other.1, id).to(me),
            notices::check_in_revealed(&actor.person.name, id).to(other.0),
        ],
    };
    let c = app
        .store
        .answer_check_in(actor.org(), id, me, &answer, &notices, app.now())
        .await?;
    Ok(CheckInView::new(c, me))
}

/// Closes the check-ins whose window passed with at most one answer, and
/// deletes that answer: it is never revealed (the housekeeping job).
pub async fn close_expired(app: &AppState) -> AppResult<u64> {
    Ok(app.store.close_expired_check_ins(app.now()).await?)
}
