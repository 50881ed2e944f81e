-- Messaging channels: WeChat Official Accounts, signed webhook connections (generic messaging apps and
-- telephony platforms), what arrives through them (stored before it is answered, filed by a worker), the
-- WeChat followers' last contact (the 48-hour reply window) and phone call records.

CREATE TABLE wechat_accounts (
  workspace_id              uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                        uuid        NOT NULL,
  name                      text        NOT NULL,
  app_id                    text        NOT NULL,
  app_secret                text        NOT NULL,
  -- The token WeChat signs its requests with (server configuration in the WeChat console).
  token                     text        NOT NULL,
  -- 43 characters; set for "safe mode" (AES-encrypted messages), null for plain mode.
  encoding_aes_key          text,
  is_active                 boolean     NOT NULL DEFAULT true,
  -- The cached access token of /cgi-bin/token, shared by every node.
  access_token              text,
  access_token_expires_at   timestamptz,
  last_message_at           timestamptz,
  last_error                text,
  last_error_at             timestamptz,
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
-- WeChat calls /hooks/wechat/<id> before the workspace is known: the account's id says whose it is.
CREATE UNIQUE INDEX wechat_accounts_id ON wechat_accounts (id);
CREATE UNIQUE INDEX wechat_accounts_app ON wechat_accounts (workspace_id, app_id);

-- A follower's last message or event: an agent may answer through the customer-service API within 48 hours of it.
CREATE TABLE wechat_followers (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  account_id         uuid        NOT NULL,
  open_id            text        NOT NULL,
  customer_id        uuid        NOT NULL,
  is_subscribed      boolean     NOT NULL DEFAULT true,
  last_inbound_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, account_id, open_id)
);
CREATE INDEX wechat_followers_customer ON wechat_followers (workspace_id, customer_id);

CREATE TABLE hook_connections (
  workspace_id          uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                    uuid        NOT NULL,
  -- webhook: a messaging app's messages in, replies out to reply_url; phone: call records from a telephony platform.
  kind                  text        NOT NULL CHECK (kind IN ('webhook', 'phone')),
  name                  text        NOT NULL,
  secret                text        NOT NULL,
  -- The secret before the last rotation, still accepted until previous_secret_until.
  previous_secret       text,
  previous_secret_until timestamptz,
  reply_url             text,
  is_active             boolean     NOT NULL DEFAULT true,
  last_received_at      timestamptz,
  last_error            text,
  last_error_at         timestamptz,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX hook_connections_id ON hook_connections (id);

-- What arrived through a WeChat account or a webhook connection, as it arrived. The same provider message (a
-- WeChat MsgId, a webhook's idempotency key) is one row, so a retried delivery files nothing twice.
CREATE TABLE channel_inbound (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  channel            text        NOT NULL CHECK (channel IN ('wechat', 'webhook')),
  connection_id      uuid        NOT NULL,
  dedupe_key         text        NOT NULL,
  payload            jsonb       NOT NULL,
  duplicates         integer     NOT NULL DEFAULT 0,
  status             text        NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'failed')),
  outcome            text        CHECK (outcome IN ('ticket_created', 'message_added', 'note_added', 'stored')),
  ticket_id          uuid,
  ticket_message_id  uuid,
  attempts           integer     NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  last_error         text,
  received_at        timestamptz NOT NULL,
  processed_at       timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX channel_inbound_dedupe ON channel_inbound (workspace_id, connection_id, dedupe_key);
CREATE INDEX channel_inbound_pending ON channel_inbound (next_attempt_at) WHERE status = 'received';
-- Which conversation of a webhook connection a ticket belongs to, and so where its replies go.
CREATE INDEX channel_inbound_ticket ON channel_inbound (workspace_id, ticket_id, received_at) WHERE ticket_id IS NOT NULL;

CREATE TABLE phone_calls (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  -- The telephony platform's id of the call: the same id twice is one call.
  external_id        text,
  connection_id      uuid,
  direction          text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  caller             text        NOT NULL,
  callee             text        NOT NULL,
  agent_id           uuid,
  started_at         timestamptz NOT NULL,
  ended_at           timestamptz,
  duration_seconds   integer,
  outcome            text        NOT NULL CHECK (outcome IN ('answered', 'missed', 'voicemail', 'busy', 'failed')),
  recording_url      text,
  customer_id        uuid        NOT NULL,
  ticket_id          uuid        NOT NULL,
  created_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX phone_calls_external ON phone_calls (workspace_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX phone_calls_ticket ON phone_calls (workspace_id, ticket_id, started_at);

-- Webhook conversations are tickets of their own channel.
ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_channel_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('email', 'web', 'chat', 'phone', 'wechat', 'api', 'webhook'));
