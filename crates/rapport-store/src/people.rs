//! People: creating, finding, listing and editing the people of one
//! organization. Every query is scoped by the organization's id.

use crate::error::Conflict;
use crate::paging::{Cursor, Page};
use crate::rows::{self, PERSON_COLUMNS, PERSON_FROM};
use crate::{Store, StoreError, StoreResult, error, millis};
use chrono::{DateTime, Utc};
use rapport_core::{Email, FreeText, Name, OrgId, PersonId, Role, TeamId, TimeZone, Title};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};

/// A person as the application sees them (never their password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub org_id: OrgId,
    pub email: String,
    pub name: String,
    pub title: String,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub manager_id: Option<PersonId>,
    pub manager_name: Option<String>,
    pub role: Role,
    pub time_zone: String,
    pub about: String,
    pub how_i_work: String,
    /// False until the person has set a password (an invitation is pending).
    pub can_sign_in: bool,
    /// False once the organization's directory deactivated them (SCIM):
    /// their history stays, they are out of the directory and pickers,
    /// and cannot sign in.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// Everything needed to create a person; values are already parsed.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub email: Email,
    pub name: Name,
    pub title: Title,
    pub team_id: Option<TeamId>,
    pub manager_id: Option<PersonId>,
    pub role: Role,
    pub time_zone: TimeZone,
    pub about: FreeText,
    pub how_i_work: FreeText,
    pub password_hash: Option<String>,
}

impl NewPerson {
    /// A person with only the required fields; the rest empty or default.
    pub fn basic(email: Email, name: Name, role: Role) -> Self {
        let empty =
            FreeText::parse("about", "", 0).unwrap_or_else(|_| unreachable!("empty text is valid"));
        NewPerson {
            email,
            name,
            title: Title::parse("").unwrap_or_else(|_| unreachable!("an empty title is valid")),
            team_id: None,
            manager_id: None,
            role,
            time_zone: TimeZone::utc(),
            about: empty.clone(),
            how_i_work: empty,
            password_hash: None,
        }
    }
}

/// A change to a person; `None` leaves a field as it is. For the optional
/// links, `Some(None)` clears them.
#[derive(Debug, Clone, Default)]
pub struct PersonPatch {
    pub name: Option<Name>,
    pub title: Option<Title>,
    pub team_id: Option<Option<TeamId>>,
    /// A team by name, created if new, in the same transaction as the rest
    /// (so a refused change leaves no team behind); wins over `team_id`.
    pub team_named: Option<Name>,
    pub manager_id: Option<Option<PersonId>>,
    pub role: Option<Role>,
    pub time_zone: Option<TimeZone>,
    pub about: Option<FreeText>,
    pub how_i_work: Option<FreeText>,
    /// Replaces strengths and growth areas (with whether each is shared),
    /// in the same transaction as the rest.
    pub skills: Option<crate::SkillLists>,
}

/// Directory filters. `team` is a team's id; `skill` a skill's name key.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub q: Option<String>,
    pub team: Option<TeamId>,
    pub skill_key: Option<String>,
    /// Deactivated people too (provisioning sees everyone).
    pub include_inactive: bool,
}

impl Store {
    /// Creates a person; a taken email is `Conflict(Conflict::EmailTaken)`, a team
    /// or manager outside the organization is `NotFound`.
    #[tracing::instrument(skip(self, p), fields(email = %p.email))]
    pub async fn create_person(
        &self,
        org: OrgId,
        p: &NewPerson,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        let mut tx = self.write_tx().await?;
        let id = insert_person(&mut tx, org, p, now).await?;
        tx.commit().await?;
        self.person(org, id).await
    }

    /// Creates a person in a team given by name, creating the team in the
    /// same transaction: if the person is refused, no team is left behind.
    pub async fn create_person_in_team(
        &self,
        org: OrgId,
        p: &NewPerson,
        team: &Name,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        let mut tx = self.write_tx().await?;
        let mut p = p.clone();
        p.team_id = Some(crate::teams::team_id_creating(&mut tx, org, team, now).await?);
        let id = insert_person(&mut tx, org, &p, now).await?;
        tx.commit().await?;
        self.person(org, id).await
    }

    /// A person of this organization, or `NotFound` (also for another
    /// organization's person: the caller cannot tell the difference).
    #[tracing::instrument(skip(self))]
    pub async fn person(&self, org: OrgId, id: PersonId) -> StoreResult<Person> {
        let sql =
            format!("SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.org_id = $1 AND p.id = $2");
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        rows::person(&row.ok_or(StoreError::NotFound)?)
    }

    /// Anyone on the instance by email, with their password hash: sign-in
    /// starts here, before the organization is known.
    #[tracing::instrument(skip(self))]
    pub async fn person_for_sign_in(
        &self,
        email: &Email,
    ) -> StoreResult<Option<(Person, Option<String>)>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS}, p.password_hash FROM {PERSON_FROM} WHERE p.email = $1 \
             AND p.deactivated_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(email.as_str())
            .fetch_optional(self.reader())
            .await?;
        match row {
            None => Ok(None),
            Some(row) => {
                use sqlx::Row;
                Ok(Some((rows::person(&row)?, row.try_get("password_hash")?)))
            }
        }
    }

    pub async fn person_by_email(&self, org: OrgId, email: &Email) -> StoreResult<Person> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.org_id = $1 AND p.email = $2"
        );
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(email.as_str())
            .fetch_optional(self.reader())
            .await?;
        rows::person(&row.ok_or(StoreError::NotFound)?)
    }

    /// The directory: people ordered by name, filtered, a page at a time.
    #[tracing::instrument(skip(self))]
    pub async fn list_people(
        &self,
        org: OrgId,
        filter: &PeopleFilter,
        limit: u32,
        cursor: Option<&Cursor>,
    ) -> StoreResult<Page<Person>> {
        let mut sql = format!("SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.org_id = $1");
        if !filter.include_inactive {
            sql.push_str(" AND p.deactivated_at IS NULL");
        }
        let mut args: Vec<String> = vec![org.to_string()];
        let mut arg = |sql: &mut String, clause: &str, value: String| {
            args.push(value);
            sql.push_str(&clause.replace('?', &format!("${}", args.len())));
        };
        if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let pattern = format!("%{}%", like_escape(&q.to_lowercase()));
            arg(
                &mut sql,
                " AND (p.name_key LIKE ? ESCAPE '\\' OR p.email LIKE ? ESCAPE '\\' OR lower(p.title) LIKE ? ESCAPE '\\')",
                pattern,
            );
        }
        if let Some(team) = filter.team {
            arg(&mut sql, " AND p.team_id = ?", team.to_string());
        }
        if let Some(key) = &filter.skill_key {
            // A strength, or a growth area its owner chose to share.
            arg(
                &mut sql,
                " AND EXISTS (SELECT 1 FROM person_skills ps JOIN skills s ON s.id = ps.skill_id \
                 WHERE ps.person_id = p.id AND s.org_id = p.org_id AND s.name_key = ? \
                 AND (ps.kind = 'strength' OR ps.shared = 1))",
                key.clone(),
            );
        }
        if let Some(c) = cursor {
            args.push(c.key.clone());
            args.push(c.id.to_string());
            let (a, b) = (args.len() - 1, args.len());
            sql.push_str(&format!(
                " AND (p.name_key > ${a} OR (p.name_key = ${a} AND p.id > ${b}))"
            ));
        }
        sql.push_str(&format!(" ORDER BY p.name_key, p.id LIMIT {}", limit + 1));
        let mut query = sqlx::query_as::<_, Person>(&sql);
        for a in &args {
            query = query.bind(a.as_str());
        }
        let items = query.fetch_all(self.reader()).await?;
        Ok(Page::from_rows(items, limit, |p| Cursor {
            key: p.name.to_lowercase(),
            id: p.id.0,
        }))
    }

    /// Applies a patch; the team and manager must be in the same organization
    /// and a manager chain must not loop back to the person.
    #[tracing::instrument(skip(self, patch))]
    pub async fn update_person(
        &self,
        org: OrgId,
        id: PersonId,
        patch: &PersonPatch,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        let mut tx = self.write_tx().await?;
        ensure_person(&mut tx, org, id).await?;
        let team_id = match &patch.team_named {
            Some(name) => Some(Some(
                crate::teams::team_id_creating(&mut tx, org, name, now).await?,
            )),
            None => patch.team_id,
        };
        if let Some(Some(team)) = team_id {
            ensure_team(&mut tx, org, team).await?;
        }
        if let Some(Some(manager)) = patch.manager_id {
            ensure_person(&mut tx, org, manager).await?;
            if manages_transitively(&mut tx, id, manager).await? {
                return Err(StoreError::Conflict(Conflict::ManagerCycle));
            }
        }
        let set = |v: Option<&str>| v.map(str::to_string);
        sqlx::query(
            "UPDATE people SET \
               name = COALESCE($3, name), name_key = COALESCE($4, name_key), title = COALESCE($5, title), \
               team_id = CASE WHEN $6 = 1 THEN $7 ELSE team_id END, \
               manager_id = CASE WHEN $8 = 1 THEN $9 ELSE manager_id END, \
               role = COALESCE($10, role), time_zone = COALESCE($11, time_zone), \
               about = COALESCE($12, about), how_i_work = COALESCE($13, how_i_work), updated_at = $14 \
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(id)
        .bind(set(patch.name.as_ref().map(|n| n.as_str())))
        .bind(patch.name.as_ref().map(|n| n.as_str().to_lowercase()))
        .bind(set(patch.title.as_ref().map(|t| t.as_str())))
        .bind(i64::from(team_id.is_some()))
        .bind(team_id.flatten().map(|t| t.to_string()))
        .bind(i64::from(patch.manager_id.is_some()))
        .bind(patch.manager_id.flatten().map(|m| m.to_string()))
        .bind(patch.role.map(|r| r.as_str().to_string()))
        .bind(patch.time_zone.map(|t| t.name().to_string()))
        .bind(set(patch.about.as_ref().map(|t| t.as_str())))
        .bind(set(patch.how_i_work.as_ref().map(|t| t.as_str())))
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        if let Some((strengths, growth)) = &patch.skills {
            crate::skills::replace_person_skills(
                &mut tx,
                &mut crate::skills::SkillCache::new(),
                org,
                id,
                strengths,
                growth,
            )
            .await?;
        }
        tx.commit().await?;
        self.sign_ins.forget_person(id);
        self.person(org, id).await
    }

    /// Deletes a person's account: their events (both directions), and
    /// through the schema's cascades everything they wrote or that was
    /// recorded between them and others. The organization's event epoch is
    /// bumped so that every instance's trust engine replays without them.
    /// The last admin cannot leave: `Conflict(Conflict::LastAdmin)`.
    pub async fn delete_account(&self, org: OrgId, person: PersonId) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query("SELECT role FROM people WHERE org_id = $1 AND id = $2")
            .bind(org)
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let role: String = row.try_get("role")?;
        if role == "admin" {
            let admins: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM people WHERE org_id = $1 AND role = 'admin'",
            )
            .bind(org)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            if admins <= 1 {
                return Err(StoreError::Conflict(Conflict::LastAdmin));
            }
        }
        sqlx::query("DELETE FROM events WHERE org_id = $1 AND (from_id = $2 OR to_id = $2)")
            .bind(org)
            .bind(person)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM people WHERE org_id = $1 AND id = $2")
            .bind(org)
            .bind(person)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE orgs SET event_epoch = event_epoch + 1 WHERE id = $1")
            .bind(org)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.sign_ins.forget_person(person);
        Ok(())
    }

    /// Sets a password hash (the invitation's last step, or a reset).
    pub async fn set_password_hash(
        &self,
        org: OrgId,
        id: PersonId,
        hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE people SET password_hash = $3, updated_at = $4 WHERE org_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(id)
        .bind(hash)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        rows::found(&done)
    }

    /// The names of some people of an organization, in one query.
    pub async fn names_of(
        &self,
        org: OrgId,
        ids: &[PersonId],
    ) -> StoreResult<std::collections::HashMap<PersonId, String>> {
        use sqlx::Row;
        let mut out = std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let params: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id, name FROM people WHERE org_id = $1 AND id IN ({})",
                params.join(",")
            );
            let mut q = sqlx::query(&sql).bind(org);
            for id in chunk {
                q = q.bind(id);
            }
            for r in q.fetch_all(self.reader()).await? {
                out.insert(r.try_get::<PersonId, _>("id")?, r.try_get("name")?);
            }
        }
        Ok(out)
    }

    /// The names and teams of some people of an organization.
    pub async fn names_and_teams_of(
        &self,
        org: OrgId,
        ids: &[PersonId],
    ) -> StoreResult<std::collections::HashMap<PersonId, (String, Option<TeamId>)>> {
        use sqlx::Row;
        let mut out = std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let params: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id, name, team_id FROM people WHERE org_id = $1 AND id IN ({})",
                params.join(",")
            );
            let mut q = sqlx::query(&sql).bind(org);
            for id in chunk {
                q = q.bind(id);
            }
            for r in q.fetch_all(self.reader()).await? {
                out.insert(
                    r.try_get::<PersonId, _>("id")?,
                    (
                        r.try_get("name")?,
                        r.try_get::<Option<TeamId>, _>("team_id")?,
                    ),
                );
            }
        }
        Ok(out)
    }

    /// Every person's id in an organization (for organization-wide figures).
    pub async fn person_ids(&self, org: OrgId) -> StoreResult<Vec<PersonId>> {
        self.ids_of_people(org, "").await
    }

    /// The organization's people who are not deactivated, sorted.
    pub async fn active_person_ids(&self, org: OrgId) -> StoreResult<Vec<PersonId>> {
        self.ids_of_people(org, " AND deactivated_at IS NULL").await
    }

    /// The organization's people a directory deactivated, sorted.
    pub async fn deactivated_person_ids(&self, org: OrgId) -> StoreResult<Vec<PersonId>> {
        self.ids_of_people(org, " AND deactivated_at IS NOT NULL")
            .await
    }

    async fn ids_of_people(&self, org: OrgId, and: &str) -> StoreResult<Vec<PersonId>> {
        let rows = sqlx::query(&format!(
            "SELECT id FROM people WHERE org_id = $1{and} ORDER BY id"
        ))
        .bind(org)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| rows::id(r, "id", PersonId::parse))
            .collect::<StoreResult<Vec<_>>>()
            .map(|mut v| {
                v.sort();
                v
            })
    }

    /// How many people an organization has.
    pub async fn count_people(&self, org: OrgId) -> StoreResult<i64> {
        use sqlx::Row;
        let row = sqlx::query("SELECT COUNT(*) AS n FROM people WHERE org_id = $1")
            .bind(org)
            .fetch_one(self.reader())
            .await?;
        Ok(row.try_get("n")?)
    }
}

pub(crate) async fn insert_person(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    p: &NewPerson,
    now: DateTime<Utc>,
) -> StoreResult<PersonId> {
    if let Some(team) = p.team_id {
        ensure_team(tx, org, team).await?;
    }
    if let Some(manager) = p.manager_id {
        ensure_person(tx, org, manager).await?;
    }
    let id = PersonId::new();
    sqlx::query(
        "INSERT INTO people (id, org_id, email, name, name_key, title, team_id, manager_id, role, \
         time_zone, about, how_i_work, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(id)
    .bind(org)
    .bind(p.email.as_str())
    .bind(p.name.as_str())
    .bind(p.name.as_str().to_lowercase())
    .bind(p.title.as_str())
    .bind(p.team_id)
    .bind(p.manager_id)
    .bind(p.role.as_str())
    .bind(p.time_zone.name())
    .bind(p.about.as_str())
    .bind(p.how_i_work.as_str())
    .bind(p.password_hash.clone())
    .bind(millis(now))
    .execute(&mut **tx)
    .await
    .map_err(|e| error::on_unique(e, Conflict::EmailTaken))?;
    Ok(id)
}

pub(crate) async fn ensure_person(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    id: PersonId,
) -> StoreResult<()> {
    let found = sqlx::query("SELECT 1 FROM people WHERE org_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// The names of two people of the organization, in one query inside a
/// write: what an interaction between them needs to check (both belong to
/// the organization, else [`StoreError::NotFound`]) and to say.
pub(crate) async fn pair_names(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    (a, b): (PersonId, PersonId),
) -> StoreResult<(String, String)> {
    let rows = sqlx::query("SELECT id, name FROM people WHERE org_id = $1 AND id IN ($2, $3)")
        .bind(org)
        .bind(a)
        .bind(b)
        .fetch_all(&mut **tx)
        .await?;
    let name = |p: PersonId| -> StoreResult<String> {
        let row = rows
            .iter()
            .find(|r| rows::id(r, "id", PersonId::parse).is_ok_and(|id| id == p))
            .ok_or(StoreError::NotFound)?;
        Ok(row.try_get("name")?)
    };
    Ok((name(a)?, name(b)?))
}

pub(crate) async fn ensure_team(
    tx: &mut Transaction<'static, Any>,
    org: OrgId,
    id: TeamId,
) -> StoreResult<()> {
    let found = sqlx::query("SELECT 1 FROM teams WHERE org_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// True when `person` appears in `manager`'s chain of managers (or is it).
async fn manages_transitively(
    tx: &mut Transaction<'static, Any>,
    person: PersonId,
    manager: PersonId,
) -> StoreResult<bool> {
    use sqlx::Row;
    let mut current = Some(manager.to_string());
    let mut steps = 0;
    while let Some(id) = current {
        if id == person.to_string() {
            return Ok(true);
        }
        steps += 1;
        if steps > 10_000 {
            return Ok(true); // an existing loop: refuse rather than spin
        }
        let row = sqlx::query("SELECT manager_id FROM people WHERE id = $1")
            .bind(&id)
            .fetch_optional(&mut **tx)
            .await?;
        current = match row {
            Some(r) => r.try_get::<Option<String>, _>("manager_id")?,
            None => None,
        };
    }
    Ok(false)
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
