/** The only SQL on follow-up visits (回访). */
import type { Sql } from '../../platform/db.ts';

export type FollowUpReason = 'complaint' | 'low_csat' | 'p1' | 'slow_response';
export type FollowUpStatus = 'open' | 'done' | 'escalated';

export interface FollowUpRecord {
  id: string;
  ticketId: string;
  ticketNumber: string;
  complaintId: string | null;
  reason: FollowUpReason;
  status: FollowUpStatus;
  assigneeId: string | null;
  dueAt: Date;
  attempts: number;
  satisfied: boolean | null;
  outcome: string | null;
  sourceKey: string;
  createdAt: Date;
  completedAt: Date | null;
  escalatedAt: Date | null;
}

const COLUMNS = `id, ticket_id AS "ticketId", ticket_number AS "ticketNumber", complaint_id AS "complaintId", reason, status, assignee_id AS "assigneeId", due_at AS "dueAt",
  attempts, satisfied, outcome, source_key AS "sourceKey", created_at AS "createdAt", completed_at AS "completedAt", escalated_at AS "escalatedAt"`;

/** Inserts a task; undefined when its cause already made one. */
export async function insertFollowUp(sql: Sql, workspaceId: string, row: Pick<FollowUpRecord, 'id' | 'ticketId' | 'ticketNumber' | 'complaintId' | 'reason' | 'assigneeId' | 'dueAt' | 'sourceKey' | 'createdAt'>): Promise<FollowUpRecord | undefined> {
  const rows = await sql.query<FollowUpRecord>(
    `INSERT INTO follow_up_tasks (workspace_id, id, ticket_id, ticket_number, complaint_id, reason, status, assignee_id, due_at, source_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10)
     ON CONFLICT (workspace_id, source_key) DO NOTHING RETURNING ${COLUMNS}`,
    [workspaceId, row.id, row.ticketId, row.ticketNumber, row.complaintId, row.reason, row.assigneeId, row.dueAt, row.sourceKey, row.createdAt],
  );
  return rows[0];
}

export async function selectFollowUp(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<FollowUpRecord | undefined> {
  const rows = await sql.query<FollowUpRecord>(`SELECT ${COLUMNS} FROM follow_up_tasks WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0];
}

export async function updateFollowUp(sql: Sql, workspaceId: string, id: string, patch: Partial<Pick<FollowUpRecord, 'status' | 'assigneeId' | 'dueAt' | 'attempts' | 'satisfied' | 'outcome' | 'completedAt' | 'escalatedAt'>>): Promise<FollowUpRecord> {
  const columns: Record<string, string> = { status: 'status', assigneeId: 'assignee_id', dueAt: 'due_at', attempts: 'attempts', satisfied: 'satisfied', outcome: 'outcome', completedAt: 'completed_at', escalatedAt: 'escalated_at' };
  const params: unknown[] = [workspaceId, id];
  const sets = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      params.push(value);
      return `${columns[key]} = $${params.length}`;
    });
  const rows = await sql.query<FollowUpRecord>(`UPDATE follow_up_tasks SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, params);
  return rows[0]!;
}

export async function selectFollowUps(sql: Sql, workspaceId: string, filter: { status?: FollowUpStatus | 'active'; assigneeId?: string; ticketId?: string; complaintId?: string; limit: number }): Promise<FollowUpRecord[]> {
  const params: unknown[] = [workspaceId, filter.limit];
  const where = ['workspace_id = $1'];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.status === 'active') where.push(`status <> 'done'`);
  else if (filter.status) add((n) => `status = ${n}`, filter.status);
  if (filter.assigneeId) add((n) => `assignee_id = ${n}`, filter.assigneeId);
  if (filter.ticketId) add((n) => `ticket_id = ${n}`, filter.ticketId);
  if (filter.complaintId) add((n) => `complaint_id = ${n}`, filter.complaintId);
  return sql.query<FollowUpRecord>(`SELECT ${COLUMNS} FROM follow_up_tasks WHERE ${where.join(' AND ')} ORDER BY due_at, id LIMIT $2`, params);
}
