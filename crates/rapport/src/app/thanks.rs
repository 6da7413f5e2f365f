//! Appreciation: thank someone, privately or visibly to their team, maybe
//! for a delegation or help the two of them share.

use super::notices;
use super::paging::{Page, PageRequest};
use super::{Actor, AppError, AppResult, PersonRef};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::{
    AppreciationId, DelegationId, FreeText, HelpRequestId, InvalidValue, PersonId, Visibility,
};
use rapport_store::{Appreciation, NewAppreciation};

/// A thank-you as either person (or the recipient's team) sees it.
#[derive(Debug, Clone)]
pub struct ThanksView {
    pub id: AppreciationId,
    pub from: PersonRef,
    pub to: PersonRef,
    pub message: String,
    pub visibility: Visibility,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
    pub created_at: DateTime<Utc>,
}

impl From<Appreciation> for ThanksView {
    fn from(a: Appreciation) -> Self {
        ThanksView {
            id: a.id,
            from: PersonRef {
                id: a.from_id,
                name: a.from_name,
            },
            to: PersonRef {
                id: a.to_id,
                name: a.to_name,
            },
            message: a.message,
            visibility: a.visibility,
            delegation_id: a.delegation_id,
            help_request_id: a.help_request_id,
            created_at: a.created_at,
        }
    }
}

/// A thank-you as a person typed it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub to: Option<PersonId>,
    pub message: String,
    /// private or team; empty: private.
    pub visibility: String,
    pub delegation_id: Option<DelegationId>,
    pub help_request_id: Option<HelpRequestId>,
}

/// Says thank you; a linked delegation or request must be one the two share.
#[tracing::instrument(skip_all)]
pub async fn thank(app: &AppState, actor: &Actor, d: Draft) -> AppResult<ThanksView> {
    let to =
        d.to.ok_or_else(|| InvalidValue::new("to", "choose the colleague you are thanking"))?;
    if to == actor.id() {
        return Err(InvalidValue::new("to", "thank someone other than yourself").into());
    }
    let message = FreeText::parse_required("message", &d.message, 2000)?;
    let visibility = match d.visibility.trim() {
        "" => Visibility::Private,
        v => Visibility::parse(v)
            .ok_or_else(|| InvalidValue::new("visibility", "must be private or team"))?,
    };
    let org = actor.org();
    if let Some(id) = d.delegation_id {
        let d = app.store.delegation(org, id).await?;
        let pair = [d.from_id, d.to_id];
        if !pair.contains(&actor.id()) || !pair.contains(&to) {
            return Err(AppError::NotFound);
        }
    }
    if let Some(id) = d.help_request_id {
        let h = app.store.help_request(org, id).await?;
        let involved = |p: PersonId| h.asker_id == p || h.offers.iter().any(|o| o.helper_id == p);
        if !involved(actor.id()) || !involved(to) {
            return Err(AppError::NotFound);
        }
    }
    let new = NewAppreciation {
        from: actor.id(),
        to,
        message: message.into_string(),
        visibility,
        delegation_id: d.delegation_id,
        help_request_id: d.help_request_id,
    };
    let notice = notices::thanked(&actor.person.name).to(to);
    Ok(app
        .store
        .create_appreciation(org, &new, &notice, app.now())
        .await?
        .into())
}

/// Thanks I gave or received, and thanks shared with my team, newest first.
pub async fn list(
    app: &AppState,
    actor: &Actor,
    page: &PageRequest,
) -> AppResult<Page<ThanksView>> {
    let me = &actor.person;
    Ok(app
        .store
        .list_appreciations(
            me.org_id,
            me.id,
            me.team_id,
            page.limit(),
            page.time_cursor()?,
        )
        .await?
        .map(Into::into))
}
