/** Aggregate counts of tickets for dashboards, computed by the database in one statement. */
import type { Sql } from '../../platform/db.ts';
import { visibleToClause } from './ticket-list.repository.ts';

export interface TicketCountRows {
  byStatus: Map<string, number>;
  byPriority: Map<string, number>;
  bySlaState: Map<string, number>;
  /** Team id (or null: no team) → count. */
  byTeam: Map<string | null, number>;
  unassigned: number;
  createdSince: number;
  solvedSince: number;
}

/**
 * Open work (tickets in `activeStatuses`) by status, priority, SLA state and team, unassigned open work, and the
 * tickets created and solved since an instant. Open work is read once (a CTE referenced several times is
 * materialised once); the two "since" counts take the created and solved indexes.
 */
export async function selectTicketCounts(
  sql: Sql,
  workspaceId: string,
  options: { activeStatuses: readonly string[]; since: Date; visibleTo?: { departmentIds: readonly string[]; userId: string | null } },
): Promise<TicketCountRows> {
  const params: unknown[] = [workspaceId];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  // A literal list, as the status index's planner estimates expect (see the list query).
  const statuses = options.activeStatuses.map((status) => add(status)).join(', ');
  const since = add(options.since);
  const visible = options.visibleTo ? ` AND ${visibleToClause(options.visibleTo, add)}` : '';
  const rows = await sql.query<{ dimension: string; key: string | null; n: number }>(
    `WITH open_work AS (
       SELECT status, priority, sla_state, team_id, assignee_id FROM tickets
        WHERE workspace_id = $1 AND status IN (${statuses})${visible}
     )
     SELECT 'status' AS dimension, status AS key, count(*)::int AS n FROM open_work GROUP BY status
     UNION ALL SELECT 'priority', priority, count(*)::int FROM open_work GROUP BY priority
     UNION ALL SELECT 'sla_state', sla_state, count(*)::int FROM open_work GROUP BY sla_state
     UNION ALL SELECT 'team', team_id::text, count(*)::int FROM open_work GROUP BY team_id
     UNION ALL SELECT 'unassigned', NULL, count(*)::int FROM open_work WHERE assignee_id IS NULL
     UNION ALL SELECT 'created', NULL, count(*)::int FROM tickets WHERE workspace_id = $1 AND created_at >= ${since}${visible}
     UNION ALL SELECT 'solved', NULL, count(*)::int FROM tickets WHERE workspace_id = $1 AND solved_at >= ${since}${visible}`,
    params,
  );
  const counts: TicketCountRows = { byStatus: new Map(), byPriority: new Map(), bySlaState: new Map(), byTeam: new Map(), unassigned: 0, createdSince: 0, solvedSince: 0 };
  for (const row of rows) {
    if (row.dimension === 'status') counts.byStatus.set(row.key!, row.n);
    else if (row.dimension === 'priority') counts.byPriority.set(row.key!, row.n);
    else if (row.dimension === 'sla_state') counts.bySlaState.set(row.key!, row.n);
    else if (row.dimension === 'team') counts.byTeam.set(row.key, row.n);
    else if (row.dimension === 'unassigned') counts.unassigned = row.n;
    else if (row.dimension === 'created') counts.createdSince = row.n;
    else if (row.dimension === 'solved') counts.solvedSince = row.n;
  }
  return counts;
}
