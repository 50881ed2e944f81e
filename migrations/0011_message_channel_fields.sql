-- What channels need on a message: the provider's id of it (an e-mail's Message-ID, a WeChat MsgId), so an
-- inbound message is stored once and a reply can be threaded to it; the addresses it came from and went to;
-- the HTML body as received or sent (the plain-text body stays the one searched and shown); and, for an
-- outbound message, whether the channel delivered it. Existing messages came through no channel: all empty.
ALTER TABLE ticket_messages
  ADD COLUMN external_id      text,
  ADD COLUMN from_address     text,
  ADD COLUMN to_addresses     text[] NOT NULL DEFAULT '{}',
  ADD COLUMN html_body        text,
  ADD COLUMN delivery_status  text CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'failed')),
  ADD COLUMN delivery_error   text;

-- One message per provider id in a workspace (channel adapters prefix ids that are not globally unique).
-- Only set ids are indexed: most messages have none, and they cost this index nothing.
CREATE UNIQUE INDEX ticket_messages_external_id ON ticket_messages (workspace_id, external_id) WHERE external_id IS NOT NULL;
