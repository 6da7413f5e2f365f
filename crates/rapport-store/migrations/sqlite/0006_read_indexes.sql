-- How often a person asked for help lately (the relationships summary and
-- the learn nudge) is a range of this index, not a scan of their history.
CREATE INDEX events_from_kind ON events (org_id, from_id, kind, at);
