//! Introductions: who opted in, snoozes and "don't pair me with", the
//! introductions made, and the claim that makes one round per period run
//! on exactly one instance.

use crate::error::Conflict;
use crate::events::{self, Message, NewEvent};
use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::events::Payload;
use rapport_core::{IntroductionId, OrgId, PersonId};
use sqlx::Row;

/// A person's introduction settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IntroPrefs {
    pub opted_in: bool,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// An admin invited this person's team to join.
    pub invited: bool,
    /// People this person asked not to be paired with.
    pub blocked: Vec<(PersonId, String)>,
}

/// Someone who may take part in a round.
#[derive(Debug, Clone, PartialEq)]
pub struct IntroCandidate {
    pub id: PersonId,
    pub snoozed_until: Option<DateTime<Utc>>,
}

/// An introduction as one of its two people sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Introduction {
    pub id: IntroductionId,
    pub other: (PersonId, String),
    /// pending, done or skipped: this person's own answer.
    pub my_state: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    pub async fn intro_prefs(&self, person: PersonId) -> StoreResult<IntroPrefs> {
        let row = sqlx::query("SELECT * FROM introduction_prefs WHERE person_id = $1")
            .bind(person)
            .fetch_optional(self.reader())
            .await?;
        let mut prefs = match row {
            Some(r) => IntroPrefs {
                opted_in: rows::flag(&r, "opted_in")?,
                snoozed_until: rows::opt_time(&r, "snoozed_until")?,
                invited: r.try_get::<Option<i64>, _>("invited_at")?.is_some(),
                blocked: vec![],
            },
            None => IntroPrefs::default(),
        };
        let blocks = sqlx::query(
            "SELECT b.other_id, p.name FROM introduction_blocks b JOIN people p ON p.id = b.other_id \
             WHERE b.person_id = $1 ORDER BY p.name",
        )
        .bind(person)
        .fetch_all(self.reader())
        .await?;
        for r in &blocks {
            prefs
                .blocked
                .push((r.try_get::<PersonId, _>("other_id")?, r.try_get("name")?));
        }
        Ok(prefs)
    }

    /// Opts in or out, and snoozes (`None` clears a snooze).
    pub async fn set_intro_prefs(
        &self,
        person: PersonId,
        opted_in: bool,
        snoozed_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO introduction_prefs (person_id, opted_in, snoozed_until, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id) DO UPDATE SET opted_in = $2, snoozed_until = $3, updated_at = $4",
        )
        .bind(person)
        .bind(i64::from(opted_in))
        .bind(snoozed_until.map(millis))
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// An admin invites a team to join introductions: each member is told
    /// and decides for themselves. Returns how many were invited.
    pub async fn invite_team_to_introductions(
        &self,
        org: OrgId,
        team: rapport_core::TeamId,
        invitation: &Message,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        let members = sqlx::query("SELECT id FROM people WHERE org_id = $1 AND team_id = $2")
            .bind(org)
            .bind(team)
            .fetch_all(&mut *tx)
            .await?;
        if members.is_empty() {
            return Err(StoreError::NotFound);
        }
        for r in &members {
            let id = r.try_get::<PersonId, _>("id")?;
            sqlx::query(
                "INSERT INTO introduction_prefs (person_id, opted_in, invited_at, updated_at) VALUES ($1, 0, $2, $2) \
                 ON CONFLICT (person_id) DO UPDATE SET invited_at = $2",
            )
            .bind(id)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
            events::notify(&mut tx, org, &invitation.to(id), now).await?;
        }
        tx.commit().await?;
        Ok(members.len() as u64)
    }

    /// "Don't pair me with": adds (`true`) or removes a block.
    pub async fn set_intro_block(
        &self,
        org: OrgId,
        person: PersonId,
        other: PersonId,
        blocked: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_person(&mut tx, org, other).await?;
        let sql = if blocked {
            "INSERT INTO introduction_blocks (person_id, other_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM introduction_blocks WHERE person_id = $1 AND other_id = $2"
        };
        sqlx::query(sql)
            .bind(person)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's introductions, newest first.
    pub async fn list_introductions(
        &self,
        org: OrgId,
        person: PersonId,
        limit: i64,
    ) -> StoreResult<Vec<Introduction>> {
        let rows = sqlx::query(
            "SELECT i.id, i.created_at, \
               CASE WHEN i.a_id = $2 THEN i.b_id ELSE i.a_id END AS other_id, \
               CASE WHEN i.a_id = $2 THEN i.a_state ELSE i.b_state END AS my_state, p.name \
             FROM introductions i JOIN people p ON p.id = CASE WHEN i.a_id = $2 THEN i.b_id ELSE i.a_id END \
             WHERE i.org_id = $1 AND (i.a_id = $2 OR i.b_id = $2) ORDER BY i.created_at DESC, i.id LIMIT $3",
        )
        .bind(org)
        .bind(person)
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Introduction {
                    id: r.try_get::<IntroductionId, _>("id")?,
                    other: (r.try_get::<PersonId, _>("other_id")?, r.try_get("name")?),
                    my_state: r.try_get("my_state")?,
                    created_at: rows::time(r, "created_at")?,
                })
            })
            .collect()
    }

    /// Marks my side of an introduction done or skipped. Done is also a
    /// plain interaction for the engine: the two have now met.
    pub async fn answer_introduction(
        &self,
        org: OrgId,
        id: IntroductionId,
        person: PersonId,
        state: &'static str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT a_id, b_id, a_state, b_state FROM introductions WHERE id = $1 AND org_id = $2 AND (a_id = $3 OR b_id = $3)",
        )
        .bind(id)
        .bind(org)
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let a = row.try_get::<PersonId, _>("a_id")?;
        let b = row.try_get::<PersonId, _>("b_id")?;
        let (col, current, other) = if person == a {
            ("a_state", row.try_get::<String, _>("a_state")?, b)
        } else {
            ("b_state", row.try_get::<String, _>("b_state")?, a)
        };
        if current != "pending" {
            return Err(StoreError::Conflict(Conflict::IntroductionAnswered));
        }
        sqlx::query(&format!(
            "UPDATE introductions SET {col} = $2 WHERE id = $1"
        ))
        .bind(id)
        .bind(state)
        .execute(&mut *tx)
        .await?;
        if state == "done" {
            events::record(
                &mut tx,
                org,
                &NewEvent {
                    at: now,
                    from: person,
                    to: other,
                    payload: Payload::Met,
                    subject: Some(id.0),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A person's introductions they have not answered yet, as (the other
    /// person, when it was made): for the "meet" nudge.
    pub async fn pending_introductions(
        &self,
        org: OrgId,
        person: PersonId,
    ) -> StoreResult<Vec<(PersonId, DateTime<Utc>)>> {
        let rows = sqlx::query(
            "SELECT CASE WHEN a_id = $2 THEN b_id ELSE a_id END AS other_id, created_at FROM introductions \
             WHERE org_id = $1 AND ((a_id = $2 AND a_state = 'pending') OR (b_id = $2 AND b_state = 'pending'))",
        )
        .bind(org)
        .bind(person)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<PersonId, _>("other_id")?,
                    rows::time(r, "created_at")?,
                ))
            })
            .collect()
    }

    /// Who takes part in a round: opted in, with their snoozes.
    pub async fn intro_candidates(&self, org: OrgId) -> StoreResult<Vec<IntroCandidate>> {
        let rows = sqlx::query(
            "SELECT p.id, x.snoozed_until FROM introduction_prefs x JOIN people p ON p.id = x.person_id \
             WHERE p.org_id = $1 AND x.opted_in = 1 AND p.deactivated_at IS NULL ORDER BY p.id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(IntroCandidate {
                    id: r.try_get::<PersonId, _>("id")?,
                    snoozed_until: rows::opt_time(r, "snoozed_until")?,
                })
            })
            .collect()
    }

    /// Every "don't pair me with" of an organization, and the pairs
    /// introduced since `since` (never repeated).
    #[allow(clippy::type_complexity)]
    pub async fn intro_exclusions(
        &self,
        org: OrgId,
        since: DateTime<Utc>,
    ) -> StoreResult<(Vec<(PersonId, PersonId)>, Vec<(PersonId, PersonId)>)> {
        let pairs = |rows: &[sqlx::any::AnyRow], a: &str, b: &str| -> StoreResult<Vec<_>> {
            rows.iter()
                .map(|r| {
                    Ok((
                        rows::id(r, a, PersonId::parse)?,
                        rows::id(r, b, PersonId::parse)?,
                    ))
                })
                .collect()
        };
        let blocks = sqlx::query(
            "SELECT b.person_id, b.other_id FROM introduction_blocks b JOIN people p ON p.id = b.person_id WHERE p.org_id = $1",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        let recent = sqlx::query(
            "SELECT a_id, b_id FROM introductions WHERE org_id = $1 AND created_at >= $2",
        )
        .bind(org)
        .bind(millis(since))
        .fetch_all(self.reader())
        .await?;
        Ok((
            pairs(&blocks, "person_id", "other_id")?,
            pairs(&recent, "a_id", "b_id")?,
        ))
    }

    /// Claims a periodic job for an organization and period: true for the
    /// one caller whose insert went in, false for everyone after.
    pub async fn claim_job_run(
        &self,
        org: OrgId,
        job: &str,
        period: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO job_runs (org_id, job, period, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(org)
        .bind(job)
        .bind(period)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Writes a round's introductions, each person told who and why, in
    /// one transaction.
    pub async fn create_introductions(
        &self,
        org: OrgId,
        round: &str,
        pairs: &[(PersonId, PersonId)],
        introduce: impl Fn(&str) -> Message,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        for (a, b) in pairs {
            sqlx::query(
                "INSERT INTO introductions (id, org_id, a_id, b_id, round, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(IntroductionId::new().to_string())
            .bind(org)
            .bind(a)
            .bind(b)
            .bind(round)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
            for (to, about) in [(a, b), (b, a)] {
                let name = crate::delegations::person_name(&mut tx, *about).await?;
                events::notify(&mut tx, org, &introduce(&name).to(*to), now).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
