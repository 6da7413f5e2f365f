//! What the nudges need from the database: who is in which team with which
//! skills, and what each person did with the nudges they were shown. The
//! suggestions themselves are computed in the core, never stored.

use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::{NudgeId, OrgId, PersonId, SkillId, TeamId};
use sqlx::Row;
use std::collections::HashMap;

/// A person as the nudges and introductions see them. Growth areas are
/// only the shared ones: an unshared growth area never leaves the store here.
#[derive(Debug, Clone, PartialEq)]
pub struct NudgePerson {
    pub id: PersonId,
    pub name: String,
    pub team_id: Option<TeamId>,
    pub strengths: Vec<SkillId>,
    pub shared_growth: Vec<SkillId>,
}

/// A nudge a person was shown, and what they did with it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedNudge {
    pub id: NudgeId,
    pub key: String,
    pub kind: String,
    /// open, done, dismissed or snoozed.
    pub state: String,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub first_shown_at: DateTime<Utc>,
}

impl Store {
    /// What one person's nudges need to know about others: the person,
    /// their teammates, and whoever is strong in one of their shared
    /// growth areas. (Only the introduction round reads the whole
    /// organization.)
    pub async fn nudge_people_around(
        &self,
        org: OrgId,
        person: PersonId,
    ) -> StoreResult<(Vec<NudgePerson>, HashMap<SkillId, String>)> {
        let who = "p.org_id = $1 AND (p.id = $2 \
             OR (p.team_id IS NOT NULL AND p.team_id = (SELECT team_id FROM people WHERE id = $2)) \
             OR p.id IN (SELECT s.person_id FROM person_skills s WHERE s.kind = 'strength' AND s.skill_id IN \
                 (SELECT g.skill_id FROM person_skills g WHERE g.person_id = $2 AND g.kind = 'growth' AND g.shared = 1)))";
        self.nudge_people_where(org, who, Some(person)).await
    }

    /// Everyone in the organization with their team, strengths and shared
    /// growth areas, and the names of the skills.
    pub async fn nudge_people(
        &self,
        org: OrgId,
    ) -> StoreResult<(Vec<NudgePerson>, HashMap<SkillId, String>)> {
        self.nudge_people_where(org, "p.org_id = $1", None).await
    }

    /// A few people's profiles, for an introduction's topics.
    pub async fn nudge_people_by_ids(
        &self,
        org: OrgId,
        ids: &[PersonId],
    ) -> StoreResult<(Vec<NudgePerson>, HashMap<SkillId, String>)> {
        if ids.is_empty() {
            return Ok((vec![], HashMap::new()));
        }
        // Typed ids print as UUIDs: safe to inline.
        let list: Vec<String> = ids.iter().map(|i| format!("'{i}'")).collect();
        let who = format!("p.org_id = $1 AND p.id IN ({})", list.join(", "));
        self.nudge_people_where(org, &who, None).await
    }

    async fn nudge_people_where(
        &self,
        org: OrgId,
        who: &str,
        person: Option<PersonId>,
    ) -> StoreResult<(Vec<NudgePerson>, HashMap<SkillId, String>)> {
        let people_sql =
            format!("SELECT p.id, p.name, p.team_id FROM people p WHERE {who} ORDER BY p.id");
        let mut q = sqlx::query(&people_sql).bind(org);
        if let Some(p) = person {
            q = q.bind(p);
        }
        let people = q.fetch_all(self.reader()).await?;
        let mut out: Vec<NudgePerson> = people
            .iter()
            .map(|r| {
                Ok(NudgePerson {
                    id: r.try_get::<PersonId, _>("id")?,
                    name: r.try_get("name")?,
                    team_id: r.try_get::<Option<TeamId>, _>("team_id")?,
                    strengths: vec![],
                    shared_growth: vec![],
                })
            })
            .collect::<StoreResult<_>>()?;
        let index: HashMap<PersonId, usize> =
            out.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        // A few people: their skills by primary key (CROSS JOIN keeps
        // SQLite from walking every skill of the organization first). The
        // whole organization: one pass over its skills.
        let skills_sql = if out.len() <= 500 {
            let ids: Vec<String> = out.iter().map(|p| format!("'{}'", p.id)).collect();
            format!(
                "SELECT ps.person_id, ps.kind, s.id AS skill_id, s.name FROM person_skills ps \
                 CROSS JOIN skills s WHERE s.id = ps.skill_id \
                 AND s.org_id = $1 AND ps.person_id IN ({}) AND (ps.kind = 'strength' OR ps.shared = 1)",
                if ids.is_empty() {
                    "''".to_string()
                } else {
                    ids.join(", ")
                }
            )
        } else {
            "SELECT ps.person_id, ps.kind, s.id AS skill_id, s.name FROM person_skills ps \
             JOIN skills s ON s.id = ps.skill_id WHERE s.org_id = $1 AND (ps.kind = 'strength' OR ps.shared = 1)"
                .to_string()
        };
        // Ids are typed UUIDs read from the database: safe to inline.
        let skills = sqlx::query(&skills_sql)
            .bind(org)
            .fetch_all(self.reader())
            .await?;
        let mut names = HashMap::new();
        for r in &skills {
            let person = r.try_get::<PersonId, _>("person_id")?;
            let skill = r.try_get::<SkillId, _>("skill_id")?;
            let kind: String = r.try_get("kind")?;
            names.insert(skill, r.try_get("name")?);
            if let Some(&i) = index.get(&person) {
                match kind.as_str() {
                    "strength" => out[i].strengths.push(skill),
                    _ => out[i].shared_growth.push(skill),
                }
            }
        }
        Ok((out, names))
    }

    /// The nudges a person has been shown.
    pub async fn issued_nudges(&self, person: PersonId) -> StoreResult<Vec<IssuedNudge>> {
        let rows = sqlx::query("SELECT * FROM nudges WHERE person_id = $1")
            .bind(person)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(issued).collect()
    }

    /// Remembers nudges shown for the first time; a key already stored is
    /// left as it is (two tabs asking at once show the same nudge once).
    pub async fn issue_nudges(
        &self,
        person: PersonId,
        new: &[(String, &str)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if new.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        for (key, kind) in new {
            sqlx::query(
                "INSERT INTO nudges (id, person_id, nudge_key, kind, state, first_shown_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'open', $5, $5) ON CONFLICT (person_id, nudge_key) DO NOTHING",
            )
            .bind(NudgeId::new().to_string())
            .bind(person)
            .bind(key)
            .bind(*kind)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The person's answer to one of their nudges: done, dismissed, or
    /// snoozed until a time. Anyone else's nudge is `NotFound`.
    pub async fn set_nudge_state(
        &self,
        person: PersonId,
        id: NudgeId,
        state: &'static str,
        snoozed_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<IssuedNudge> {
        let row = sqlx::query(
            "UPDATE nudges SET state = $3, snoozed_until = $4, updated_at = $5 \
             WHERE id = $1 AND person_id = $2 RETURNING *",
        )
        .bind(id)
        .bind(person)
        .bind(state)
        .bind(snoozed_until.map(millis))
        .bind(millis(now))
        .fetch_optional(self.writer())
        .await?
        .ok_or(StoreError::NotFound)?;
        issued(&row)
    }
}

fn issued(r: &sqlx::any::AnyRow) -> StoreResult<IssuedNudge> {
    Ok(IssuedNudge {
        id: r.try_get::<NudgeId, _>("id")?,
        key: r.try_get("nudge_key")?,
        kind: r.try_get("kind")?,
        state: r.try_get("state")?,
        snoozed_until: rows::opt_time(r, "snoozed_until")?,
        first_shown_at: rows::time(r, "first_shown_at")?,
    })
}
