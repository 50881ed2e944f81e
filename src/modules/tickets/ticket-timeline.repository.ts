/** The only code that queries ticket_timeline (the first row of a new ticket is inserted with it, in tickets.repository.ts). */
import { prepared, type DeferredKind, type Sql } from '../../platform/db.ts';

export interface NewTimelineRow {
  at: Date;
  stage: string;
  kind: string;
  operatorType: 'user' | 'system' | 'customer' | 'bot';
  operatorId: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  messageId?: string | null;
  attachmentIds?: string[];
  content?: string | null;
  nextStep?: string | null;
  details?: Record<string, unknown>;
}

export interface TimelineRecord {
  id: number;
  ticketId: string;
  at: Date;
  stage: string;
  kind: string;
  operatorType: NewTimelineRow['operatorType'];
  operatorId: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  messageId: string | null;
  attachmentIds: string[];
  content: string | null;
  nextStep: string | null;
  details: Record<string, unknown>;
}

const toTimeline = (row: Record<string, unknown>): TimelineRecord => ({
  id: row.id as number,
  ticketId: row.ticket_id as string,
  at: row.at as Date,
  stage: row.stage as string,
  kind: row.kind as string,
  operatorType: row.operator_type as TimelineRecord['operatorType'],
  operatorId: (row.operator_id as string | null) ?? null,
  changes: (row.changes as TimelineRecord['changes']) ?? {},
  messageId: (row.message_id as string | null) ?? null,
  attachmentIds: (row.attachment_ids as string[]) ?? [],
  content: (row.content as string | null) ?? null,
  nextStep: (row.next_step as string | null) ?? null,
  details: (row.details as Record<string, unknown>) ?? {},
});

export async function insertTimeline(tx: Sql, workspaceId: string, ticketId: string, entry: NewTimelineRow): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    prepared(`INSERT INTO ticket_timeline (workspace_id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, attachment_ids, content, next_step, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`),
    [
      workspaceId,
      ticketId,
      entry.at,
      entry.stage,
      entry.kind,
      entry.operatorType,
      entry.operatorId,
      entry.changes ?? {},
      entry.messageId ?? null,
      entry.attachmentIds ?? [],
      entry.content ?? null,
      entry.nextStep ?? null,
      entry.details ?? {},
    ],
  );
  return rows[0]!.id;
}

/** Timeline rows written at commit, many in one statement, in the order they were added. */
export const deferredTimelineRows: DeferredKind<{ workspaceId: string; ticketId: string; entry: NewTimelineRow }> = {
  async write(sql, rows) {
    await sql.query(
      `INSERT INTO ticket_timeline (workspace_id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, attachment_ids, content, next_step, details)
       SELECT t.workspace_id, t.ticket_id, t.at, t.stage, t.kind, t.operator_type, t.operator_id, t.changes, t.message_id,
              ARRAY(SELECT jsonb_array_elements_text(t.attachment_ids))::uuid[], t.content, t.next_step, t.details
         FROM jsonb_to_recordset($1::jsonb) AS t(ord int, workspace_id uuid, ticket_id uuid, at timestamptz, stage text, kind text, operator_type text,
                                                 operator_id uuid, changes jsonb, message_id uuid, attachment_ids jsonb, content text, next_step text, details jsonb)
        ORDER BY t.ord`,
      [
        JSON.stringify(
          rows.map(({ workspaceId, ticketId, entry }, ord) => ({
            ord,
            workspace_id: workspaceId,
            ticket_id: ticketId,
            at: entry.at.toISOString(),
            stage: entry.stage,
            kind: entry.kind,
            operator_type: entry.operatorType,
            operator_id: entry.operatorId,
            changes: entry.changes ?? {},
            message_id: entry.messageId ?? null,
            attachment_ids: entry.attachmentIds ?? [],
            content: entry.content ?? null,
            next_step: entry.nextStep ?? null,
            details: entry.details ?? {},
          })),
        ),
      ],
    );
  },
};

/** Whether a step belongs to the ticket (a cursor that led to an empty page may be someone else's). */
export async function hasTimelineStep(sql: Sql, workspaceId: string, ticketId: string, id: number): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM ticket_timeline WHERE workspace_id = $1 AND id = $2 AND ticket_id = $3`, [workspaceId, id, ticketId]);
  return rows.length > 0;
}

/**
 * A page of a ticket's steps in the order they happened (ties in the order written), after the step with id
 * `afterId`. The cursor step's time is compared in SQL, at the precision it is stored with.
 */
export async function selectTimeline(sql: Sql, workspaceId: string, ticketId: string, options: { afterId?: number; limit: number }): Promise<TimelineRecord[]> {
  const rows = await sql.query(
    `SELECT id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, attachment_ids, content, next_step, details
       FROM ticket_timeline
      WHERE workspace_id = $1 AND ticket_id = $2
        AND ($3::bigint IS NULL OR (at, id) > (SELECT c.at, c.id FROM ticket_timeline c WHERE c.workspace_id = $1 AND c.ticket_id = $2 AND c.id = $3))
      ORDER BY at, id LIMIT $4`,
    [workspaceId, ticketId, options.afterId ?? null, options.limit],
  );
  return rows.map(toTimeline);
}
