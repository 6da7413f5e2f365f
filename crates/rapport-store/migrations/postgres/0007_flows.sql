-- Finished flows: a delegation can be withdrawn before it is accepted, the
-- delegate can mark it done ("please review"), and the time it was
-- accepted is kept (without a due date, the outcome opens 14 days after).

ALTER TABLE delegations DROP CONSTRAINT delegations_status_check;
ALTER TABLE delegations ADD CONSTRAINT delegations_status_check
    CHECK (status IN ('proposed', 'accepted', 'declined', 'handed_back', 'done', 'withdrawn'));
ALTER TABLE delegations ADD COLUMN accepted_at BIGINT;
ALTER TABLE delegations ADD COLUMN marked_done_at BIGINT;
-- Rows accepted before acceptance times were kept: their last change is
-- the nearest known time (acceptance, or a note after it).
UPDATE delegations SET accepted_at = updated_at WHERE status IN ('accepted', 'done');

-- Colleagues the asker asked directly for help (a suggested helper): each
-- is told once, and may then see and answer the request.
CREATE TABLE help_asks (
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    asked_at   BIGINT NOT NULL,
    PRIMARY KEY (request_id, person_id)
);
