-- Notices to customers: each workspace's choice of which notices leave on their own (auto-acknowledgement of a new
-- ticket, the solved notice) and whether they also go by SMS; the SMS gateway each workspace sends through; and mail
-- held back by the per-sender limit on new tickets (stored, joined to the sender's latest ticket, never answered).

CREATE TABLE customer_notice_settings (
  workspace_id      uuid        NOT NULL REFERENCES workspaces (workspace_id),
  acknowledge_new   boolean     NOT NULL DEFAULT true,
  notify_solved     boolean     NOT NULL DEFAULT true,
  -- Notices also go by SMS to customers with a phone number (through the workspace's SMS gateway).
  sms_notices       boolean     NOT NULL DEFAULT false,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE sms_gateways (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  -- The gateway's send endpoint (POST, JSON); the key goes in its Authorization header and is never shown again.
  url           text        NOT NULL,
  api_key       text        NOT NULL,
  sender        text        NOT NULL DEFAULT '',
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

ALTER TABLE email_inbound DROP CONSTRAINT email_inbound_automated_check;
ALTER TABLE email_inbound ADD CONSTRAINT email_inbound_automated_check CHECK (automated IN ('auto_reply', 'bounce', 'list', 'loop', 'rate_limited'));
-- The per-sender limit counts the tickets a sender opened in the last hour.
CREATE INDEX email_inbound_sender_tickets ON email_inbound (workspace_id, lower(from_address), processed_at) WHERE outcome = 'ticket_created';
