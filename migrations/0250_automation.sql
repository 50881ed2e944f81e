-- Automation: rules (conditions + actions as data, every edit a new version), their firings, and macros agents apply
-- by hand. Tickets, teams and users are other modules' rows: referenced by id, checked through their services.

CREATE TABLE automation_rules (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  -- The current version's definition: { trigger, conditions, actions, stopFurther } (validated by rule-schema.ts).
  definition    jsonb       NOT NULL,
  position      integer     NOT NULL,
  is_enabled    boolean     NOT NULL DEFAULT false,
  version       integer     NOT NULL DEFAULT 1,
  -- A seeded default's key, so seeding twice adds nothing.
  seed_key      text,
  created_by    uuid,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX automation_rules_order ON automation_rules (workspace_id, position, created_at);
CREATE UNIQUE INDEX automation_rules_seed ON automation_rules (workspace_id, seed_key) WHERE seed_key IS NOT NULL;

-- Every version a rule has had, so a firing's (rule, version) always says what ran.
CREATE TABLE automation_rule_versions (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  rule_id       uuid        NOT NULL,
  version       integer     NOT NULL,
  name          text        NOT NULL,
  definition    jsonb       NOT NULL,
  created_by    uuid,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, rule_id, version)
);

-- Once a workspace's defaults are seeded (at its first event or rule list), never again: deleting a default sticks.
CREATE TABLE automation_seeded (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  seeded_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

-- A rule that fired on a ticket, with the chain of events it belongs to (the loop guard counts these per chain).
CREATE TABLE automation_firings (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  rule_id       uuid        NOT NULL,
  rule_version  integer     NOT NULL,
  ticket_id     uuid        NOT NULL,
  chain_id      text        NOT NULL,
  depth         integer     NOT NULL,
  trigger       text        NOT NULL,
  effects       jsonb       NOT NULL,
  fired_at      timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX automation_firings_chain ON automation_firings (workspace_id, ticket_id, chain_id);
CREATE INDEX automation_firings_rule ON automation_firings (workspace_id, rule_id, fired_at);

-- A chain that ran out of its firing budget on a ticket: written once, with its timeline entry.
CREATE TABLE automation_chain_stops (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  ticket_id     uuid        NOT NULL,
  chain_id      text        NOT NULL,
  stopped_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, ticket_id, chain_id)
);

-- Named bundles of actions an agent applies by hand: shared (owner_id NULL) or one agent's own.
CREATE TABLE automation_macros (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  actions       jsonb       NOT NULL,
  owner_id      uuid,
  created_by    uuid,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX automation_macros_owner ON automation_macros (workspace_id, owner_id, name);
