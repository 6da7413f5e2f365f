-- Reads that must not grow with a person's history: how often they asked
-- for help lately (the relationships summary, the learn nudge), and their
-- newest delegations on either side (the delegations list), are each a
-- range of an index in order.
CREATE INDEX events_from_kind ON events (org_id, from_id, kind, at);
CREATE INDEX delegations_from_recent ON delegations (org_id, from_id, created_at);
CREATE INDEX delegations_to_recent ON delegations (org_id, to_id, created_at);
