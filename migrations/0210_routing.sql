-- Routing: each team's strategy and reminder, each agent's chat capacity and load, and what routing knows of every
-- active ticket (its queue). Tickets, users, teams and skills stay the tickets and identity modules' rows: routing
-- keeps its own copy of the few ticket fields it orders and counts by, fed from ticket events.

CREATE TABLE routing_teams (
  workspace_id        uuid        NOT NULL REFERENCES workspaces (workspace_id),
  team_id             uuid        NOT NULL,
  strategy            text        NOT NULL DEFAULT 'manual' CHECK (strategy IN ('manual', 'round_robin', 'least_loaded', 'skills')),
  -- Which tickets need which skills: [{ "field": "type"|"tag"|"channel", "value": "...", "skill": "...", "minLevel": 1..5 }].
  skill_rules         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  -- Minutes a ticket may wait unassigned before the team's supervisors are reminded; null = no reminder.
  reminder_minutes    integer     CHECK (reminder_minutes BETWEEN 1 AND 10080),
  -- Round-robin's cursor: the agent who got the team's last ticket.
  last_assigned_user  uuid,
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, team_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE
);

-- An agent's load per kind of work. The counters are changed only together with routing_tickets.counted_for, and
-- routing raises them with a conditional UPDATE (load < capacity), so no node can push an agent past capacity.
CREATE TABLE routing_agents (
  workspace_id   uuid        NOT NULL,
  user_id        uuid        NOT NULL,
  chat_capacity  integer     NOT NULL DEFAULT 3 CHECK (chat_capacity BETWEEN 0 AND 100),
  open_tickets   integer     NOT NULL DEFAULT 0 CHECK (open_tickets >= 0),
  open_chats     integer     NOT NULL DEFAULT 0 CHECK (open_chats >= 0),
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);

-- Every active (not solved, not closed) ticket as routing sees it; the unassigned ones of a team are its queue.
CREATE TABLE routing_tickets (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  ticket_id      uuid        NOT NULL,
  number         text        NOT NULL,
  subject        text        NOT NULL,
  team_id        uuid,
  assignee_id    uuid,
  -- The agent whose load counter holds this ticket (the assignee, once counted).
  counted_for    uuid,
  -- 'chat' for live chats (counted against chat capacity), 'ticket' for everything else.
  load_kind      text        NOT NULL CHECK (load_kind IN ('ticket', 'chat')),
  -- 0 for P1 (the green lane: ahead of everything), then P2, P3.
  tier           smallint    NOT NULL,
  priority       text        NOT NULL,
  ticket_type    text        NOT NULL,
  channel        text        NOT NULL,
  tags           text[]      NOT NULL DEFAULT '{}',
  sla_due_at     timestamptz,
  created_at     timestamptz NOT NULL,
  queued_at      timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_id)
);
-- A team's queue in serving order.
CREATE INDEX routing_tickets_queue ON routing_tickets (workspace_id, team_id, tier, sla_due_at, created_at) WHERE assignee_id IS NULL;
CREATE INDEX routing_tickets_assignee ON routing_tickets (workspace_id, assignee_id) WHERE assignee_id IS NOT NULL;
