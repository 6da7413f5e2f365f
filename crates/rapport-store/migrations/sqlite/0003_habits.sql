-- Habits: two-sided check-ins, introductions, nudges, email digests, and
-- the claims that keep background work from running twice.

-- A check-in between two people (a_id started it). Answers stay sealed
-- until both have answered; a lone answer is deleted when the window closes.
CREATE TABLE check_ins (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    a_id        TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    b_id        TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('open', 'revealed', 'closed')),
    created_at  INTEGER NOT NULL,
    closes_at   INTEGER NOT NULL,
    revealed_at INTEGER
);
CREATE INDEX check_ins_a ON check_ins (org_id, a_id, status);
CREATE INDEX check_ins_b ON check_ins (org_id, b_id, status);
CREATE INDEX check_ins_closing ON check_ins (status, closes_at);

CREATE TABLE check_in_answers (
    check_in_id    TEXT NOT NULL REFERENCES check_ins(id) ON DELETE CASCADE,
    person_id      TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    count_on       INTEGER NOT NULL CHECK (count_on BETWEEN 1 AND 5),
    would_help     INTEGER NOT NULL CHECK (would_help BETWEEN 1 AND 5),
    admit_mistakes INTEGER NOT NULL CHECK (admit_mistakes BETWEEN 1 AND 5),
    communication  INTEGER NOT NULL CHECK (communication BETWEEN 1 AND 5),
    know_as_person INTEGER NOT NULL CHECK (know_as_person BETWEEN 1 AND 5),
    improve        TEXT NOT NULL,
    works          TEXT NOT NULL,
    answered_at    INTEGER NOT NULL,
    PRIMARY KEY (check_in_id, person_id)
);

-- Nudges a person has been shown, and what they did with them. The
-- suggestions themselves are computed; only the person's answers are kept.
CREATE TABLE nudges (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    nudge_key      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'done', 'dismissed', 'snoozed')),
    snoozed_until  INTEGER,
    first_shown_at INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (person_id, nudge_key)
);

CREATE TABLE introduction_prefs (
    person_id     TEXT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    opted_in      INTEGER NOT NULL DEFAULT 0,
    snoozed_until INTEGER,
    -- An admin invited this person's team; the person still decides.
    invited_at    INTEGER,
    updated_at    INTEGER NOT NULL
);

-- "Don't pair me with": one way as written, honoured both ways.
CREATE TABLE introduction_blocks (
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    other_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, other_id)
);

CREATE TABLE introductions (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    a_id       TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    b_id       TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    a_state    TEXT NOT NULL DEFAULT 'pending' CHECK (a_state IN ('pending', 'done', 'skipped')),
    b_state    TEXT NOT NULL DEFAULT 'pending' CHECK (b_state IN ('pending', 'done', 'skipped')),
    round      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX introductions_a ON introductions (org_id, a_id, created_at);
CREATE INDEX introductions_b ON introductions (org_id, b_id, created_at);

CREATE TABLE email_prefs (
    person_id         TEXT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    frequency         TEXT NOT NULL CHECK (frequency IN ('weekly', 'daily', 'off')),
    unsubscribe_token TEXT NOT NULL UNIQUE,
    updated_at        INTEGER NOT NULL
);

-- One row per digest to send. A worker claims rows (status 'sending' with
-- a lease); a lease that runs out means the worker died, and the row is
-- claimed again. `period` makes a second digest for the same week a no-op.
CREATE TABLE email_jobs (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    person_id       TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_error      TEXT,
    subject         TEXT,
    message_id      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    UNIQUE (person_id, period)
);
CREATE INDEX email_jobs_due ON email_jobs (status, next_attempt_at);

-- Periodic work done once per organization and period, whichever instance
-- gets there first (the insert is the claim).
CREATE TABLE job_runs (
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    job        TEXT NOT NULL,
    period     TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, job, period)
);
