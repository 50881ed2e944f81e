/** The compensation ledger's queries: executed compensations of a period and their totals. */
import type { Sql } from '../../platform/db.ts';

export interface LedgerRow {
  id: string;
  complaintId: string;
  ticketId: string;
  ticketNumber: string;
  type: string;
  amountMinor: number;
  currency: string;
  rootCause: string;
  teamId: string | null;
  approverId: string | null;
  proposedBy: string | null;
  executedAt: Date;
}

export type LedgerGroup = 'month' | 'day' | 'cause' | 'team' | 'type';

export interface LedgerTotal {
  key: string | null;
  currency: string;
  count: number;
  amountMinor: number;
}

/** Executed compensations of [from, to), oldest first, a page after the keyset `after`. */
export async function selectLedgerRows(sql: Sql, workspaceId: string, filter: { from: Date; to: Date; after?: { executedAt: Date; id: string }; limit: number }): Promise<LedgerRow[]> {
  const params: unknown[] = [workspaceId, filter.from, filter.to, filter.limit];
  let after = '';
  if (filter.after) {
    params.push(filter.after.executedAt, filter.after.id);
    after = ` AND (p.executed_at, p.id) > ($5::timestamptz, $6::uuid)`;
  }
  return sql.query<LedgerRow>(
    `SELECT p.id, p.complaint_id AS "complaintId", p.ticket_id AS "ticketId", c.ticket_number AS "ticketNumber", p.type, p.amount_minor AS "amountMinor", p.currency,
            p.root_cause AS "rootCause", p.team_id AS "teamId", p.approver_id AS "approverId", p.proposed_by AS "proposedBy", p.executed_at AS "executedAt"
       FROM compensations p JOIN complaints c ON c.workspace_id = p.workspace_id AND c.id = p.complaint_id
      WHERE p.workspace_id = $1 AND p.executed_at >= $2 AND p.executed_at < $3${after}
      ORDER BY p.executed_at, p.id LIMIT $4`,
    params,
  );
}

/** Totals of the same rows by a group, per currency (amounts of different currencies are never added). */
export async function selectLedgerTotals(sql: Sql, workspaceId: string, filter: { from: Date; to: Date; groupBy: LedgerGroup; timezone: string }): Promise<LedgerTotal[]> {
  const key = {
    month: `to_char(executed_at AT TIME ZONE $4, 'YYYY-MM')`,
    day: `to_char(executed_at AT TIME ZONE $4, 'YYYY-MM-DD')`,
    cause: 'root_cause',
    team: 'team_id::text',
    type: 'type',
  }[filter.groupBy];
  return sql.query<LedgerTotal>(
    `SELECT ${key} AS key, currency, count(*)::int AS count, sum(amount_minor)::bigint AS "amountMinor"
       FROM compensations WHERE workspace_id = $1 AND executed_at >= $2 AND executed_at < $3
      GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2`,
    // Only the calendar groups name the time zone ($4).
    filter.groupBy === 'month' || filter.groupBy === 'day' ? [workspaceId, filter.from, filter.to, filter.timezone] : [workspaceId, filter.from, filter.to],
  );
}
