import type { Sql } from '../../../platform/db.ts';

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const CALL_OUTCOMES = ['answered', 'missed', 'voicemail', 'busy', 'failed'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallRecord {
  workspaceId: string;
  id: string;
  externalId: string | null;
  connectionId: string | null;
  direction: CallDirection;
  caller: string;
  callee: string;
  agentId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  outcome: CallOutcome;
  recordingUrl: string | null;
  customerId: string;
  ticketId: string;
  createdAt: Date;
}

interface CallRow {
  workspace_id: string;
  id: string;
  external_id: string | null;
  connection_id: string | null;
  direction: CallDirection;
  caller: string;
  callee: string;
  agent_id: string | null;
  started_at: Date;
  ended_at: Date | null;
  duration_seconds: number | null;
  outcome: CallOutcome;
  recording_url: string | null;
  customer_id: string;
  ticket_id: string;
  created_at: Date;
}

const COLUMNS = `workspace_id, id, external_id, connection_id, direction, caller, callee, agent_id, started_at, ended_at, duration_seconds, outcome,
  recording_url, customer_id, ticket_id, created_at`;

const toRecord = (row: CallRow): CallRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  externalId: row.external_id,
  connectionId: row.connection_id,
  direction: row.direction,
  caller: row.caller,
  callee: row.callee,
  agentId: row.agent_id,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  durationSeconds: row.duration_seconds,
  outcome: row.outcome,
  recordingUrl: row.recording_url,
  customerId: row.customer_id,
  ticketId: row.ticket_id,
  createdAt: row.created_at,
});

/** Null when a call with this external id is there already (another request stored it first). */
export async function insertCall(sql: Sql, workspaceId: string, call: Omit<CallRecord, 'workspaceId'>): Promise<CallRecord | null> {
  const rows = await sql.query<CallRow>(
    `INSERT INTO phone_calls (workspace_id, id, external_id, connection_id, direction, caller, callee, agent_id, started_at, ended_at, duration_seconds,
                              outcome, recording_url, customer_id, ticket_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING ${COLUMNS}`,
    [
      workspaceId,
      call.id,
      call.externalId,
      call.connectionId,
      call.direction,
      call.caller,
      call.callee,
      call.agentId,
      call.startedAt,
      call.endedAt,
      call.durationSeconds,
      call.outcome,
      call.recordingUrl,
      call.customerId,
      call.ticketId,
      call.createdAt,
    ],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function selectCallByExternalId(sql: Sql, workspaceId: string, externalId: string): Promise<CallRecord | undefined> {
  const rows = await sql.query<CallRow>(`SELECT ${COLUMNS} FROM phone_calls WHERE workspace_id = $1 AND external_id = $2`, [workspaceId, externalId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function selectCallsOfTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<CallRecord[]> {
  const rows = await sql.query<CallRow>(`SELECT ${COLUMNS} FROM phone_calls WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY started_at, id`, [workspaceId, ticketId]);
  return rows.map(toRecord);
}
