//! Skills: an organization's vocabulary, and each person's strengths and
//! growth areas. A growth area is private unless its owner shares it.

use crate::{Store, StoreResult, rows};
use rapport_core::{OrgId, PersonId, SkillId, SkillName};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};

/// Strengths, and growth areas with whether each is shared.
pub type SkillLists = (Vec<SkillName>, Vec<(SkillName, bool)>);

/// A growth area and whether its owner shares it for matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillUse {
    pub skill: String,
    pub shared: bool,
}

/// What a person can help with and wants to grow in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonSkills {
    pub strengths: Vec<String>,
    pub growth_areas: Vec<SkillUse>,
}

impl Store {
    /// Replaces a person's strengths and growth areas in one transaction.
    #[tracing::instrument(skip(self, strengths, growth))]
    pub async fn set_person_skills(
        &self,
        org: OrgId,
        person: PersonId,
        strengths: &[SkillName],
        growth: &[(SkillName, bool)],
    ) -> StoreResult<PersonSkills> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_person(&mut tx, org, person).await?;
        replace_person_skills(
            &mut tx,
            &mut SkillCache::new(),
            org,
            person,
            strengths,
            growth,
        )
        .await?;
        tx.commit().await?;
        self.person_skills(org, person, true).await
    }

    /// A person's skills; unshared growth areas only for the owner
    /// (`include_private`), never for anyone else.
    #[tracing::instrument(skip(self))]
    pub async fn person_skills(
        &self,
        org: OrgId,
        person: PersonId,
        include_private: bool,
    ) -> StoreResult<PersonSkills> {
        let rows = sqlx::query(
            "SELECT s.name, ps.kind, ps.shared FROM person_skills ps JOIN skills s ON s.id = ps.skill_id \
             WHERE s.org_id = $1 AND ps.person_id = $2 AND (ps.kind = 'strength' OR ps.shared = 1 OR $3 = 1) \
             ORDER BY s.name_key",
        )
        .bind(org)
        .bind(person)
        .bind(i64::from(include_private))
        .fetch_all(self.reader())
        .await?;
        let mut out = PersonSkills::default();
        for row in &rows {
            let name: String = row.try_get("name")?;
            if row.try_get::<String, _>("kind")? == "strength" {
                out.strengths.push(name);
            } else {
                out.growth_areas.push(SkillUse {
                    skill: name,
                    shared: rows::flag(row, "shared")?,
                });
            }
        }
        Ok(out)
    }

    /// The organization's vocabulary: curated skills and skills someone
    /// uses as a strength or a shared growth area.
    pub async fn list_skills(&self, org: OrgId) -> StoreResult<Vec<String>> {
        let rows = sqlx::query(
            "SELECT s.name FROM skills s WHERE s.org_id = $1 AND (s.curated = 1 OR EXISTS ( \
               SELECT 1 FROM person_skills ps WHERE ps.skill_id = s.id AND (ps.kind = 'strength' OR ps.shared = 1))) \
             ORDER BY s.name_key",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
    }

    /// Adds skills to the curated vocabulary (the admin's or the demo's).
    pub async fn add_skills(&self, org: OrgId, names: &[SkillName]) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        for name in names {
            let id = skill_id_creating(&mut tx, org, name).await?;
            sqlx::query("UPDATE skills SET curated = 1 WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Skill ids already looked up in this transaction, by name key: a bulk
/// import asks for the same few dozen skills many thousands of times.
pub(crate) type SkillCache = std::collections::HashMap<String, SkillId>;

pub(crate) async fn replace_person_skills(
    tx: &mut Transaction<'static, Any>,
    cache: &mut SkillCache,
    org: OrgId,
    person: PersonId,
    strengths: &[SkillName],
    growth: &[(SkillName, bool)],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM person_skills WHERE person_id = $1")
        .bind(person)
        .execute(&mut **tx)
        .await?;
    let uses = strengths
        .iter()
        .map(|s| (s, "strength", false))
        .chain(growth.iter().map(|(s, shared)| (s, "growth", *shared)));
    for (name, kind, shared) in uses {
        let skill = match cache.get(&name.key()) {
            Some(id) => *id,
            None => {
                let id = skill_id_creating(tx, org, name).await?;
                cache.insert(name.key(), id);
                id
            }
        };
        sqlx::query(
            "INSERT INTO person_skills (person_id, skill_id, kind, shared) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (person_id, skill_id, kind) DO UPDATE SET shared = excluded.shared",
        )
        .bind(person)
        .bind(skill)
        .bind(kind)
        .bind(i64::from(shared))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn skill_id_creating(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    name: &SkillName,
) -> StoreResult<SkillId> {
    let row = sqlx::query(
        "INSERT INTO skills (id, org_id, name, name_key) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, name_key) DO UPDATE SET name_key = excluded.name_key RETURNING id",
    )
    .bind(SkillId::new().to_string())
    .bind(org)
    .bind(name.as_str())
    .bind(name.key())
    .fetch_one(&mut **tx)
    .await?;
    rows::id(&row, "id", SkillId::parse)
}
