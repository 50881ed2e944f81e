-- Tickets: the registration record, its conversation, timeline, attachments, links, numbering,
-- admin-defined types and custom fields, and saved list views. Every table leads with workspace_id.

-- One row per (workspace, local day): incremented in the creating transaction, so a rolled-back
-- create gives its number back and numbers have no gaps.
CREATE TABLE ticket_counters (
  workspace_id  uuid    NOT NULL,
  day           date    NOT NULL,
  last_seq      integer NOT NULL,
  PRIMARY KEY (workspace_id, day)
);

-- Built-in types live in code; a row here adds a type or overrides a built-in's names/activity.
CREATE TABLE ticket_types (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  key           text        NOT NULL,
  name_en       text        NOT NULL,
  name_zh       text        NOT NULL,
  is_active     boolean     NOT NULL DEFAULT true,
  position      integer     NOT NULL DEFAULT 100,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, key)
);

CREATE TABLE ticket_custom_fields (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  key           text        NOT NULL,
  label_en      text        NOT NULL,
  label_zh      text        NOT NULL,
  field_type    text        NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'select', 'multi_select', 'checkbox')),
  options       jsonb       NOT NULL DEFAULT '[]'::jsonb,
  is_required   boolean     NOT NULL DEFAULT false,
  position      integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX ticket_custom_fields_key ON ticket_custom_fields (workspace_id, key);

CREATE TABLE tickets (
  workspace_id            uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                      uuid        NOT NULL,
  number                  text        NOT NULL,
  subject                 text        NOT NULL,
  description             text        NOT NULL DEFAULT '',
  status                  text        NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  priority                text        NOT NULL DEFAULT 'P2' CHECK (priority IN ('P1', 'P2', 'P3')),
  urgency                 text        NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'critical')),
  type                    text        NOT NULL,
  channel                 text        NOT NULL CHECK (channel IN ('email', 'web', 'chat', 'phone', 'wechat', 'api')),
  tags                    text[]      NOT NULL DEFAULT '{}',
  custom_fields           jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- Customers and users are other modules' rows: referenced by id, checked by their services.
  customer_id             uuid        NOT NULL,
  assignee_id             uuid,
  team_id                 uuid,
  department_id           uuid,
  expected_completion_at  timestamptz,
  solved_at               timestamptz,
  closed_at               timestamptz,
  csat                    smallint    CHECK (csat BETWEEN 1 AND 5),
  merged_into_id          uuid,
  first_response_at       timestamptz,
  last_message_at         timestamptz,
  created_by              uuid,
  -- Bumped by every change of the ticket's own fields (optimistic concurrency, ETag).
  version                 integer     NOT NULL DEFAULT 1,
  -- Written by the SLA module through setSlaSummary; read by list filters and sorts.
  sla_next_due_at         timestamptz,
  sla_state               text        NOT NULL DEFAULT 'none' CHECK (sla_state IN ('none', 'active', 'warning', 'breached', 'paused', 'met')),
  -- Weights: A = subject and number, B = customer, D = description and messages.
  search_vector           tsvector    NOT NULL,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX tickets_number ON tickets (workspace_id, number);
-- List views: each leads with workspace_id and ends with the sort key plus id, so a filtered first
-- page and every keyset page is an index range scan.
CREATE INDEX tickets_created ON tickets (workspace_id, created_at DESC, id DESC);
CREATE INDEX tickets_updated ON tickets (workspace_id, updated_at DESC, id DESC);
CREATE INDEX tickets_priority ON tickets (workspace_id, priority, created_at, id);
CREATE INDEX tickets_sla_due ON tickets (workspace_id, COALESCE(sla_next_due_at, 'infinity'::timestamptz), id);
CREATE INDEX tickets_sla_at_risk ON tickets (workspace_id, COALESCE(sla_next_due_at, 'infinity'::timestamptz), id)
  WHERE sla_state IN ('warning', 'breached');
CREATE INDEX tickets_status ON tickets (workspace_id, status, created_at DESC, id DESC);
CREATE INDEX tickets_assignee ON tickets (workspace_id, assignee_id, created_at DESC, id DESC);
CREATE INDEX tickets_unassigned ON tickets (workspace_id, created_at DESC, id DESC)
  WHERE assignee_id IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX tickets_team ON tickets (workspace_id, team_id, created_at DESC, id DESC) WHERE team_id IS NOT NULL;
CREATE INDEX tickets_department ON tickets (workspace_id, department_id, created_at DESC, id DESC) WHERE department_id IS NOT NULL;
CREATE INDEX tickets_customer ON tickets (workspace_id, customer_id, created_at DESC, id DESC);
-- No fast-update pending list: with constant inserts it would make every search scan it linearly.
CREATE INDEX tickets_search ON tickets USING gin (search_vector) WITH (fastupdate = off);
CREATE INDEX tickets_tags ON tickets USING gin (tags) WITH (fastupdate = off);

CREATE TABLE ticket_messages (
  workspace_id    uuid        NOT NULL,
  id              uuid        NOT NULL,
  -- Orders messages written within the same instant (the clock is injected and may stand still).
  seq             bigint      GENERATED ALWAYS AS IDENTITY,
  ticket_id       uuid        NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('reply', 'note')),
  author_type     text        NOT NULL CHECK (author_type IN ('agent', 'customer', 'system', 'bot')),
  author_id       uuid,
  body            text        NOT NULL,
  is_auto_reply   boolean     NOT NULL DEFAULT false,
  attachment_ids  uuid[]      NOT NULL DEFAULT '{}',
  -- Set on copies made by a merge: the message it was copied from.
  copied_from_id  uuid,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, ticket_id) REFERENCES tickets (workspace_id, id)
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (workspace_id, ticket_id, seq);

CREATE TABLE ticket_timeline (
  workspace_id    uuid        NOT NULL,
  id              bigint      GENERATED ALWAYS AS IDENTITY,
  ticket_id       uuid        NOT NULL,
  at              timestamptz NOT NULL,
  stage           text        NOT NULL,
  kind            text        NOT NULL,
  operator_type   text        NOT NULL CHECK (operator_type IN ('user', 'system', 'customer', 'bot')),
  operator_id     uuid,
  changes         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  message_id      uuid,
  attachment_ids  uuid[]      NOT NULL DEFAULT '{}',
  content         text,
  next_step       text,
  details         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, ticket_id) REFERENCES tickets (workspace_id, id)
);
CREATE INDEX ticket_timeline_ticket ON ticket_timeline (workspace_id, ticket_id, id);

-- An upload belongs to nobody until a message references it; then ticket_id and message_id are set.
CREATE TABLE ticket_attachments (
  workspace_id  uuid        NOT NULL,
  id            uuid        NOT NULL,
  ticket_id     uuid,
  message_id    uuid,
  filename      text        NOT NULL,
  content_type  text        NOT NULL,
  size_bytes    bigint      NOT NULL,
  sha256        text        NOT NULL,
  storage_key   text        NOT NULL,
  uploaded_by   uuid,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (workspace_id, ticket_id) WHERE ticket_id IS NOT NULL;

-- Symmetric: one row per pair, the smaller id first.
CREATE TABLE ticket_links (
  workspace_id  uuid        NOT NULL,
  ticket_a      uuid        NOT NULL,
  ticket_b      uuid        NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_a, ticket_b),
  CHECK (ticket_a < ticket_b),
  FOREIGN KEY (workspace_id, ticket_a) REFERENCES tickets (workspace_id, id),
  FOREIGN KEY (workspace_id, ticket_b) REFERENCES tickets (workspace_id, id)
);
CREATE INDEX ticket_links_b ON ticket_links (workspace_id, ticket_b);

CREATE TABLE saved_views (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  owner_id      uuid        NOT NULL,
  name          text        NOT NULL,
  filters       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  is_shared     boolean     NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX saved_views_owner ON saved_views (workspace_id, owner_id);
