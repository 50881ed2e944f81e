-- Surveys: CSAT after a ticket is solved, NPS campaigns to customer segments, multi-question templates, opt-outs.
-- Tickets, customers, users and teams are other modules' rows: referenced by id, never joined.

CREATE TABLE survey_settings (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  -- The HMAC key of the workspace's survey links (no sign-in: the link is the credential).
  signing_key        text        NOT NULL,
  csat_enabled       boolean     NOT NULL DEFAULT true,
  reminder_hours     integer     NOT NULL DEFAULT 48,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE survey_templates (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  name           text        NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('csat', 'nps')),
  -- Extra questions after the score: [{ id, type: score|text|choice, label: { en, zh-CN }, options? }]
  questions      jsonb       NOT NULL DEFAULT '[]',
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE nps_campaigns (
  workspace_id    uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id              uuid        NOT NULL,
  name            text        NOT NULL,
  -- The segment: customers carrying this tag; null is every customer.
  segment_tag     text,
  sample_percent  integer     NOT NULL CHECK (sample_percent BETWEEN 1 AND 100),
  -- No customer is asked again within this many days, by any campaign.
  window_days     integer     NOT NULL CHECK (window_days BETWEEN 1 AND 3650),
  -- Runs again after this many months (3 = quarterly); null runs once.
  every_months    integer     CHECK (every_months BETWEEN 1 AND 24),
  next_run_at     timestamptz,
  template_id     uuid,
  last_run_at     timestamptz,
  last_run_sent   integer     NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE survey_invitations (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('csat', 'nps')),
  ticket_id      uuid,
  ticket_number  text,
  customer_id    uuid        NOT NULL,
  campaign_id    uuid,
  template_id    uuid,
  -- Who served the customer (results by agent and team), copied from the ticket when it was solved.
  agent_id       uuid,
  team_id        uuid,
  channel        text,
  locale         text,
  created_at     timestamptz NOT NULL,
  reminded_at    timestamptz,
  answered_at    timestamptz,
  score          integer,
  comment        text,
  answers        jsonb       NOT NULL DEFAULT '{}',
  PRIMARY KEY (workspace_id, id)
);
-- One CSAT survey (so one answer) per ticket.
CREATE UNIQUE INDEX survey_invitations_ticket ON survey_invitations (workspace_id, ticket_id) WHERE kind = 'csat';
CREATE INDEX survey_invitations_answered ON survey_invitations (workspace_id, kind, answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX survey_invitations_campaign ON survey_invitations (workspace_id, campaign_id) WHERE campaign_id IS NOT NULL;

-- When each customer was last asked for an NPS score: the over-surveying guard, claimed with one conditional upsert.
CREATE TABLE survey_contacts (
  workspace_id     uuid        NOT NULL REFERENCES workspaces (workspace_id),
  customer_id      uuid        NOT NULL,
  last_nps_at      timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, customer_id)
);

CREATE TABLE survey_opt_outs (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  customer_id    uuid        NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, customer_id)
);
