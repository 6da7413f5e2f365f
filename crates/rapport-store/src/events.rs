//! The event log (every interaction, immutable, in order) and in-app
//! notifications. Both are written inside the transaction of the change
//! they describe, so a change, its event and its notification land together.

use crate::paging::{Cursor, Page};
use crate::{Store, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::events::{Kind, Malformed, Payload};
use rapport_core::{OrgId, PersonId};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

/// An interaction to record: `from` acted toward `to`.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub at: DateTime<Utc>,
    pub from: PersonId,
    pub to: PersonId,
    /// What it is about: a delegation, a help request, a check-in.
    pub subject: Option<Uuid>,
    /// What happened, with the facts the engine needs (never free text).
    pub payload: Payload,
}

/// A stored event, as the trust engine reads it. An event that no longer
/// parses comes back as [`Malformed`] for the reader to report: one bad row
/// must neither stop the engine nor vanish unnoticed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub from: PersonId,
    pub to: PersonId,
    pub subject: Option<Uuid>,
    pub payload: Result<Payload, Malformed>,
}

/// The end of an organization's event log, as [`Store::event_tail`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTail {
    /// Events after the window's start.
    pub in_window: i64,
    /// Of those, events after the highest one the engine applied.
    pub newer: i64,
    pub epoch: i64,
}

/// Someone a person has interacted with.
#[derive(Debug, Clone)]
pub struct Partner {
    pub id: PersonId,
    pub name: String,
    pub last: DateTime<Utc>,
}

/// A notification for one person: rapport's words and a link, never the
/// free text of a miss, a dispute or a check-in.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub person: PersonId,
    pub text: String,
    pub link: String,
}

/// A notification's words and link, not yet addressed: for changes that
/// tell several people the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub link: String,
}

impl Message {
    pub fn to(&self, person: PersonId) -> NewNotification {
        NewNotification {
            person,
            text: self.text.clone(),
            link: self.link.clone(),
        }
    }
}

/// What a change leaves behind besides itself: its event for the trust
/// engine and the notifications it sends, written in the same transaction.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    pub event: Option<NewEvent>,
    pub notes: Vec<NewNotification>,
}

impl Trail {
    pub(crate) async fn write(
        &self,
        tx: &mut Transaction<'static, Any>,
        org: OrgId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if let Some(e) = &self.event {
            record(tx, org, e).await?;
        }
        for n in &self.notes {
            notify(tx, org, n, now).await?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub id: Uuid,
    pub text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

pub(crate) async fn record(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    e: &NewEvent,
) -> StoreResult<()> {
    crate::connect::number_events_in_commit_order(tx, org).await?;
    let (kind, data) = e.payload.encode();
    sqlx::query("INSERT INTO events (org_id, at, from_id, to_id, kind, subject_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(org)
        .bind(millis(e.at))
        .bind(e.from)
        .bind(e.to)
        .bind(kind)
        .bind(e.subject.map(|s| s.to_string()))
        .bind(data)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records many events with multi-row inserts: a bulk history has millions
/// of events, and one statement per row would spend most of its time on
/// statement overhead.
pub(crate) async fn record_many(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    all: &[NewEvent],
) -> StoreResult<()> {
    const ROWS: usize = 200;
    const COLS: usize = 7;
    let o = org.to_string();
    for chunk in all.chunks(ROWS) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let p: Vec<String> = (1..=COLS).map(|c| format!("${}", r * COLS + c)).collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO events (org_id, at, from_id, to_id, kind, subject_id, data) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for e in chunk {
            let (kind, data) = e.payload.encode();
            q = q
                .bind(o.clone())
                .bind(millis(e.at))
                .bind(e.from)
                .bind(e.to)
                .bind(kind)
                .bind(e.subject.map(|s| s.to_string()))
                .bind(data);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

pub(crate) async fn notify(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    n: &NewNotification,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO notifications (id, org_id, person_id, text, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(Uuid::new_v4().to_string())
        .bind(org)
        .bind(n.person)
        .bind(&n.text)
        .bind(&n.link)
        .bind(millis(now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Events of an organization after `after_seq`, in order.
    pub async fn events_after(&self, org: OrgId, after_seq: i64) -> StoreResult<Vec<StoredEvent>> {
        Ok(
            sqlx::query_as("SELECT * FROM events WHERE org_id = $1 AND seq > $2 ORDER BY seq")
                .bind(org)
                .bind(after_seq)
                .fetch_all(self.reader())
                .await?,
        )
    }

    /// What the trust engine checks before a read, from one statement (so
    /// one snapshot): how many events follow `since` (its look-back
    /// window), how many of those follow `top` (the highest it applied),
    /// and the organization's event epoch, which changes whenever events
    /// are deleted. An index range scan of the window only.
    pub async fn event_tail(&self, org: OrgId, since: i64, top: i64) -> StoreResult<EventTail> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, COUNT(CASE WHEN seq > $3 THEN 1 END) AS newer, \
             (SELECT event_epoch FROM orgs WHERE id = $1) AS epoch FROM events WHERE org_id = $1 AND seq > $2",
        )
        .bind(org)
        .bind(since)
        .bind(top)
        .fetch_one(self.reader())
        .await?;
        let epoch: Option<i64> = row.try_get("epoch")?;
        Ok(EventTail {
            in_window: row.try_get("n")?,
            newer: row.try_get("newer")?,
            epoch: epoch.unwrap_or(0),
        })
    }

    /// Everyone a person has interacted with, either way, with their name
    /// and the time of their last interaction, most recent first.
    pub async fn interaction_partners(
        &self,
        org: OrgId,
        person: PersonId,
    ) -> StoreResult<Vec<Partner>> {
        let rows = sqlx::query(
            "SELECT x.other, p.name, MAX(x.at) AS last FROM ( \
               SELECT to_id AS other, at FROM events WHERE org_id = $1 AND from_id = $2 \
               UNION ALL SELECT from_id AS other, at FROM events WHERE org_id = $1 AND to_id = $2) x \
             JOIN people p ON p.id = x.other GROUP BY x.other, p.name ORDER BY last DESC",
        )
        .bind(org)
        .bind(person)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Partner {
                    id: r.try_get::<PersonId, _>("other")?,
                    name: r.try_get("name")?,
                    last: rows::time(r, "last")?,
                })
            })
            .collect()
    }

    /// Every event between `person` and any of `others`, either way, in
    /// order: what a page of their relationships is counted from.
    pub async fn events_between(
        &self,
        org: OrgId,
        person: PersonId,
        others: &[PersonId],
    ) -> StoreResult<Vec<StoredEvent>> {
        let mut out = Vec::new();
        for chunk in others.chunks(400) {
            let list: Vec<String> = (3..chunk.len() + 3).map(|i| format!("${i}")).collect();
            let list = list.join(",");
            let sql = format!(
                "SELECT * FROM events WHERE org_id = $1 AND ( \
                   (from_id = $2 AND to_id IN ({list})) OR (to_id = $2 AND from_id IN ({list}))) \
                 ORDER BY seq"
            );
            let mut q = sqlx::query_as::<_, StoredEvent>(&sql)
                .bind(org)
                .bind(person);
            for id in chunk {
                q = q.bind(id);
            }
            out.extend(q.fetch_all(self.reader()).await?);
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// How many events of a kind a person started since a time.
    pub async fn count_events_from(
        &self,
        org: OrgId,
        person: PersonId,
        kind: Kind,
        since: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM events WHERE org_id = $1 AND from_id = $2 AND kind = $3 AND at >= $4")
            .bind(org)
            .bind(person)
            .bind(kind.as_str())
            .bind(millis(since))
            .fetch_one(self.reader())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// A person's notifications, newest first, a page at a time.
    pub async fn notifications(
        &self,
        person: PersonId,
        limit: u32,
        after: Option<&Cursor>,
    ) -> StoreResult<Page<Notification>> {
        let rows = sqlx::query(
            "SELECT * FROM notifications WHERE person_id = $1 \
             AND ($3 IS NULL OR created_at < $3 OR (created_at = $3 AND id < $4)) \
             ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(person)
        .bind(i64::from(limit) + 1)
        .bind(after.map(|c| c.millis().unwrap_or(i64::MIN)))
        .bind(after.map(|c| c.id.to_string()))
        .fetch_all(self.reader())
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(Notification {
                    id: rows::id(r, "id", |s| Uuid::parse_str(s).ok())?,
                    text: r.try_get("text")?,
                    link: r.try_get("link")?,
                    created_at: rows::time(r, "created_at")?,
                    read: rows::opt_time(r, "read_at")?.is_some(),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page::from_rows(items, limit, |n| {
            Cursor::at(n.created_at, n.id)
        }))
    }

    pub async fn unread_notifications(&self, person: PersonId) -> StoreResult<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM notifications WHERE person_id = $1 AND read_at IS NULL",
        )
        .bind(person)
        .fetch_one(self.reader())
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Marks all of a person's notifications read.
    pub async fn mark_notifications_read(
        &self,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE person_id = $1 AND read_at IS NULL",
        )
        .bind(person)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }
}

pub(crate) fn event(r: &sqlx::any::AnyRow) -> StoreResult<StoredEvent> {
    let (kind, data): (String, String) = (r.try_get("kind")?, r.try_get("data")?);
    Ok(StoredEvent {
        seq: r.try_get("seq")?,
        at: rows::time(r, "at")?,
        from: r.try_get::<PersonId, _>("from_id")?,
        to: r.try_get::<PersonId, _>("to_id")?,
        subject: rows::opt_id(r, "subject_id", |s| Uuid::parse_str(s).ok())?,
        payload: Payload::decode(&kind, &data),
    })
}
