-- Cross-department collaboration: sub-tasks a ticket hands to a department (technical support, logistics, finance,
-- after-sales), each with its own assignee, due time and SLA, and the default targets of each department.

CREATE TABLE subtasks (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                uuid        NOT NULL,
  -- The parent ticket and the department are other modules' rows: referenced by id, checked by their services.
  ticket_id         uuid        NOT NULL,
  -- What a specialist sees of the parent in lists without reading it (the detail reads it live).
  ticket_number     text        NOT NULL,
  ticket_subject    text        NOT NULL,
  department_id     uuid        NOT NULL,
  assignee_id       uuid,
  title             text        NOT NULL,
  description       text        NOT NULL DEFAULT '',
  status            text        NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  due_at            timestamptz,
  warn_at           timestamptz,
  warned_at         timestamptz,
  breached_at       timestamptz,
  -- Completing it asks for a progress update to the customer (subtask.customer_update).
  notify_customer   boolean     NOT NULL DEFAULT false,
  resolution        text,
  cancel_reason     text,
  -- Who asked for it: a person, a rule, another module (e.g. a complaint's compensation).
  origin            text        NOT NULL DEFAULT 'manual',
  -- A caller's idempotency key: creating twice with the same key returns the first sub-task.
  source_key        text,
  created_by        uuid,
  completed_by      uuid,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  completed_at      timestamptz,
  version           integer     NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX subtasks_ticket ON subtasks (workspace_id, ticket_id, created_at, id);
-- A department's queue (open first, soonest due first) and a person's own.
CREATE INDEX subtasks_department ON subtasks (workspace_id, department_id, status, due_at, created_at);
CREATE INDEX subtasks_assignee ON subtasks (workspace_id, assignee_id, status, due_at) WHERE assignee_id IS NOT NULL;
CREATE UNIQUE INDEX subtasks_source ON subtasks (workspace_id, source_key) WHERE source_key IS NOT NULL;

-- A department's default target for its sub-tasks: minutes (business minutes on the department's calendar when
-- business_time), warned at warn_percent of it.
CREATE TABLE subtask_targets (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  department_id  uuid        NOT NULL,
  minutes        integer     NOT NULL CHECK (minutes > 0),
  business_time  boolean     NOT NULL DEFAULT true,
  warn_percent   integer     NOT NULL DEFAULT 80 CHECK (warn_percent BETWEEN 1 AND 99),
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, department_id),
  FOREIGN KEY (workspace_id, department_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE
);
