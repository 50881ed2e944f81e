/** The only SQL on complaints, compensations, follow-up tasks and their settings; every function takes the workspace first. */
import type { Sql } from '../../platform/db.ts';
import type { ComplaintStatus, CompensationType, RootCause, Severity } from './complaint-flow.ts';

export interface ComplaintSettings {
  approvalThresholdMinor: number;
  currency: string;
  followUpMaxAttempts: number;
  complaintTeamId: string | null;
}

export async function selectSettings(sql: Sql, workspaceId: string): Promise<ComplaintSettings> {
  const rows = await sql.query<ComplaintSettings>(
    `SELECT approval_threshold_minor AS "approvalThresholdMinor", currency, follow_up_max_attempts AS "followUpMaxAttempts", complaint_team_id AS "complaintTeamId"
       FROM complaint_settings WHERE workspace_id = $1`,
    [workspaceId],
  );
  return rows[0] ?? { approvalThresholdMinor: 20000, currency: 'CNY', followUpMaxAttempts: 3, complaintTeamId: null };
}

export async function upsertSettings(sql: Sql, workspaceId: string, settings: ComplaintSettings, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO complaint_settings (workspace_id, approval_threshold_minor, currency, follow_up_max_attempts, complaint_team_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id) DO UPDATE SET approval_threshold_minor = $2, currency = $3, follow_up_max_attempts = $4, complaint_team_id = $5, updated_at = $6`,
    [workspaceId, settings.approvalThresholdMinor, settings.currency, settings.followUpMaxAttempts, settings.complaintTeamId, now],
  );
}

// ---- complaints ----

export interface ComplaintRecord {
  id: string;
  ticketId: string;
  ticketNumber: string;
  customerId: string | null;
  status: ComplaintStatus;
  severity: Severity;
  rootCause: RootCause;
  summary: string;
  aboutSlowResponse: boolean;
  occurredAt: Date | null;
  orderNo: string | null;
  contact: string | null;
  amountInvolvedMinor: number | null;
  currency: string | null;
  isRepeat: boolean;
  previousId: string | null;
  teamId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  confirmedAt: Date | null;
  respondedAt: Date | null;
  closedAt: Date | null;
  version: number;
}

const COMPLAINT_COLUMNS = `id, ticket_id AS "ticketId", ticket_number AS "ticketNumber", customer_id AS "customerId", status, severity, root_cause AS "rootCause",
  summary, about_slow_response AS "aboutSlowResponse", occurred_at AS "occurredAt", order_no AS "orderNo", contact, amount_involved_minor AS "amountInvolvedMinor",
  currency, is_repeat AS "isRepeat", previous_id AS "previousId", team_id AS "teamId", created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt",
  confirmed_at AS "confirmedAt", responded_at AS "respondedAt", closed_at AS "closedAt", version`;

export type NewComplaint = Omit<ComplaintRecord, 'updatedAt' | 'confirmedAt' | 'respondedAt' | 'closedAt' | 'version'>;

export async function insertComplaint(sql: Sql, workspaceId: string, row: NewComplaint): Promise<ComplaintRecord> {
  const rows = await sql.query<ComplaintRecord>(
    `INSERT INTO complaints (workspace_id, id, ticket_id, ticket_number, customer_id, status, severity, root_cause, summary, about_slow_response, occurred_at, order_no,
                             contact, amount_involved_minor, currency, is_repeat, previous_id, team_id, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
     RETURNING ${COMPLAINT_COLUMNS}`,
    [
      workspaceId,
      row.id,
      row.ticketId,
      row.ticketNumber,
      row.customerId,
      row.status,
      row.severity,
      row.rootCause,
      row.summary,
      row.aboutSlowResponse,
      row.occurredAt,
      row.orderNo,
      row.contact,
      row.amountInvolvedMinor,
      row.currency,
      row.isRepeat,
      row.previousId,
      row.teamId,
      row.createdBy,
      row.createdAt,
    ],
  );
  return rows[0]!;
}

const COMPLAINT_FIELDS: Record<string, string> = {
  status: 'status',
  occurredAt: 'occurred_at',
  orderNo: 'order_no',
  contact: 'contact',
  amountInvolvedMinor: 'amount_involved_minor',
  currency: 'currency',
  isRepeat: 'is_repeat',
  previousId: 'previous_id',
  confirmedAt: 'confirmed_at',
  respondedAt: 'responded_at',
  closedAt: 'closed_at',
};

export async function updateComplaint(sql: Sql, workspaceId: string, id: string, patch: Partial<ComplaintRecord>, now: Date): Promise<ComplaintRecord> {
  const params: unknown[] = [workspaceId, id, now];
  const sets = Object.entries(patch)
    .filter(([key, value]) => COMPLAINT_FIELDS[key] && value !== undefined)
    .map(([key, value]) => {
      params.push(value);
      return `${COMPLAINT_FIELDS[key]} = $${params.length}`;
    });
  const rows = await sql.query<ComplaintRecord>(
    `UPDATE complaints SET ${[...sets, 'updated_at = $3', 'version = version + 1'].join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COMPLAINT_COLUMNS}`,
    params,
  );
  return rows[0]!;
}

export async function selectComplaint(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ComplaintRecord | undefined> {
  const rows = await sql.query<ComplaintRecord>(`SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0];
}

/** The latest earlier complaint about the same order (other than `exceptId`): what makes a complaint a repeat. */
export async function selectEarlierOnOrder(sql: Sql, workspaceId: string, orderNo: string, exceptId: string): Promise<ComplaintRecord | undefined> {
  const rows = await sql.query<ComplaintRecord>(
    `SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE workspace_id = $1 AND order_no = $2 AND id <> $3 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [workspaceId, orderNo, exceptId],
  );
  return rows[0];
}

export async function selectComplaints(sql: Sql, workspaceId: string, filter: { status?: string; ticketId?: string; limit: number }): Promise<ComplaintRecord[]> {
  const params: unknown[] = [workspaceId, filter.limit];
  const where = ['workspace_id = $1'];
  if (filter.status) {
    params.push(filter.status);
    where.push(filter.status === 'open' ? `status <> 'closed' AND $${params.length} = 'open'` : `status = $${params.length}`);
  }
  if (filter.ticketId) {
    params.push(filter.ticketId);
    where.push(`ticket_id = $${params.length}`);
  }
  return sql.query<ComplaintRecord>(`SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
}

export async function complaintCounts(sql: Sql, workspaceId: string, from: Date, to: Date): Promise<{ total: number; repeats: number; byRootCause: { rootCause: string; total: number; repeats: number }[] }> {
  const rows = await sql.query<{ rootCause: string; total: number; repeats: number }>(
    `SELECT root_cause AS "rootCause", count(*)::int AS total, count(*) FILTER (WHERE is_repeat)::int AS repeats
       FROM complaints WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY root_cause ORDER BY total DESC, root_cause`,
    [workspaceId, from, to],
  );
  return { total: rows.reduce((sum, row) => sum + row.total, 0), repeats: rows.reduce((sum, row) => sum + row.repeats, 0), byRootCause: rows };
}

// ---- compensations ----

export type CompensationStatus = 'pending_approval' | 'approved' | 'rejected' | 'executed';

export interface CompensationRecord {
  id: string;
  complaintId: string;
  ticketId: string;
  type: CompensationType;
  amountMinor: number;
  currency: string;
  description: string;
  status: CompensationStatus;
  rootCause: string;
  teamId: string | null;
  executorDepartmentId: string | null;
  subtaskId: string | null;
  proposedBy: string | null;
  approverId: string | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  executedAt: Date | null;
  createdAt: Date;
}

const COMPENSATION_COLUMNS = `id, complaint_id AS "complaintId", ticket_id AS "ticketId", type, amount_minor AS "amountMinor", currency, description, status,
  root_cause AS "rootCause", team_id AS "teamId", executor_department_id AS "executorDepartmentId", subtask_id AS "subtaskId", proposed_by AS "proposedBy",
  approver_id AS "approverId", decided_at AS "decidedAt", rejection_reason AS "rejectionReason", executed_at AS "executedAt", created_at AS "createdAt"`;

export async function insertCompensation(sql: Sql, workspaceId: string, row: Omit<CompensationRecord, 'decidedAt' | 'rejectionReason' | 'executedAt' | 'subtaskId'>): Promise<CompensationRecord> {
  const rows = await sql.query<CompensationRecord>(
    `INSERT INTO compensations (workspace_id, id, complaint_id, ticket_id, type, amount_minor, currency, description, status, root_cause, team_id,
                                executor_department_id, proposed_by, approver_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${COMPENSATION_COLUMNS}`,
    [
      workspaceId,
      row.id,
      row.complaintId,
      row.ticketId,
      row.type,
      row.amountMinor,
      row.currency,
      row.description,
      row.status,
      row.rootCause,
      row.teamId,
      row.executorDepartmentId,
      row.proposedBy,
      row.approverId,
      row.createdAt,
    ],
  );
  return rows[0]!;
}

export async function updateCompensation(
  sql: Sql,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<CompensationRecord, 'status' | 'approverId' | 'decidedAt' | 'rejectionReason' | 'executedAt' | 'subtaskId'>>,
): Promise<CompensationRecord> {
  const columns: Record<string, string> = { status: 'status', approverId: 'approver_id', decidedAt: 'decided_at', rejectionReason: 'rejection_reason', executedAt: 'executed_at', subtaskId: 'subtask_id' };
  const params: unknown[] = [workspaceId, id];
  const sets = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      params.push(value);
      return `${columns[key]} = $${params.length}`;
    });
  const rows = await sql.query<CompensationRecord>(`UPDATE compensations SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COMPENSATION_COLUMNS}`, params);
  return rows[0]!;
}

export async function selectCompensation(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CompensationRecord | undefined> {
  const rows = await sql.query<CompensationRecord>(`SELECT ${COMPENSATION_COLUMNS} FROM compensations WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0];
}

export async function selectCompensationBySubtask(sql: Sql, workspaceId: string, subtaskId: string): Promise<CompensationRecord | undefined> {
  const rows = await sql.query<CompensationRecord>(`SELECT ${COMPENSATION_COLUMNS} FROM compensations WHERE workspace_id = $1 AND subtask_id = $2 FOR UPDATE`, [workspaceId, subtaskId]);
  return rows[0];
}

export async function selectCompensations(sql: Sql, workspaceId: string, filter: { complaintId?: string; status?: CompensationStatus; limit: number }): Promise<CompensationRecord[]> {
  const params: unknown[] = [workspaceId, filter.limit];
  const where = ['workspace_id = $1'];
  if (filter.complaintId) {
    params.push(filter.complaintId);
    where.push(`complaint_id = $${params.length}`);
  }
  if (filter.status) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  return sql.query<CompensationRecord>(`SELECT ${COMPENSATION_COLUMNS} FROM compensations WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT $2`, params);
}
