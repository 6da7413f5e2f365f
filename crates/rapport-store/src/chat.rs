//! Chat: an organization's Slack app, the links between Slack users and
//! people, the opt-in to direct messages, the requests already handled
//! (Slack retries), each team's channel and Teams webhook, and the outbox
//! of calls to Slack and to Teams.
//!
//! The outbox is a queue like the digests' (`email.rs`): a row is unique per
//! `dedupe` key (a notification, a thank-you, a button press), so queueing
//! twice is harmless; a worker claims due rows with a lease (`FOR UPDATE
//! SKIP LOCKED` on PostgreSQL), sends, and records the result only while it
//! still holds the lease. A failure is retried with backoff, never dropped.

use crate::error::Conflict;
use crate::{Store, StoreError, StoreResult, from_millis, millis, rows};
use chrono::{DateTime, Utc};
use rapport_core::{AppreciationId, OrgId, PersonId, TeamId};
use sqlx::Row;

/// An organization's Slack app. The secrets are only read to call Slack and
/// to check its signatures; nothing shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct SlackSettings {
    pub team_id: String,
    pub bot_token: String,
    pub signing_secret: String,
}

/// A team's places in chat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamChat {
    pub slack_channel: Option<String>,
    pub teams_webhook_url: Option<String>,
}

/// A notification for someone who wants direct messages, not yet queued.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectMessageDue {
    pub org_id: OrgId,
    pub person_id: PersonId,
    pub slack_user_id: String,
    pub notification_id: String,
    pub text: String,
    pub link: String,
}

/// A thank-you visible to a team whose channel or webhook is set, not yet
/// queued there.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamThanksDue {
    pub org_id: OrgId,
    pub appreciation_id: AppreciationId,
    pub team_id: TeamId,
    pub from_name: String,
    pub to_name: String,
    /// Thanks visible to the team: the words the team sees in the app.
    pub message: String,
    pub chat: TeamChat,
}

/// A queued call as a worker holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatCall {
    pub id: String,
    pub org_id: OrgId,
    pub dedupe: String,
    /// A Slack Web API method (`chat.postMessage`) or a webhook's URL.
    pub target: String,
    /// The JSON body.
    pub body: String,
    pub attempts: i64,
    pub lease_until: Option<DateTime<Utc>>,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatResult {
    Sent,
    Retry { error: String, next: DateTime<Utc> },
}

impl Store {
    pub async fn slack_settings(&self, org: OrgId) -> StoreResult<Option<SlackSettings>> {
        let row = sqlx::query("SELECT * FROM slack_settings WHERE org_id = $1")
            .bind(org)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| settings(&r)).transpose()
    }

    /// Every organization's Slack app (a request naming no workspace is
    /// checked against each signing secret).
    pub async fn all_slack_settings(&self) -> StoreResult<Vec<(OrgId, SlackSettings)>> {
        let rows = sqlx::query("SELECT * FROM slack_settings ORDER BY org_id")
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<OrgId, _>("org_id")?, settings(r)?)))
            .collect()
    }

    /// The organization whose Slack workspace this is.
    pub async fn slack_settings_by_team(
        &self,
        team_id: &str,
    ) -> StoreResult<Option<(OrgId, SlackSettings)>> {
        let row = sqlx::query("SELECT * FROM slack_settings WHERE team_id = $1")
            .bind(team_id)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| Ok((r.try_get::<OrgId, _>("org_id")?, settings(&r)?)))
            .transpose()
    }

    /// Sets the organization's Slack app; a workspace another organization
    /// set first is `Conflict(SlackTeamTaken)`.
    pub async fn set_slack_settings(
        &self,
        org: OrgId,
        s: &SlackSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if let Some((other, _)) = self.slack_settings_by_team(&s.team_id).await?
            && other != org
        {
            return Err(StoreError::Conflict(Conflict::SlackTeamTaken));
        }
        sqlx::query(
            "INSERT INTO slack_settings (org_id, team_id, bot_token, signing_secret, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO UPDATE SET \
             team_id = $2, bot_token = $3, signing_secret = $4, updated_at = $5",
        )
        .bind(org)
        .bind(&s.team_id)
        .bind(&s.bot_token)
        .bind(&s.signing_secret)
        .bind(millis(now))
        .execute(self.writer())
        .await
        .map_err(|e| crate::error::on_unique(e, Conflict::SlackTeamTaken))?;
        Ok(())
    }

    /// The person a Slack user was linked to.
    pub async fn slack_person(
        &self,
        org: OrgId,
        slack_user: &str,
    ) -> StoreResult<Option<PersonId>> {
        let row = sqlx::query(
            "SELECT person_id FROM slack_links WHERE org_id = $1 AND slack_user_id = $2",
        )
        .bind(org)
        .bind(slack_user)
        .fetch_optional(self.reader())
        .await?;
        row.map(|r| rows::id(&r, "person_id", PersonId::parse))
            .transpose()
    }

    /// The Slack user a person was linked to.
    pub async fn slack_user_of(&self, person: PersonId) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT slack_user_id FROM slack_links WHERE person_id = $1")
            .bind(person)
            .fetch_optional(self.reader())
            .await?;
        Ok(row.map(|r| r.try_get("slack_user_id")).transpose()?)
    }

    /// Links a Slack user to a person, once: a second link of either is
    /// ignored. Returns the person the Slack user is linked to now.
    pub async fn link_slack_user(
        &self,
        org: OrgId,
        slack_user: &str,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PersonId>> {
        sqlx::query(
            "INSERT INTO slack_links (org_id, slack_user_id, person_id, linked_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(org)
        .bind(slack_user)
        .bind(person)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        let row = sqlx::query(
            "SELECT person_id FROM slack_links WHERE org_id = $1 AND slack_user_id = $2",
        )
        .bind(org)
        .bind(slack_user)
        .fetch_optional(self.writer())
        .await?;
        row.map(|r| rows::id(&r, "person_id", PersonId::parse))
            .transpose()
    }

    /// Whether the person wants direct messages in Slack (off until they say).
    pub async fn slack_direct_messages(&self, person: PersonId) -> StoreResult<bool> {
        let row = sqlx::query("SELECT direct_messages FROM slack_prefs WHERE person_id = $1")
            .bind(person)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| rows::flag(&r, "direct_messages"))
            .transpose()
            .map(|f| f.unwrap_or(false))
    }

    /// Turning direct messages on starts from now: older notifications are
    /// not sent.
    pub async fn set_slack_direct_messages(
        &self,
        person: PersonId,
        on: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO slack_prefs (person_id, direct_messages, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id) DO UPDATE SET direct_messages = $2, updated_at = \
             CASE WHEN slack_prefs.direct_messages = $2 THEN slack_prefs.updated_at ELSE $3 END",
        )
        .bind(person)
        .bind(i64::from(on))
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Records a Slack request or event as handled; `false` when it already
    /// was (a retry).
    pub async fn first_time_handled(&self, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO slack_handled (key, handled_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn team_chat(&self, org: OrgId, team: TeamId) -> StoreResult<TeamChat> {
        let row = sqlx::query(
            "SELECT slack_channel, teams_webhook_url FROM teams WHERE org_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(team)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        chat(&row)
    }

    /// Sets (or clears) a team's channel and webhook; thanks from now on
    /// are posted there.
    pub async fn set_team_chat(
        &self,
        org: OrgId,
        team: TeamId,
        c: &TeamChat,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE teams SET slack_channel = $3, teams_webhook_url = $4, chat_set_at = $5 \
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(team)
        .bind(c.slack_channel.as_deref())
        .bind(c.teams_webhook_url.as_deref())
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        rows::found(&done)
    }

    /// Notifications since `since` for linked people who turned direct
    /// messages on (after they did), not yet queued as `dm:{id}`.
    pub async fn direct_messages_due(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<DirectMessageDue>> {
        let rows = sqlx::query(
            "SELECT n.id, n.org_id, n.person_id, n.text, n.link, l.slack_user_id \
             FROM notifications n \
             JOIN slack_prefs s ON s.person_id = n.person_id AND s.direct_messages = 1 \
             JOIN slack_links l ON l.person_id = n.person_id \
             JOIN people p ON p.id = n.person_id AND p.deactivated_at IS NULL \
             LEFT JOIN chat_outbox o ON o.dedupe = 'dm:' || n.id \
             WHERE n.created_at >= $1 AND n.created_at >= s.updated_at AND o.id IS NULL \
             ORDER BY n.created_at LIMIT $2",
        )
        .bind(millis(since))
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DirectMessageDue {
                    org_id: r.try_get::<OrgId, _>("org_id")?,
                    person_id: rows::id(r, "person_id", PersonId::parse)?,
                    slack_user_id: r.try_get("slack_user_id")?,
                    notification_id: r.try_get("id")?,
                    text: r.try_get("text")?,
                    link: r.try_get("link")?,
                })
            })
            .collect()
    }

    /// Thanks visible to the recipient's team, since `since` and since the
    /// team's channel or webhook was set, not yet queued.
    pub async fn team_thanks_due(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<TeamThanksDue>> {
        let rows = sqlx::query(
            "SELECT a.id, a.org_id, a.message, f.name AS from_name, p.name AS to_name, \
               t.id AS team_id, t.slack_channel, t.teams_webhook_url \
             FROM appreciations a \
             JOIN people p ON p.id = a.to_id \
             JOIN people f ON f.id = a.from_id \
             JOIN teams t ON t.id = p.team_id \
             WHERE a.visibility = 'team' AND a.created_at >= $1 AND a.created_at >= t.chat_set_at \
               AND (t.slack_channel IS NOT NULL OR t.teams_webhook_url IS NOT NULL) \
               AND NOT EXISTS (SELECT 1 FROM chat_outbox o \
                 WHERE o.dedupe = 'slack-thanks:' || a.id OR o.dedupe = 'teams-thanks:' || a.id) \
             ORDER BY a.created_at LIMIT $2",
        )
        .bind(millis(since))
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TeamThanksDue {
                    org_id: r.try_get::<OrgId, _>("org_id")?,
                    appreciation_id: rows::id(r, "id", AppreciationId::parse)?,
                    team_id: rows::id(r, "team_id", TeamId::parse)?,
                    from_name: r.try_get("from_name")?,
                    to_name: r.try_get("to_name")?,
                    message: r.try_get("message")?,
                    chat: chat(r)?,
                })
            })
            .collect()
    }

    /// Queues a call; one already queued under `dedupe` is left as it is.
    /// Returns whether it was added.
    pub async fn queue_chat_call(
        &self,
        org: OrgId,
        dedupe: &str,
        target: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO chat_outbox (id, org_id, dedupe, target, body, status, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) ON CONFLICT (dedupe) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org)
        .bind(dedupe)
        .bind(target)
        .bind(body)
        .bind(millis(now))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Claims up to `limit` due calls for `lease`: pending ones whose time
    /// has come, and ones whose worker's lease ran out.
    pub async fn claim_chat_calls(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> StoreResult<Vec<ChatCall>> {
        let rows = self
            .claim_leased(
                "chat_outbox",
                "next_attempt_at, created_at",
                now,
                lease,
                limit,
            )
            .await?;
        let mut calls: Vec<ChatCall> = rows
            .iter()
            .map(|r| {
                Ok(ChatCall {
                    id: r.try_get("id")?,
                    org_id: r.try_get::<OrgId, _>("org_id")?,
                    dedupe: r.try_get("dedupe")?,
                    target: r.try_get("target")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                    lease_until: r.try_get::<Option<i64>, _>("lease_until")?.map(from_millis),
                })
            })
            .collect::<StoreResult<_>>()?;
        calls.sort_by(|a, b| a.dedupe.cmp(&b.dedupe));
        Ok(calls)
    }

    /// Records how a call ended, only while the worker holds its lease
    /// (`false` otherwise).
    pub async fn finish_chat_call(
        &self,
        claimed: &ChatCall,
        result: &ChatResult,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let (status, next, error, sent) = match result {
            ChatResult::Sent => ("sent", now, None, Some(now)),
            ChatResult::Retry { error, next } => ("pending", *next, Some(error.as_str()), None),
        };
        let done = sqlx::query(
            "UPDATE chat_outbox SET status = $2, next_attempt_at = $3, last_error = $4, sent_at = $5, \
             lease_until = NULL WHERE id = $1 AND status = 'sending' AND lease_until = $6",
        )
        .bind(&claimed.id)
        .bind(status)
        .bind(millis(next))
        .bind(error)
        .bind(sent.map(millis))
        .bind(claimed.lease_until.map(millis))
        .execute(self.writer())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// People who turned direct messages on and are linked: (organization,
    /// person, Slack user, time zone).
    pub async fn direct_message_people(
        &self,
    ) -> StoreResult<Vec<(OrgId, PersonId, String, String)>> {
        let rows = sqlx::query(
            "SELECT p.org_id, p.id, p.time_zone, l.slack_user_id FROM people p \
             JOIN slack_prefs s ON s.person_id = p.id AND s.direct_messages = 1 \
             JOIN slack_links l ON l.person_id = p.id ORDER BY p.id",
        )
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<OrgId, _>("org_id")?,
                    rows::id(r, "id", PersonId::parse)?,
                    r.try_get("slack_user_id")?,
                    r.try_get("time_zone")?,
                ))
            })
            .collect()
    }

    /// Whether a call was ever queued under this key.
    pub async fn chat_call_queued(&self, dedupe: &str) -> StoreResult<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM chat_outbox WHERE dedupe = $1")
            .bind(dedupe)
            .fetch_optional(self.reader())
            .await?;
        Ok(row.is_some())
    }

    /// How many calls wait (pending or being sent), for the tests and ops.
    pub async fn chat_calls_waiting(&self) -> StoreResult<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM chat_outbox WHERE status IN ('pending', 'sending')",
        )
        .fetch_one(self.reader())
        .await?;
        Ok(row.try_get("n")?)
    }
}

fn settings(r: &sqlx::any::AnyRow) -> StoreResult<SlackSettings> {
    Ok(SlackSettings {
        team_id: r.try_get("team_id")?,
        bot_token: r.try_get("bot_token")?,
        signing_secret: r.try_get("signing_secret")?,
    })
}

fn chat(r: &sqlx::any::AnyRow) -> StoreResult<TeamChat> {
    Ok(TeamChat {
        slack_channel: r.try_get("slack_channel")?,
        teams_webhook_url: r.try_get("teams_webhook_url")?,
    })
}
