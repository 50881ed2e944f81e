-- E-mail out: each workspace's sending settings, and one delivery row per agent reply on an e-mail
-- ticket, queued by the event subscriber and sent by a worker after commit (retried with back-off).

CREATE TABLE email_settings (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  -- smtp://user:password@host:587 or smtps://…; null sends through the node's SMTP_RELAY_URL.
  relay_url     text,
  -- The sender name replies carry (the mailbox's own display name when empty).
  from_name     text        NOT NULL DEFAULT '',
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE email_outbound (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  ticket_id          uuid        NOT NULL,
  ticket_message_id  uuid        NOT NULL,
  status             text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  -- Filled when the mail is composed; the Message-ID is derived from the ticket message, so every retry carries the same.
  message_id         text,
  from_address       text,
  to_address         text,
  subject            text,
  attempts           integer     NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  -- A claimed send that never reported back (its node died) is taken again once this passes.
  locked_until       timestamptz,
  last_error         text,
  -- The relay's answer to the accepted message.
  response           text,
  created_at         timestamptz NOT NULL,
  sent_at            timestamptz,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
-- One delivery per reply: an event delivered twice queues it once.
CREATE UNIQUE INDEX email_outbound_message ON email_outbound (workspace_id, ticket_message_id);
CREATE INDEX email_outbound_due ON email_outbound (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX email_outbound_ticket ON email_outbound (workspace_id, ticket_id, created_at);
