/** The bulk change's write to the tickets table: many locked tickets in one statement. */
import type { Sql } from '../../platform/db.ts';
import { TICKET_COLUMNS, toTicket, type TicketRecord } from './tickets.repository.ts';

/** The columns a bulk change may write; each row carries the ticket's full new values for them. */
export type BulkTicketValues = Pick<TicketRecord, 'id' | 'status' | 'assigneeId' | 'teamId' | 'tags' | 'solvedAt' | 'closedAt'>;

/**
 * Writes a bulk change to many locked tickets in one statement (each row's version goes up by one). The
 * caller holds the rows FOR UPDATE and passes their whole new values, so no row is read twice.
 */
export async function updateTicketRows(tx: Sql, workspaceId: string, rows: readonly BulkTicketValues[], now: Date): Promise<TicketRecord[]> {
  if (rows.length === 0) return [];
  const result = await tx.query(
    `UPDATE tickets t
        SET status = r.status, assignee_id = r.assignee_id, team_id = r.team_id, tags = r.tags,
            solved_at = r.solved_at, closed_at = r.closed_at, version = t.version + 1, updated_at = $2
       FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, status text, assignee_id uuid, team_id uuid, tags text[], solved_at timestamptz, closed_at timestamptz)
      WHERE t.workspace_id = $1 AND t.id = r.id
      RETURNING ${TICKET_COLUMNS.split(',').map((column) => `t.${column.trim()}`).join(', ')}`,
    [
      workspaceId,
      now,
      JSON.stringify(
        rows.map((row) => ({
          id: row.id,
          status: row.status,
          assignee_id: row.assigneeId,
          team_id: row.teamId,
          tags: row.tags,
          solved_at: row.solvedAt?.toISOString() ?? null,
          closed_at: row.closedAt?.toISOString() ?? null,
        })),
      ),
    ],
  );
  return result.map(toTicket);
}
