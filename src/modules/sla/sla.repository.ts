import { prepared, type Sql } from '../../platform/db.ts';
import type { TargetClock, TargetStatus } from './sla-clock.ts';
import type { EscalationStep, Metric, PolicyConditions, PolicyTarget } from './sla-policy.ts';

// ---------------------------------------------------------------------------------------------------------------
// Calendars

export interface CalendarRecord {
  id: string;
  name: string;
  definition: unknown;
  version: number;
  teamIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

interface CalendarRow {
  id: string;
  name: string;
  definition: unknown;
  version: number;
  team_ids: string[] | null;
  created_at: Date;
  updated_at: Date;
}

const toCalendar = (row: CalendarRow): CalendarRecord => ({
  id: row.id,
  name: row.name,
  definition: row.definition,
  version: row.version,
  teamIds: row.team_ids ?? [],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const CALENDAR_COLUMNS = `c.id, c.name, c.definition, c.version, c.created_at, c.updated_at,
  (SELECT array_agg(tc.team_id ORDER BY tc.team_id) FROM team_calendars tc WHERE tc.workspace_id = c.workspace_id AND tc.calendar_id = c.id) AS team_ids`;

export async function selectCalendars(sql: Sql, workspaceId: string): Promise<CalendarRecord[]> {
  const rows = await sql.query<CalendarRow>(`SELECT ${CALENDAR_COLUMNS} FROM business_calendars c WHERE c.workspace_id = $1 ORDER BY lower(c.name)`, [workspaceId]);
  return rows.map(toCalendar);
}

export async function selectCalendar(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<CalendarRecord | undefined> {
  const rows = await sql.query<CalendarRow>(
    `SELECT ${CALENDAR_COLUMNS} FROM business_calendars c WHERE c.workspace_id = $1 AND c.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return rows[0] && toCalendar(rows[0]);
}

/** Definitions and versions of several calendars, for the engine. */
export async function selectCalendarDefinitions(sql: Sql, workspaceId: string, ids: string[]): Promise<{ id: string; definition: unknown; version: number }[]> {
  if (ids.length === 0) return [];
  return sql.query(`SELECT id, definition, version FROM business_calendars WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
}

/** Inserts unless the name is taken; undefined when taken. */
export async function insertCalendar(sql: Sql, workspaceId: string, input: { id: string; name: string; definition: unknown; now: Date }): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO business_calendars (workspace_id, id, name, definition, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (workspace_id, lower(name)) DO NOTHING RETURNING id`,
    [workspaceId, input.id, input.name, input.definition, input.now],
  );
  return rows.length > 0;
}

export async function updateCalendar(sql: Sql, workspaceId: string, id: string, input: { name: string; definition: unknown; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE business_calendars SET name = $3, definition = $4, version = version + 1, updated_at = $5 WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, input.name, input.definition, input.now],
  );
}

export async function isCalendarNameTaken(sql: Sql, workspaceId: string, name: string, exceptId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM business_calendars WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3`, [workspaceId, name, exceptId]);
  return rows.length > 0;
}

export async function countCalendarUsage(sql: Sql, workspaceId: string, id: string): Promise<{ policies: number; teams: number }> {
  const rows = await sql.query<{ policies: number; teams: number }>(
    `SELECT (SELECT count(*)::int FROM sla_policies WHERE workspace_id = $1 AND calendar_id = $2) AS policies,
            (SELECT count(*)::int FROM team_calendars WHERE workspace_id = $1 AND calendar_id = $2) AS teams`,
    [workspaceId, id],
  );
  return rows[0] ?? { policies: 0, teams: 0 };
}

export async function deleteCalendar(sql: Sql, workspaceId: string, id: string): Promise<void> {
  await sql.query(`DELETE FROM business_calendars WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

export async function setTeamCalendar(sql: Sql, workspaceId: string, teamId: string, calendarId: string | null): Promise<void> {
  if (calendarId === null) {
    await sql.query(`DELETE FROM team_calendars WHERE workspace_id = $1 AND team_id = $2`, [workspaceId, teamId]);
    return;
  }
  await sql.query(
    `INSERT INTO team_calendars (workspace_id, team_id, calendar_id) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, team_id) DO UPDATE SET calendar_id = EXCLUDED.calendar_id`,
    [workspaceId, teamId, calendarId],
  );
}

export async function selectTeamCalendarId(sql: Sql, workspaceId: string, teamId: string): Promise<string | null> {
  const rows = await sql.query<{ calendar_id: string }>(prepared(`SELECT calendar_id FROM team_calendars WHERE workspace_id = $1 AND team_id = $2`), [workspaceId, teamId]);
  return rows[0]?.calendar_id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings and policies

/** Creates the workspace's settings row; true when this call created it (the caller seeds the defaults). */
export async function insertSettings(sql: Sql, workspaceId: string, now: Date): Promise<boolean> {
  const rows = await sql.query(prepared(`INSERT INTO sla_settings (workspace_id, defaults_seeded_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`), [workspaceId, now]);
  return rows.length > 0;
}

export async function selectConfigEpoch(sql: Sql, workspaceId: string): Promise<number> {
  const rows = await sql.query<{ config_epoch: number }>(prepared(`SELECT config_epoch FROM sla_settings WHERE workspace_id = $1`), [workspaceId]);
  return rows[0]?.config_epoch ?? 0;
}

/** Marks every open ticket's applied policy as out of date; returns the new epoch. */
export async function bumpConfigEpoch(sql: Sql, workspaceId: string): Promise<number> {
  const rows = await sql.query<{ config_epoch: number }>(
    `UPDATE sla_settings SET config_epoch = config_epoch + 1 WHERE workspace_id = $1 RETURNING config_epoch`,
    [workspaceId],
  );
  return rows[0]?.config_epoch ?? 0;
}

export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  position: number;
  isActive: boolean;
  conditions: PolicyConditions;
  targets: PolicyTarget[];
  calendarId: string | null;
  countBotReplies: boolean;
  reopenRestartsResolution: boolean;
  escalation: EscalationStep[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface PolicyRow {
  id: string;
  name: string;
  description: string;
  position: number;
  is_active: boolean;
  conditions: PolicyConditions;
  targets: PolicyTarget[];
  calendar_id: string | null;
  count_bot_replies: boolean;
  reopen_restarts_resolution: boolean;
  escalation: EscalationStep[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toPolicy = (row: PolicyRow): PolicyRecord => ({
  id: row.id,
  name: row.name,
  description: row.description,
  position: row.position,
  isActive: row.is_active,
  conditions: row.conditions,
  targets: row.targets,
  calendarId: row.calendar_id,
  countBotReplies: row.count_bot_replies,
  reopenRestartsResolution: row.reopen_restarts_resolution,
  escalation: row.escalation,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function selectPolicies(sql: Sql, workspaceId: string): Promise<PolicyRecord[]> {
  const rows = await sql.query<PolicyRow>(`SELECT * FROM sla_policies WHERE workspace_id = $1 ORDER BY position, created_at`, [workspaceId]);
  return rows.map(toPolicy);
}

export async function selectPolicy(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<PolicyRecord | undefined> {
  const rows = await sql.query<PolicyRow>(`SELECT * FROM sla_policies WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] && toPolicy(rows[0]);
}

export type PolicyWrite = Omit<PolicyRecord, 'version' | 'createdAt' | 'updatedAt'>;

/** Inserts unless the name is taken; false when taken. */
export async function insertPolicy(sql: Sql, workspaceId: string, policy: PolicyWrite, now: Date): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO sla_policies (workspace_id, id, name, description, position, is_active, conditions, targets, calendar_id,
                               count_bot_replies, reopen_restarts_resolution, escalation, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     ON CONFLICT (workspace_id, lower(name)) DO NOTHING RETURNING id`,
    [
      workspaceId,
      policy.id,
      policy.name,
      policy.description,
      policy.position,
      policy.isActive,
      policy.conditions,
      JSON.stringify(policy.targets),
      policy.calendarId,
      policy.countBotReplies,
      policy.reopenRestartsResolution,
      JSON.stringify(policy.escalation),
      now,
    ],
  );
  return rows.length > 0;
}

export async function updatePolicy(sql: Sql, workspaceId: string, policy: PolicyWrite, now: Date): Promise<void> {
  await sql.query(
    `UPDATE sla_policies SET name = $3, description = $4, is_active = $5, conditions = $6, targets = $7, calendar_id = $8,
            count_bot_replies = $9, reopen_restarts_resolution = $10, escalation = $11, version = version + 1, updated_at = $12
      WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      policy.id,
      policy.name,
      policy.description,
      policy.isActive,
      policy.conditions,
      JSON.stringify(policy.targets),
      policy.calendarId,
      policy.countBotReplies,
      policy.reopenRestartsResolution,
      JSON.stringify(policy.escalation),
      now,
    ],
  );
}

export async function isPolicyNameTaken(sql: Sql, workspaceId: string, name: string, exceptId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM sla_policies WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3`, [workspaceId, name, exceptId]);
  return rows.length > 0;
}

export async function deletePolicy(sql: Sql, workspaceId: string, id: string): Promise<void> {
  await sql.query(`DELETE FROM sla_policies WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

/** Positions 0..n-1 in the given order (ids are all of the workspace's policies). */
export async function updatePositions(sql: Sql, workspaceId: string, ids: string[], now: Date): Promise<void> {
  await sql.query(
    `UPDATE sla_policies p SET position = o.position - 1, updated_at = $3
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
      WHERE p.workspace_id = $1 AND p.id = o.id`,
    [workspaceId, ids, now],
  );
}

/** Locks the workspace's policy list, so concurrent creates and reorders get consistent positions. */
export async function lockSettings(sql: Sql, workspaceId: string): Promise<void> {
  await sql.query(`SELECT 1 FROM sla_settings WHERE workspace_id = $1 FOR UPDATE`, [workspaceId]);
}

// ---------------------------------------------------------------------------------------------------------------
// Ticket state

export interface TicketSlaRecord {
  ticketId: string;
  number: string;
  ticketStatus: string;
  isOpen: boolean;
  priority: string | null;
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
  config_epoch, first_responded_at, last_agent_reply_at, reopened_at, awaiting_reply_since, paused_since, pauses, last_event_id`;

const toTicketSla = (row: TicketSlaRow): TicketSlaRecord => ({
  ticketId: row.ticket_id,
  number: row.number,
  ticketStatus: row.ticket_status,
  isOpen: row.is_open,
  priority: row.priority,
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
            paused_since = $24, pauses = $25, last_event_id = $26, updated_at = $27
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

