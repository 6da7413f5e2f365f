//! "Can you help me?": requests addressed to a person, a team or the whole
//! organization; offers; the asker's acceptance and resolution.

use crate::error::Conflict;
use crate::events::{self, Message, NewEvent, Trail};
use crate::paging::{Cursor, Page};
use crate::{Store, StoreError, StoreResult, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::events::Payload;
use rapport_core::help::{Audience, Status};
use rapport_core::{HelpRequestId, OfferId, OrgId, PersonId, SkillName, TeamId};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq)]
pub struct HelpRequest {
    pub id: HelpRequestId,
    pub asker_id: PersonId,
    pub asker_name: String,
    pub skill: String,
    pub text: String,
    pub audience: Audience,
    pub status: Status,
    pub accepted_offer: Option<OfferId>,
    pub helped: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub offers: Vec<Offer>,
    /// Colleagues the asker asked directly, in the order asked.
    pub asked: Vec<PersonId>,
    /// How many offers it has (also when `offers` is not loaded).
    pub offer_count: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub id: OfferId,
    pub helper_id: PersonId,
    pub helper_name: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewHelpRequest {
    /// Chosen by the caller, so that its notices can link to it.
    pub id: HelpRequestId,
    pub asker: PersonId,
    pub skill: SkillName,
    pub text: String,
    pub audience: Audience,
}

impl HelpRequest {
    /// The helper whose offer the asker accepted.
    pub fn accepted_helper(&self) -> Option<PersonId> {
        let accepted = self.accepted_offer?;
        self.offers
            .iter()
            .find(|o| o.id == accepted)
            .map(|o| o.helper_id)
    }
}

/// A colleague strong in a skill, with what matching needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct SkilledPerson {
    pub id: PersonId,
    pub strengths: BTreeSet<String>,
    pub shared_growth: BTreeSet<String>,
}

const COLUMNS: &str = "h.*, a.name AS asker_name, \
     (SELECT COUNT(*) FROM help_offers o WHERE o.request_id = h.id) AS offer_count \
     FROM help_requests h JOIN people a ON a.id = h.asker_id";

/// Which requests a board shows (every filter optional).
#[derive(Debug, Clone, Default)]
pub struct HelpFilter {
    /// Only this skill (its key).
    pub skill_key: Option<String>,
    /// Only skills the viewer lists as a strength.
    pub my_strengths: bool,
    /// Only requests still open to offers.
    pub open_only: bool,
}

impl Store {
    /// Creates a request with its `help_asked` event (for one person asked)
    /// and `message` to everyone asked (the person, or the team's members).
    #[tracing::instrument(skip(self, r, message))]
    pub async fn create_help_request(
        &self,
        org: OrgId,
        r: &NewHelpRequest,
        message: &Message,
        now: DateTime<Utc>,
    ) -> StoreResult<HelpRequest> {
        let mut tx = self.write_tx().await?;
        crate::people::ensure_person(&mut tx, org, r.asker).await?;
        let (to_person, to_team) = match r.audience {
            Audience::Person(p) => (Some(p), None),
            Audience::Team(t) => (None, Some(t)),
            Audience::Org => (None, None),
        };
        if let Some(p) = to_person {
            crate::people::ensure_person(&mut tx, org, p).await?;
        }
        if let Some(t) = to_team {
            crate::people::ensure_team(&mut tx, org, t).await?;
        }
        let id = r.id;
        sqlx::query(
            "INSERT INTO help_requests (id, org_id, asker_id, skill, skill_key, text, audience, to_person_id, to_team_id, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)",
        )
        .bind(id)
        .bind(org)
        .bind(r.asker)
        .bind(r.skill.as_str())
        .bind(r.skill.key())
        .bind(&r.text)
        .bind(r.audience.as_str())
        .bind(to_person)
        .bind(to_team)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let mut asked = vec![];
        if let Some(p) = to_person {
            let e = NewEvent {
                at: now,
                from: r.asker,
                to: p,
                payload: Payload::HelpAsked,
                subject: Some(id.0),
            };
            events::record(&mut tx, org, &e).await?;
            asked.push(p);
        }
        if let Some(t) = to_team {
            let members = sqlx::query("SELECT id FROM people WHERE team_id = $1 AND id <> $2")
                .bind(t)
                .bind(r.asker)
                .fetch_all(&mut *tx)
                .await?;
            for m in &members {
                asked.push(m.try_get::<PersonId, _>("id")?);
            }
        }
        for person in asked {
            events::notify(&mut tx, org, &message.to(person), now).await?;
        }
        tx.commit().await?;
        self.help_request(org, id).await
    }

    pub async fn help_request(&self, org: OrgId, id: HelpRequestId) -> StoreResult<HelpRequest> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE h.org_id = $1 AND h.id = $2"
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut req = help_request(&row)?;
        let offers = sqlx::query(
            "SELECT o.*, p.name AS helper_name FROM help_offers o JOIN people p ON p.id = o.helper_id \
             WHERE o.request_id = $1 ORDER BY o.created_at",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        req.offers = offers
            .iter()
            .map(|o| {
                Ok(Offer {
                    id: o.try_get::<OfferId, _>("id")?,
                    helper_id: o.try_get::<PersonId, _>("helper_id")?,
                    helper_name: o.try_get("helper_name")?,
                    text: o.try_get("text")?,
                    created_at: rows::time(o, "created_at")?,
                })
            })
            .collect::<StoreResult<_>>()?;
        let asked = sqlx::query(
            "SELECT person_id FROM help_asks WHERE request_id = $1 ORDER BY asked_at, person_id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        req.asked = asked
            .iter()
            .map(|r| r.try_get::<PersonId, _>("person_id"))
            .collect::<Result<_, _>>()?;
        Ok(req)
    }

    /// Records that the asker asked `person` directly and tells them
    /// (`message`); once per person, only while the request is open. The
    /// person must be of the organization (otherwise not found).
    #[tracing::instrument(skip(self, message))]
    pub async fn ask_helper(
        &self,
        org: OrgId,
        request: HelpRequestId,
        person: PersonId,
        message: &Message,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let open = sqlx::query("SELECT status FROM help_requests WHERE org_id = $1 AND id = $2")
            .bind(org)
            .bind(request)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if open.try_get::<String, _>("status")? != Status::Open.as_str() {
            return Err(StoreError::Conflict(Conflict::WrongState));
        }
        sqlx::query("SELECT id FROM people WHERE org_id = $1 AND id = $2")
            .bind(org)
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        sqlx::query("INSERT INTO help_asks (request_id, person_id, asked_at) VALUES ($1, $2, $3)")
            .bind(request)
            .bind(person)
            .bind(millis(now))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::on_unique(e, Conflict::AlreadyAsked))?;
        events::notify(&mut tx, org, &message.to(person), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Requests a person asked, and open requests addressed to them, their
    /// team or everyone (or to them directly, as a suggested helper),
    /// newest first, a page at a time, narrowed by `filter`.
    pub async fn list_help_requests(
        &self,
        org: OrgId,
        person: PersonId,
        team: Option<TeamId>,
        filter: &HelpFilter,
        limit: u32,
        after: Option<&Cursor>,
    ) -> StoreResult<Page<HelpRequest>> {
        let rows = sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE h.org_id = $1 AND (h.asker_id = $2 OR (h.status = 'open' AND ( \
               h.audience = 'org' OR h.to_person_id = $2 OR (h.audience = 'team' AND h.to_team_id = $3) \
               OR EXISTS (SELECT 1 FROM help_asks k WHERE k.request_id = h.id AND k.person_id = $2)))) \
               AND ($5 IS NULL OR h.created_at < $5 OR (h.created_at = $5 AND h.id < $6)) \
               AND ($7 IS NULL OR h.skill_key = $7) \
               AND ($8 = 0 OR h.skill_key IN (SELECT s.name_key FROM person_skills ps \
                    JOIN skills s ON s.id = ps.skill_id WHERE ps.person_id = $2 AND ps.kind = 'strength')) \
               AND ($9 = 0 OR h.status = 'open') \
             ORDER BY h.created_at DESC, h.id DESC LIMIT $4"
        ))
        .bind(org)
        .bind(person)
        .bind(team)
        .bind(i64::from(limit) + 1)
        .bind(after.map(|c| c.millis().unwrap_or(i64::MIN)))
        .bind(after.map(|c| c.id.to_string()))
        .bind(filter.skill_key.clone())
        .bind(i64::from(filter.my_strengths))
        .bind(i64::from(filter.open_only))
        .fetch_all(self.reader())
        .await?;
        let items = rows;
        Ok(Page::from_rows(items, limit, |h| {
            Cursor::at(h.created_at, h.id.0)
        }))
    }

    /// Open requests a person could answer, newest first: addressed to
    /// them, their team or everyone (or to them directly), asked by someone else, and not yet
    /// offered help by them.
    pub async fn help_requests_for(
        &self,
        org: OrgId,
        person: PersonId,
        team: Option<TeamId>,
        limit: u32,
    ) -> StoreResult<Vec<HelpRequest>> {
        let rows = sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE h.org_id = $1 AND h.status = 'open' AND h.asker_id <> $2 \
               AND (h.audience = 'org' OR h.to_person_id = $2 OR (h.audience = 'team' AND h.to_team_id = $3) \
                    OR EXISTS (SELECT 1 FROM help_asks k WHERE k.request_id = h.id AND k.person_id = $2)) \
               AND NOT EXISTS (SELECT 1 FROM help_offers o WHERE o.request_id = h.id AND o.helper_id = $2) \
             ORDER BY h.created_at DESC LIMIT $4"
        ))
        .bind(org)
        .bind(person)
        .bind(team)
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        Ok(rows)
    }

    /// Every request a person asked, offered to help with or was asked
    /// about directly, newest first (their data export).
    pub async fn help_requests_involving(
        &self,
        org: OrgId,
        person: PersonId,
    ) -> StoreResult<Vec<HelpRequest>> {
        let rows = sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE h.org_id = $1 AND (h.asker_id = $2 OR EXISTS \
               (SELECT 1 FROM help_offers o WHERE o.request_id = h.id AND o.helper_id = $2) OR EXISTS \
               (SELECT 1 FROM help_asks k WHERE k.request_id = h.id AND k.person_id = $2)) \
             ORDER BY h.created_at DESC"
        ))
        .bind(org)
        .bind(person)
        .fetch_all(self.reader())
        .await?;
        Ok(rows)
    }

    /// Offers help, and tells the asker (`message`); once per person per
    /// request, only while it is open.
    pub async fn add_offer(
        &self,
        org: OrgId,
        request: HelpRequestId,
        helper: PersonId,
        text: &str,
        message: &Message,
        now: DateTime<Utc>,
    ) -> StoreResult<OfferId> {
        let mut tx = self.write_tx().await?;
        let row =
            sqlx::query("SELECT asker_id, status FROM help_requests WHERE org_id = $1 AND id = $2")
                .bind(org)
                .bind(request)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        if row.try_get::<String, _>("status")? != Status::Open.as_str() {
            return Err(StoreError::Conflict(Conflict::WrongState));
        }
        let asker = row.try_get::<PersonId, _>("asker_id")?;
        let id = OfferId::new();
        sqlx::query("INSERT INTO help_offers (id, request_id, helper_id, text, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(request)
            .bind(helper)
            .bind(text)
            .bind(millis(now))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::on_unique(e, Conflict::AlreadyOffered))?;
        events::notify(&mut tx, org, &message.to(asker), now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Moves a request from `expected` to `status`, with its event and
    /// notification, only if no one changed it first.
    pub async fn change_help_request(
        &self,
        org: OrgId,
        id: HelpRequestId,
        (expected, status): (Status, Status),
        (accepted_offer, helped): (Option<OfferId>, Option<bool>),
        trail: &Trail,
        now: DateTime<Utc>,
    ) -> StoreResult<HelpRequest> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE help_requests SET status = $4, accepted_offer = COALESCE($5, accepted_offer), helped = COALESCE($6, helped), \
             resolved_at = CASE WHEN $4 = 'resolved' THEN $7 ELSE resolved_at END WHERE org_id = $1 AND id = $2 AND status = $3",
        )
        .bind(org)
        .bind(id)
        .bind(expected.as_str())
        .bind(status.as_str())
        .bind(accepted_offer)
        .bind(helped.map(i64::from))
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        rows::transitioned(&done)?;
        trail.write(&mut tx, org, now).await?;
        tx.commit().await?;
        self.help_request(org, id).await
    }

    /// People strong in a skill, with their strengths and *shared* growth
    /// areas (an unshared growth area never leaves the store for matching).
    pub async fn people_strong_in(
        &self,
        org: OrgId,
        skill_key: &str,
    ) -> StoreResult<Vec<SkilledPerson>> {
        let rows = sqlx::query(
            "SELECT ps.person_id, s.name_key, ps.kind FROM person_skills ps JOIN skills s ON s.id = ps.skill_id \
             WHERE s.org_id = $1 AND (ps.kind = 'strength' OR ps.shared = 1) AND ps.person_id IN ( \
               SELECT ps2.person_id FROM person_skills ps2 JOIN skills s2 ON s2.id = ps2.skill_id \
               WHERE s2.org_id = $1 AND s2.name_key = $2 AND ps2.kind = 'strength')",
        )
        .bind(org)
        .bind(skill_key)
        .fetch_all(self.reader())
        .await?;
        let mut by_person: BTreeMap<PersonId, SkilledPerson> = BTreeMap::new();
        for r in &rows {
            let id = r.try_get::<PersonId, _>("person_id")?;
            let entry = by_person.entry(id).or_insert_with(|| SkilledPerson {
                id,
                strengths: BTreeSet::new(),
                shared_growth: BTreeSet::new(),
            });
            let key: String = r.try_get("name_key")?;
            if r.try_get::<String, _>("kind")? == "strength" {
                entry.strengths.insert(key);
            } else {
                entry.shared_growth.insert(key);
            }
        }
        Ok(by_person.into_values().collect())
    }

    /// Offers each person made since `since`: how busy helpers are.
    pub async fn recent_offer_counts(
        &self,
        org: OrgId,
        since: DateTime<Utc>,
    ) -> StoreResult<BTreeMap<PersonId, u32>> {
        let rows = sqlx::query(
            "SELECT o.helper_id, COUNT(*) AS n FROM help_offers o JOIN help_requests h ON h.id = o.request_id \
             WHERE h.org_id = $1 AND o.created_at >= $2 GROUP BY o.helper_id",
        )
        .bind(org)
        .bind(millis(since))
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<PersonId, _>("helper_id")?,
                    r.try_get::<i64, _>("n")? as u32,
                ))
            })
            .collect()
    }
}

pub(crate) fn help_request(r: &sqlx::any::AnyRow) -> StoreResult<HelpRequest> {
    let audience: String = r.try_get("audience")?;
    let audience = match audience.as_str() {
        "person" => Audience::Person(r.try_get::<PersonId, _>("to_person_id")?),
        "team" => Audience::Team(r.try_get::<TeamId, _>("to_team_id")?),
        "org" => Audience::Org,
        other => return Err(StoreError::Corrupt(format!("audience {other}"))),
    };
    Ok(HelpRequest {
        id: r.try_get::<HelpRequestId, _>("id")?,
        asker_id: r.try_get::<PersonId, _>("asker_id")?,
        asker_name: r.try_get("asker_name")?,
        skill: r.try_get("skill")?,
        text: r.try_get("text")?,
        audience,
        status: rows::parsed(r, "status", Status::parse)?,
        accepted_offer: r.try_get::<Option<OfferId>, _>("accepted_offer")?,
        helped: r.try_get::<Option<i64>, _>("helped")?.map(|h| h != 0),
        created_at: rows::time(r, "created_at")?,
        offers: Vec::new(),
        asked: Vec::new(),
        offer_count: r.try_get("offer_count")?,
    })
}
