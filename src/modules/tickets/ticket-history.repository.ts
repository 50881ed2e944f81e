/** Reads over past tickets for other modules' look-backs (a rule's dry run, a customer's earlier ticket). */
import type { Sql } from '../../platform/db.ts';
import { TICKET_COLUMNS, toTicket, type TicketRecord } from './tickets.repository.ts';

/** Tickets created in [from, to), oldest first, merged ones left out. */
export async function selectTicketsCreatedBetween(sql: Sql, workspaceId: string, from: Date, to: Date, limit: number): Promise<TicketRecord[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${TICKET_COLUMNS} FROM tickets
      WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND merged_into_id IS NULL
      ORDER BY created_at, id LIMIT $4`,
    [workspaceId, from, to, limit],
  );
  return rows.map(toTicket);
}

/** The customer's latest ticket created in [since, before), other than `excludeId`, of `type` when given. */
export async function selectEarlierTicket(
  sql: Sql,
  workspaceId: string,
  filter: { customerId: string; since: Date; before: Date; excludeId: string; type: string | null },
): Promise<{ id: string; number: string } | undefined> {
  const rows = await sql.query<{ id: string; number: string }>(
    `SELECT id, number FROM tickets
      WHERE workspace_id = $1 AND customer_id = $2 AND created_at >= $3 AND created_at < $4 AND id <> $5
        AND merged_into_id IS NULL AND ($6::text IS NULL OR type = $6)
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [workspaceId, filter.customerId, filter.since, filter.before, filter.excludeId, filter.type],
  );
  return rows[0];
}
