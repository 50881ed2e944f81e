-- Existing mailboxes Kefu reads over IMAP (IDLE where the server offers it, else polling). Mail read there takes the
-- same path as mail to the SMTP listener (raw stored first, de-duplicated), filed as mail to one of the workspace's
-- addresses. `last_uid` under `uid_validity` says how far the folder was read.

CREATE TABLE email_imap_accounts (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  -- The workspace address the mail is filed as (replies leave from it).
  mailbox_id     uuid        NOT NULL,
  host           text        NOT NULL,
  port           integer     NOT NULL,
  -- TLS from the start (993); false talks plain IMAP, upgraded with STARTTLS when the server offers it.
  secure         boolean     NOT NULL,
  username       text        NOT NULL,
  -- Never returned by the API.
  password       text        NOT NULL,
  folder         text        NOT NULL DEFAULT 'INBOX',
  is_active      boolean     NOT NULL DEFAULT true,
  uid_validity   text,
  last_uid       bigint      NOT NULL DEFAULT 0,
  last_synced_at timestamptz,
  last_error     text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, mailbox_id) REFERENCES email_mailboxes (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX email_imap_accounts_active ON email_imap_accounts (is_active) WHERE is_active;
