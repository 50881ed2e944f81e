-- Customers (contacts), their organisations and the identities (e-mail, phone, WeChat openid,
-- external id) that recognise a returning customer on any channel. Every table leads with workspace_id.

CREATE TABLE organizations (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  name          text        NOT NULL,
  domain        text,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX organizations_name ON organizations (workspace_id, lower(name));

CREATE TABLE customers (
  workspace_id     uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id               uuid        NOT NULL,
  -- Empty when only a contact is known: a name derived from the e-mail would unmask it.
  name             text        NOT NULL DEFAULT '',
  organization_id  uuid,
  tags             text[]      NOT NULL DEFAULT '{}',
  notes            text        NOT NULL DEFAULT '',
  locale           text,
  external_ref     text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  version          integer     NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, organization_id) REFERENCES organizations (workspace_id, id)
);
-- The list is newest first with a (created_at, id) keyset cursor.
CREATE INDEX customers_recent ON customers (workspace_id, created_at DESC, id DESC);
CREATE INDEX customers_organization ON customers (workspace_id, organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX customers_tags ON customers USING gin (tags);
-- Substring search on names (ILIKE '%…%'); Chinese names of one or two characters fall back to a scan.
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);

-- The primary key is the dedup rule: one (kind, normalised value) belongs to one customer per workspace,
-- and concurrent intake of the same contact collides here instead of creating a twin.
CREATE TABLE customer_identities (
  workspace_id  uuid        NOT NULL,
  kind          text        NOT NULL CHECK (kind IN ('email', 'phone', 'wechat_openid', 'external_id')),
  value         text        NOT NULL,
  customer_id   uuid        NOT NULL,
  created_at    timestamptz NOT NULL,
  -- Insertion order: the first e-mail/phone added is the one shown in summaries.
  seq           bigint      GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (workspace_id, kind, value),
  FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_identities_customer ON customer_identities (workspace_id, customer_id, seq);
CREATE INDEX customer_identities_value_trgm ON customer_identities USING gin (value gin_trgm_ops);
