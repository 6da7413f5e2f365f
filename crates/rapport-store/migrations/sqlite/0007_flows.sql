-- Finished flows: a delegation can be withdrawn before it is accepted, the
-- delegate can mark it done ("please review"), and the time it was
-- accepted is kept (without a due date, the outcome opens 14 days after).
--
-- SQLite cannot widen a CHECK in place and migrations run inside a
-- transaction, where foreign keys cannot be switched off; so the table is
-- rebuilt under a new name whose self-reference follows the rename, and
-- the appreciations' links, which the DROP sets to NULL, are put back.

CREATE TABLE delegations_next (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    from_id          TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    to_id            TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    details          TEXT NOT NULL DEFAULT '',
    due_at           INTEGER,
    stakes           TEXT NOT NULL CHECK (stakes IN ('small', 'medium', 'large')),
    status           TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'handed_back', 'done', 'withdrawn')),
    stretch          INTEGER NOT NULL DEFAULT 0,
    outcome          TEXT CHECK (outcome IN ('delivered', 'partly', 'missed')),
    from_note        TEXT NOT NULL DEFAULT '',
    to_note          TEXT NOT NULL DEFAULT '',
    dispute_note     TEXT NOT NULL DEFAULT '',
    disputed_at      INTEGER,
    second_chance_of TEXT REFERENCES delegations_next(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    completed_at     INTEGER,
    reminded_at      INTEGER,
    accepted_at      INTEGER,
    marked_done_at   INTEGER
);

-- Rows accepted before acceptance times were kept: their last change is
-- the nearest known time (acceptance, or a note after it).
INSERT INTO delegations_next (id, org_id, from_id, to_id, title, details, due_at, stakes, status,
    stretch, outcome, from_note, to_note, dispute_note, disputed_at, second_chance_of,
    created_at, updated_at, completed_at, reminded_at, accepted_at)
SELECT id, org_id, from_id, to_id, title, details, due_at, stakes, status,
    stretch, outcome, from_note, to_note, dispute_note, disputed_at, second_chance_of,
    created_at, updated_at, completed_at, reminded_at,
    CASE WHEN status IN ('accepted', 'done') THEN updated_at END
FROM delegations;

CREATE TEMP TABLE appreciation_links AS
    SELECT id, delegation_id FROM appreciations WHERE delegation_id IS NOT NULL;

DROP TABLE delegations;
ALTER TABLE delegations_next RENAME TO delegations;

UPDATE appreciations SET delegation_id =
    (SELECT l.delegation_id FROM appreciation_links l WHERE l.id = appreciations.id)
WHERE id IN (SELECT id FROM appreciation_links);
DROP TABLE appreciation_links;

CREATE INDEX delegations_from ON delegations (org_id, from_id, status, created_at);
CREATE INDEX delegations_to ON delegations (org_id, to_id, status, created_at);
CREATE INDEX delegations_from_recent ON delegations (org_id, from_id, created_at);
CREATE INDEX delegations_to_recent ON delegations (org_id, to_id, created_at);

-- Colleagues the asker asked directly for help (a suggested helper): each
-- is told once, and may then see and answer the request.
CREATE TABLE help_asks (
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    asked_at   INTEGER NOT NULL,
    PRIMARY KEY (request_id, person_id)
);
