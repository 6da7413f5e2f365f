-- Slack and Microsoft Teams. An organization's Slack app (its workspace's
-- team id, the bot token and the signing secret, which are never shown
-- again); which Slack user is which person (linked once, by email); each
-- person's opt-in to direct messages; the requests and events already
-- handled (Slack retries); and the outbox of calls to Slack and to Teams
-- webhooks, leased like the digest queue and sent once.
CREATE TABLE slack_settings (
    org_id         TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    team_id        TEXT NOT NULL UNIQUE,
    bot_token      TEXT NOT NULL,
    signing_secret TEXT NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE slack_links (
    org_id        TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    slack_user_id TEXT NOT NULL,
    person_id     TEXT NOT NULL UNIQUE REFERENCES people(id) ON DELETE CASCADE,
    linked_at     INTEGER NOT NULL,
    PRIMARY KEY (org_id, slack_user_id)
);

CREATE TABLE slack_prefs (
    person_id       TEXT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    direct_messages INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE slack_handled (
    key        TEXT PRIMARY KEY,
    handled_at INTEGER NOT NULL
);

CREATE TABLE chat_outbox (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    dedupe          TEXT NOT NULL UNIQUE,
    target          TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX chat_outbox_due ON chat_outbox (status, next_attempt_at);

ALTER TABLE teams ADD COLUMN slack_channel TEXT;
ALTER TABLE teams ADD COLUMN teams_webhook_url TEXT;
ALTER TABLE teams ADD COLUMN chat_set_at INTEGER;
