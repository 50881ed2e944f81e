-- In-app notifications: one row per recipient. Title and body are catalogue keys with parameters, rendered in the
-- reader's language when read. source_key makes the subscriber that creates them idempotent per recipient.

CREATE TABLE notifications (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  user_id        uuid        NOT NULL,
  kind           text        NOT NULL,
  title_key      text        NOT NULL,
  body_key       text,
  params         jsonb       NOT NULL DEFAULT '{}',
  ticket_id      uuid,
  ticket_number  text,
  source_key     text        NOT NULL,
  created_at     timestamptz NOT NULL,
  read_at        timestamptz,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
-- The bell and the list page: a user's newest first; the unread filter and count use the partial index.
CREATE INDEX notifications_user_recent ON notifications (workspace_id, user_id, created_at DESC, id DESC);
CREATE INDEX notifications_user_unread ON notifications (workspace_id, user_id, created_at DESC, id DESC) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_source ON notifications (workspace_id, user_id, source_key);
