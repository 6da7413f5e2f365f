-- The foundation: organizations, people, teams, skills, sign-in.
-- Ids are UUID text; times are Unix milliseconds (UTC). Every row belongs to
-- one organization, directly or through the person it belongs to.

CREATE TABLE orgs (
    id             TEXT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size BETWEEN 3 AND 10),
    created_at     INTEGER NOT NULL
);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    parent_id  TEXT REFERENCES teams(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, name_key)
);

CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    team_id       TEXT REFERENCES teams(id) ON DELETE SET NULL,
    manager_id    TEXT REFERENCES people(id) ON DELETE SET NULL,
    role          TEXT NOT NULL CHECK (role IN ('member', 'lead', 'admin')),
    time_zone     TEXT NOT NULL DEFAULT 'UTC',
    about         TEXT NOT NULL DEFAULT '',
    how_i_work    TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX people_org_name ON people (org_id, name_key, id);
CREATE INDEX people_team ON people (team_id);
CREATE INDEX people_manager ON people (manager_id);

CREATE TABLE team_leads (
    team_id   TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, person_id)
);

CREATE TABLE skills (
    id       TEXT PRIMARY KEY,
    org_id   TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL,
    -- Added by an admin (or the demo); other skills are listed only while
    -- someone uses them as a strength or a shared growth area.
    curated  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_id, name_key)
);

-- kind is 'strength' or 'growth'; shared only means something for growth.
CREATE TABLE person_skills (
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    skill_id  TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('strength', 'growth')),
    shared    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (person_id, skill_id, kind)
);
CREATE INDEX person_skills_skill ON person_skills (skill_id, kind, shared);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  TEXT REFERENCES people(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX invitations_org ON invitations (org_id, created_at);

-- Fixed-window counters for sign-in attempts, shared by every instance.
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id       TEXT PRIMARY KEY,
    org_id   TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    actor_id TEXT,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '',
    at       INTEGER NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);
