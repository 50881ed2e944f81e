import type { Sql } from '../../platform/db.ts';

/** The queries of the search re-index: tickets whose stored search document an older text pipeline built. */

export interface StaleSearchRow {
  workspaceId: string;
  id: string;
  subject: string;
  customerId: string;
}

/**
 * Claims up to `limit` tickets built by a pipeline older than `version`, locked so a concurrent writer
 * waits and then appends to the rebuilt document; rows another node holds are skipped. Like the timer and
 * outbox claims, this sweep spans workspaces; everything after it is asked per workspace. `version` is
 * inlined (a small integer) so the planner can match the partial index tickets_search_stale.
 */
export async function claimStaleSearchRows(tx: Sql, version: number, limit: number): Promise<StaleSearchRow[]> {
  const rows = await tx.query<{ workspace_id: string; id: string; subject: string; customer_id: string }>(
    `SELECT workspace_id, id, subject, customer_id FROM tickets
      WHERE search_version < ${Math.trunc(version)}
      ORDER BY workspace_id, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((row) => ({ workspaceId: row.workspace_id, id: row.id, subject: row.subject, customerId: row.customer_id }));
}

/** Message bodies of tickets in conversation order (copied ones included: they are the target's messages now). */
export async function selectMessageBodies(tx: Sql, workspaceId: string, ticketIds: readonly string[]): Promise<{ ticketId: string; body: string }[]> {
  const rows = await tx.query<{ ticket_id: string; body: string }>(
    `SELECT ticket_id, body FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = ANY($2::uuid[]) ORDER BY ticket_id, seq`,
    [workspaceId, ticketIds],
  );
  return rows.map((row) => ({ ticketId: row.ticket_id, body: row.body }));
}

/** Subjects of tickets merged into these ones (a merge adds the source's subject to the target's search text). */
export async function selectMergedSubjects(tx: Sql, workspaceId: string, ticketIds: readonly string[]): Promise<{ targetId: string; subject: string }[]> {
  const rows = await tx.query<{ merged_into_id: string; subject: string }>(
    `SELECT merged_into_id, subject FROM tickets WHERE workspace_id = $1 AND merged_into_id = ANY($2::uuid[]) ORDER BY merged_into_id, created_at, id`,
    [workspaceId, ticketIds],
  );
  return rows.map((row) => ({ targetId: row.merged_into_id, subject: row.subject }));
}

export interface SearchDocumentParts {
  id: string;
  subject: string;
  customer: string;
  body: string;
}

/**
 * Replaces the search vectors of tickets (same weights as at creation: A = subject and number,
 * B = customer, D = conversation) and records the pipeline version. Neither `version` nor `updated_at`
 * changes: the document is derived data, and editors must not get conflicts from it.
 */
export async function writeSearchDocuments(tx: Sql, workspaceId: string, documents: readonly SearchDocumentParts[], version: number): Promise<void> {
  if (documents.length === 0) return;
  await tx.query(
    `UPDATE tickets t
        SET search_vector = setweight(to_tsvector('simple', d.subject_doc || ' ' || lower(t.number)), 'A')
              || setweight(to_tsvector('simple', d.customer_doc), 'B') || to_tsvector('simple', d.body_doc),
            search_version = $3
       FROM jsonb_to_recordset($2::jsonb) AS d(id uuid, subject_doc text, customer_doc text, body_doc text)
      WHERE t.workspace_id = $1 AND t.id = d.id`,
    [workspaceId, JSON.stringify(documents.map((doc) => ({ id: doc.id, subject_doc: doc.subject, customer_doc: doc.customer, body_doc: doc.body }))), version],
  );
}
