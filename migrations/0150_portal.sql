-- The customer portal: customers sign in by a one-time e-mail link (or a password they chose), hold a session of
-- their own (apart from staff sessions), and the public web form; abuse counters are rows so every node agrees.

CREATE TABLE portal_sign_in_links (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  -- sha256 of the token in the link: the token itself is only ever in the e-mail.
  token_hash    text        NOT NULL,
  email         text        NOT NULL,
  locale        text,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX portal_sign_in_links_token ON portal_sign_in_links (token_hash);
CREATE INDEX portal_sign_in_links_expiry ON portal_sign_in_links (workspace_id, expires_at);

CREATE TABLE portal_sessions (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  token_hash    text        NOT NULL,
  customer_id   uuid        NOT NULL,
  -- The address the customer proved they read (the link's, or the password's): the password is set for it.
  email         text        NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX portal_sessions_token ON portal_sessions (token_hash);
CREATE INDEX portal_sessions_customer ON portal_sessions (workspace_id, customer_id);

-- The optional password a signed-in customer sets; the e-mail is kept normalised, one password per address.
CREATE TABLE portal_passwords (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  email          text        NOT NULL,
  customer_id    uuid        NOT NULL,
  password_hash  text        NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, email)
);

-- Fixed-window counters of the abuse limits (per IP, per address), one row per key and window.
CREATE TABLE portal_rate_counters (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  scope         text        NOT NULL,
  key           text        NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer     NOT NULL,
  PRIMARY KEY (workspace_id, scope, key, window_start)
);
CREATE INDEX portal_rate_counters_window ON portal_rate_counters (workspace_id, window_start);

-- Per-workspace secret that signs the web form's "form opened at" token (minimum fill time).
CREATE TABLE portal_settings (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  form_secret   text        NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);
