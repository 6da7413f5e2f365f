-- Learning: enrollments and progress in courses (the content itself lives
-- in files), reflections, team assignments, and the xAPI statements queued
-- for an organization's Learning Record Store.

CREATE TABLE enrollments (
    person_id    TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    course_slug  TEXT NOT NULL,
    enrolled_at  INTEGER NOT NULL,
    last_part    INTEGER,
    completed_at INTEGER,
    PRIMARY KEY (person_id, course_slug)
);
CREATE INDEX enrollments_course ON enrollments (org_id, course_slug);

-- What a person did in a part: read the lesson, did the practice (found
-- in their events, or said they did it outside the app), reflected.
CREATE TABLE part_progress (
    person_id        TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    course_slug      TEXT NOT NULL,
    part             INTEGER NOT NULL CHECK (part BETWEEN 1 AND 20),
    lesson_read_at   INTEGER,
    practice_done_at INTEGER,
    practice_self_reported INTEGER NOT NULL DEFAULT 0,
    reflection       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, course_slug, part)
);

CREATE TABLE course_assignments (
    org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    team_id     TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    course_slug TEXT NOT NULL,
    assigned_by TEXT REFERENCES people(id) ON DELETE SET NULL,
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, course_slug)
);

-- An organization's Learning Record Store: off until an admin sets it.
CREATE TABLE lrs_settings (
    org_id     TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    endpoint   TEXT NOT NULL,
    username   TEXT NOT NULL,
    password   TEXT NOT NULL,
    -- How people are named in statements: their email, or an opaque id.
    actor      TEXT NOT NULL CHECK (actor IN ('email', 'opaque')),
    updated_at INTEGER NOT NULL
);

-- Statements waiting for the LRS, or sent. The id is the statement's own
-- (deterministic), so queueing twice is a no-op and a resend is harmless.
CREATE TABLE xapi_statements (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX xapi_due ON xapi_statements (status, next_attempt_at);
CREATE INDEX xapi_org ON xapi_statements (org_id, status);
