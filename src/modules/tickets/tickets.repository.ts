import { prepared, type DeferredKind, type Sql } from '../../platform/db.ts';
import type { CustomFieldValues } from './custom-fields.ts';
import type { Channel, Priority, Urgency } from './ticket-fields.ts';
import type { SortKey } from './ticket-list-query.ts';
import type { SlaState } from '../../contracts/sla.ts';
import type { TicketStatus } from './ticket-status.ts';

/** The only code that queries tickets, ticket_messages, ticket_timeline, ticket_links and ticket_counters. */

export { SLA_STATES, type SlaState } from '../../contracts/sla.ts';

export interface TicketRecord {
  id: string;
  number: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: Priority;
  urgency: Urgency;
  type: string;
  channel: Channel;
  tags: string[];
  customFields: CustomFieldValues;
  customerId: string;
  assigneeId: string | null;
  teamId: string | null;
  departmentId: string | null;
  expectedCompletionAt: Date | null;
  solvedAt: Date | null;
  closedAt: Date | null;
  csat: number | null;
  mergedIntoId: string | null;
  firstResponseAt: Date | null;
  lastMessageAt: Date | null;
  createdBy: string | null;
  version: number;
  slaNextDueAt: Date | null;
  slaState: SlaState;
  createdAt: Date;
  updatedAt: Date;
}

const TICKET_COLUMNS = `id, number, subject, description, status, priority, urgency, type, channel, tags, custom_fields,
  customer_id, assignee_id, team_id, department_id, expected_completion_at, solved_at, closed_at, csat, merged_into_id,
  first_response_at, last_message_at, created_by, version, sla_next_due_at, sla_state, created_at, updated_at`;

const toTicket = (row: Record<string, unknown>): TicketRecord => ({
  id: row.id as string,
  number: row.number as string,
  subject: row.subject as string,
  description: row.description as string,
  status: row.status as TicketStatus,
  priority: row.priority as Priority,
  urgency: row.urgency as Urgency,
  type: row.type as string,
  channel: row.channel as Channel,
  tags: (row.tags as string[]) ?? [],
  customFields: (row.custom_fields as CustomFieldValues) ?? {},
  customerId: row.customer_id as string,
  assigneeId: (row.assignee_id as string | null) ?? null,
  teamId: (row.team_id as string | null) ?? null,
  departmentId: (row.department_id as string | null) ?? null,
  expectedCompletionAt: (row.expected_completion_at as Date | null) ?? null,
  solvedAt: (row.solved_at as Date | null) ?? null,
  closedAt: (row.closed_at as Date | null) ?? null,
  csat: (row.csat as number | null) ?? null,
  mergedIntoId: (row.merged_into_id as string | null) ?? null,
  firstResponseAt: (row.first_response_at as Date | null) ?? null,
  lastMessageAt: (row.last_message_at as Date | null) ?? null,
  createdBy: (row.created_by as string | null) ?? null,
  version: row.version as number,
  slaNextDueAt: (row.sla_next_due_at as Date | null) ?? null,
  slaState: row.sla_state as SlaState,
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
});

/** What a create writes: the record's own fields (number, version and times are assigned on insert). */
export type NewTicketRow = Pick<
  TicketRecord,
  | 'id' | 'subject' | 'description' | 'status' | 'priority' | 'urgency' | 'type' | 'channel' | 'tags' | 'customFields'
  | 'customerId' | 'assigneeId' | 'teamId' | 'departmentId' | 'expectedCompletionAt'
> & { createdBy: string | null; now: Date };

export interface NewMessageRow {
  id: string;
  kind: 'reply' | 'note';
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  authorId: string | null;
  body: string;
  isAutoReply: boolean;
  attachmentIds: string[];
  copiedFromId?: string | null;
  now: Date;
}

export interface NewTimelineRow {
  at: Date;
  stage: string;
  kind: string;
  operatorType: 'user' | 'system' | 'customer' | 'bot';
  operatorId: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  messageId?: string | null;
  attachmentIds?: string[];
  content?: string | null;
  nextStep?: string | null;
  details?: Record<string, unknown>;
}

export interface NewTicketItem {
  ticket: NewTicketRow;
  /** Segmented text by weight; the number is added to the subject part here. */
  search: { subject: string; customer: string; body: string };
  message: NewMessageRow | null;
  timeline: NewTimelineRow;
}

/**
 * Creates tickets with their first messages and first timeline rows in ONE statement, taking the
 * next numbers of the workspace's day from the counter row. The counter row stays locked until
 * commit (that is what makes numbers gap-free), so callers run this as late as possible in the
 * transaction. Numbers follow the order of `items`.
 */
export async function insertTicketsNumbered(
  tx: Sql,
  workspaceId: string,
  input: { prefix: string; day: string; items: readonly NewTicketItem[] },
): Promise<TicketRecord[]> {
  const rows = input.items.map(({ ticket, search, message, timeline }, index) => ({
    ord: index + 1,
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    urgency: ticket.urgency,
    type: ticket.type,
    channel: ticket.channel,
    tags: ticket.tags,
    custom_fields: ticket.customFields,
    customer_id: ticket.customerId,
    assignee_id: ticket.assigneeId,
    team_id: ticket.teamId,
    department_id: ticket.departmentId,
    expected_completion_at: ticket.expectedCompletionAt?.toISOString() ?? null,
    created_by: ticket.createdBy,
    created_at: ticket.now.toISOString(),
    subject_doc: search.subject,
    customer_doc: search.customer,
    body_doc: search.body,
    message_id: message?.id ?? null,
    message_author_type: message?.authorType ?? null,
    message_author_id: message?.authorId ?? null,
    timeline_at: timeline.at.toISOString(),
    timeline_stage: timeline.stage,
    timeline_kind: timeline.kind,
    operator_type: timeline.operatorType,
    operator_id: timeline.operatorId,
    timeline_changes: timeline.changes ?? {},
    next_step: timeline.nextStep ?? null,
    timeline_details: timeline.details ?? {},
  }));
  const result = await tx.query(
    prepared(`WITH counter AS (
       INSERT INTO ticket_counters (workspace_id, day, last_seq) VALUES ($1, $2::date, $4)
       ON CONFLICT (workspace_id, day) DO UPDATE SET last_seq = ticket_counters.last_seq + $4
       RETURNING last_seq - $4 AS base
     ), item AS (
       SELECT i.*,
              -- Same format as formatTicketNumber(): at least three digits, growing past 999.
              $3::text || to_char($2::date, 'YYYYMMDD') || lpad((c.base + i.ord)::text, greatest(3, length((c.base + i.ord)::text)), '0') AS number
         FROM jsonb_to_recordset($5::jsonb) AS i(
                ord int, id uuid, subject text, description text, status text, priority text, urgency text, type text,
                channel text, tags text[], custom_fields jsonb, customer_id uuid, assignee_id uuid, team_id uuid,
                department_id uuid, expected_completion_at timestamptz, created_by uuid, created_at timestamptz,
                subject_doc text, customer_doc text, body_doc text, message_id uuid, message_author_type text,
                message_author_id uuid, timeline_at timestamptz, timeline_stage text, timeline_kind text,
                operator_type text, operator_id uuid, timeline_changes jsonb, next_step text, timeline_details jsonb)
        CROSS JOIN counter c
     ), ticket AS (
       INSERT INTO tickets (workspace_id, id, number, subject, description, status, priority, urgency, type, channel, tags,
                            custom_fields, customer_id, assignee_id, team_id, department_id, expected_completion_at,
                            created_by, last_message_at, search_vector, created_at, updated_at)
       SELECT $1, id, number, subject, description, status, priority, urgency, type, channel, tags,
              custom_fields, customer_id, assignee_id, team_id, department_id, expected_completion_at, created_by,
              CASE WHEN message_id IS NULL THEN NULL ELSE created_at END,
              setweight(to_tsvector('simple', subject_doc || ' ' || lower(number)), 'A')
                || setweight(to_tsvector('simple', customer_doc), 'B') || to_tsvector('simple', body_doc),
              created_at, created_at
         FROM item ORDER BY ord
       RETURNING ${TICKET_COLUMNS}
     ), message AS (
       INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, created_at)
       SELECT $1, message_id, id, 'reply', message_author_type, message_author_id, description, false, '{}', created_at
         FROM item WHERE message_id IS NOT NULL ORDER BY ord
     ), timeline AS (
       INSERT INTO ticket_timeline (workspace_id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, content, next_step, details)
       SELECT $1, id, timeline_at, timeline_stage, timeline_kind, operator_type, operator_id, timeline_changes, message_id, NULL, next_step, timeline_details
         FROM item ORDER BY ord
     )
     SELECT * FROM ticket`),
    [workspaceId, input.day, input.prefix, input.items.length, JSON.stringify(rows)],
  );
  const byId = new Map(result.map((row) => [row.id as string, toTicket(row)]));
  return input.items.map((item) => byId.get(item.ticket.id)!);
}

export async function selectTicket(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<TicketRecord | undefined> {
  const rows = await sql.query(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ? toTicket(rows[0]) : undefined;
}

/** Locks several tickets in id order, so two operations on the same pair cannot deadlock. */
export async function selectTicketsForUpdate(sql: Sql, workspaceId: string, ids: string[]): Promise<TicketRecord[]> {
  const rows = await sql.query(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [workspaceId, ids],
  );
  return rows.map(toTicket);
}

export async function selectTicketByNumber(sql: Sql, workspaceId: string, number: string): Promise<TicketRecord | undefined> {
  const rows = await sql.query(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND number = $2`, [workspaceId, number]);
  return rows[0] ? toTicket(rows[0]) : undefined;
}

export async function selectTicketsByIds(sql: Sql, workspaceId: string, ids: string[]): Promise<TicketRecord[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
  return rows.map(toTicket);
}

/** Columns a service may change; keys are TicketRecord names. */
const UPDATABLE: Record<string, string> = {
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  urgency: 'urgency',
  type: 'type',
  channel: 'channel',
  tags: 'tags',
  customFields: 'custom_fields',
  customerId: 'customer_id',
  assigneeId: 'assignee_id',
  teamId: 'team_id',
  departmentId: 'department_id',
  expectedCompletionAt: 'expected_completion_at',
  solvedAt: 'solved_at',
  closedAt: 'closed_at',
  csat: 'csat',
  mergedIntoId: 'merged_into_id',
  firstResponseAt: 'first_response_at',
  lastMessageAt: 'last_message_at',
};
export type TicketPatch = Partial<
  Pick<
    TicketRecord,
    | 'subject'
    | 'status'
    | 'priority'
    | 'urgency'
    | 'type'
    | 'channel'
    | 'tags'
    | 'customFields'
    | 'customerId'
    | 'assigneeId'
    | 'teamId'
    | 'departmentId'
    | 'expectedCompletionAt'
    | 'solvedAt'
    | 'closedAt'
    | 'csat'
    | 'mergedIntoId'
    | 'firstResponseAt'
    | 'lastMessageAt'
  >
>;

/**
 * Writes changed columns. `bumpVersion` for changes of the ticket's own fields; the search vector
 * parts are replaced when given (subject → weight A, customer → weight B) and message text appended.
 */
export async function updateTicketRow(
  tx: Sql,
  workspaceId: string,
  id: string,
  patch: TicketPatch,
  options: { now: Date; bumpVersion: boolean; search?: { subject?: string; customer?: string; appendBody?: string } },
): Promise<TicketRecord> {
  const sets: string[] = ['updated_at = $3'];
  const params: unknown[] = [workspaceId, id, options.now];
  for (const [key, value] of Object.entries(patch)) {
    const column = UPDATABLE[key];
    if (!column || value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  if (options.bumpVersion) sets.push('version = version + 1');
  const search = options.search;
  if (search?.subject !== undefined || search?.customer !== undefined || search?.appendBody) {
    let vector = 'search_vector';
    if (search.subject !== undefined) {
      params.push(search.subject);
      vector = `setweight(to_tsvector('simple', $${params.length} || ' ' || lower(number)), 'A') || ts_filter(${vector}, '{b,c,d}')`;
    }
    if (search.customer !== undefined) {
      params.push(search.customer);
      vector = `ts_filter(${vector}, '{a,c,d}') || setweight(to_tsvector('simple', $${params.length}), 'B')`;
    }
    if (search.appendBody) {
      params.push(search.appendBody);
      // A vector has a size limit; a very long conversation stops adding new words rather than failing.
      vector = `CASE WHEN length(search_vector) < 20000 THEN ${vector} || to_tsvector('simple', $${params.length}) ELSE ${vector} END`;
    }
    sets.push(`search_vector = ${vector}`);
  }
  const rows = await tx.query(`UPDATE tickets SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${TICKET_COLUMNS}`, params);
  return toTicket(rows[0]!);
}

/** Replaces the customer part of the search vector of every ticket of a customer (after the customer changed). */
export async function refreshCustomerSearchText(tx: Sql, workspaceId: string, customerId: string, customerDocument: string): Promise<number> {
  const rows = await tx.query(
    `UPDATE tickets SET search_vector = ts_filter(search_vector, '{a,c,d}') || setweight(to_tsvector('simple', $3), 'B')
      WHERE workspace_id = $1 AND customer_id = $2 RETURNING 1`,
    [workspaceId, customerId, customerDocument],
  );
  return rows.length;
}

/**
 * SLA summaries written at commit, all tickets in one statement. A ticket summarised twice in one
 * transaction keeps the later summary (one UPDATE may not change a row twice).
 */
export const deferredSlaSummaries: DeferredKind<{ workspaceId: string; ticketId: string; nextDueAt: Date | null; state: SlaState }> = {
  async write(sql, rows) {
    const latest = new Map(rows.map((row) => [`${row.workspaceId}|${row.ticketId}`, row]));
    await sql.query(
      `UPDATE tickets t SET sla_next_due_at = s.next_due_at, sla_state = s.state
         FROM jsonb_to_recordset($1::jsonb) AS s(workspace_id uuid, id uuid, next_due_at timestamptz, state text)
        WHERE t.workspace_id = s.workspace_id AND t.id = s.id`,
      [JSON.stringify([...latest.values()].map((row) => ({ workspace_id: row.workspaceId, id: row.ticketId, next_due_at: row.nextDueAt?.toISOString() ?? null, state: row.state })))],
    );
  },
};

// ---- list ------------------------------------------------------------------------------------------

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
  if (filter.visibleTo) {
    const { departmentIds, userId } = filter.visibleTo;
    where.push(`(department_id = ANY(${add(departmentIds)}::uuid[]) OR assignee_id = ${add(userId)}::uuid)`);
  }
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

// ---- messages --------------------------------------------------------------------------------------

export interface MessageRecord {
  id: string;
  ticketId: string;
  kind: 'reply' | 'note';
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  authorId: string | null;
  body: string;
  isAutoReply: boolean;
  attachmentIds: string[];
  copiedFromId: string | null;
  createdAt: Date;
  seq: number;
}

const MESSAGE_COLUMNS = 'id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at, seq';

const toMessage = (row: Record<string, unknown>): MessageRecord => ({
  id: row.id as string,
  ticketId: row.ticket_id as string,
  kind: row.kind as MessageRecord['kind'],
  authorType: row.author_type as MessageRecord['authorType'],
  authorId: (row.author_id as string | null) ?? null,
  body: row.body as string,
  isAutoReply: row.is_auto_reply as boolean,
  attachmentIds: (row.attachment_ids as string[]) ?? [],
  copiedFromId: (row.copied_from_id as string | null) ?? null,
  createdAt: row.created_at as Date,
  seq: row.seq as number,
});

export async function insertMessage(tx: Sql, workspaceId: string, ticketId: string, message: NewMessageRow): Promise<MessageRecord> {
  const rows = await tx.query(
    prepared(`INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${MESSAGE_COLUMNS}`),
    [workspaceId, message.id, ticketId, message.kind, message.authorType, message.authorId, message.body, message.isAutoReply, message.attachmentIds, message.copiedFromId ?? null, message.now],
  );
  return toMessage(rows[0]!);
}

export async function selectMessages(
  sql: Sql,
  workspaceId: string,
  ticketId: string,
  options: { afterSeq?: number; limit: number; kind?: 'reply' | 'note' },
): Promise<MessageRecord[]> {
  const rows = await sql.query(
    `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
      WHERE workspace_id = $1 AND ticket_id = $2 AND ($3::bigint IS NULL OR seq > $3) AND ($4::text IS NULL OR kind = $4)
      ORDER BY seq LIMIT $5`,
    [workspaceId, ticketId, options.afterSeq ?? null, options.kind ?? null, options.limit],
  );
  return rows.map(toMessage);
}

/**
 * Copies every message of one ticket onto another (merge), keeping authors, times and attachments,
 * and returns the copied bodies for the target's search text.
 */
export async function copyMessages(tx: Sql, workspaceId: string, sourceId: string, targetId: string): Promise<{ count: number; bodies: string[] }> {
  const rows = await tx.query<{ body: string }>(
    `INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at)
     SELECT workspace_id, gen_random_uuid(), $3, kind, author_type, author_id, body, is_auto_reply, attachment_ids, id, created_at
       FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = $2
      ORDER BY seq
     RETURNING body`,
    [workspaceId, sourceId, targetId],
  );
  return { count: rows.length, bodies: rows.map((row) => row.body) };
}

// ---- timeline --------------------------------------------------------------------------------------

export interface TimelineRecord {
  id: number;
  ticketId: string;
  at: Date;
  stage: string;
  kind: string;
  operatorType: NewTimelineRow['operatorType'];
  operatorId: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  messageId: string | null;
  attachmentIds: string[];
  content: string | null;
  nextStep: string | null;
  details: Record<string, unknown>;
}

const toTimeline = (row: Record<string, unknown>): TimelineRecord => ({
  id: row.id as number,
  ticketId: row.ticket_id as string,
  at: row.at as Date,
  stage: row.stage as string,
  kind: row.kind as string,
  operatorType: row.operator_type as TimelineRecord['operatorType'],
  operatorId: (row.operator_id as string | null) ?? null,
  changes: (row.changes as TimelineRecord['changes']) ?? {},
  messageId: (row.message_id as string | null) ?? null,
  attachmentIds: (row.attachment_ids as string[]) ?? [],
  content: (row.content as string | null) ?? null,
  nextStep: (row.next_step as string | null) ?? null,
  details: (row.details as Record<string, unknown>) ?? {},
});

export async function insertTimeline(tx: Sql, workspaceId: string, ticketId: string, entry: NewTimelineRow): Promise<number> {
  const rows = await tx.query<{ id: number }>(
    prepared(`INSERT INTO ticket_timeline (workspace_id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, attachment_ids, content, next_step, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`),
    [
      workspaceId,
      ticketId,
      entry.at,
      entry.stage,
      entry.kind,
      entry.operatorType,
      entry.operatorId,
      entry.changes ?? {},
      entry.messageId ?? null,
      entry.attachmentIds ?? [],
      entry.content ?? null,
      entry.nextStep ?? null,
      entry.details ?? {},
    ],
  );
  return rows[0]!.id;
}

/** Timeline rows written at commit, many in one statement, in the order they were added. */
export const deferredTimelineRows: DeferredKind<{ workspaceId: string; ticketId: string; entry: NewTimelineRow }> = {
  async write(sql, rows) {
    await sql.query(
      `INSERT INTO ticket_timeline (workspace_id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, attachment_ids, content, next_step, details)
       SELECT t.workspace_id, t.ticket_id, t.at, t.stage, t.kind, t.operator_type, t.operator_id, t.changes, t.message_id,
              ARRAY(SELECT jsonb_array_elements_text(t.attachment_ids))::uuid[], t.content, t.next_step, t.details
         FROM jsonb_to_recordset($1::jsonb) AS t(ord int, workspace_id uuid, ticket_id uuid, at timestamptz, stage text, kind text, operator_type text,
                                                 operator_id uuid, changes jsonb, message_id uuid, attachment_ids jsonb, content text, next_step text, details jsonb)
        ORDER BY t.ord`,
      [
        JSON.stringify(
          rows.map(({ workspaceId, ticketId, entry }, ord) => ({
            ord,
            workspace_id: workspaceId,
            ticket_id: ticketId,
            at: entry.at.toISOString(),
            stage: entry.stage,
            kind: entry.kind,
            operator_type: entry.operatorType,
            operator_id: entry.operatorId,
            changes: entry.changes ?? {},
            message_id: entry.messageId ?? null,
            attachment_ids: entry.attachmentIds ?? [],
            content: entry.content ?? null,
            next_step: entry.nextStep ?? null,
            details: entry.details ?? {},
          })),
        ),
      ],
    );
  },
};

export async function selectTimeline(sql: Sql, workspaceId: string, ticketId: string, options: { afterId?: number; limit: number }): Promise<TimelineRecord[]> {
  const rows = await sql.query(
    `SELECT id, ticket_id, at, stage, kind, operator_type, operator_id, changes, message_id, attachment_ids, content, next_step, details
       FROM ticket_timeline WHERE workspace_id = $1 AND ticket_id = $2 AND ($3::bigint IS NULL OR id > $3)
      ORDER BY id LIMIT $4`,
    [workspaceId, ticketId, options.afterId ?? null, options.limit],
  );
  return rows.map(toTimeline);
}

// ---- links -----------------------------------------------------------------------------------------

const orderPair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

/** Returns false when the pair was already linked. */
export async function insertLink(tx: Sql, workspaceId: string, a: string, b: string, createdBy: string | null, now: Date): Promise<boolean> {
  const [first, second] = orderPair(a, b);
  const rows = await tx.query(
    `INSERT INTO ticket_links (workspace_id, ticket_a, ticket_b, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [workspaceId, first, second, createdBy, now],
  );
  return rows.length > 0;
}

export async function deleteLink(tx: Sql, workspaceId: string, a: string, b: string): Promise<boolean> {
  const [first, second] = orderPair(a, b);
  const rows = await tx.query(`DELETE FROM ticket_links WHERE workspace_id = $1 AND ticket_a = $2 AND ticket_b = $3 RETURNING 1`, [workspaceId, first, second]);
  return rows.length > 0;
}

export interface LinkedTicketRecord {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  departmentId: string | null;
  assigneeId: string | null;
  linkedAt: Date;
}

export async function selectLinkedTickets(sql: Sql, workspaceId: string, ticketId: string): Promise<LinkedTicketRecord[]> {
  const rows = await sql.query(
    `SELECT t.id, t.number, t.subject, t.status, t.department_id, t.assignee_id, l.created_at AS linked_at
       FROM ticket_links l
       JOIN tickets t ON t.workspace_id = l.workspace_id AND t.id = CASE WHEN l.ticket_a = $2 THEN l.ticket_b ELSE l.ticket_a END
      WHERE l.workspace_id = $1 AND (l.ticket_a = $2 OR l.ticket_b = $2)
      ORDER BY l.created_at, t.id`,
    [workspaceId, ticketId],
  );
  return rows.map((row) => ({
    id: row.id as string,
    number: row.number as string,
    subject: row.subject as string,
    status: row.status as TicketStatus,
    departmentId: (row.department_id as string | null) ?? null,
    assigneeId: (row.assignee_id as string | null) ?? null,
    linkedAt: row.linked_at as Date,
  }));
}
