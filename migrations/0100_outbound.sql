-- One outbound queue for every channel (e-mail, SMS, and the adapters other channels register): an agent's reply on a
-- ticket, a notice to a customer, a notification to a user, a sign-in link. Rows are queued inside the caller's
-- transaction and sent after commit by a worker with a lease and back-off. Content is rendered when queued (a retry
-- sends the same words); a reply's subject and threading are the channel's to add when it sends.

CREATE TABLE outbound_messages (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  channel            text        NOT NULL,
  -- The same key twice in a workspace is one message: an event delivered twice, a request retried.
  dedupe_key         text        NOT NULL,
  -- The template it was rendered from; null for a person's own words (an agent's reply).
  template           text,
  locale             text,
  -- {email?, phone?, externalId?, name?}: whom the channel delivers to.
  recipient          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- The address as the channel writes it (an e-mail address, a phone number), for lists and search.
  to_address         text,
  subject            text,
  text_body          text        NOT NULL,
  html_body          text,
  attachment_ids     uuid[]      NOT NULL DEFAULT '{}',
  ticket_id          uuid,
  ticket_message_id  uuid,
  status             text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  -- The provider's id of the sent message (an e-mail's Message-ID), and the sender it went out as.
  external_id        text,
  from_address       text,
  attempts           integer     NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  -- A claimed send that never reported back (its node died) is taken again once this passes.
  locked_until       timestamptz,
  last_error         text,
  -- The provider's answer to the accepted message.
  response           text,
  created_at         timestamptz NOT NULL,
  sent_at            timestamptz,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX outbound_messages_dedupe ON outbound_messages (workspace_id, dedupe_key);
-- The worker reads only what is waiting; sent and failed rows leave the index.
CREATE INDEX outbound_messages_due ON outbound_messages (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX outbound_messages_ticket ON outbound_messages (workspace_id, ticket_id, created_at) WHERE ticket_id IS NOT NULL;
CREATE INDEX outbound_messages_recent ON outbound_messages (workspace_id, created_at DESC, id DESC);

-- A workspace's own wording of a shipped template, per language; the defaults live in the code.
CREATE TABLE outbound_templates (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  name          text        NOT NULL,
  locale        text        NOT NULL,
  subject       text        NOT NULL,
  body          text        NOT NULL,
  html          text,
  sms           text,
  updated_by    uuid,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, name, locale)
);
