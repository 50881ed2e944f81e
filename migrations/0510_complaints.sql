-- Complaints: the closed loop on a ticket, the compensation ledger, and follow-up visits (回访).
-- Tickets, customers, users, teams and sub-tasks are other modules' rows: referenced by id, never joined.

CREATE TABLE complaint_settings (
  workspace_id              uuid        NOT NULL REFERENCES workspaces (workspace_id),
  -- A compensation above this amount (minor units) waits for a supervisor's approval.
  approval_threshold_minor  bigint      NOT NULL DEFAULT 20000,
  currency                  text        NOT NULL DEFAULT 'CNY',
  -- Unreachable this many times, a follow-up visit goes to the supervisors.
  follow_up_max_attempts    integer     NOT NULL DEFAULT 3,
  -- The dedicated complaint team: complaint tickets move to it.
  complaint_team_id         uuid,
  updated_at                timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE complaints (
  workspace_id           uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                     uuid        NOT NULL,
  ticket_id              uuid        NOT NULL,
  ticket_number          text        NOT NULL,
  customer_id            uuid,
  status                 text        NOT NULL CHECK (status IN ('received', 'recorded', 'confirmed', 'responded', 'proposed', 'executing', 'follow_up', 'closed')),
  severity               text        NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
  root_cause             text        NOT NULL,
  summary                text        NOT NULL,
  about_slow_response    boolean     NOT NULL DEFAULT false,
  -- What was recorded with the customer.
  occurred_at            timestamptz,
  order_no               text,
  contact                text,
  amount_involved_minor  bigint,
  currency               text,
  -- A second complaint: the same order complained about again, or a closed complaint reopened.
  is_repeat              boolean     NOT NULL DEFAULT false,
  previous_id            uuid,
  team_id                uuid,
  created_by             uuid,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  confirmed_at           timestamptz,
  responded_at           timestamptz,
  closed_at              timestamptz,
  version                integer     NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX complaints_ticket ON complaints (workspace_id, ticket_id);
CREATE INDEX complaints_order ON complaints (workspace_id, order_no) WHERE order_no IS NOT NULL;
CREATE INDEX complaints_recent ON complaints (workspace_id, created_at DESC, id DESC);

CREATE TABLE compensations (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                uuid        NOT NULL,
  complaint_id      uuid        NOT NULL,
  ticket_id         uuid        NOT NULL,
  type              text        NOT NULL CHECK (type IN ('refund', 'replacement', 'coupon', 'service_upgrade', 'apology')),
  amount_minor      bigint      NOT NULL CHECK (amount_minor >= 0),
  currency          text        NOT NULL,
  description       text        NOT NULL DEFAULT '',
  status            text        NOT NULL CHECK (status IN ('pending_approval', 'approved', 'rejected', 'executed')),
  -- Copied from the complaint when proposed: the ledger totals by cause and team read one table.
  root_cause        text        NOT NULL,
  team_id           uuid,
  executor_department_id uuid,
  subtask_id        uuid,
  proposed_by       uuid,
  approver_id       uuid,
  decided_at        timestamptz,
  rejection_reason  text,
  executed_at       timestamptz,
  created_at        timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, complaint_id) REFERENCES complaints (workspace_id, id)
);
CREATE INDEX compensations_complaint ON compensations (workspace_id, complaint_id);
CREATE INDEX compensations_status ON compensations (workspace_id, status, created_at);
CREATE INDEX compensations_executed ON compensations (workspace_id, executed_at) WHERE executed_at IS NOT NULL;
CREATE INDEX compensations_subtask ON compensations (workspace_id, subtask_id) WHERE subtask_id IS NOT NULL;

CREATE TABLE follow_up_tasks (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  ticket_id      uuid        NOT NULL,
  ticket_number  text        NOT NULL,
  complaint_id   uuid,
  reason         text        NOT NULL CHECK (reason IN ('complaint', 'low_csat', 'p1', 'slow_response')),
  status         text        NOT NULL CHECK (status IN ('open', 'done', 'escalated')),
  assignee_id    uuid,
  due_at         timestamptz NOT NULL,
  attempts       integer     NOT NULL DEFAULT 0,
  satisfied      boolean,
  outcome        text,
  -- Idempotency: one task per cause (a complaint, a survey answer, a solved P1 ticket).
  source_key     text        NOT NULL,
  created_at     timestamptz NOT NULL,
  completed_at   timestamptz,
  escalated_at   timestamptz,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, source_key)
);
CREATE INDEX follow_up_tasks_queue ON follow_up_tasks (workspace_id, status, due_at);
CREATE INDEX follow_up_tasks_ticket ON follow_up_tasks (workspace_id, ticket_id);
