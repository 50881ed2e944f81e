-- The e-mail reply queue becomes part of the outbound queue: every queued, sent or failed reply moves over with its
-- words (from the reply it sends), and the old table goes.

INSERT INTO outbound_messages (workspace_id, id, channel, dedupe_key, template, locale, recipient, to_address, subject, text_body,
                               attachment_ids, ticket_id, ticket_message_id, status, external_id, from_address, attempts,
                               next_attempt_at, locked_until, last_error, response, created_at, sent_at, updated_at)
SELECT o.workspace_id, o.id, 'email', 'reply:' || o.ticket_message_id, NULL, NULL,
       CASE WHEN o.to_address IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('email', o.to_address) END,
       o.to_address, o.subject, COALESCE(m.body, ''), COALESCE(m.attachment_ids, '{}'), o.ticket_id, o.ticket_message_id,
       o.status, o.message_id, o.from_address, o.attempts, o.next_attempt_at, o.locked_until, o.last_error, o.response,
       o.created_at, o.sent_at, o.updated_at
  FROM email_outbound o
  LEFT JOIN ticket_messages m ON m.workspace_id = o.workspace_id AND m.id = o.ticket_message_id
ON CONFLICT DO NOTHING;

DROP TABLE email_outbound;
