//! A person's own data: the export of everything rapport holds about them
//! (including what others recorded about them: the shared history,
//! outcomes, notes, revealed check-ins — never the figures others' pictures
//! compute), and deleting their account.

use super::checkins::{self, CheckInView};
use super::delegations::DelegationView;
use super::help::HelpView;
use super::paging::PageRequest;
use super::people::{self, Profile};
use super::relationships::{self, Picture};
use super::secrets::verify_password;
use super::thanks::ThanksView;
use super::{Actor, AppError, AppResult};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_store::{
    EmailJob, Enrollment, IntroPrefs, Introduction, IssuedNudge, Notification, PartRow, TokenInfo,
};

/// Everything rapport holds about the actor, including what others
/// recorded between them (never the figures others' pictures compute).
#[derive(Debug, Clone)]
pub struct MyData {
    pub exported_at: DateTime<Utc>,
    pub profile: Profile,
    pub relationships: Picture,
    pub delegations: Vec<DelegationView>,
    pub help: Vec<HelpView>,
    pub thanks: Vec<ThanksView>,
    pub check_ins: Vec<CheckInView>,
    pub notifications: Vec<Notification>,
    pub nudges: Vec<IssuedNudge>,
    pub introductions: Vec<Introduction>,
    pub introduction_prefs: IntroPrefs,
    pub email_frequency: String,
    pub digests: Vec<EmailJob>,
    /// Each course enrolled in, with its parts' progress and reflections.
    pub learning: Vec<(Enrollment, Vec<PartRow>)>,
    pub tokens: Vec<TokenInfo>,
}

/// Reads every list whole: an export is not paged.
const ALL: u32 = u32::MAX;

/// Everything about the actor, for their download.
pub async fn export(app: &AppState, actor: &Actor) -> AppResult<MyData> {
    let me = &actor.person;
    let (org, id) = (me.org_id, me.id);
    let store = &app.store;
    let now = app.now();
    let delegations = store
        .list_delegations(org, id, None, None, ALL, None)
        .await?
        .items
        .into_iter()
        .map(|d| DelegationView::new(d, id, now))
        .collect();
    let help = store
        .help_requests_involving(org, id)
        .await?
        .into_iter()
        .map(|h| HelpView::seen_by(h, id))
        .collect();
    let thanks = store
        .list_appreciations(org, id, None, ALL, None)
        .await?
        .items
        .into_iter()
        .filter(|a| a.from_id == id || a.to_id == id)
        .map(Into::into)
        .collect();
    let mut check_ins = vec![];
    for c in store.list_check_ins(org, id, i64::MAX).await? {
        check_ins.push(checkins::get(app, actor, c.id).await?);
    }
    let mut learning = vec![];
    for e in store.enrollments_of(id).await? {
        let parts = store.part_progress(id, &e.course_slug).await?;
        learning.push((e, parts));
    }
    Ok(MyData {
        exported_at: now,
        profile: people::me(app, actor).await?,
        relationships: relationships::picture(app, actor, &PageRequest::all()).await?,
        delegations,
        help,
        thanks,
        check_ins,
        notifications: store.notifications(id, ALL, None).await?.items,
        nudges: store.issued_nudges(id).await?,
        introductions: store.list_introductions(org, id, i64::MAX).await?,
        introduction_prefs: store.intro_prefs(id).await?,
        email_frequency: store.email_prefs(id, now).await?.0,
        digests: store.email_jobs_for(id, i64::MAX).await?,
        learning,
        tokens: store.list_tokens(id).await?,
    })
}

/// Deletes the actor's account once they confirm with their password:
/// their events, what they wrote, and what was recorded between them and
/// others go; every figure is recomputed without them.
pub async fn delete_account(state: &AppState, actor: &Actor, password: String) -> AppResult<()> {
    let me = &actor.person;
    let email = rapport_core::Email::parse(&me.email)?;
    let hash = state
        .store
        .person_for_sign_in(&email)
        .await?
        .and_then(|(_, hash)| hash);
    if !verify_password(password, hash).await? {
        return Err(AppError::Forbidden(
            "the password does not match: nothing was deleted",
        ));
    }
    state.store.delete_account(me.org_id, me.id).await?;
    tracing::info!(person = %me.id, "account deleted at the person's request");
    Ok(())
}
