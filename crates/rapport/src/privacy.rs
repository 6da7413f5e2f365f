//! A person's own data: the export of everything rapport holds about them
//! (including what others recorded about them: the shared history,
//! outcomes, notes, revealed check-ins — never the figures others' pictures
//! compute), and deleting their account.

use crate::app::Actor;
use crate::app::AppResult;
use crate::auth::verify_password;
use crate::http::appreciations::AppreciationOut;
use crate::http::checkins::CheckInOut;
use crate::http::delegations::DelegationOut;
use crate::http::help::HelpRequestOut;
use crate::http::people::PersonOut;
use crate::{AppError, AppState};
use serde_json::{Value, json};

/// Everything about the actor, as one JSON document.
pub async fn export(state: &AppState, actor: &Actor) -> AppResult<Value> {
    let me = &actor.person;
    let (org, id) = (me.org_id, me.id);
    let store = &state.store;
    let now = state.now();
    let profile = PersonOut::full(state, me.clone()).await?;
    let delegations: Vec<DelegationOut> = store
        .list_delegations(org, id, None, None, u32::MAX)
        .await?
        .into_iter()
        .map(|d| DelegationOut::new(d, id, now))
        .collect();
    let help: Vec<HelpRequestOut> = store
        .help_requests_involving(org, id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let thanks: Vec<AppreciationOut> = store
        .list_appreciations(org, id, None, u32::MAX)
        .await?
        .into_iter()
        .filter(|a| a.from_id == id || a.to_id == id)
        .map(Into::into)
        .collect();
    let mut check_ins = vec![];
    for c in store.list_check_ins(org, id, i64::MAX).await? {
        check_ins.push(CheckInOut::new(store.check_in(org, c.id, id).await?, id));
    }
    let (notifications, _) = store.notifications(id, u32::MAX).await?;
    let nudges: Vec<Value> = store
        .issued_nudges(id)
        .await?
        .into_iter()
        .map(|n| json!({"kind": n.kind, "state": n.state, "first_shown_at": n.first_shown_at, "snoozed_until": n.snoozed_until}))
        .collect();
    let introductions: Vec<Value> = store
        .list_introductions(org, id, i64::MAX)
        .await?
        .into_iter()
        .map(|i| json!({"with": i.other.1, "my_answer": i.my_state, "made_at": i.created_at}))
        .collect();
    let prefs = store.intro_prefs(id).await?;
    let (frequency, _) = store.email_prefs(id, now).await?;
    let digests: Vec<Value> = store
        .email_jobs_for(id, i64::MAX)
        .await?
        .into_iter()
        .map(|j| json!({"period": j.period, "status": j.status, "subject": j.subject, "sent_at": j.sent_at}))
        .collect();
    let mut learning = vec![];
    for e in store.enrollments_of(id).await? {
        let parts: Vec<Value> = store
            .part_progress(id, &e.course_slug)
            .await?
            .into_iter()
            .map(|p| json!({"part": p.part, "lesson_read_at": p.lesson_read_at, "practice_done_at": p.practice_done_at, "practice_self_reported": p.practice_self_reported, "reflection": p.reflection}))
            .collect();
        learning.push(json!({"course": e.course_slug, "enrolled_at": e.enrolled_at, "completed_at": e.completed_at, "parts": parts}));
    }
    let tokens: Vec<Value> = store
        .list_tokens(id)
        .await?
        .into_iter()
        .map(|t| json!({"name": t.name, "created_at": t.created_at, "revoked_at": t.revoked_at}))
        .collect();
    let relationships = crate::http::relationships::relationships(state, actor).await?;
    Ok(json!({
        "exported_at": now,
        "profile": profile,
        "my_relationships": relationships,
        "delegations": delegations,
        "help_requests": help,
        "thanks": thanks,
        "check_ins": check_ins,
        "notifications": notifications,
        "nudges": nudges,
        "introductions": introductions,
        "introduction_settings": {
            "opted_in": prefs.opted_in,
            "snoozed_until": prefs.snoozed_until,
            "dont_pair_with": prefs.blocked.into_iter().map(|(_, name)| name).collect::<Vec<_>>(),
        },
        "email": {"frequency": frequency, "digests": digests},
        "learning": learning,
        "tokens": tokens,
    }))
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
