/** The only SQL on `subtasks` and `subtask_targets`; every function takes the workspace first. */
import type { SubtaskStatus } from '../../contracts/collaboration.ts';
import type { Sql } from '../../platform/db.ts';

export interface SubtaskRecord {
  id: string;
  ticketId: string;
  ticketNumber: string;
  ticketSubject: string;
  departmentId: string;
  assigneeId: string | null;
  title: string;
  description: string;
  status: SubtaskStatus;
  dueAt: Date | null;
  warnAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  notifyCustomer: boolean;
  resolution: string | null;
  cancelReason: string | null;
  origin: string;
  sourceKey: string | null;
  createdBy: string | null;
  completedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  version: number;
}

const COLUMNS = `id, ticket_id, ticket_number, ticket_subject, department_id, assignee_id, title, description, status, due_at, warn_at,
  warned_at, breached_at, notify_customer, resolution, cancel_reason, origin, source_key, created_by, completed_by, created_at, updated_at,
  completed_at, version`;

const toRecord = (row: Record<string, unknown>): SubtaskRecord => ({
  id: row.id as string,
  ticketId: row.ticket_id as string,
  ticketNumber: row.ticket_number as string,
  ticketSubject: row.ticket_subject as string,
  departmentId: row.department_id as string,
  assigneeId: (row.assignee_id as string | null) ?? null,
  title: row.title as string,
  description: row.description as string,
  status: row.status as SubtaskStatus,
  dueAt: (row.due_at as Date | null) ?? null,
  warnAt: (row.warn_at as Date | null) ?? null,
  warnedAt: (row.warned_at as Date | null) ?? null,
  breachedAt: (row.breached_at as Date | null) ?? null,
  notifyCustomer: row.notify_customer as boolean,
  resolution: (row.resolution as string | null) ?? null,
  cancelReason: (row.cancel_reason as string | null) ?? null,
  origin: row.origin as string,
  sourceKey: (row.source_key as string | null) ?? null,
  createdBy: (row.created_by as string | null) ?? null,
  completedBy: (row.completed_by as string | null) ?? null,
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
  completedAt: (row.completed_at as Date | null) ?? null,
  version: row.version as number,
});

export type NewSubtaskRow = Omit<SubtaskRecord, 'warnedAt' | 'breachedAt' | 'resolution' | 'cancelReason' | 'completedBy' | 'updatedAt' | 'completedAt' | 'version' | 'status'>;

/** Inserts a sub-task; undefined when its source key was taken (the caller reads the first one). */
export async function insertSubtask(sql: Sql, workspaceId: string, row: NewSubtaskRow): Promise<SubtaskRecord | undefined> {
  const rows = await sql.query(
    `INSERT INTO subtasks (workspace_id, id, ticket_id, ticket_number, ticket_subject, department_id, assignee_id, title, description, status,
                           due_at, warn_at, notify_customer, origin, source_key, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12, $13, $14, $15, $16, $16)
     ON CONFLICT (workspace_id, source_key) WHERE source_key IS NOT NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      workspaceId,
      row.id,
      row.ticketId,
      row.ticketNumber,
      row.ticketSubject,
      row.departmentId,
      row.assigneeId,
      row.title,
      row.description,
      row.dueAt,
      row.warnAt,
      row.notifyCustomer,
      row.origin,
      row.sourceKey,
      row.createdBy,
      row.createdAt,
    ],
  );
  return rows[0] && toRecord(rows[0]);
}

export async function selectSubtask(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<SubtaskRecord | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM subtasks WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] && toRecord(rows[0]);
}

export async function selectSubtaskBySource(sql: Sql, workspaceId: string, sourceKey: string): Promise<SubtaskRecord | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM subtasks WHERE workspace_id = $1 AND source_key = $2`, [workspaceId, sourceKey]);
  return rows[0] && toRecord(rows[0]);
}

export async function selectTicketSubtasks(sql: Sql, workspaceId: string, ticketId: string): Promise<SubtaskRecord[]> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM subtasks WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at, id`, [workspaceId, ticketId]);
  return rows.map(toRecord);
}

/** Progress of several tickets at once: done and counted (not cancelled) sub-tasks per ticket. */
export async function selectProgress(sql: Sql, workspaceId: string, ticketIds: readonly string[]): Promise<Map<string, { done: number; total: number }>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await sql.query<{ ticket_id: string; done: number; total: number }>(
    `SELECT ticket_id, count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status <> 'cancelled')::int AS total
       FROM subtasks WHERE workspace_id = $1 AND ticket_id = ANY($2::uuid[]) GROUP BY ticket_id`,
    [workspaceId, ticketIds],
  );
  return new Map(rows.map((row) => [row.ticket_id, { done: row.done, total: row.total }]));
}

export interface SubtaskListFilter {
  statuses?: readonly SubtaskStatus[];
  departmentIds?: readonly string[];
  assigneeId?: string;
  /** A specialist's limit: their departments or assigned to them. */
  visibleTo?: { departmentIds: readonly string[]; userId: string | null };
  /** Keyset position after the last row shown (due time — none last — then creation, then id). */
  after?: { dueAt: Date | null; createdAt: Date; id: string };
  limit: number;
}

/** A queue of sub-tasks: soonest due first (none last), then oldest. */
export async function selectSubtasks(sql: Sql, workspaceId: string, filter: SubtaskListFilter): Promise<SubtaskRecord[]> {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.statuses?.length) where.push(`status = ANY(${add(filter.statuses)}::text[])`);
  if (filter.departmentIds) where.push(`department_id = ANY(${add(filter.departmentIds)}::uuid[])`);
  if (filter.assigneeId) where.push(`assignee_id = ${add(filter.assigneeId)}`);
  if (filter.visibleTo) {
    where.push(`(department_id = ANY(${add(filter.visibleTo.departmentIds)}::uuid[]) OR assignee_id = ${add(filter.visibleTo.userId)})`);
  }
  if (filter.after) {
    const due = add(filter.after.dueAt ?? 'infinity');
    where.push(`(COALESCE(due_at, 'infinity'::timestamptz), created_at, id) > (${due}::timestamptz, ${add(filter.after.createdAt)}, ${add(filter.after.id)}::uuid)`);
  }
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM subtasks WHERE ${where.join(' AND ')}
      ORDER BY COALESCE(due_at, 'infinity'::timestamptz), created_at, id LIMIT ${add(filter.limit)}`,
    params,
  );
  return rows.map(toRecord);
}

export interface SubtaskPatch {
  assigneeId?: string | null;
  title?: string;
  description?: string;
  status?: SubtaskStatus;
  dueAt?: Date | null;
  warnAt?: Date | null;
  warnedAt?: Date | null;
  breachedAt?: Date | null;
  notifyCustomer?: boolean;
  resolution?: string | null;
  cancelReason?: string | null;
  completedBy?: string | null;
  completedAt?: Date | null;
}

const PATCH_COLUMNS: Record<keyof SubtaskPatch, string> = {
  assigneeId: 'assignee_id',
  title: 'title',
  description: 'description',
  status: 'status',
  dueAt: 'due_at',
  warnAt: 'warn_at',
  warnedAt: 'warned_at',
  breachedAt: 'breached_at',
  notifyCustomer: 'notify_customer',
  resolution: 'resolution',
  cancelReason: 'cancel_reason',
  completedBy: 'completed_by',
  completedAt: 'completed_at',
};

/** Writes the patch; `bumpVersion` for changes people make (the SLA marks of timers keep it). */
export async function updateSubtask(sql: Sql, workspaceId: string, id: string, patch: SubtaskPatch, options: { now: Date; bumpVersion: boolean }): Promise<SubtaskRecord> {
  const params: unknown[] = [workspaceId, id, options.now];
  const sets = ['updated_at = $3'];
  for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof SubtaskPatch, string][]) {
    if (patch[key] === undefined) continue;
    params.push(patch[key]);
    sets.push(`${column} = $${params.length}`);
  }
  if (options.bumpVersion) sets.push('version = version + 1');
  const rows = await sql.query(`UPDATE subtasks SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, params);
  return toRecord(rows[0]!);
}

export interface TargetRecord {
  departmentId: string;
  minutes: number;
  businessTime: boolean;
  warnPercent: number;
  updatedAt: Date;
}

const toTarget = (row: Record<string, unknown>): TargetRecord => ({
  departmentId: row.department_id as string,
  minutes: row.minutes as number,
  businessTime: row.business_time as boolean,
  warnPercent: row.warn_percent as number,
  updatedAt: row.updated_at as Date,
});

export async function selectTargets(sql: Sql, workspaceId: string): Promise<TargetRecord[]> {
  const rows = await sql.query(`SELECT department_id, minutes, business_time, warn_percent, updated_at FROM subtask_targets WHERE workspace_id = $1`, [workspaceId]);
  return rows.map(toTarget);
}

export async function selectTarget(sql: Sql, workspaceId: string, departmentId: string): Promise<TargetRecord | undefined> {
  const rows = await sql.query(`SELECT department_id, minutes, business_time, warn_percent, updated_at FROM subtask_targets WHERE workspace_id = $1 AND department_id = $2`, [
    workspaceId,
    departmentId,
  ]);
  return rows[0] && toTarget(rows[0]);
}

export async function upsertTarget(sql: Sql, workspaceId: string, target: Omit<TargetRecord, 'updatedAt'>, now: Date): Promise<TargetRecord> {
  const rows = await sql.query(
    `INSERT INTO subtask_targets (workspace_id, department_id, minutes, business_time, warn_percent, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, department_id) DO UPDATE SET minutes = EXCLUDED.minutes, business_time = EXCLUDED.business_time,
       warn_percent = EXCLUDED.warn_percent, updated_at = EXCLUDED.updated_at
     RETURNING department_id, minutes, business_time, warn_percent, updated_at`,
    [workspaceId, target.departmentId, target.minutes, target.businessTime, target.warnPercent, now],
  );
  return toTarget(rows[0]!);
}

export async function deleteTarget(sql: Sql, workspaceId: string, departmentId: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM subtask_targets WHERE workspace_id = $1 AND department_id = $2 RETURNING 1`, [workspaceId, departmentId]);
  return rows.length > 0;
}
