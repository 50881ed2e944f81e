-- Knowledge base: categories, articles (a working copy and its numbered versions), attachments, article uses in
-- replies, help-center feedback, recorded searches and the case library. Every table leads with workspace_id.

-- Every write to a searchable row takes the next number: a node's in-process search index asks for rows above the
-- last number it has seen, so it follows changes made on any node without rebuilding.
CREATE SEQUENCE kb_change_seq;

-- Per workspace: whether the default categories were created (so deleting one does not bring it back).
CREATE TABLE kb_workspaces (
  workspace_id        uuid        NOT NULL REFERENCES workspaces (workspace_id),
  defaults_seeded_at  timestamptz NOT NULL,
  PRIMARY KEY (workspace_id)
);

CREATE TABLE kb_categories (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  parent_id     uuid,
  slug          text        NOT NULL,
  name_en       text        NOT NULL,
  name_zh       text        NOT NULL,
  position      integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, parent_id) REFERENCES kb_categories (workspace_id, id)
);
CREATE UNIQUE INDEX kb_categories_slug ON kb_categories (workspace_id, slug);

-- The working copy of an article. What the help center, the bot and search show is the published version
-- (kb_article_versions at published_version), which stays live while a new draft of it is written and reviewed.
CREATE TABLE kb_articles (
  workspace_id       uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id                 uuid        NOT NULL,
  -- Variants of one article in other languages share it.
  translation_group  uuid        NOT NULL,
  locale             text        NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  category_id        uuid        NOT NULL,
  slug               text        NOT NULL,
  title              text        NOT NULL,
  summary            text        NOT NULL DEFAULT '',
  body_html          text        NOT NULL,
  body_text          text        NOT NULL,
  tags               text[]      NOT NULL DEFAULT '{}',
  visibility         text        NOT NULL CHECK (visibility IN ('public', 'internal')),
  status             text        NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
  version            integer     NOT NULL,
  published_version  integer,
  published_at       timestamptz,
  first_published_at timestamptz,
  review_by          date,
  author_id          uuid,
  submitted_by       uuid,
  submitted_at       timestamptz,
  reviewed_by        uuid,
  review_note        text,
  helpful_count      integer     NOT NULL DEFAULT 0,
  not_helpful_count  integer     NOT NULL DEFAULT 0,
  use_count          integer     NOT NULL DEFAULT 0,
  change_seq         bigint      NOT NULL DEFAULT nextval('kb_change_seq'),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, category_id) REFERENCES kb_categories (workspace_id, id)
);
CREATE UNIQUE INDEX kb_articles_slug ON kb_articles (workspace_id, slug);
CREATE UNIQUE INDEX kb_articles_translation ON kb_articles (workspace_id, translation_group, locale);
CREATE INDEX kb_articles_changes ON kb_articles (workspace_id, change_seq);
CREATE INDEX kb_articles_list ON kb_articles (workspace_id, updated_at DESC, id DESC);

-- Every saved state of an article, numbered from 1; versions are never changed once written.
CREATE TABLE kb_article_versions (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  article_id    uuid        NOT NULL,
  version       integer     NOT NULL,
  title         text        NOT NULL,
  summary       text        NOT NULL,
  body_html     text        NOT NULL,
  body_text     text        NOT NULL,
  tags          text[]      NOT NULL,
  category_id   uuid        NOT NULL,
  visibility    text        NOT NULL,
  edited_by     uuid,
  note          text,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, article_id, version),
  FOREIGN KEY (workspace_id, article_id) REFERENCES kb_articles (workspace_id, id)
);

-- Workflow steps (submitted, published, sent back, archived, restored), for the freshness report and the history.
CREATE TABLE kb_article_events (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  article_id    uuid        NOT NULL,
  action        text        NOT NULL,
  version       integer     NOT NULL,
  actor_id      uuid,
  note          text,
  at            timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, article_id) REFERENCES kb_articles (workspace_id, id)
);
CREATE INDEX kb_article_events_article ON kb_article_events (workspace_id, article_id, at);
CREATE INDEX kb_article_events_at ON kb_article_events (workspace_id, action, at);

-- Files and images of an article; the bytes live in the attachment store.
CREATE TABLE kb_attachments (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  article_id    uuid        NOT NULL,
  filename      text        NOT NULL,
  content_type  text        NOT NULL,
  size_bytes    integer     NOT NULL,
  sha256        text        NOT NULL,
  storage_key   text        NOT NULL,
  uploaded_by   uuid,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, article_id) REFERENCES kb_articles (workspace_id, id)
);
CREATE INDEX kb_attachments_article ON kb_attachments (workspace_id, article_id);

-- An article inserted into a ticket's reply (once per ticket and article): "most used in replies".
CREATE TABLE kb_article_uses (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  article_id    uuid        NOT NULL,
  ticket_id     uuid        NOT NULL,
  user_id       uuid,
  used_at       timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, article_id, ticket_id)
);
CREATE INDEX kb_article_uses_at ON kb_article_uses (workspace_id, used_at);

-- "Was this helpful" from the help center.
CREATE TABLE kb_article_feedback (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  article_id    uuid        NOT NULL,
  is_helpful    boolean     NOT NULL,
  comment       text,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX kb_article_feedback_article ON kb_article_feedback (workspace_id, article_id, created_at);

-- Searches as typed (agents, help center, bot): suggestions from past queries, and "searches that found nothing".
CREATE TABLE kb_searches (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id            uuid        NOT NULL,
  query         text        NOT NULL,
  normalized    text        NOT NULL,
  source        text        NOT NULL CHECK (source IN ('agent', 'help', 'bot')),
  result_count  integer     NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX kb_searches_recent ON kb_searches (workspace_id, created_at DESC);

-- Case library: a solved ticket or complaint told as problem, cause, resolution and compensation, personal data removed.
CREATE TABLE kb_cases (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (workspace_id),
  id             uuid        NOT NULL,
  source         text        NOT NULL CHECK (source IN ('ticket', 'complaint', 'manual')),
  source_id      uuid,
  source_number  text,
  locale         text        NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  title          text        NOT NULL,
  problem        text        NOT NULL,
  cause          text        NOT NULL DEFAULT '',
  resolution     text        NOT NULL,
  compensation   text        NOT NULL DEFAULT '',
  tags           text[]      NOT NULL DEFAULT '{}',
  category_id    uuid,
  created_by     uuid,
  version        integer     NOT NULL DEFAULT 1,
  deleted_at     timestamptz,
  change_seq     bigint      NOT NULL DEFAULT nextval('kb_change_seq'),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX kb_cases_changes ON kb_cases (workspace_id, change_seq);
CREATE INDEX kb_cases_list ON kb_cases (workspace_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX kb_cases_source ON kb_cases (workspace_id, source, source_id) WHERE source_id IS NOT NULL AND deleted_at IS NULL;
