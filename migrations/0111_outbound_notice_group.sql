-- One notice sent on several channels (a progress update by e-mail and SMS) shares a group: the SLA counts the
-- update once, when the first of its messages is sent.
ALTER TABLE outbound_messages ADD COLUMN notice_group text;
CREATE INDEX outbound_messages_notice_group ON outbound_messages (workspace_id, notice_group) WHERE notice_group IS NOT NULL;
