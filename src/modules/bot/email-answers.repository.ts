import type { Sql } from '../../platform/db.ts';

export interface QueuedEmailAnswer {
  workspaceId: string;
  ticketId: string;
  question: string;
  attempts: number;
}

export type EmailAnswerOutcome = { status: 'answered' | 'not_answered'; articleId: string | null; confidence: number } | { status: 'failed'; error: string };

export async function insertEmailAnswer(sql: Sql, workspaceId: string, row: { ticketId: string; question: string; at: Date }): Promise<void> {
  await sql.query(
    `INSERT INTO bot_email_answers (workspace_id, ticket_id, question, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, ticket_id) DO NOTHING`,
    [workspaceId, row.ticketId, row.question, row.at],
  );
}

/** Takes up to `limit` queued questions for `leaseMs`: a node that dies mid-answer gives them back when the lease ends. */
export async function claimEmailAnswers(sql: Sql, now: Date, leaseMs: number, limit: number): Promise<QueuedEmailAnswer[]> {
  return sql.query<QueuedEmailAnswer>(
    `UPDATE bot_email_answers SET lease_until = $2::timestamptz + make_interval(secs => $3 / 1000.0), attempts = attempts + 1
      WHERE (workspace_id, ticket_id) IN (
        SELECT workspace_id, ticket_id FROM bot_email_answers
         WHERE status = 'queued' AND (lease_until IS NULL OR lease_until <= $2)
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING workspace_id AS "workspaceId", ticket_id AS "ticketId", question, attempts`,
    [limit, now, leaseMs],
  );
}

export async function finishEmailAnswer(sql: Sql, workspaceId: string, ticketId: string, outcome: EmailAnswerOutcome, at: Date): Promise<void> {
  if (outcome.status === 'failed') {
    await sql.query(`UPDATE bot_email_answers SET status = 'failed', last_error = $3, done_at = $4, lease_until = NULL WHERE workspace_id = $1 AND ticket_id = $2`, [workspaceId, ticketId, outcome.error, at]);
    return;
  }
  await sql.query(
    `UPDATE bot_email_answers SET status = $3, article_id = $4, confidence = $5, done_at = $6, lease_until = NULL WHERE workspace_id = $1 AND ticket_id = $2`,
    [workspaceId, ticketId, outcome.status, outcome.articleId, outcome.confidence, at],
  );
}

/** Gives a claimed question back for another try after a failure that may pass. */
export async function releaseEmailAnswer(sql: Sql, workspaceId: string, ticketId: string, error: string, retryAt: Date): Promise<void> {
  await sql.query(`UPDATE bot_email_answers SET last_error = $3, lease_until = $4 WHERE workspace_id = $1 AND ticket_id = $2`, [workspaceId, ticketId, error, retryAt]);
}

export async function selectEmailAnswer(sql: Sql, workspaceId: string, ticketId: string): Promise<{ status: string; articleId: string | null; confidence: number | null } | undefined> {
  const rows = await sql.query<{ status: string; articleId: string | null; confidence: number | null }>(
    `SELECT status, article_id AS "articleId", confidence FROM bot_email_answers WHERE workspace_id = $1 AND ticket_id = $2`,
    [workspaceId, ticketId],
  );
  return rows[0];
}
