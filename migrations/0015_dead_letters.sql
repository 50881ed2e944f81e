-- Dead letters: a delivery or a timer that failed KEFU_MAX_DELIVERY_ATTEMPTS times stops being retried and waits,
-- with its last error, for an administrator to retry it.

-- A dead delivery is a row without delivered_at: the claim (ON CONFLICT DO NOTHING) passes over it, so the event can
-- be marked dispatched and the aggregate's later events flow on. Retrying deletes the row and requeues the event.
ALTER TABLE outbox_deliveries ALTER COLUMN delivered_at DROP NOT NULL;
ALTER TABLE outbox_deliveries ADD COLUMN dead_at timestamptz;
ALTER TABLE outbox_deliveries ADD COLUMN attempts integer;
ALTER TABLE outbox_deliveries ADD COLUMN last_error text;
ALTER TABLE outbox_deliveries ADD CONSTRAINT outbox_deliveries_settled CHECK ((delivered_at IS NULL) <> (dead_at IS NULL));
CREATE INDEX outbox_deliveries_dead ON outbox_deliveries (workspace_id, dead_at) WHERE dead_at IS NOT NULL;

-- A dead timer stays unfired (cancelling or rescheduling its key still applies to it) but is no longer claimed.
ALTER TABLE timers ADD COLUMN dead_at timestamptz;
DROP INDEX timers_due;
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL AND dead_at IS NULL;
CREATE INDEX timers_dead ON timers (workspace_id, dead_at) WHERE dead_at IS NOT NULL;
