-- Presence by activity: the realtime sockets each user has open (on any node), and what routing set on their
-- behalf when the last one had been closed for a while, so their own choice returns when they come back.

CREATE TABLE routing_sockets (
  workspace_id  uuid        NOT NULL,
  user_id       uuid        NOT NULL,
  socket_id     uuid        NOT NULL,
  opened_at     timestamptz NOT NULL,
  -- Refreshed by the socket's heartbeat: a row its node stopped refreshing (a crashed node) no longer counts as open.
  seen_at       timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, user_id, socket_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);

-- The presence routing set for inactivity (null: the current presence is the user's own choice) and the one the
-- user had chosen before, restored when a socket of theirs opens again.
ALTER TABLE routing_agents ADD COLUMN activity_presence text CHECK (activity_presence IN ('away', 'offline'));
ALTER TABLE routing_agents ADD COLUMN chosen_presence text CHECK (chosen_presence IN ('online', 'away', 'offline'));
