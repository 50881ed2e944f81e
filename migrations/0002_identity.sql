-- Workspaces (tenants), users, teams/departments, skills, sessions, API tokens and the audit log.

CREATE TABLE workspaces (
  workspace_id    uuid        PRIMARY KEY,
  name            text        NOT NULL,
  slug            text        NOT NULL UNIQUE,
  default_locale  text        NOT NULL DEFAULT 'zh-CN',
  timezone        text        NOT NULL DEFAULT 'Asia/Shanghai',
  ticket_prefix   text        NOT NULL DEFAULT 'CS',
  created_at      timestamptz NOT NULL
);

CREATE TABLE users (
  workspace_id     uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id               uuid        NOT NULL,
  email            text        NOT NULL,
  name             text        NOT NULL,
  role             text        NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'specialist', 'analyst')),
  password_hash    text,
  locale           text,
  theme            text        NOT NULL DEFAULT 'light',
  is_active        boolean     NOT NULL DEFAULT true,
  failed_logins    integer     NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  max_load         integer     NOT NULL DEFAULT 20,
  presence         text        NOT NULL DEFAULT 'offline',
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
-- Login is by e-mail alone, so an e-mail address belongs to one user across the installation.
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE teams (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  kind          text        NOT NULL CHECK (kind IN ('team', 'department')),
  description   text        NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX teams_name ON teams (workspace_id, lower(name));

CREATE TABLE team_members (
  workspace_id  uuid NOT NULL,
  team_id       uuid NOT NULL,
  user_id       uuid NOT NULL,
  PRIMARY KEY (workspace_id, team_id, user_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_user ON team_members (workspace_id, user_id);

CREATE TABLE user_skills (
  workspace_id  uuid    NOT NULL,
  user_id       uuid    NOT NULL,
  skill         text    NOT NULL,
  level         integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (workspace_id, user_id, skill),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
  workspace_id  uuid        NOT NULL,
  token_hash    text        NOT NULL,
  user_id       uuid        NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  rotated_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  ip            text,
  user_agent    text,
  PRIMARY KEY (workspace_id, token_hash),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
-- A session cookie carries no workspace, so it is found by its hash.
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (workspace_id, user_id);

CREATE TABLE api_tokens (
  workspace_id  uuid        NOT NULL,
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  token_hash    text        NOT NULL,
  token_prefix  text        NOT NULL,
  scopes        text[]      NOT NULL,
  created_by    uuid        NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

CREATE TABLE audit_log (
  workspace_id  uuid        NOT NULL,
  id            bigserial   NOT NULL,
  at            timestamptz NOT NULL,
  actor_kind    text        NOT NULL,
  actor_id      uuid,
  action        text        NOT NULL,
  entity_type   text        NOT NULL,
  entity_id     text,
  ip            text,
  request_id    text,
  details       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (workspace_id, entity_type, entity_id, id);
CREATE INDEX audit_log_at ON audit_log (workspace_id, at);
