-- The trust-building loop: delegations, help requests and offers,
-- appreciations, in-app notifications, and the immutable event log that
-- feeds the trust engine.

CREATE TABLE delegations (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    from_id          TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    to_id            TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    details          TEXT NOT NULL DEFAULT '',
    due_at           BIGINT,
    stakes           TEXT NOT NULL CHECK (stakes IN ('small', 'medium', 'large')),
    status           TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'handed_back', 'done')),
    stretch          BIGINT NOT NULL DEFAULT 0,
    outcome          TEXT CHECK (outcome IN ('delivered', 'partly', 'missed')),
    from_note        TEXT NOT NULL DEFAULT '',
    to_note          TEXT NOT NULL DEFAULT '',
    dispute_note     TEXT NOT NULL DEFAULT '',
    disputed_at      BIGINT,
    second_chance_of TEXT REFERENCES delegations(id) ON DELETE SET NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    completed_at     BIGINT,
    reminded_at      BIGINT
);
CREATE INDEX delegations_from ON delegations (org_id, from_id, status);
CREATE INDEX delegations_to ON delegations (org_id, to_id, status);

CREATE TABLE help_requests (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    asker_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    skill            TEXT NOT NULL,
    skill_key        TEXT NOT NULL,
    text             TEXT NOT NULL,
    audience         TEXT NOT NULL CHECK (audience IN ('person', 'team', 'org')),
    to_person_id     TEXT REFERENCES people(id) ON DELETE CASCADE,
    to_team_id       TEXT REFERENCES teams(id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'resolved')),
    accepted_offer   TEXT,
    helped           BIGINT,
    created_at       BIGINT NOT NULL,
    resolved_at      BIGINT
);
CREATE INDEX help_requests_org ON help_requests (org_id, status, created_at);

CREATE TABLE help_offers (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    helper_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (request_id, helper_id)
);

CREATE TABLE appreciations (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    from_id         TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    to_id           TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    message         TEXT NOT NULL,
    visibility      TEXT NOT NULL CHECK (visibility IN ('private', 'team')),
    delegation_id   TEXT REFERENCES delegations(id) ON DELETE SET NULL,
    help_request_id TEXT REFERENCES help_requests(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX appreciations_to ON appreciations (org_id, to_id, created_at);

-- Notifications never carry the free text of a miss or a dispute: `text`
-- is written by rapport ("Ada recorded an outcome"), `link` leads to it.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    link       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notifications_person ON notifications (person_id, read_at, created_at);

-- Every interaction, once, in order. The trust engine replays these; an
-- instance learns of other instances' writes by reading past its last seq.
CREATE TABLE events (
    seq        BIGSERIAL PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    at         BIGINT NOT NULL,
    from_id    TEXT NOT NULL,
    to_id      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject_id TEXT,
    data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_org ON events (org_id, seq);
CREATE INDEX events_pair ON events (org_id, from_id, to_id, at);
CREATE INDEX events_to ON events (org_id, to_id, at);
