-- SLA engine: business calendars, policies (tiers), the targets applied to each ticket, escalations and tasks.

CREATE TABLE business_calendars (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  -- Validated by validateCalendar (business-calendar.ts): timezone, alwaysOpen, weekly, holidays, extraWorkingDays.
  definition    jsonb       NOT NULL,
  version       integer     NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX business_calendars_name ON business_calendars (workspace_id, lower(name));

CREATE TABLE team_calendars (
  workspace_id  uuid NOT NULL,
  team_id       uuid NOT NULL,
  calendar_id   uuid NOT NULL,
  PRIMARY KEY (workspace_id, team_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, calendar_id) REFERENCES business_calendars (workspace_id, id)
);
CREATE INDEX team_calendars_calendar ON team_calendars (workspace_id, calendar_id);

-- One row per workspace once the default tiers were seeded, so an admin who deletes them is not overruled.
-- config_epoch grows with every policy or calendar change; open tickets applied under an older epoch are
-- recomputed by a batched background job instead of inside the admin's request.
CREATE TABLE sla_settings (
  workspace_id        uuid        PRIMARY KEY REFERENCES workspaces (workspace_id),
  defaults_seeded_at  timestamptz NOT NULL,
  config_epoch        integer     NOT NULL DEFAULT 1
);

CREATE TABLE sla_policies (
  workspace_id                uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                          uuid        NOT NULL,
  name                        text        NOT NULL,
  description                 text        NOT NULL DEFAULT '',
  position                    integer     NOT NULL,
  is_active                   boolean     NOT NULL DEFAULT true,
  conditions                  jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- [{metric, minutes, businessTime, warn: {percentUsed?, minutesBefore?}}]
  targets                     jsonb       NOT NULL,
  calendar_id                 uuid,
  count_bot_replies           boolean     NOT NULL DEFAULT false,
  reopen_restarts_resolution  boolean     NOT NULL DEFAULT true,
  -- [{trigger, metric?, action, userId?, teamId?, note?}]
  escalation                  jsonb       NOT NULL DEFAULT '[]'::jsonb,
  version                     integer     NOT NULL DEFAULT 1,
  created_at                  timestamptz NOT NULL,
  updated_at                  timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, calendar_id) REFERENCES business_calendars (workspace_id, id)
);
CREATE INDEX sla_policies_position ON sla_policies (workspace_id, position);
CREATE UNIQUE INDEX sla_policies_name ON sla_policies (workspace_id, lower(name));
CREATE INDEX sla_policies_calendar ON sla_policies (workspace_id, calendar_id) WHERE calendar_id IS NOT NULL;

-- What the SLA engine knows of a ticket: the facts policies match on (copied from ticket events), the applied
-- policy and the pause history. The tickets module owns the ticket; this is the engine's own projection.
CREATE TABLE ticket_sla (
  workspace_id           uuid        NOT NULL,
  ticket_id              uuid        NOT NULL,
  number                 text        NOT NULL DEFAULT '',
  ticket_status          text        NOT NULL,
  is_open                boolean     NOT NULL DEFAULT true,
  priority               text,
  type                   text,
  channel                text,
  team_id                uuid,
  department_id          uuid,
  assignee_id            uuid,
  customer_id            uuid,
  customer_tags          jsonb       NOT NULL DEFAULT '[]'::jsonb,
  customer_organization  text,
  ticket_created_at      timestamptz NOT NULL,
  policy_id              uuid,
  policy_version         integer,
  calendar_id            uuid,
  calendar_version       integer,
  config_epoch           integer     NOT NULL DEFAULT 0,
  first_responded_at     timestamptz,
  last_agent_reply_at    timestamptz,
  reopened_at            timestamptz,
  -- The oldest customer message not yet answered by an agent (the next-response clock's start).
  awaiting_reply_since   timestamptz,
  paused_since           timestamptz,
  -- Closed pause intervals [[fromMs, toMs], ...]: lets a target added later count from the ticket's creation.
  pauses                 jsonb       NOT NULL DEFAULT '[]'::jsonb,
  -- Facts (status, priority, team…) come from the newest event seen: an older one delivered late changes nothing.
  last_event_id          bigint      NOT NULL DEFAULT 0,
  updated_at             timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_id)
);
CREATE INDEX ticket_sla_recompute ON ticket_sla (workspace_id, config_epoch) WHERE is_open;

-- The applied targets: one row per (ticket, metric, cycle). Due and warning instants are columns; the durable
-- timers `sla:<ticket>:<metric>:<cycle>:warn|breach` fire at them.
CREATE TABLE ticket_sla_targets (
  workspace_id     uuid        NOT NULL,
  ticket_id        uuid        NOT NULL,
  metric           text        NOT NULL CHECK (metric IN ('first_response', 'next_response', 'progress_update', 'resolution')),
  cycle            integer     NOT NULL,
  policy_id        uuid,
  status           text        NOT NULL CHECK (status IN ('active', 'paused', 'met', 'breached', 'cancelled')),
  target_ms        bigint      NOT NULL,
  business_time    boolean     NOT NULL,
  calendar_id      uuid,
  warn_elapsed_ms  bigint,
  started_at       timestamptz NOT NULL,
  -- Elapsed (business or calendar) ms before running_since; the clock runs from running_since while not paused.
  elapsed_ms       bigint      NOT NULL DEFAULT 0,
  running_since    timestamptz,
  paused_at        timestamptz,
  due_at           timestamptz,
  warn_at          timestamptz,
  warned_at        timestamptz,
  breached_at      timestamptz,
  met_at           timestamptz,
  stopped_at       timestamptz,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_id, metric, cycle),
  FOREIGN KEY (workspace_id, ticket_id) REFERENCES ticket_sla (workspace_id, ticket_id) ON DELETE CASCADE
);

-- Each escalation step runs once per (ticket, step, target): the primary key is the idempotency guard.
CREATE TABLE sla_escalations (
  workspace_id  uuid        NOT NULL,
  ticket_id     uuid        NOT NULL,
  step_key      text        NOT NULL,
  policy_id     uuid,
  trigger       text        NOT NULL,
  metric        text,
  cycle         integer,
  action        text        NOT NULL,
  details       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_id, step_key)
);

-- Work the escalation hands to a person, e.g. "contact the customer proactively" for an overdue P2.
CREATE TABLE sla_tasks (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  ticket_id      uuid        NOT NULL,
  ticket_number  text        NOT NULL DEFAULT '',
  kind           text        NOT NULL,
  metric         text,
  cycle          integer,
  note           text        NOT NULL DEFAULT '',
  assignee_id    uuid,
  team_id        uuid,
  status         text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at     timestamptz NOT NULL,
  completed_at   timestamptz,
  completed_by   uuid,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX sla_tasks_assignee ON sla_tasks (workspace_id, assignee_id, status, created_at);
CREATE INDEX sla_tasks_ticket ON sla_tasks (workspace_id, ticket_id);
