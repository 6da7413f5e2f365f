//! Learning: enrollments, per-part progress, reflections, team assignments
//! and the aggregate a lead may see, the Learning Record Store settings, and
//! the queue of xAPI statements waiting for it. Course content is not here:
//! it lives in files and is parsed by `rapport_core::learning`.

use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::{OrgId, PersonId, TeamId};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq)]
pub struct Enrollment {
    pub course_slug: String,
    pub enrolled_at: DateTime<Utc>,
    pub last_part: Option<u8>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// What a person did in one part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartRow {
    pub part: u8,
    pub lesson_read_at: Option<DateTime<Utc>>,
    pub practice_done_at: Option<DateTime<Utc>>,
    pub practice_self_reported: bool,
    pub reflection: String,
}

/// One of a person's own events, as the practices read them.
#[derive(Debug, Clone, PartialEq)]
pub struct LearningEventRow {
    pub at: DateTime<Utc>,
    /// What the person did, as a course practice sees it; a stored event
    /// that no longer parses is left for the caller to report.
    pub event: Result<rapport_core::learning::LearningEvent, rapport_core::events::Malformed>,
}

/// A team's progress in a course, counted: never who.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamProgress {
    pub team_id: TeamId,
    pub team_name: String,
    pub members: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub assigned: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LrsSettings {
    pub endpoint: String,
    pub username: String,
    pub password: String,
    /// `email` or `opaque`.
    pub actor: String,
}

/// A statement claimed for delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedStatement {
    pub id: String,
    pub org_id: OrgId,
    pub body: String,
    pub attempts: i64,
    pub lease_until: Option<DateTime<Utc>>,
}

/// Delivery counts for an admin: how many statements are where.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeliveryStatus {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
    pub last_sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The kinds of event a practice can be completed by.
const PRACTICE_KINDS: &str = "'delegated', 'help_asked', 'thanked', 'met', 'check_in_started'";

impl Store {
    /// Enrolls a person (a second enrollment changes nothing). Returns the
    /// enrollment and whether it is new.
    pub async fn enroll(
        &self,
        org: OrgId,
        person: PersonId,
        slug: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<(Enrollment, bool)> {
        let done = sqlx::query(
            "INSERT INTO enrollments (person_id, org_id, course_slug, enrolled_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id, course_slug) DO NOTHING",
        )
        .bind(person)
        .bind(org)
        .bind(slug)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        let e = self
            .enrollment(person, slug)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((e, done.rows_affected() == 1))
    }

    pub async fn enrollment(
        &self,
        person: PersonId,
        slug: &str,
    ) -> StoreResult<Option<Enrollment>> {
        let row =
            sqlx::query("SELECT * FROM enrollments WHERE person_id = $1 AND course_slug = $2")
                .bind(person)
                .bind(slug)
                .fetch_optional(self.writer())
                .await?;
        row.as_ref().map(enrollment).transpose()
    }

    pub async fn enrollments_of(&self, person: PersonId) -> StoreResult<Vec<Enrollment>> {
        let rows =
            sqlx::query("SELECT * FROM enrollments WHERE person_id = $1 ORDER BY enrolled_at")
                .bind(person)
                .fetch_all(self.reader())
                .await?;
        rows.iter().map(enrollment).collect()
    }

    pub async fn part_progress(&self, person: PersonId, slug: &str) -> StoreResult<Vec<PartRow>> {
        let rows = sqlx::query(
            "SELECT * FROM part_progress WHERE person_id = $1 AND course_slug = $2 ORDER BY part",
        )
        .bind(person)
        .bind(slug)
        .fetch_all(self.writer())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PartRow {
                    part: small(r, "part")?,
                    lesson_read_at: rows::opt_time(r, "lesson_read_at")?,
                    practice_done_at: rows::opt_time(r, "practice_done_at")?,
                    practice_self_reported: rows::flag(r, "practice_self_reported")?,
                    reflection: r.try_get("reflection")?,
                })
            })
            .collect()
    }

    /// Marks a lesson read and remembers where the person left off.
    /// Returns whether it is newly read.
    pub async fn mark_lesson_read(
        &self,
        person: PersonId,
        slug: &str,
        part: u8,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        ensure_part(&mut tx, person, slug, part).await?;
        let done = sqlx::query(
            "UPDATE part_progress SET lesson_read_at = $4 \
             WHERE person_id = $1 AND course_slug = $2 AND part = $3 AND lesson_read_at IS NULL",
        )
        .bind(person)
        .bind(slug)
        .bind(i64::from(part))
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE enrollments SET last_part = $3 WHERE person_id = $1 AND course_slug = $2",
        )
        .bind(person)
        .bind(slug)
        .bind(i64::from(part))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a practice as done (found in the events at `at`, or said to
    /// be done outside the app). Returns whether it is newly done.
    pub async fn mark_practice_done(
        &self,
        person: PersonId,
        slug: &str,
        part: u8,
        at: DateTime<Utc>,
        self_reported: bool,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        ensure_part(&mut tx, person, slug, part).await?;
        let done = sqlx::query(
            "UPDATE part_progress SET practice_done_at = $4, practice_self_reported = $5 \
             WHERE person_id = $1 AND course_slug = $2 AND part = $3 AND practice_done_at IS NULL",
        )
        .bind(person)
        .bind(slug)
        .bind(i64::from(part))
        .bind(millis(at))
        .bind(i64::from(self_reported))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// A private reflection on a part: only its author ever reads it.
    pub async fn set_reflection(
        &self,
        person: PersonId,
        slug: &str,
        part: u8,
        text: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        ensure_part(&mut tx, person, slug, part).await?;
        sqlx::query(
            "UPDATE part_progress SET reflection = $4 WHERE person_id = $1 AND course_slug = $2 AND part = $3",
        )
        .bind(person)
        .bind(slug)
        .bind(i64::from(part))
        .bind(text)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks the course completed; returns whether it newly is.
    pub async fn complete_course(
        &self,
        person: PersonId,
        slug: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE enrollments SET completed_at = $3 WHERE person_id = $1 AND course_slug = $2 AND completed_at IS NULL",
        )
        .bind(person)
        .bind(slug)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A person's own events that can complete a practice, since a time:
    /// what they started (a delegation, a request for help, thanks, a
    /// meeting, a check-in), and the delegations they handed back.
    pub async fn learning_events(
        &self,
        org: OrgId,
        person: PersonId,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<LearningEventRow>> {
        // A request for help to a team or the whole organization has no
        // one person on the other side, so no event: it is read from its table.
        let sql = format!(
            "SELECT at, kind, data FROM events WHERE org_id = $1 AND at >= $3 AND \
             ((from_id = $2 AND kind IN ({PRACTICE_KINDS})) OR (to_id = $2 AND kind = 'handed_back')) \
             UNION ALL SELECT created_at AS at, 'help_asked' AS kind, '{{}}' AS data FROM help_requests \
             WHERE org_id = $1 AND asker_id = $2 AND created_at >= $3 \
             ORDER BY at"
        );
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(person)
            .bind(millis(since))
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                let (kind, data): (String, String) = (r.try_get("kind")?, r.try_get("data")?);
                Ok(LearningEventRow {
                    at: rows::time(r, "at")?,
                    event: rapport_core::events::Payload::decode(&kind, &data)
                        .map(|p| p.learning()),
                })
            })
            .collect()
    }

    /// Assigns a course to a team (again: no change).
    pub async fn assign_course(
        &self,
        org: OrgId,
        team: TeamId,
        slug: &str,
        by: PersonId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_team(&mut tx, org, team).await?;
        sqlx::query(
            "INSERT INTO course_assignments (org_id, team_id, course_slug, assigned_by, assigned_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (team_id, course_slug) DO NOTHING",
        )
        .bind(org)
        .bind(team)
        .bind(slug)
        .bind(by)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a course is assigned to this team.
    pub async fn is_assigned(&self, team: Option<TeamId>, slug: &str) -> StoreResult<bool> {
        let Some(team) = team else { return Ok(false) };
        Ok(
            sqlx::query("SELECT 1 FROM course_assignments WHERE team_id = $1 AND course_slug = $2")
                .bind(team)
                .bind(slug)
                .fetch_optional(self.reader())
                .await?
                .is_some(),
        )
    }

    /// Everyone in the organization who enrolled in a course, and whether
    /// they finished one: what the insights count (the caller applies the
    /// counting rule).
    pub async fn course_progress_of_everyone(
        &self,
        org: OrgId,
    ) -> StoreResult<Vec<(PersonId, bool)>> {
        let rows = sqlx::query(
            "SELECT person_id, MAX(CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END) AS done              FROM enrollments WHERE org_id = $1 GROUP BY person_id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<PersonId, _>("person_id")?,
                    r.try_get::<i64, _>("done")? > 0,
                ))
            })
            .collect()
    }

    /// Every team's counts in a course. The caller hides teams smaller than
    /// the organization's minimum group size.
    pub async fn team_progress(&self, org: OrgId, slug: &str) -> StoreResult<Vec<TeamProgress>> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, \
               (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id) AS members, \
               (SELECT COUNT(*) FROM enrollments e JOIN people p ON p.id = e.person_id \
                  WHERE p.team_id = t.id AND e.course_slug = $2) AS enrolled, \
               (SELECT COUNT(*) FROM enrollments e JOIN people p ON p.id = e.person_id \
                  WHERE p.team_id = t.id AND e.course_slug = $2 AND e.completed_at IS NOT NULL) AS completed, \
               (SELECT COUNT(*) FROM course_assignments a WHERE a.team_id = t.id AND a.course_slug = $2) AS assigned \
             FROM teams t WHERE t.org_id = $1 ORDER BY t.name",
        )
        .bind(org)
        .bind(slug)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TeamProgress {
                    team_id: r.try_get::<TeamId, _>("id")?,
                    team_name: r.try_get("name")?,
                    members: r.try_get("members")?,
                    enrolled: r.try_get("enrolled")?,
                    completed: r.try_get("completed")?,
                    assigned: r.try_get::<i64, _>("assigned")? > 0,
                })
            })
            .collect()
    }

    pub async fn lrs_settings(&self, org: OrgId) -> StoreResult<Option<LrsSettings>> {
        let row = sqlx::query("SELECT * FROM lrs_settings WHERE org_id = $1")
            .bind(org)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| {
            Ok(LrsSettings {
                endpoint: r.try_get("endpoint")?,
                username: r.try_get("username")?,
                password: r.try_get("password")?,
                actor: r.try_get("actor")?,
            })
        })
        .transpose()
    }

    /// Sets (or, with `None`, removes) the organization's LRS.
    pub async fn set_lrs_settings(
        &self,
        org: OrgId,
        s: Option<&LrsSettings>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        match s {
            Some(s) => sqlx::query(
                "INSERT INTO lrs_settings (org_id, endpoint, username, password, actor, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id) DO UPDATE SET \
                 endpoint = $2, username = $3, password = $4, actor = $5, updated_at = $6",
            )
            .bind(org)
            .bind(&s.endpoint)
            .bind(&s.username)
            .bind(&s.password)
            .bind(&s.actor)
            .bind(millis(now)),
            None => sqlx::query("DELETE FROM lrs_settings WHERE org_id = $1").bind(org),
        }
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Queues statements (by their own ids: a statement already queued is
    /// left as it is).
    pub async fn queue_statements(
        &self,
        org: OrgId,
        statements: &[(String, String)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if statements.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        for (id, body) in statements {
            sqlx::query(
                "INSERT INTO xapi_statements (id, org_id, body, status, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, 'pending', $4, $4) ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(org)
            .bind(body)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Claims due statements of one organization (the one with the oldest
    /// due statement) for `lease`, like the digest queue.
    pub async fn claim_statements(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<QueuedStatement>> {
        let lock = self.backend().skip_locked();
        // Only organizations with an LRS: until one is configured their
        // statements wait, kept, without being tried.
        let due = "((status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1)) \
                   AND org_id IN (SELECT org_id FROM lrs_settings)";
        let mut tx = self.write_tx().await?;
        let first = sqlx::query(&format!(
            "SELECT org_id FROM xapi_statements WHERE {due} ORDER BY next_attempt_at LIMIT 1"
        ))
        .bind(millis(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(first) = first else {
            return Ok(vec![]);
        };
        let org: String = first.try_get("org_id")?;
        let rows = sqlx::query(&format!(
            "UPDATE xapi_statements SET status = 'sending', lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM xapi_statements WHERE org_id = $4 AND {due} \
               ORDER BY created_at, id LIMIT $3 {lock}) RETURNING *"
        ))
        .bind(millis(now))
        .bind(millis(now + lease))
        .bind(limit)
        .bind(&org)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(QueuedStatement {
                    id: r.try_get("id")?,
                    org_id: r.try_get::<OrgId, _>("org_id")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                    lease_until: rows::opt_time(r, "lease_until")?,
                })
            })
            .collect()
    }

    /// Records a delivery attempt for statements this worker still holds:
    /// sent, or back to pending at `retry_at` with the error, or failed.
    pub async fn finish_statements(
        &self,
        claimed: &[QueuedStatement],
        outcome: Result<(), (&str, Option<DateTime<Utc>>)>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        for s in claimed {
            let (status, next, error, sent) = match outcome {
                Ok(()) => ("sent", now, None, Some(now)),
                Err((e, Some(next))) => ("pending", next, Some(e), None),
                Err((e, None)) => ("failed", now, Some(e), None),
            };
            sqlx::query(
                "UPDATE xapi_statements SET status = $2, next_attempt_at = $3, last_error = $4, \
                 sent_at = $5, lease_until = NULL WHERE id = $1 AND status = 'sending' AND lease_until = $6",
            )
            .bind(&s.id)
            .bind(status)
            .bind(millis(next))
            .bind(error)
            .bind(sent.map(millis))
            .bind(s.lease_until.map(millis))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Where an organization's statements are, counted (never their content).
    pub async fn delivery_status(&self, org: OrgId) -> StoreResult<DeliveryStatus> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n, MAX(sent_at) AS last_sent FROM xapi_statements WHERE org_id = $1 GROUP BY status",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        let mut out = DeliveryStatus::default();
        for r in &rows {
            let n: i64 = r.try_get("n")?;
            match r.try_get::<String, _>("status")?.as_str() {
                "sent" => {
                    out.sent = n;
                    out.last_sent_at = rows::opt_time(r, "last_sent")?;
                }
                "failed" => out.failed = n,
                _ => out.pending += n,
            }
        }
        out.last_error = sqlx::query(
            "SELECT last_error FROM xapi_statements WHERE org_id = $1 AND last_error IS NOT NULL \
             ORDER BY next_attempt_at DESC LIMIT 1",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await?
        .map(|r| r.try_get("last_error"))
        .transpose()?;
        Ok(out)
    }
}

async fn ensure_part(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person: PersonId,
    slug: &str,
    part: u8,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO part_progress (person_id, course_slug, part) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(person)
    .bind(slug)
    .bind(i64::from(part))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn small(r: &sqlx::any::AnyRow, col: &str) -> StoreResult<u8> {
    let v: i64 = r.try_get(col)?;
    u8::try_from(v).map_err(|_| StoreError::Corrupt(format!("{col} = {v}")))
}

fn enrollment(r: &sqlx::any::AnyRow) -> StoreResult<Enrollment> {
    let last: Option<i64> = r.try_get("last_part")?;
    Ok(Enrollment {
        course_slug: r.try_get("course_slug")?,
        enrolled_at: rows::time(r, "enrolled_at")?,
        last_part: last.and_then(|v| u8::try_from(v).ok()),
        completed_at: rows::opt_time(r, "completed_at")?,
    })
}
