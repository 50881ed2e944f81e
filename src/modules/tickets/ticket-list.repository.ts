/** The ticket list query: filters, keyset pagination by sort, and bounded full-text search. */
import { prepared, type Sql } from '../../platform/db.ts';
import type { SortKey } from './ticket-list-query.ts';
import { TICKET_COLUMNS, toTicket, type TicketRecord } from './tickets.repository.ts';

export interface TicketListFilter {
  statuses?: readonly string[];
  priorities?: readonly string[];
  /** Tickets assigned to one of these users. */
  assigneeIds?: readonly string[];
  unassigned?: boolean;
  teamIds?: readonly string[];
  departmentIds?: readonly string[];
  types?: readonly string[];
  channels?: readonly string[];
  tags?: readonly string[];
  customerId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  slaAtRisk?: boolean;
  /** A to_tsquery('simple', …) expression. */
  tsQuery?: string;
  /** Row-level restriction (specialists): their departments' tickets or tickets assigned to them. */
  visibleTo?: { departmentIds: readonly string[]; userId: string | null };
}

export interface TicketListPage {
  sort: SortKey;
  descending: boolean;
  /** Sort values of the last row already seen, as produced by sortValuesOf(). */
  after?: readonly unknown[];
  limit: number;
}

const SORT_COLUMNS: Record<SortKey, { expressions: string[]; casts: string[] }> = {
  created_at: { expressions: ['created_at', 'id'], casts: ['timestamptz', 'uuid'] },
  updated_at: { expressions: ['updated_at', 'id'], casts: ['timestamptz', 'uuid'] },
  priority: { expressions: ['priority', 'created_at', 'id'], casts: ['text', 'timestamptz', 'uuid'] },
  next_sla_due: { expressions: [`COALESCE(sla_next_due_at, 'infinity'::timestamptz)`, 'id'], casts: ['timestamptz', 'uuid'] },
};

/** The values of a row that a keyset cursor records for a sort. */
export function sortValuesOf(ticket: TicketRecord, sort: SortKey): unknown[] {
  switch (sort) {
    case 'created_at':
      return [ticket.createdAt.toISOString(), ticket.id];
    case 'updated_at':
      return [ticket.updatedAt.toISOString(), ticket.id];
    case 'priority':
      return [ticket.priority, ticket.createdAt.toISOString(), ticket.id];
    case 'next_sla_due':
      return [ticket.slaNextDueAt ? ticket.slaNextDueAt.toISOString() : 'infinity', ticket.id];
  }
}

/** canSeeTicket (ticket-list-query.ts) as SQL, for lists and counts of a restricted viewer. */
export function visibleToClause(visibleTo: { departmentIds: readonly string[]; userId: string | null }, add: (value: unknown) => string): string {
  return `(department_id = ANY(${add(visibleTo.departmentIds)}::uuid[]) OR assignee_id = ${add(visibleTo.userId)}::uuid)`;
}

/** What row-level access needs to know of each ticket (canSeeTicket), for many tickets in one query. */
export async function selectTicketAccess(sql: Sql, workspaceId: string, ids: readonly string[]): Promise<{ id: string; departmentId: string | null; assigneeId: string | null }[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<{ id: string; department_id: string | null; assignee_id: string | null }>(
    prepared('SELECT id, department_id, assignee_id FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[])'),
    [workspaceId, ids],
  );
  return rows.map((row) => ({ id: row.id, departmentId: row.department_id, assigneeId: row.assignee_id }));
}

/** Rows of a view checked in sort order before a search falls back to collecting every match. */
const SEARCH_WINDOW = 2000;

export async function selectTicketPage(sql: Sql, workspaceId: string, filter: TicketListFilter, page: TicketListPage): Promise<TicketRecord[]> {
  const where: string[] = ['workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const anyOf = (column: string, values: readonly string[] | undefined, cast = 'text') => {
    if (values === undefined) return;
    where.push(values.length === 1 ? `${column} = ${add(values[0])}::${cast}` : `${column} = ANY(${add(values)}::${cast}[])`);
  };
  // Written as literal lists where the partial indexes need to recognise them.
  if (filter.statuses) {
    where.push(filter.statuses.length === 1 ? `status = ${add(filter.statuses[0])}` : `status IN (${filter.statuses.map((s) => add(s)).join(', ')})`);
  }
  anyOf('priority', filter.priorities);
  if (filter.unassigned) where.push('assignee_id IS NULL');
  anyOf('assignee_id', filter.assigneeIds, 'uuid');
  anyOf('team_id', filter.teamIds, 'uuid');
  anyOf('department_id', filter.departmentIds, 'uuid');
  anyOf('type', filter.types);
  anyOf('channel', filter.channels);
  if (filter.tags?.length) where.push(`tags @> ${add(filter.tags)}::text[]`);
  if (filter.customerId) where.push(`customer_id = ${add(filter.customerId)}::uuid`);
  if (filter.createdFrom) where.push(`created_at >= ${add(filter.createdFrom)}`);
  if (filter.createdTo) where.push(`created_at < ${add(filter.createdTo)}`);
  if (filter.slaAtRisk === true) where.push(`sla_state IN ('warning', 'breached')`);
  if (filter.slaAtRisk === false) where.push(`sla_state NOT IN ('warning', 'breached')`);
  if (filter.visibleTo) where.push(visibleToClause(filter.visibleTo, add));
  const { expressions, casts } = SORT_COLUMNS[page.sort];
  const direction = page.descending ? 'DESC' : 'ASC';
  if (page.after) {
    const placeholders = page.after.map((value, index) => `${add(value)}::${casts[index]}`);
    where.push(`(${expressions.join(', ')}) ${page.descending ? '<' : '>'} (${placeholders.join(', ')})`);
  }
  const orderBy = expressions.map((expression) => `${expression} ${direction}`).join(', ');
  const limit = add(page.limit);
  if (!filter.tsQuery) {
    const rows = await sql.query(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}`, params);
    return rows.map(toTicket);
  }
  // Search. The planner cannot know how often words occur together (or how many words a prefix
  // matches), so it picks badly between walking the sort index and collecting all matches from the
  // GIN index. Both paths are bounded here instead: first the newest SEARCH_WINDOW rows of the
  // view are checked in sort order (enough when the words are common); only when that window does
  // not fill the page are all matches collected from the GIN index and sorted (they are then few).
  const query = add(filter.tsQuery);
  const windowed = await sql.query(
    `SELECT ${TICKET_COLUMNS} FROM (
       SELECT ${TICKET_COLUMNS}, search_vector FROM tickets WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${SEARCH_WINDOW}
     ) recent
     WHERE search_vector @@ to_tsquery('simple', ${query}) ORDER BY ${orderBy} LIMIT ${limit}`,
    params,
  );
  if (windowed.length >= page.limit) return windowed.map(toTicket);
  const rows = await sql.query(
    `WITH matches AS MATERIALIZED (
       SELECT ${TICKET_COLUMNS} FROM tickets WHERE ${where.join(' AND ')} AND search_vector @@ to_tsquery('simple', ${query})
     )
     SELECT * FROM matches ORDER BY ${orderBy} LIMIT ${limit}`,
    params,
  );
  return rows.map(toTicket);
}
