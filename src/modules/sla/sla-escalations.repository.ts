/** Escalation steps that ran (the idempotency guard) and the tasks they created. */
import type { Sql } from '../../platform/db.ts';

// ---------------------------------------------------------------------------------------------------------------
// Escalations and tasks

/** Records that a step ran; false when it already had (the idempotency guard). */
export async function insertEscalation(
  sql: Sql,
  workspaceId: string,
  entry: { ticketId: string; stepKey: string; policyId: string | null; trigger: string; metric: string | null; cycle: number | null; action: string; details: Record<string, unknown>; now: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO sla_escalations (workspace_id, ticket_id, step_key, policy_id, trigger, metric, cycle, action, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING 1`,
    [workspaceId, entry.ticketId, entry.stepKey, entry.policyId, entry.trigger, entry.metric, entry.cycle, entry.action, entry.details, entry.now],
  );
  return rows.length > 0;
}

export async function updateEscalationDetails(sql: Sql, workspaceId: string, ticketId: string, stepKey: string, details: Record<string, unknown>): Promise<void> {
  await sql.query(`UPDATE sla_escalations SET details = $4 WHERE workspace_id = $1 AND ticket_id = $2 AND step_key = $3`, [workspaceId, ticketId, stepKey, details]);
}

export interface TaskRecord {
  id: string;
  ticketId: string;
  ticketNumber: string;
  kind: string;
  metric: string | null;
  cycle: number | null;
  note: string;
  assigneeId: string | null;
  teamId: string | null;
  status: 'open' | 'done';
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}

interface TaskRow {
  id: string;
  ticket_id: string;
  ticket_number: string;
  kind: string;
  metric: string | null;
  cycle: number | null;
  note: string;
  assignee_id: string | null;
  team_id: string | null;
  status: 'open' | 'done';
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
}

const toTask = (row: TaskRow): TaskRecord => ({
  id: row.id,
  ticketId: row.ticket_id,
  ticketNumber: row.ticket_number,
  kind: row.kind,
  metric: row.metric,
  cycle: row.cycle,
  note: row.note,
  assigneeId: row.assignee_id,
  teamId: row.team_id,
  status: row.status,
  createdAt: row.created_at,
  completedAt: row.completed_at,
  completedBy: row.completed_by,
});

export async function insertTask(sql: Sql, workspaceId: string, task: Omit<TaskRecord, 'status' | 'completedAt' | 'completedBy'>): Promise<void> {
  await sql.query(
    `INSERT INTO sla_tasks (workspace_id, id, ticket_id, ticket_number, kind, metric, cycle, note, assignee_id, team_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [workspaceId, task.id, task.ticketId, task.ticketNumber, task.kind, task.metric, task.cycle, task.note, task.assigneeId, task.teamId, task.createdAt],
  );
}

export async function selectTasks(
  sql: Sql,
  workspaceId: string,
  filter: { assigneeId?: string; teamIds?: readonly string[]; status?: 'open' | 'done'; ticketId?: string; limit: number },
): Promise<TaskRecord[]> {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  if (filter.assigneeId && filter.teamIds) {
    params.push(filter.assigneeId, filter.teamIds);
    where.push(`(assignee_id = $${params.length - 1} OR (assignee_id IS NULL AND team_id = ANY($${params.length}::uuid[])))`);
  } else if (filter.assigneeId) {
    params.push(filter.assigneeId);
    where.push(`assignee_id = $${params.length}`);
  }
  if (filter.status) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  if (filter.ticketId) {
    params.push(filter.ticketId);
    where.push(`ticket_id = $${params.length}`);
  }
  params.push(filter.limit);
  const rows = await sql.query<TaskRow>(`SELECT * FROM sla_tasks WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT $${params.length}`, params);
  return rows.map(toTask);
}

export async function selectTask(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<TaskRecord | undefined> {
  const rows = await sql.query<TaskRow>(`SELECT * FROM sla_tasks WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] && toTask(rows[0]);
}

export async function completeTask(sql: Sql, workspaceId: string, id: string, userId: string | null, now: Date): Promise<void> {
  await sql.query(`UPDATE sla_tasks SET status = 'done', completed_at = $3, completed_by = $4 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, now, userId]);
}
