//! In-app notifications: what rapport told me, newest first, and marking
//! them read. Their words come from `notices`; nothing here writes one.

use super::paging::{Page, PageRequest};
use super::{Actor, AppResult};
use crate::AppState;
use rapport_store::Notification;

/// A page of my notifications and how many are unread in all.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub unread: i64,
    pub page: Page<Notification>,
}

pub async fn list(app: &AppState, actor: &Actor, page: &PageRequest) -> AppResult<Inbox> {
    let found = app
        .store
        .notifications(actor.id(), page.limit(), page.time_cursor()?)
        .await?;
    Ok(Inbox {
        unread: app.store.unread_notifications(actor.id()).await?,
        page: found,
    })
}

pub async fn unread(app: &AppState, actor: &Actor) -> AppResult<i64> {
    Ok(app.store.unread_notifications(actor.id()).await?)
}

/// Marks all my notifications read.
pub async fn mark_all_read(app: &AppState, actor: &Actor) -> AppResult<()> {
    Ok(app
        .store
        .mark_notifications_read(actor.id(), app.now())
        .await?)
}
