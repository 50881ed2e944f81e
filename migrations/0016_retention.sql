-- Retention (src/platform/retention.ts) deletes the oldest rows of a workspace in small batches; these indexes let
-- each batch start at the oldest row instead of scanning the table. They are partial (delivered events, fired
-- timers, unclaimed uploads), so the hot paths pay one index entry at most per row.
CREATE INDEX outbox_events_dispatched ON outbox_events (workspace_id, dispatched_at) WHERE dispatched_at IS NOT NULL;
CREATE INDEX timers_fired ON timers (workspace_id, fired_at) WHERE fired_at IS NOT NULL;
CREATE INDEX ticket_attachments_unclaimed ON ticket_attachments (workspace_id, created_at) WHERE ticket_id IS NULL;
-- The audit log already has audit_log_at (workspace_id, at).
