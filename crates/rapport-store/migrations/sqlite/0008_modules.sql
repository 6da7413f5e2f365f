-- Governance: the modules an organization switched off (names, by commas)
-- and the pilot teams (ids, by commas; empty: every team).
ALTER TABLE orgs ADD COLUMN modules_off TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN pilot_team_ids TEXT NOT NULL DEFAULT '';
