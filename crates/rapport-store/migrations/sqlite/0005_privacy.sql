-- Bumped whenever events are deleted (an account deletion, later retention):
-- every instance's trust engine then replays the organization's history
-- instead of applying new events on top of ones that are gone.
ALTER TABLE orgs ADD COLUMN event_epoch INTEGER NOT NULL DEFAULT 0;
