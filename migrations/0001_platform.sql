-- Platform tables: the transactional outbox and durable timers. Every table leads with workspace_id.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE outbox_events (
  workspace_id    uuid        NOT NULL,
  id              bigserial   NOT NULL,
  type            text        NOT NULL,
  aggregate_type  text        NOT NULL,
  aggregate_id    text        NOT NULL,
  actor_id        uuid,
  payload         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  occurred_at     timestamptz NOT NULL,
  available_at    timestamptz NOT NULL,
  dispatched_at   timestamptz,
  attempts        integer     NOT NULL DEFAULT 0,
  last_error      text,
  PRIMARY KEY (workspace_id, id)
);
-- The dispatcher reads only undelivered events, so its cost follows the backlog, not the history.
CREATE INDEX outbox_events_pending ON outbox_events (available_at, id) WHERE dispatched_at IS NULL;
CREATE INDEX outbox_events_aggregate ON outbox_events (workspace_id, aggregate_type, aggregate_id, id);

-- One row per (event, subscriber) that took effect: the idempotency guard that makes
-- redelivery after a crash harmless.
CREATE TABLE outbox_deliveries (
  workspace_id  uuid        NOT NULL,
  event_id      bigint      NOT NULL,
  subscriber    text        NOT NULL,
  delivered_at  timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, event_id, subscriber)
);

CREATE TABLE timers (
  workspace_id  uuid        NOT NULL,
  key           text        NOT NULL,
  kind          text        NOT NULL,
  due_at        timestamptz NOT NULL,
  payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL,
  fired_at      timestamptz,
  attempts      integer     NOT NULL DEFAULT 0,
  last_error    text,
  PRIMARY KEY (workspace_id, key)
);
-- Partial index: claiming due timers touches only unfired rows whose time has come.
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;
