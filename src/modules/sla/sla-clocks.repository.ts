/** A ticket's SLA state (`ticket_sla`) and its target clocks (`sla_targets`), read and written by the engine. */
import { prepared, type Sql } from '../../platform/db.ts';
import type { TargetClock, TargetStatus } from './sla-clock.ts';
import type { Metric } from './sla-policy.ts';

// ---------------------------------------------------------------------------------------------------------------
// Ticket state

export interface TicketSlaRecord {
  ticketId: string;
  number: string;
  ticketStatus: string;
  isOpen: boolean;
  priority: string | null;
  urgency: string | null;
  type: string | null;
  channel: string | null;
  teamId: string | null;
  departmentId: string | null;
  assigneeId: string | null;
  customerId: string | null;
  customerTags: string[];
  customerOrganization: string | null;
  ticketCreatedAt: Date;
  policyId: string | null;
  policyVersion: number | null;
  calendarId: string | null;
  calendarVersion: number | null;
  configEpoch: number;
  firstRespondedAt: Date | null;
  lastAgentReplyAt: Date | null;
  reopenedAt: Date | null;
  awaitingReplySince: Date | null;
  pausedSince: Date | null;
  pauses: [number, number][];
  lastEventId: number;
}

interface TicketSlaRow {
  ticket_id: string;
  number: string;
  ticket_status: string;
  is_open: boolean;
  priority: string | null;
  urgency: string | null;
  type: string | null;
  channel: string | null;
  team_id: string | null;
  department_id: string | null;
  assignee_id: string | null;
  customer_id: string | null;
  customer_tags: string[];
  customer_organization: string | null;
  ticket_created_at: Date;
  policy_id: string | null;
  policy_version: number | null;
  calendar_id: string | null;
  calendar_version: number | null;
  config_epoch: number;
  first_responded_at: Date | null;
  last_agent_reply_at: Date | null;
  reopened_at: Date | null;
  awaiting_reply_since: Date | null;
  paused_since: Date | null;
  pauses: [number, number][];
  last_event_id: number;
}

// Named columns, not *: a prepared statement must keep its result shape when a later migration adds a column.
const TICKET_SLA_COLUMNS = `ticket_id, number, ticket_status, is_open, priority, type, channel, team_id, department_id, assignee_id,
  customer_id, customer_tags, customer_organization, ticket_created_at, policy_id, policy_version, calendar_id, calendar_version,
  config_epoch, first_responded_at, last_agent_reply_at, reopened_at, awaiting_reply_since, paused_since, pauses, last_event_id, urgency`;

const toTicketSla = (row: TicketSlaRow): TicketSlaRecord => ({
  ticketId: row.ticket_id,
  number: row.number,
  ticketStatus: row.ticket_status,
  isOpen: row.is_open,
  priority: row.priority,
  urgency: row.urgency ?? null,
  type: row.type,
  channel: row.channel,
  teamId: row.team_id,
  departmentId: row.department_id,
  assigneeId: row.assignee_id,
  customerId: row.customer_id,
  customerTags: row.customer_tags,
  customerOrganization: row.customer_organization,
  ticketCreatedAt: row.ticket_created_at,
  policyId: row.policy_id,
  policyVersion: row.policy_version,
  calendarId: row.calendar_id,
  calendarVersion: row.calendar_version,
  configEpoch: row.config_epoch,
  firstRespondedAt: row.first_responded_at,
  lastAgentReplyAt: row.last_agent_reply_at,
  reopenedAt: row.reopened_at,
  awaitingReplySince: row.awaiting_reply_since,
  pausedSince: row.paused_since,
  pauses: row.pauses,
  lastEventId: row.last_event_id,
});

/**
 * The engine's row for a ticket. `lock`: 'wait' serialises the engine's work on one ticket; 'nowait' throws
 * (55P03) instead of waiting, for timer handlers that already hold a claimed timer row.
 */
export async function selectTicketSla(sql: Sql, workspaceId: string, ticketId: string, lock?: 'wait' | 'nowait'): Promise<TicketSlaRecord | undefined> {
  const suffix = lock === 'wait' ? ' FOR UPDATE' : lock === 'nowait' ? ' FOR UPDATE NOWAIT' : '';
  const rows = await sql.query<TicketSlaRow>(prepared(`SELECT ${TICKET_SLA_COLUMNS} FROM ticket_sla WHERE workspace_id = $1 AND ticket_id = $2${suffix}`), [workspaceId, ticketId]);
  return rows[0] && toTicketSla(rows[0]);
}

/**
 * Starts a ticket's SLA row; false when another transaction already did. Only the identifying
 * columns are written: the caller saves the full state with `updateTicketSla` before committing.
 */
export async function insertTicketSla(sql: Sql, workspaceId: string, record: TicketSlaRecord, now: Date): Promise<boolean> {
  const rows = await sql.query(
    prepared(`INSERT INTO ticket_sla (workspace_id, ticket_id, number, ticket_status, is_open, ticket_created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`),
    [workspaceId, record.ticketId, record.number, record.ticketStatus, record.isOpen, record.ticketCreatedAt, now],
  );
  return rows.length > 0;
}

export async function updateTicketSla(sql: Sql, workspaceId: string, r: TicketSlaRecord, now: Date): Promise<void> {
  await sql.query(
    prepared(`UPDATE ticket_sla SET number = $3, ticket_status = $4, is_open = $5, priority = $6, type = $7, channel = $8, team_id = $9,
            department_id = $10, assignee_id = $11, customer_id = $12, customer_tags = $13, customer_organization = $14,
            policy_id = $15, policy_version = $16, calendar_id = $17, calendar_version = $18, config_epoch = $19,
            first_responded_at = $20, last_agent_reply_at = $21, reopened_at = $22, awaiting_reply_since = $23,
            paused_since = $24, pauses = $25, last_event_id = $26, updated_at = $27, urgency = $28
      WHERE workspace_id = $1 AND ticket_id = $2`),
    [
      workspaceId,
      r.ticketId,
      r.number,
      r.ticketStatus,
      r.isOpen,
      r.priority,
      r.type,
      r.channel,
      r.teamId,
      r.departmentId,
      r.assigneeId,
      r.customerId,
      JSON.stringify(r.customerTags),
      r.customerOrganization,
      r.policyId,
      r.policyVersion,
      r.calendarId,
      r.calendarVersion,
      r.configEpoch,
      r.firstRespondedAt,
      r.lastAgentReplyAt,
      r.reopenedAt,
      r.awaitingReplySince,
      r.pausedSince,
      JSON.stringify(r.pauses),
      r.lastEventId,
      now,
      r.urgency,
    ],
  );
}

/** Open tickets applied under an older configuration, oldest epoch first, for the recompute job. */
export async function selectStaleTicketIds(sql: Sql, workspaceId: string, epoch: number, limit: number): Promise<string[]> {
  const rows = await sql.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM ticket_sla WHERE workspace_id = $1 AND is_open AND config_epoch < $2 ORDER BY config_epoch LIMIT $3`,
    [workspaceId, epoch, limit],
  );
  return rows.map((row) => row.ticket_id);
}

// ---------------------------------------------------------------------------------------------------------------
// Targets

export interface TargetRecord extends TargetClock {
  metric: Metric;
  cycle: number;
  policyId: string | null;
  calendarId: string | null;
}

interface TargetRow {
  metric: Metric;
  cycle: number;
  policy_id: string | null;
  status: TargetStatus;
  target_ms: number;
  business_time: boolean;
  calendar_id: string | null;
  warn_elapsed_ms: number | null;
  started_at: Date;
  elapsed_ms: number;
  running_since: Date | null;
  paused_at: Date | null;
  due_at: Date | null;
  warn_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
  met_at: Date | null;
  stopped_at: Date | null;
}

const TARGET_COLUMNS = `metric, cycle, policy_id, calendar_id, status, target_ms, business_time, warn_elapsed_ms, started_at, elapsed_ms,
  running_since, paused_at, due_at, warn_at, warned_at, breached_at, met_at, stopped_at`;

const toTarget = (row: TargetRow): TargetRecord => ({
  metric: row.metric,
  cycle: row.cycle,
  policyId: row.policy_id,
  calendarId: row.calendar_id,
  status: row.status,
  targetMs: row.target_ms,
  businessTime: row.business_time,
  warnElapsedMs: row.warn_elapsed_ms,
  startedAt: row.started_at,
  elapsedMs: row.elapsed_ms,
  runningSince: row.running_since,
  pausedAt: row.paused_at,
  dueAt: row.due_at,
  warnAt: row.warn_at,
  warnedAt: row.warned_at,
  breachedAt: row.breached_at,
  metAt: row.met_at,
  stoppedAt: row.stopped_at,
});

export async function selectTargets(sql: Sql, workspaceId: string, ticketId: string): Promise<TargetRecord[]> {
  const rows = await sql.query<TargetRow>(prepared(`SELECT ${TARGET_COLUMNS} FROM ticket_sla_targets WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY started_at, metric, cycle`), [
    workspaceId,
    ticketId,
  ]);
  return rows.map(toTarget);
}

/** Writes the targets (new or changed) of one ticket in one statement. */
export async function upsertTargets(sql: Sql, workspaceId: string, ticketId: string, targets: readonly TargetRecord[], now: Date): Promise<void> {
  if (targets.length === 0) return;
  const ms = (value: number | null) => (value === null ? null : Math.round(value));
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  await sql.query(
    prepared(`INSERT INTO ticket_sla_targets (workspace_id, ticket_id, metric, cycle, policy_id, status, target_ms, business_time, calendar_id,
                                     warn_elapsed_ms, started_at, elapsed_ms, running_since, paused_at, due_at, warn_at, warned_at,
                                     breached_at, met_at, stopped_at, updated_at)
     SELECT $1, $2, t.metric, t.cycle, t.policy_id, t.status, t.target_ms, t.business_time, t.calendar_id,
            t.warn_elapsed_ms, t.started_at, t.elapsed_ms, t.running_since, t.paused_at, t.due_at, t.warn_at, t.warned_at,
            t.breached_at, t.met_at, t.stopped_at, $3
       FROM jsonb_to_recordset($4::jsonb) AS t(metric text, cycle int, policy_id uuid, status text, target_ms bigint, business_time boolean,
              calendar_id uuid, warn_elapsed_ms bigint, started_at timestamptz, elapsed_ms bigint, running_since timestamptz,
              paused_at timestamptz, due_at timestamptz, warn_at timestamptz, warned_at timestamptz, breached_at timestamptz,
              met_at timestamptz, stopped_at timestamptz)
     ON CONFLICT (workspace_id, ticket_id, metric, cycle) DO UPDATE SET
       policy_id = EXCLUDED.policy_id, status = EXCLUDED.status, target_ms = EXCLUDED.target_ms, business_time = EXCLUDED.business_time,
       calendar_id = EXCLUDED.calendar_id, warn_elapsed_ms = EXCLUDED.warn_elapsed_ms, elapsed_ms = EXCLUDED.elapsed_ms,
       running_since = EXCLUDED.running_since, paused_at = EXCLUDED.paused_at, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at,
       warned_at = EXCLUDED.warned_at, breached_at = EXCLUDED.breached_at, met_at = EXCLUDED.met_at, stopped_at = EXCLUDED.stopped_at,
       updated_at = EXCLUDED.updated_at`),
    [
      workspaceId,
      ticketId,
      now,
      JSON.stringify(
        targets.map((t) => ({
          metric: t.metric,
          cycle: t.cycle,
          policy_id: t.policyId,
          status: t.status,
          target_ms: ms(t.targetMs),
          business_time: t.businessTime,
          calendar_id: t.calendarId,
          warn_elapsed_ms: ms(t.warnElapsedMs),
          started_at: iso(t.startedAt),
          elapsed_ms: ms(t.elapsedMs),
          running_since: iso(t.runningSince),
          paused_at: iso(t.pausedAt),
          due_at: iso(t.dueAt),
          warn_at: iso(t.warnAt),
          warned_at: iso(t.warnedAt),
          breached_at: iso(t.breachedAt),
          met_at: iso(t.metAt),
          stopped_at: iso(t.stoppedAt),
        })),
      ),
    ],
  );
}
