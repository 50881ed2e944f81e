import { prepared, type DeferredKind, type Sql } from '../../platform/db.ts';
import { SEARCH_TEXT_VERSION } from '../../platform/text/index.ts';
import type { CustomFieldValues } from './custom-fields.ts';
import type { Channel, Priority, Urgency } from './ticket-fields.ts';
import type { TicketView } from './tickets.context.ts';
import type { SlaState } from '../../contracts/sla.ts';
import type { TicketStatus } from './ticket-status.ts';
import type { NewMessageRow } from './ticket-messages.repository.ts';
import type { NewTimelineRow } from './ticket-timeline.repository.ts';

/**
 * The only code that queries tickets, ticket_links and ticket_counters. Messages (ticket-messages.repository.ts), the
 * timeline (ticket-timeline.repository.ts), the list query (ticket-list.repository.ts), the search re-index
 * (ticket-search.repository.ts) and the bulk change (ticket-bulk.repository.ts) have their own files.
 */

export { SLA_STATES, type SlaState } from '../../contracts/sla.ts';

/** The stored ticket: the API's ticket with ids where the view resolves names, and the solved time as stored. */
export type TicketRecord = Omit<TicketView, 'customer' | 'assignee' | 'team' | 'department' | 'actualCompletionAt'> & {
  assigneeId: string | null;
  teamId: string | null;
  departmentId: string | null;
  solvedAt: Date | null;
};

export const TICKET_COLUMNS = `id, number, subject, description, status, priority, urgency, type, channel, tags, custom_fields,
  customer_id, assignee_id, team_id, department_id, expected_completion_at, solved_at, closed_at, csat, merged_into_id,
  first_response_at, last_message_at, created_by, version, sla_next_due_at, sla_state, created_at, updated_at`;

export const toTicket = (row: Record<string, unknown>): TicketRecord => ({
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
                            created_by, last_message_at, search_vector, search_version, created_at, updated_at)
       SELECT $1, id, number, subject, description, status, priority, urgency, type, channel, tags,
              custom_fields, customer_id, assignee_id, team_id, department_id, expected_completion_at, created_by,
              CASE WHEN message_id IS NULL THEN NULL ELSE created_at END,
              setweight(to_tsvector('simple', subject_doc || ' ' || lower(number)), 'A')
                || setweight(to_tsvector('simple', customer_doc), 'B') || to_tsvector('simple', body_doc),
              ${SEARCH_TEXT_VERSION}, created_at, created_at
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

export async function selectTicket(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean; skipLocked?: boolean } = {}): Promise<TicketRecord | undefined> {
  const lock = options.forUpdate ? (options.skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE') : '';
  const rows = await sql.query(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE workspace_id = $1 AND id = $2${lock}`,
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
