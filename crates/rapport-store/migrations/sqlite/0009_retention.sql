-- Retention: how long events and free text are kept (days), and the
-- checkpoint each organization's deleted events were folded into (the
-- trust state they taught, encoded by rapport_core::retention).
ALTER TABLE orgs ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 365 CHECK (retention_days BETWEEN 365 AND 3650);

CREATE TABLE trust_checkpoints (
    org_id     TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    through_at INTEGER NOT NULL,
    state      BLOB NOT NULL,
    folded_at  INTEGER NOT NULL
);

-- Reading a period's events (insights) and the events past the retention.
CREATE INDEX events_at ON events (org_id, at);
