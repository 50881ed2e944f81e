/** The only SQL on `routing_teams`, `routing_agents` and `routing_tickets`; every function takes the workspace first. */
import type { Sql } from '../../platform/db.ts';
import type { SkillRule, Strategy } from './routing-strategies.ts';
import type { WeeklyHours } from './routing-schedule.ts';

export type LoadKind = 'ticket' | 'chat';

export interface TeamRouting {
  teamId: string;
  strategy: Strategy;
  skillRules: SkillRule[];
  reminderMinutes: number | null;
  lastAssignedUser: string | null;
  /** The team's working hours; null: its members are always on shift. */
  schedule: WeeklyHours | null;
  updatedAt: Date | null;
}

export interface AgentLoad {
  userId: string;
  chatCapacity: number;
  openTickets: number;
  openChats: number;
  /** The agent's own working hours, overriding their teams'; null: they work their team's. */
  schedule: WeeklyHours | null;
}

export interface RoutingTicket {
  ticketId: string;
  number: string;
  subject: string;
  teamId: string | null;
  assigneeId: string | null;
  countedFor: string | null;
  loadKind: LoadKind;
  tier: number;
  priority: string;
  type: string;
  channel: string;
  tags: string[];
  slaDueAt: Date | null;
  createdAt: Date;
  queuedAt: Date;
}

export const DEFAULT_CHAT_CAPACITY = 3;

const toTeam = (row: Record<string, unknown>): TeamRouting => ({
  teamId: row.team_id as string,
  strategy: row.strategy as Strategy,
  skillRules: (row.skill_rules as SkillRule[]) ?? [],
  reminderMinutes: (row.reminder_minutes as number | null) ?? null,
  lastAssignedUser: (row.last_assigned_user as string | null) ?? null,
  schedule: (row.schedule as WeeklyHours | null) ?? null,
  updatedAt: (row.updated_at as Date | null) ?? null,
});

const TICKET_COLUMNS = `ticket_id, number, subject, team_id, assignee_id, counted_for, load_kind, tier, priority, ticket_type, channel, tags,
  sla_due_at, created_at, queued_at`;

const toTicket = (row: Record<string, unknown>): RoutingTicket => ({
  ticketId: row.ticket_id as string,
  number: row.number as string,
  subject: row.subject as string,
  teamId: (row.team_id as string | null) ?? null,
  assigneeId: (row.assignee_id as string | null) ?? null,
  countedFor: (row.counted_for as string | null) ?? null,
  loadKind: row.load_kind as LoadKind,
  tier: row.tier as number,
  priority: row.priority as string,
  type: row.ticket_type as string,
  channel: row.channel as string,
  tags: (row.tags as string[]) ?? [],
  slaDueAt: (row.sla_due_at as Date | null) ?? null,
  createdAt: row.created_at as Date,
  queuedAt: row.queued_at as Date,
});

/** Teams without a row route manually. `forUpdate` serialises a team's assignments across nodes (round-robin's cursor). */
export async function selectTeamRouting(sql: Sql, workspaceId: string, teamId: string, options: { forUpdate?: boolean } = {}): Promise<TeamRouting | undefined> {
  const rows = await sql.query(
    `SELECT team_id, strategy, skill_rules, reminder_minutes, last_assigned_user, schedule, updated_at FROM routing_teams
      WHERE workspace_id = $1 AND team_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, teamId],
  );
  return rows[0] ? toTeam(rows[0]) : undefined;
}

export async function selectTeamRoutings(sql: Sql, workspaceId: string): Promise<TeamRouting[]> {
  const rows = await sql.query(`SELECT team_id, strategy, skill_rules, reminder_minutes, last_assigned_user, schedule, updated_at FROM routing_teams WHERE workspace_id = $1`, [workspaceId]);
  return rows.map(toTeam);
}

export async function upsertTeamRouting(sql: Sql, workspaceId: string, teamId: string, config: Pick<TeamRouting, 'strategy' | 'skillRules' | 'reminderMinutes' | 'schedule'>, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO routing_teams (workspace_id, team_id, strategy, skill_rules, reminder_minutes, schedule, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7)
     ON CONFLICT (workspace_id, team_id) DO UPDATE SET strategy = EXCLUDED.strategy, skill_rules = EXCLUDED.skill_rules,
       reminder_minutes = EXCLUDED.reminder_minutes, schedule = EXCLUDED.schedule, updated_at = EXCLUDED.updated_at`,
    [workspaceId, teamId, config.strategy, JSON.stringify(config.skillRules), config.reminderMinutes, config.schedule ? JSON.stringify(config.schedule) : null, now],
  );
}

export async function setLastAssigned(sql: Sql, workspaceId: string, teamId: string, userId: string): Promise<void> {
  await sql.query(`UPDATE routing_teams SET last_assigned_user = $3 WHERE workspace_id = $1 AND team_id = $2`, [workspaceId, teamId, userId]);
}

/** Agents without a row carry no load yet and the default chat capacity. */
export async function selectAgentLoads(sql: Sql, workspaceId: string, userIds: readonly string[]): Promise<Map<string, AgentLoad>> {
  if (userIds.length === 0) return new Map();
  const rows = await sql.query(
    `SELECT user_id, chat_capacity, open_tickets, open_chats, schedule FROM routing_agents WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`,
    [workspaceId, userIds],
  );
  const loads = new Map<string, AgentLoad>(userIds.map((userId) => [userId, { userId, chatCapacity: DEFAULT_CHAT_CAPACITY, openTickets: 0, openChats: 0, schedule: null }]));
  for (const row of rows) {
    loads.set(row.user_id as string, {
      userId: row.user_id as string,
      chatCapacity: row.chat_capacity as number,
      openTickets: row.open_tickets as number,
      openChats: row.open_chats as number,
      schedule: (row.schedule as WeeklyHours | null) ?? null,
    });
  }
  return loads;
}

export async function setChatCapacity(sql: Sql, workspaceId: string, userId: string, chatCapacity: number, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO routing_agents (workspace_id, user_id, chat_capacity, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET chat_capacity = EXCLUDED.chat_capacity, updated_at = EXCLUDED.updated_at`,
    [workspaceId, userId, chatCapacity, now],
  );
}

export async function setAgentSchedule(sql: Sql, workspaceId: string, userId: string, schedule: WeeklyHours | null, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO routing_agents (workspace_id, user_id, schedule, updated_at) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET schedule = EXCLUDED.schedule, updated_at = EXCLUDED.updated_at`,
    [workspaceId, userId, schedule ? JSON.stringify(schedule) : null, now],
  );
}

const LOAD_COLUMN: Record<LoadKind, string> = { ticket: 'open_tickets', chat: 'open_chats' };

/**
 * Takes one unit of an agent's capacity if they still have room: the check and the increment are one statement
 * on the agent's row, so two nodes racing for the last slot cannot both get it (the loser's WHERE is re-checked
 * against the winner's row). False when the agent is full.
 */
export async function takeCapacity(sql: Sql, workspaceId: string, userId: string, kind: LoadKind, capacity: number, now: Date): Promise<boolean> {
  if (capacity <= 0) return false;
  const column = LOAD_COLUMN[kind];
  await sql.query(`INSERT INTO routing_agents (workspace_id, user_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [workspaceId, userId, now]);
  const rows = await sql.query(
    `UPDATE routing_agents SET ${column} = ${column} + 1, updated_at = $4 WHERE workspace_id = $1 AND user_id = $2 AND ${column} < $3 RETURNING user_id`,
    [workspaceId, userId, capacity, now],
  );
  return rows.length === 1;
}

/** Counts a ticket in or out of an agent's load whatever their capacity (a person assigned it by hand). */
export async function adjustLoad(sql: Sql, workspaceId: string, userId: string, kind: LoadKind, delta: 1 | -1, now: Date): Promise<void> {
  const column = LOAD_COLUMN[kind];
  await sql.query(
    `INSERT INTO routing_agents (workspace_id, user_id, ${column}, updated_at) VALUES ($1, $2, GREATEST($3::int, 0), $4)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET ${column} = GREATEST(routing_agents.${column} + $3::int, 0), updated_at = EXCLUDED.updated_at`,
    [workspaceId, userId, delta, now],
  );
}

export async function selectRoutingTicket(sql: Sql, workspaceId: string, ticketId: string, options: { forUpdate?: boolean } = {}): Promise<RoutingTicket | undefined> {
  const rows = await sql.query(`SELECT ${TICKET_COLUMNS} FROM routing_tickets WHERE workspace_id = $1 AND ticket_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [
    workspaceId,
    ticketId,
  ]);
  return rows[0] ? toTicket(rows[0]) : undefined;
}

export async function upsertRoutingTicket(sql: Sql, workspaceId: string, ticket: RoutingTicket): Promise<void> {
  await sql.query(
    `INSERT INTO routing_tickets (workspace_id, ${TICKET_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (workspace_id, ticket_id) DO UPDATE SET number = EXCLUDED.number, subject = EXCLUDED.subject, team_id = EXCLUDED.team_id,
       assignee_id = EXCLUDED.assignee_id, counted_for = EXCLUDED.counted_for, load_kind = EXCLUDED.load_kind, tier = EXCLUDED.tier,
       priority = EXCLUDED.priority, ticket_type = EXCLUDED.ticket_type, channel = EXCLUDED.channel, tags = EXCLUDED.tags,
       sla_due_at = EXCLUDED.sla_due_at, created_at = EXCLUDED.created_at, queued_at = EXCLUDED.queued_at`,
    [
      workspaceId,
      ticket.ticketId,
      ticket.number,
      ticket.subject,
      ticket.teamId,
      ticket.assigneeId,
      ticket.countedFor,
      ticket.loadKind,
      ticket.tier,
      ticket.priority,
      ticket.type,
      ticket.channel,
      ticket.tags,
      ticket.slaDueAt,
      ticket.createdAt,
      ticket.queuedAt,
    ],
  );
}

export async function deleteRoutingTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<void> {
  await sql.query(`DELETE FROM routing_tickets WHERE workspace_id = $1 AND ticket_id = $2`, [workspaceId, ticketId]);
}

/**
 * A team's queue in serving order. `lock` takes the rows it returns and passes over rows another transaction holds
 * (a node syncing that ticket right now), so a queue drain never waits on one ticket.
 */
export async function selectQueue(sql: Sql, workspaceId: string, teamId: string, options: { limit: number; lock?: boolean }): Promise<RoutingTicket[]> {
  const rows = await sql.query(
    `SELECT ${TICKET_COLUMNS} FROM routing_tickets WHERE workspace_id = $1 AND team_id = $2 AND assignee_id IS NULL
      ORDER BY tier, sla_due_at NULLS LAST, created_at, ticket_id LIMIT $3${options.lock ? ' FOR UPDATE SKIP LOCKED' : ''}`,
    [workspaceId, teamId, options.limit],
  );
  return rows.map(toTicket);
}

export async function selectAssignedTo(sql: Sql, workspaceId: string, userId: string): Promise<RoutingTicket[]> {
  const rows = await sql.query(`SELECT ${TICKET_COLUMNS} FROM routing_tickets WHERE workspace_id = $1 AND assignee_id = $2 ORDER BY ticket_id`, [
    workspaceId,
    userId,
  ]);
  return rows.map(toTicket);
}

/** Per team: how many wait unassigned, and since when the longest-waiting one. */
export async function selectQueueSummaries(sql: Sql, workspaceId: string): Promise<Map<string, { waiting: number; oldestQueuedAt: Date | null; p1: number }>> {
  const rows = await sql.query(
    `SELECT team_id, count(*)::int AS waiting, min(queued_at) AS oldest, count(*) FILTER (WHERE tier = 0)::int AS p1
       FROM routing_tickets WHERE workspace_id = $1 AND assignee_id IS NULL AND team_id IS NOT NULL GROUP BY team_id`,
    [workspaceId],
  );
  return new Map(rows.map((row) => [row.team_id as string, { waiting: row.waiting as number, oldestQueuedAt: (row.oldest as Date | null) ?? null, p1: row.p1 as number }]));
}

/** A realtime socket of the user's is open (on some node). */
export async function insertSocket(sql: Sql, workspaceId: string, userId: string, socketId: string, now: Date): Promise<void> {
  await sql.query(`INSERT INTO routing_sockets (workspace_id, user_id, socket_id, opened_at, seen_at) VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING`, [workspaceId, userId, socketId, now]);
}

export async function touchSocket(sql: Sql, workspaceId: string, userId: string, socketId: string, now: Date): Promise<void> {
  await sql.query(`UPDATE routing_sockets SET seen_at = $4 WHERE workspace_id = $1 AND user_id = $2 AND socket_id = $3`, [workspaceId, userId, socketId, now]);
}

export async function deleteSocket(sql: Sql, workspaceId: string, userId: string, socketId: string): Promise<void> {
  await sql.query(`DELETE FROM routing_sockets WHERE workspace_id = $1 AND user_id = $2 AND socket_id = $3`, [workspaceId, userId, socketId]);
}

/** The user's sockets still open: those whose heartbeat was seen since `seenSince` (older rows are a crashed node's). */
export async function countLiveSockets(sql: Sql, workspaceId: string, userId: string, seenSince: Date): Promise<number> {
  const rows = await sql.query(`SELECT count(*)::int AS open FROM routing_sockets WHERE workspace_id = $1 AND user_id = $2 AND seen_at >= $3`, [workspaceId, userId, seenSince]);
  return rows[0]!.open as number;
}

export interface ActivityPresence {
  /** What routing set for inactivity; null when the current presence is the user's own. */
  activityPresence: 'away' | 'offline' | null;
  chosenPresence: 'online' | 'away' | 'offline' | null;
}

/** Locks the agent's row (created if missing) and reads what routing set on their behalf. */
export async function lockActivityPresence(sql: Sql, workspaceId: string, userId: string, now: Date): Promise<ActivityPresence> {
  await sql.query(`INSERT INTO routing_agents (workspace_id, user_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [workspaceId, userId, now]);
  const rows = await sql.query(`SELECT activity_presence, chosen_presence FROM routing_agents WHERE workspace_id = $1 AND user_id = $2 FOR UPDATE`, [workspaceId, userId]);
  return { activityPresence: (rows[0]!.activity_presence as ActivityPresence['activityPresence']) ?? null, chosenPresence: (rows[0]!.chosen_presence as ActivityPresence['chosenPresence']) ?? null };
}

export async function setActivityPresence(sql: Sql, workspaceId: string, userId: string, state: ActivityPresence, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO routing_agents (workspace_id, user_id, activity_presence, chosen_presence, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET activity_presence = EXCLUDED.activity_presence, chosen_presence = EXCLUDED.chosen_presence, updated_at = EXCLUDED.updated_at`,
    [workspaceId, userId, state.activityPresence, state.chosenPresence, now],
  );
}
