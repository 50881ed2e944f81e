-- New e-mail tickets the bot is asked to answer (workspaces with e-mail auto-replies on): queued by the
-- ticket.created subscriber, answered by a loop outside any transaction (the answer may call the provider).

CREATE TABLE bot_email_answers (
  workspace_id  uuid        NOT NULL REFERENCES workspaces (workspace_id),
  ticket_id     uuid        NOT NULL,
  question      text        NOT NULL,
  status        text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'answered', 'not_answered', 'failed')),
  attempts      integer     NOT NULL DEFAULT 0,
  lease_until   timestamptz,
  article_id    uuid,
  confidence    real,
  last_error    text,
  created_at    timestamptz NOT NULL,
  done_at       timestamptz,
  PRIMARY KEY (workspace_id, ticket_id)
);

CREATE INDEX bot_email_answers_queued ON bot_email_answers (created_at) WHERE status = 'queued';
