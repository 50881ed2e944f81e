import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { buildSearchDocument } from '../../platform/text/index.ts';
import { normalizeEmail, normalizePhone, type CustomerSummary, type ResolveCustomerInput } from '../customers/index.ts';
import { assertCan } from '../identity/index.ts';
import { validateCustomFields } from './custom-fields.ts';
import { localDay } from './numbering.ts';
import { KeyedBatcher, type BatchOutcome } from './keyed-batcher.ts';
import type { Channel, Priority, Urgency } from './ticket-fields.ts';
import { stageOfAction, type TicketStatus } from './ticket-status.ts';
import type { TicketsContext, TicketView } from './tickets.context.ts';
import * as repo from './tickets.repository.ts';
import * as messagesRepo from './ticket-messages.repository.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

export interface CreateTicketInput {
  subject: string;
  /** Becomes the first message of the conversation. */
  description?: string;
  /** An existing customer, or contacts to find or create one. */
  customer: { id: string } | ResolveCustomerInput;
  priority?: Priority;
  urgency?: Urgency;
  type?: string;
  channel?: Channel;
  tags?: string[];
  customFields?: Record<string, unknown>;
  assigneeId?: string | null;
  teamId?: string | null;
  departmentId?: string | null;
  expectedCompletionAt?: Date | null;
  /** Who wrote the description: the customer (default) or an agent recording it (phone, walk-in). */
  descriptionAuthor?: 'customer' | 'agent';
  nextStep?: string | null;
}

/** Tags as stored: trimmed, without empties or duplicates, in the order given. */
export function cleanTags(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim()).filter(Boolean))];
}

/**
 * Whether the customers module will probably accept these contacts. Only a hint for batching: the
 * customers module decides, and a refused create in a batch is retried alone anyway.
 */
function looksResolvable(customer: CreateTicketInput['customer']): boolean {
  if ('id' in customer && typeof customer.id === 'string') return true;
  const contacts = customer as ResolveCustomerInput;
  if (contacts.email?.trim() && normalizeEmail(contacts.email) === null) return false;
  if (contacts.phone?.trim() && normalizePhone(contacts.phone) === null) return false;
  return [contacts.name, contacts.email, contacts.phone, contacts.wechatOpenId, contacts.externalId].some((value) => value?.trim());
}

/** Customer problems are reported under `customer.<field>`, as the request nests them. */
function nestCustomerErrors(error: unknown): never {
  if (error instanceof AppError && error.code === 'validation') {
    throw new AppError(error.code, error.messageKey, {
      params: error.params,
      extra: error.extra,
      fields: error.fields.map((problem) => ({ ...problem, field: problem.field === 'customer' ? 'customer' : `customer.${problem.field}` })),
    });
  }
  if (error instanceof AppError && error.code === 'not_found') {
    throw new AppError('validation', 'errors.validation', { fields: [{ field: 'customer.id', messageKey: 'errors.not_found', params: { entity: 'customer' } }] });
  }
  throw error;
}

/** A created ticket and its customer as the creator may see it. */
interface CreatedTicket {
  ticket: repo.TicketRecord;
  customer: CustomerSummary;
}

/** A create that passed validation, waiting for its transaction. */
interface CreateJob {
  actor: Actor;
  customer: CreateTicketInput['customer'];
  ticket: repo.NewTicketRow;
  search: { subject: string; body: string };
  message: messagesRepo.NewMessageRow | null;
  timeline: timelineRepo.NewTimelineRow;
}

/**
 * On a server, two batches overlap (one holds the counter while the next resolves its customers); the
 * embedded database runs one transaction at a time on this thread, so there every create received
 * meanwhile joins the next batch.
 */
const batchOptions = (kind: 'pglite' | 'postgres') => (kind === 'pglite' ? { maxBatch: 64, maxInFlight: 1, gatherTurn: true } : { maxBatch: 64, maxInFlight: 2 });

export function createTicketCreateOps(ctx: TicketsContext) {
  const { deps, clock } = ctx;

  /**
   * Writes a batch of creates of one workspace and day in the given transaction: customers and audit
   * rows first, then all tickets at once with consecutive numbers, then their events. The counter
   * row is locked only for that last part. Any failure rolls the whole batch back; the batcher then
   * retries its items one by one, so only the bad one fails.
   */
  async function writeBatch(tx: Sql, key: string, jobs: CreateJob[]): Promise<BatchOutcome<CreatedTicket>[]> {
    const [workspaceId = '', day = '', prefix = ''] = key.split('|');
    const customers = await deps.customers.intakeCustomers(tx, workspaceId, jobs).catch(nestCustomerErrors);
    const items: repo.NewTicketItem[] = jobs.map((job, index) => {
      const customerId = customers[index]!.id;
      return {
        ticket: { ...job.ticket, customerId },
        search: { ...job.search, customer: buildSearchDocument(customers[index]!.searchText) },
        message: job.message,
        timeline: job.timeline,
      };
    });
    const created = await repo.insertTicketsNumbered(tx, workspaceId, { prefix, day, items });
    const outcomes: BatchOutcome<CreatedTicket>[] = [];
    for (const [index, job] of jobs.entries()) {
      const ticket = created[index]!;
      await deps.audit.record(tx, job.actor, {
        action: 'ticket.created',
        entityType: 'ticket',
        entityId: ticket.id,
        details: { customerId: ticket.customerId, channel: ticket.channel, type: ticket.type, priority: ticket.priority },
      });
      await ctx.emit(tx, job.actor, 'ticket.created', ticket, { tags: ticket.tags, firstMessageId: job.message?.id ?? null });
      if (ticket.assigneeId) await ctx.emit(tx, job.actor, 'ticket.assigned', ticket, { from: null, to: ticket.assigneeId });
      outcomes.push({ ok: true, value: { ticket, customer: customers[index]!.summary } });
    }
    return outcomes;
  }

  async function writeAlone(key: string, job: CreateJob): Promise<CreatedTicket> {
    const [outcome] = await ctx.db.transaction((tx) => writeBatch(tx, key, [job]));
    if (!outcome?.ok) throw outcome?.error ?? new Error('ticket was not created');
    return outcome.value;
  }

  const batcher = new KeyedBatcher<CreateJob, CreatedTicket>((key, jobs) => ctx.db.transaction((tx) => writeBatch(tx, key, jobs)), batchOptions(ctx.db.kind));

  /**
   * Validates a create and shapes its rows; returns the batch key (workspace, local day, prefix).
   * `sql` is where settings are read from: inside a caller's transaction it must be that transaction.
   */
  async function prepare(actor: Actor, input: CreateTicketInput, options: { sql?: Sql; checkPeople: boolean }): Promise<{ key: string; job: CreateJob }> {
    assertCan(actor, 'tickets.write');
    if (input.assigneeId) assertCan(actor, 'tickets.assign');
    const workspaceId = actor.workspaceId;
    const type = input.type ?? 'consultation';
    // Everything that only reads runs before the transaction (and mostly from caches).
    const [workspace, settings] = await Promise.all([
      deps.workspaces.getWorkspace(workspaceId, options.sql),
      ctx.loadSettings(workspaceId, options.sql),
      options.checkPeople && (input.assigneeId || input.teamId || input.departmentId) ? ctx.validatePeople(workspaceId, input) : undefined,
    ]);
    ctx.assertTypeAllowed(settings.types, type);
    const custom = validateCustomFields(settings.fields, input.customFields, { mode: 'create', enforceRequired: actor.kind !== 'system' });
    if (custom.problems.length > 0) throw new AppError('validation', 'errors.validation', { fields: custom.problems });

    const now = clock.now();
    const description = input.description ?? '';
    const messageId = description.trim() ? newId() : null;
    const status: TicketStatus = input.assigneeId ? 'open' : 'new';
    const channel = input.channel ?? (actor.kind === 'token' ? 'api' : 'web');
    const priority = input.priority ?? 'P2';
    const urgency = input.urgency ?? 'normal';
    const byAgent = input.descriptionAuthor === 'agent';
    const job: CreateJob = {
      actor,
      customer: input.customer,
      ticket: {
        id: newId(),
        subject: input.subject,
        description,
        status,
        priority,
        urgency,
        type,
        channel,
        tags: cleanTags(input.tags),
        customFields: custom.values,
        customerId: '',
        assigneeId: input.assigneeId ?? null,
        teamId: input.teamId ?? null,
        departmentId: input.departmentId ?? null,
        expectedCompletionAt: input.expectedCompletionAt ?? null,
        createdBy: actor.userId,
        now,
      },
      search: { subject: buildSearchDocument(input.subject), body: buildSearchDocument(description) },
      message: messageId
        ? { id: messageId, kind: 'reply', authorType: byAgent ? 'agent' : 'customer', authorId: byAgent ? actor.userId : null, body: description, isAutoReply: false, attachmentIds: [], now }
        : null,
      timeline: {
        at: now,
        stage: stageOfAction('created', status),
        kind: 'created',
        ...ctx.operatorOf(actor),
        changes: input.assigneeId ? { assigneeId: { from: null, to: input.assigneeId }, status: { from: null, to: status } } : {},
        nextStep: input.nextStep ?? null,
        details: { channel, type, priority, urgency },
      },
    };
    return { key: `${workspaceId}|${localDay(now, workspace.timezone)}|${workspace.ticketPrefix}`, job };
  }

  return {
    /**
     * Registers a ticket: customer resolved, number taken from the day's counter, description stored
     * as the first message, timeline started, events and audit written — all in one transaction
     * (shared with other creates of the same workspace arriving at the same moment).
     */
    async createTicket(actor: Actor, input: CreateTicketInput): Promise<TicketView> {
      const { key, job } = await prepare(actor, input, { checkPeople: true });
      // A contact that will probably be refused runs alone, so it does not roll a shared batch back.
      const created = looksResolvable(input.customer) ? await batcher.submit(key, job) : await writeAlone(key, job);
      return (await ctx.toViews(actor, [created.ticket], new Map([[created.ticket.customerId, created.customer]])))[0]!;
    },

    /**
     * The same registration inside the caller's transaction (a channel storing the inbound message
     * and its ticket atomically). The day's counter stays locked until the caller commits, so keep
     * that transaction short. Assignee, team and department ids are trusted, not looked up.
     */
    async createTicketInTransaction(tx: Sql, actor: Actor, input: CreateTicketInput): Promise<repo.TicketRecord> {
      const { key, job } = await prepare(actor, input, { sql: tx, checkPeople: false });
      const [outcome] = await writeBatch(tx, key, [job]);
      if (!outcome?.ok) throw outcome?.error ?? new Error('ticket was not created');
      return outcome.value.ticket;
    },
  };
}
