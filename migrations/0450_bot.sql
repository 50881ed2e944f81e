-- The bot: its settings (threshold, business hours, provider), intents, conversations and their turns, what it
-- learned from feedback and corrections, cached embeddings; triage models, training runs and predictions.

CREATE TABLE bot_settings (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  is_enabled         boolean     NOT NULL DEFAULT true,
  answer_threshold   real        NOT NULL DEFAULT 0.6,
  suggest_threshold  real        NOT NULL DEFAULT 0.25,
  calendar_id        uuid,
  greeting_en        text        NOT NULL DEFAULT '',
  greeting_zh        text        NOT NULL DEFAULT '',
  handoff_words      text[]      NOT NULL DEFAULT '{}',
  email_auto_reply   boolean     NOT NULL DEFAULT false,
  provider_url       text,
  provider_key       text,
  provider_model     text,
  embedding_model    text,
  use_embeddings     boolean     NOT NULL DEFAULT false,
  use_drafts         boolean     NOT NULL DEFAULT false,
  -- Bumped by every change to settings, intents or learned phrases: each node's cached matcher compares it.
  config_version     integer     NOT NULL DEFAULT 1,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE bot_intents (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  examples      text[]      NOT NULL,
  action        text        NOT NULL CHECK (action IN ('reply', 'lookup', 'handoff')),
  reply_en      text        NOT NULL DEFAULT '',
  reply_zh      text        NOT NULL DEFAULT '',
  lookup        jsonb,
  is_active     boolean     NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE bot_conversations (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  token_hash         text        NOT NULL,
  channel            text        NOT NULL CHECK (channel IN ('widget', 'portal', 'email')),
  locale             text        NOT NULL,
  visitor_name       text,
  visitor_email      text,
  status             text        NOT NULL CHECK (status IN ('open', 'handed_off')),
  pending_intent_id  uuid,
  ticket_id          uuid,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX bot_conversations_recent ON bot_conversations (workspace_id, created_at);
CREATE INDEX bot_conversations_ticket ON bot_conversations (workspace_id, ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE bot_turns (
  workspace_id     uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id               uuid        NOT NULL,
  conversation_id  uuid        NOT NULL,
  seq              integer     NOT NULL,
  question         text        NOT NULL,
  outcome          text        NOT NULL CHECK (outcome IN ('answered', 'suggested', 'handoff', 'lookup', 'greeting')),
  answer           text        NOT NULL,
  article_id       uuid,
  intent_id        uuid,
  confidence       real        NOT NULL DEFAULT 0,
  suggestions      jsonb       NOT NULL DEFAULT '[]',
  feedback         text        CHECK (feedback IN ('helpful', 'not_helpful')),
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES bot_conversations (workspace_id, id)
);
CREATE UNIQUE INDEX bot_turns_order ON bot_turns (workspace_id, conversation_id, seq);
CREATE INDEX bot_turns_recent ON bot_turns (workspace_id, created_at);

-- What the bot learned per article or intent: feedback, hand-offs right after its answer, agents' corrections.
CREATE TABLE bot_learning (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  target_type   text        NOT NULL CHECK (target_type IN ('article', 'intent')),
  target_id     uuid        NOT NULL,
  helpful       integer     NOT NULL DEFAULT 0,
  not_helpful   integer     NOT NULL DEFAULT 0,
  handoffs      integer     NOT NULL DEFAULT 0,
  corrections   integer     NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, target_type, target_id)
);

-- A customer's question an agent said the right answer to: matched like an intent's example phrase.
CREATE TABLE bot_learned_phrases (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  target_type   text        NOT NULL CHECK (target_type IN ('article', 'intent')),
  target_id     uuid        NOT NULL,
  phrase        text        NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

-- Embeddings of articles from the workspace's provider, per published version and model.
CREATE TABLE bot_embeddings (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  article_id    uuid        NOT NULL,
  model         text        NOT NULL,
  content_hash  text        NOT NULL,
  vector        real[]      NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, article_id, model)
);

-- Triage: the model trained from the workspace's own tickets, its training runs, and a prediction per ticket.
CREATE TABLE triage_models (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  version       integer     NOT NULL,
  model         jsonb       NOT NULL,
  sample_count  integer     NOT NULL,
  metrics       jsonb       NOT NULL DEFAULT '{}',
  trained_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE triage_training_runs (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  status         text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress       integer     NOT NULL DEFAULT 0,
  total          integer     NOT NULL DEFAULT 0,
  requested_by   uuid,
  requested_at   timestamptz NOT NULL,
  started_at     timestamptz,
  lease_until    timestamptz,
  finished_at    timestamptz,
  error          text,
  metrics        jsonb       NOT NULL DEFAULT '{}',
  PRIMARY KEY (workspace_id, id)
);
-- The worker's claim: queued runs, and running ones whose node stopped renewing the lease.
CREATE INDEX triage_training_runs_open ON triage_training_runs (requested_at) WHERE status IN ('queued', 'running');
CREATE INDEX triage_training_runs_recent ON triage_training_runs (workspace_id, requested_at DESC);

CREATE TABLE triage_predictions (
  workspace_id         uuid        NOT NULL REFERENCES workspaces (workspace_id),
  ticket_id            uuid        NOT NULL,
  type                 text,
  type_confidence      real,
  priority             text,
  priority_confidence  real,
  sentiment            text        NOT NULL,
  sentiment_confidence real        NOT NULL,
  model_version        integer,
  predicted_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_id)
);
