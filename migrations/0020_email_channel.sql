-- The e-mail channel: the workspace's addresses, every inbound message as it arrived (raw bytes kept,
-- de-duplicated by Message-ID or hash), and the thread index that maps Message-IDs to tickets.

CREATE TABLE email_mailboxes (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  -- Lower-case; the SMTP listener routes by it.
  address       text        NOT NULL,
  display_name  text        NOT NULL DEFAULT '',
  is_active     boolean     NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
-- An address belongs to one workspace: mail is routed by it before the workspace is known (RCPT TO).
CREATE UNIQUE INDEX email_mailboxes_address ON email_mailboxes (address);

CREATE TABLE email_inbound (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  mailbox_id         uuid        NOT NULL,
  -- The Message-ID, or `sha256:<hash>` for a message without one: a second arrival is the same row.
  dedupe_key         text        NOT NULL,
  message_id         text,
  sha256             text        NOT NULL,
  -- Stored before anything is parsed, so a parser bug loses nothing.
  raw                bytea       NOT NULL,
  size_bytes         integer     NOT NULL,
  -- The SMTP envelope: '' is the null sender of bounces.
  envelope_from      text,
  recipients         text[]      NOT NULL DEFAULT '{}',
  remote_address     text,
  duplicates         integer     NOT NULL DEFAULT 0,
  status             text        NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'failed')),
  -- What processing made of it; automated mail is kept with its kind and never answered.
  outcome            text        CHECK (outcome IN ('ticket_created', 'message_added', 'note_added', 'stored')),
  automated          text        CHECK (automated IN ('auto_reply', 'bounce', 'list', 'loop')),
  automated_reason   text,
  from_address       text,
  reply_to           text,
  subject            text,
  ticket_id          uuid,
  ticket_message_id  uuid,
  attempts           integer     NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  last_error         text,
  received_at        timestamptz NOT NULL,
  processed_at       timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX email_inbound_dedupe ON email_inbound (workspace_id, dedupe_key);
-- The intake worker reads only what is waiting; processed rows leave the index.
CREATE INDEX email_inbound_pending ON email_inbound (next_attempt_at) WHERE status = 'received';
CREATE INDEX email_inbound_ticket ON email_inbound (workspace_id, ticket_id, received_at) WHERE ticket_id IS NOT NULL;

-- Message-IDs seen or sent on a ticket: In-Reply-To / References of a new mail are looked up here.
CREATE TABLE email_threads (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  message_id    text        NOT NULL,
  ticket_id     uuid        NOT NULL,
  direction     text        NOT NULL CHECK (direction IN ('in', 'out')),
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, message_id)
);
CREATE INDEX email_threads_ticket ON email_threads (workspace_id, ticket_id, created_at);
