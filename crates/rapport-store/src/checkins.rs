//! Two-sided check-ins, persisted so that the core's sealing rules
//! (`rapport_core::checkin`) hold whoever calls: an answer is written once
//! (`may_answer`); the other person's answer is read only when
//! `may_see_other`; the reveal (`after_answer`) happens in the transaction
//! that stores the second answer, with the two events the trust engine
//! reads; a lone answer is deleted when the window closes.

use crate::error::Conflict;
use crate::events::{self, NewEvent, NewNotification};
use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::checkin::{self, Answer, Scores, Status};
use rapport_core::events::Payload;
use rapport_core::{CheckInId, OrgId, PersonId};
use sqlx::Row;

/// The notifications an answer sends, whichever way it goes: `waiting`
/// to the other person when it waits for theirs, `revealed` to both when it
/// reveals. Their words are the caller's.
#[derive(Debug, Clone)]
pub struct AnswerNotices {
    pub waiting: NewNotification,
    pub revealed: [NewNotification; 2],
}

/// A check-in as one of its two people sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckIn {
    pub id: CheckInId,
    /// Who started it.
    pub a: (PersonId, String),
    pub b: (PersonId, String),
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub revealed_at: Option<DateTime<Utc>>,
    /// Whether the viewer has answered.
    pub answered: bool,
    /// The viewer's own answer (not filled in by lists).
    pub mine: Option<StoredAnswer>,
    /// Whether the other person has answered (never what).
    pub other_answered: bool,
    /// The other person's answer: only after the reveal.
    pub theirs: Option<StoredAnswer>,
}

impl CheckIn {
    /// The other person of the pair, seen from `viewer`.
    pub fn other(&self, viewer: PersonId) -> &(PersonId, String) {
        if self.a.0 == viewer { &self.b } else { &self.a }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub scores: Scores,
    pub improve: String,
    pub works: String,
    pub answered_at: DateTime<Utc>,
}

const COLUMNS: &str = "c.*, a.name AS a_name, b.name AS b_name";
const FROM: &str = "check_ins c JOIN people a ON a.id = c.a_id JOIN people b ON b.id = c.b_id";

impl Store {
    /// Starts a check-in from `a` with `b`. One open check-in per pair at a
    /// time: a second is `Conflict(Conflict::CheckInOpen)`.
    #[allow(clippy::too_many_arguments)]
    pub async fn start_check_in(
        &self,
        org: OrgId,
        id: CheckInId,
        a: PersonId,
        b: PersonId,
        notice: &NewNotification,
        now: DateTime<Utc>,
        closes_at: DateTime<Utc>,
    ) -> StoreResult<CheckIn> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_person(&mut tx, org, a).await?;
        crate::people::ensure_person(&mut tx, org, b).await?;
        // Two starts for the same pair at once must not both find no open
        // check-in and both insert.
        crate::connect::serialize_pair(&mut tx, a, b).await?;
        let open = sqlx::query(
            "SELECT 1 FROM check_ins WHERE org_id = $1 AND status = 'open' AND closes_at > $4 \
             AND ((a_id = $2 AND b_id = $3) OR (a_id = $3 AND b_id = $2))",
        )
        .bind(org)
        .bind(a)
        .bind(b)
        .bind(millis(now))
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            return Err(StoreError::Conflict(Conflict::CheckInOpen));
        }
        sqlx::query(
            "INSERT INTO check_ins (id, org_id, a_id, b_id, status, created_at, closes_at) \
             VALUES ($1, $2, $3, $4, 'open', $5, $6)",
        )
        .bind(id)
        .bind(org)
        .bind(a)
        .bind(b)
        .bind(millis(now))
        .bind(millis(closes_at))
        .execute(&mut *tx)
        .await?;
        // Asking is itself an interaction (and a course practice); the engine
        // reads only the answers, at the reveal.
        events::record(
            &mut tx,
            org,
            &NewEvent {
                at: now,
                from: a,
                to: b,
                payload: Payload::CheckInStarted,
                subject: Some(id.0),
            },
        )
        .await?;
        events::notify(&mut tx, org, notice, now).await?;
        tx.commit().await?;
        self.check_in(org, id, a).await
    }

    /// Seals `person`'s answer. The second answer reveals both, in the same
    /// transaction, and records each person's "I can count on them" for the
    /// trust engine. `NotFound` for anyone outside the pair;
    /// `Conflict(Conflict::AlreadyAnswered)` for a second answer by the same
    /// person; `Conflict(Conflict::CheckInClosed)` once the window has closed.
    pub async fn answer_check_in(
        &self,
        org: OrgId,
        id: CheckInId,
        person: PersonId,
        answer: &Answer,
        notices: &AnswerNotices,
        now: DateTime<Utc>,
    ) -> StoreResult<CheckIn> {
        let mut tx = self.write_tx().await?;
        // Touching the row first takes its lock on PostgreSQL, so that two
        // answers arriving together are counted one after the other and
        // exactly one of them reveals.
        let touched = sqlx::query(
            "UPDATE check_ins SET status = status WHERE id = $1 AND org_id = $2 \
             AND (a_id = $3 OR b_id = $3)",
        )
        .bind(id)
        .bind(org)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        rows::found(&touched)?;
        let row = sqlx::query("SELECT * FROM check_ins WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let status = status_of(&row)?;
        let window_open = rows::time(&row, "closes_at")? > now;
        let already =
            sqlx::query("SELECT 1 FROM check_in_answers WHERE check_in_id = $1 AND person_id = $2")
                .bind(id)
                .bind(person)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
        checkin::may_answer(status, window_open, already).map_err(|r| match r {
            checkin::Refusal::AlreadyAnswered => StoreError::Conflict(Conflict::AlreadyAnswered),
            checkin::Refusal::NotOpen => StoreError::Conflict(Conflict::CheckInClosed),
        })?;
        let s = answer.scores;
        sqlx::query(
            "INSERT INTO check_in_answers (check_in_id, person_id, count_on, would_help, \
             admit_mistakes, communication, know_as_person, improve, works, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(person)
        .bind(i64::from(s.count_on))
        .bind(i64::from(s.would_help))
        .bind(i64::from(s.admit_mistakes))
        .bind(i64::from(s.communication))
        .bind(i64::from(s.know_as_person))
        .bind(answer.improve.as_str())
        .bind(answer.works.as_str())
        .bind(millis(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::error::on_unique(e, Conflict::AlreadyAnswered))?;
        let answers =
            sqlx::query("SELECT person_id, count_on FROM check_in_answers WHERE check_in_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let a = row.try_get::<PersonId, _>("a_id")?;
        let b = row.try_get::<PersonId, _>("b_id")?;
        if checkin::after_answer(answers.len()) == checkin::AfterAnswer::Reveals {
            sqlx::query("UPDATE check_ins SET status = 'revealed', revealed_at = $2 WHERE id = $1")
                .bind(id)
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
            for r in &answers {
                let from = r.try_get::<PersonId, _>("person_id")?;
                let count_on = u8::try_from(r.try_get::<i64, _>("count_on")?)
                    .map_err(|e| StoreError::Corrupt(format!("count_on: {e}")))?;
                let to = if from == a { b } else { a };
                events::record(
                    &mut tx,
                    org,
                    &NewEvent {
                        at: now,
                        from,
                        to,
                        payload: Payload::CheckInRevealed { count_on },
                        subject: Some(id.0),
                    },
                )
                .await?;
            }
            for n in &notices.revealed {
                events::notify(&mut tx, org, n, now).await?;
            }
        } else {
            events::notify(&mut tx, org, &notices.waiting, now).await?;
        }
        tx.commit().await?;
        self.check_in(org, id, person).await
    }

    /// A check-in as `viewer` may see it; `NotFound` for anyone outside the
    /// pair (and for another organization's).
    pub async fn check_in(
        &self,
        org: OrgId,
        id: CheckInId,
        viewer: PersonId,
    ) -> StoreResult<CheckIn> {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE c.id = $1 AND c.org_id = $2 AND (c.a_id = $3 OR c.b_id = $3)"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(org)
            .bind(viewer)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        let answers = sqlx::query("SELECT * FROM check_in_answers WHERE check_in_id = $1")
            .bind(id)
            .fetch_all(self.reader())
            .await?;
        let mut c = check_in_row(&row)?;
        for r in &answers {
            let answer = stored_answer(r)?;
            if r.try_get::<PersonId, _>("person_id")? == viewer {
                c.mine = Some(answer);
                c.answered = true;
            } else {
                c.other_answered = true;
                if checkin::may_see_other(c.status) {
                    c.theirs = Some(answer);
                }
            }
        }
        Ok(c)
    }

    /// A person's check-ins, newest first, without answers.
    pub async fn list_check_ins(
        &self,
        org: OrgId,
        person: PersonId,
        limit: i64,
    ) -> StoreResult<Vec<CheckIn>> {
        let sql = format!(
            "SELECT {COLUMNS}, \
               (SELECT COUNT(*) FROM check_in_answers x WHERE x.check_in_id = c.id AND x.person_id = $2) AS mine, \
               (SELECT COUNT(*) FROM check_in_answers x WHERE x.check_in_id = c.id AND x.person_id <> $2) AS theirs \
             FROM {FROM} WHERE c.org_id = $1 AND (c.a_id = $2 OR c.b_id = $2) ORDER BY c.created_at DESC, c.id LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(person)
            .bind(limit)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                let mut c = check_in_row(r)?;
                let mine: i64 = r.try_get("mine")?;
                let theirs: i64 = r.try_get("theirs")?;
                c.other_answered = theirs > 0;
                c.answered = mine > 0;
                Ok(c)
            })
            .collect()
    }

    /// Everyone a person has had a check-in with, open or not, and when the
    /// latest one started.
    pub async fn check_in_partners(
        &self,
        org: OrgId,
        person: PersonId,
    ) -> StoreResult<Vec<(PersonId, DateTime<Utc>)>> {
        let rows = sqlx::query(
            "SELECT CASE WHEN a_id = $2 THEN b_id ELSE a_id END AS other, MAX(created_at) AS started \
             FROM check_ins WHERE org_id = $1 AND (a_id = $2 OR b_id = $2) GROUP BY other",
        )
        .bind(org)
        .bind(person)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<PersonId, _>("other")?,
                    rows::time(r, "started")?,
                ))
            })
            .collect()
    }

    /// A person's open check-ins, as (a, b, started): for nudges.
    pub async fn open_check_ins(
        &self,
        org: OrgId,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<(PersonId, PersonId, DateTime<Utc>)>> {
        let rows = sqlx::query(
            "SELECT a_id, b_id, created_at FROM check_ins WHERE org_id = $1 AND status = 'open' \
             AND closes_at > $2 AND (a_id = $3 OR b_id = $3)",
        )
        .bind(org)
        .bind(millis(now))
        .bind(person)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<PersonId, _>("a_id")?,
                    r.try_get::<PersonId, _>("b_id")?,
                    rows::time(r, "created_at")?,
                ))
            })
            .collect()
    }

    /// Closes every check-in whose window has passed without both answers,
    /// and deletes its lone answer: it is never revealed, to anyone.
    /// Returns how many closed.
    pub async fn close_expired_check_ins(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "DELETE FROM check_in_answers WHERE check_in_id IN \
             (SELECT id FROM check_ins WHERE status = 'open' AND closes_at <= $1)",
        )
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let closed = sqlx::query(
            "UPDATE check_ins SET status = 'closed' WHERE status = 'open' AND closes_at <= $1",
        )
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(closed.rows_affected())
    }
}

fn status_of(r: &sqlx::any::AnyRow) -> StoreResult<Status> {
    let s: String = r.try_get("status")?;
    Status::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("check-in status {s}")))
}

fn check_in_row(r: &sqlx::any::AnyRow) -> StoreResult<CheckIn> {
    Ok(CheckIn {
        id: r.try_get::<CheckInId, _>("id")?,
        a: (r.try_get::<PersonId, _>("a_id")?, r.try_get("a_name")?),
        b: (r.try_get::<PersonId, _>("b_id")?, r.try_get("b_name")?),
        status: status_of(r)?,
        created_at: rows::time(r, "created_at")?,
        closes_at: rows::time(r, "closes_at")?,
        revealed_at: rows::opt_time(r, "revealed_at")?,
        answered: false,
        mine: None,
        other_answered: false,
        theirs: None,
    })
}

fn stored_answer(r: &sqlx::any::AnyRow) -> StoreResult<StoredAnswer> {
    let score = |c: &str| -> StoreResult<u8> {
        let v: i64 = r.try_get(c)?;
        u8::try_from(v).map_err(|_| StoreError::Corrupt(format!("check-in score {v}")))
    };
    Ok(StoredAnswer {
        scores: Scores {
            count_on: score("count_on")?,
            would_help: score("would_help")?,
            admit_mistakes: score("admit_mistakes")?,
            communication: score("communication")?,
            know_as_person: score("know_as_person")?,
        },
        improve: r.try_get("improve")?,
        works: r.try_get("works")?,
        answered_at: rows::time(r, "answered_at")?,
    })
}
