-- Live chat: conversations between a website visitor (the widget) and agents, their ordered messages, agents'
-- presence, canned replies and the workspace's chat settings. Each conversation is mirrored onto a ticket of
-- channel 'chat' (the tickets module owns that; here only its id).

CREATE TABLE chat_conversations (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                uuid        NOT NULL,
  -- The visitor reaches the conversation with a secret token; only its hash is kept.
  token_hash        text        NOT NULL,
  status            text        NOT NULL CHECK (status IN ('bot', 'queued', 'active', 'ended')),
  locale            text        NOT NULL,
  visitor_name      text        NOT NULL,
  visitor_email     text,
  visitor_phone     text,
  customer_id       uuid        NOT NULL,
  ticket_id         uuid        NOT NULL,
  ticket_number     text        NOT NULL,
  agent_id          uuid,
  -- The seq of the last message; each message takes the next under the row's lock, so seqs have no gaps.
  last_seq          integer     NOT NULL DEFAULT 0,
  visitor_read_seq  integer     NOT NULL DEFAULT 0,
  agent_read_seq    integer     NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL,
  queued_at         timestamptz,
  accepted_at       timestamptz,
  ended_at          timestamptz,
  PRIMARY KEY (workspace_id, id)
);
-- The queue, oldest first; an agent's chats in progress.
CREATE INDEX chat_conversations_queue ON chat_conversations (workspace_id, queued_at, id) WHERE status = 'queued';
CREATE INDEX chat_conversations_agent ON chat_conversations (workspace_id, agent_id) WHERE status = 'active';
-- Recent handle times for the wait estimate.
CREATE INDEX chat_conversations_ended ON chat_conversations (workspace_id, ended_at DESC) WHERE accepted_at IS NOT NULL AND ended_at IS NOT NULL;

CREATE TABLE chat_messages (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  conversation_id   uuid        NOT NULL,
  seq               integer     NOT NULL,
  id                uuid        NOT NULL,
  author_type       text        NOT NULL CHECK (author_type IN ('visitor', 'agent', 'bot', 'system')),
  author_id         uuid,
  body              text        NOT NULL,
  -- [{id, filename, contentType, sizeBytes}]: uploads in the tickets attachment store.
  attachments       jsonb       NOT NULL DEFAULT '[]',
  -- The sender's id for the message: a message resent after a lost ack is recognised, not stored twice.
  client_id         text,
  created_at        timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, conversation_id, seq),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES chat_conversations (workspace_id, id)
);
CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages (workspace_id, conversation_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE chat_agents (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  user_id           uuid        NOT NULL,
  status            text        NOT NULL CHECK (status IN ('online', 'away', 'offline')),
  -- Refreshed while the agent's console is connected: an agent whose node died drops out of "online".
  last_seen_at      timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE chat_canned_replies (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                uuid        NOT NULL,
  title             text        NOT NULL,
  body              text        NOT NULL,
  created_at        timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE chat_settings (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  -- The bot answers first; "转人工"/"human" hands over to the queue.
  bot_first         boolean     NOT NULL DEFAULT false,
  -- Opening hours: an SLA business calendar (sla module); none means "whenever an agent is online".
  calendar_id       uuid,
  default_capacity  integer     NOT NULL DEFAULT 3 CHECK (default_capacity BETWEEN 1 AND 50),
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

-- A visitor's uploads (bytes and rows in the tickets attachment store): a message may name only its own
-- conversation's, and the visitor may download only those.
CREATE TABLE chat_attachments (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  conversation_id   uuid        NOT NULL,
  id                uuid        NOT NULL,
  filename          text        NOT NULL,
  content_type      text        NOT NULL,
  size_bytes        integer     NOT NULL,
  created_at        timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, conversation_id, id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES chat_conversations (workspace_id, id)
);
