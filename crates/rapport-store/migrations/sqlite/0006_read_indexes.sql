-- Reads that must not grow with a person's history, each a range of an
-- index in order: how often they asked for help lately (the relationships
-- summary, the learn nudge), what waits on them in one status (the home
-- page), and their newest delegations on either side (the delegations list).
CREATE INDEX events_from_kind ON events (org_id, from_id, kind, at);
DROP INDEX delegations_from;
DROP INDEX delegations_to;
CREATE INDEX delegations_from ON delegations (org_id, from_id, status, created_at);
CREATE INDEX delegations_to ON delegations (org_id, to_id, status, created_at);
CREATE INDEX delegations_from_recent ON delegations (org_id, from_id, created_at);
CREATE INDEX delegations_to_recent ON delegations (org_id, to_id, created_at);
