import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ResolveCustomerInput } from '../customers/index.ts';
import { assertCan } from '../identity/index.ts';
import { validateCustomFields } from './custom-fields.ts';
import { localDay } from './numbering.ts';
import type { Channel, Priority, Urgency } from './ticket-fields.ts';
import { buildSearchDocument } from './search-text.ts';
import { stageOfStatus, type TicketStatus } from './ticket-status.ts';
import type { TicketsContext, TicketView } from './tickets.context.ts';
import * as repo from './tickets.repository.ts';


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

export function createTicketCreateOps(ctx: TicketsContext) {
  const { deps, clock } = ctx;

  async function resolveCustomerId(tx: Sql, actor: Actor, customer: CreateTicketInput['customer']): Promise<string> {
    try {
      if ('id' in customer && typeof customer.id === 'string') {
        await deps.customers.assertCustomerExists(tx, actor.workspaceId, customer.id);
        return customer.id;
      }
      return (await deps.customers.resolveCustomer(tx, actor, customer as ResolveCustomerInput)).id;
    } catch (error) {
      return nestCustomerErrors(error);
    }
  }

  return {
    /**
     * Registers a ticket: customer resolved, number taken from the day's counter, description stored
     * as the first message, timeline started, events and audit written — one transaction.
     */
    async createTicket(actor: Actor, input: CreateTicketInput): Promise<TicketView> {
      assertCan(actor, 'tickets.write');
      if (input.assigneeId) assertCan(actor, 'tickets.assign');
      const workspaceId = actor.workspaceId;
      const type = input.type ?? 'consultation';
      // Everything that only reads runs before the transaction (and mostly from caches).
      const [workspace, settings] = await Promise.all([
        deps.workspaces.getWorkspace(workspaceId),
        ctx.loadSettings(workspaceId),
        input.assigneeId || input.teamId || input.departmentId ? ctx.validatePeople(workspaceId, input) : undefined,
      ]);
      ctx.assertTypeAllowed(settings.types, type);
      const custom = validateCustomFields(settings.fields, input.customFields, { mode: 'create', enforceRequired: actor.kind !== 'system' });
      if (custom.problems.length > 0) throw new AppError('validation', 'errors.validation', { fields: custom.problems });

      const now = clock.now();
      const id = newId();
      const description = input.description ?? '';
      const messageId = description.trim() ? newId() : null;
      const status: TicketStatus = input.assigneeId ? 'open' : 'new';
      const operator = ctx.operatorOf(actor);
      const descriptionAuthor = input.descriptionAuthor ?? 'customer';
      const ticketRow: repo.NewTicketRow = {
        id,
        subject: input.subject,
        description,
        status,
        priority: input.priority ?? 'P2',
        urgency: input.urgency ?? 'normal',
        type,
        channel: input.channel ?? (actor.kind === 'token' ? 'api' : 'web'),
        tags: cleanTags(input.tags),
        customFields: custom.values,
        customerId: '',
        assigneeId: input.assigneeId ?? null,
        teamId: input.teamId ?? null,
        departmentId: input.departmentId ?? null,
        expectedCompletionAt: input.expectedCompletionAt ?? null,
        createdBy: actor.userId,
        now,
      };

      const ticket = await ctx.db.transaction(async (tx) => {
        const customerId = await resolveCustomerId(tx, actor, input.customer);
        const customerText = await deps.customers.getSearchText(tx, workspaceId, customerId);
        await deps.audit.record(tx, actor, {
          action: 'ticket.created',
          entityType: 'ticket',
          entityId: id,
          details: { customerId, channel: ticketRow.channel, type, priority: ticketRow.priority },
        });
        // The counter row is locked from here to commit: only the event writes follow.
        const created = await repo.insertTicketNumbered(tx, workspaceId, {
          ticket: { ...ticketRow, customerId },
          prefix: workspace.ticketPrefix,
          day: localDay(now, workspace.timezone),
          search: { subject: buildSearchDocument(input.subject), customer: buildSearchDocument(customerText), body: buildSearchDocument(description) },
          message: messageId
            ? {
                id: messageId,
                kind: 'reply',
                authorType: descriptionAuthor === 'agent' ? 'agent' : 'customer',
                authorId: descriptionAuthor === 'agent' ? actor.userId : null,
                body: description,
                isAutoReply: false,
                attachmentIds: [],
                now,
              }
            : null,
          timeline: {
            at: now,
            stage: stageOfStatus('new'),
            kind: 'created',
            ...operator,
            changes: input.assigneeId ? { assigneeId: { from: null, to: input.assigneeId }, status: { from: null, to: status } } : {},
            content: null,
            nextStep: input.nextStep ?? null,
            details: { channel: ticketRow.channel, type, priority: ticketRow.priority, urgency: ticketRow.urgency },
          },
        });
        await ctx.emit(tx, actor, 'ticket.created', created, { urgency: created.urgency, tags: created.tags, firstMessageId: messageId });
        if (created.assigneeId) await ctx.emit(tx, actor, 'ticket.assigned', created, { from: null, to: created.assigneeId });
        return created;
      });
      return (await ctx.toViews(actor, [ticket]))[0]!;
    },
  };
}
