import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { buildSearchDocument } from '../../platform/text/index.ts';
import { assertCan } from '../identity/index.ts';
import { validateCustomFields, type CustomFieldValues } from './custom-fields.ts';
import { canTransition, stageOfAction, statusAfterAssignment, type TicketStatus, type TimelineAction } from './ticket-status.ts';
import type { Channel, Priority, Urgency } from './ticket-fields.ts';
import { cleanTags } from './tickets.create.ts';
import { changeValue, type TicketsContext, type TicketView } from './tickets.context.ts';
import { deferTimelineEntry } from './tickets.timeline.ts';
import type { FieldChange } from './tickets.events.ts';
import * as repo from './tickets.repository.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

export interface UpdateTicketInput {
  subject?: string;
  status?: TicketStatus;
  priority?: Priority;
  urgency?: Urgency;
  type?: string;
  channel?: Channel;
  tags?: string[];
  customFields?: Record<string, unknown>;
  customerId?: string;
  assigneeId?: string | null;
  teamId?: string | null;
  departmentId?: string | null;
  expectedCompletionAt?: Date | null;
  csat?: number | null;
  /** Free text for the timeline: what happens next. */
  nextStep?: string | null;
}

/** Fields that may still change on a closed ticket: the late survey score and tags for reporting. */
const EDITABLE_WHEN_CLOSED = new Set(['csat', 'tags', 'nextStep']);

function isSame(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => isSame(item, b[index]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keysA = Object.keys(a).sort();
    const keysB = Object.keys(b).sort();
    return isSame(keysA, keysB) && keysA.every((key) => isSame((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return (a ?? null) === (b ?? null);
}

/** A closed ticket takes only a late score, tags and a next step. */
function assertChangeable(current: repo.TicketRecord, input: object): void {
  const given = Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key);
  if (current.status === 'closed' && given.some((key) => !EDITABLE_WHEN_CLOSED.has(key))) {
    throw new AppError('invalid_state', 'tickets.closed_readonly');
  }
}

/** What a change does to one ticket: the columns to write and the changes as events and the timeline record them. */
export interface TicketChangePlan {
  patch: repo.TicketPatch;
  changes: Record<string, FieldChange>;
}

/**
 * The rules of a change to one locked ticket, without I/O: what may change on a closed ticket, which status
 * moves are allowed, what an assignment does to the status, when a score may be given. Custom field values
 * and the customer arrive checked (`customFields` already validated against the definitions). Throws the
 * AppError a PATCH answers with; a bulk change collects them per ticket.
 */
export function planTicketChange(
  ctx: TicketsContext,
  actor: Actor,
  current: repo.TicketRecord,
  input: Omit<UpdateTicketInput, 'customFields'> & { customFields?: CustomFieldValues },
  now: Date,
): TicketChangePlan {
  assertChangeable(current, input);
  const patch: repo.TicketPatch = {};
  const changes: Record<string, FieldChange> = {};
  const consider = <K extends keyof repo.TicketPatch>(field: K, value: repo.TicketPatch[K] | undefined, name: string = field) => {
    if (value === undefined || isSame(current[field as keyof repo.TicketRecord], value)) return;
    (patch as Record<string, unknown>)[field] = value;
    changes[name] = { from: changeValue(current[field as keyof repo.TicketRecord]), to: changeValue(value) };
  };
  consider('subject', input.subject);
  consider('priority', input.priority);
  consider('urgency', input.urgency);
  consider('type', input.type);
  consider('channel', input.channel);
  consider('tags', input.tags === undefined ? undefined : cleanTags(input.tags));
  consider('assigneeId', input.assigneeId);
  consider('teamId', input.teamId);
  consider('departmentId', input.departmentId);
  consider('expectedCompletionAt', input.expectedCompletionAt);
  consider('customFields', input.customFields);
  consider('customerId', input.customerId);

  // Status: an explicit move must be allowed; otherwise assignment may start the ticket.
  let status = current.status;
  if (input.status !== undefined && input.status !== current.status) {
    if (!canTransition(current.status, input.status)) throw ctx.invalidTransition(actor, current.status, input.status);
    status = input.status;
  } else if (patch.assigneeId !== undefined) {
    status = statusAfterAssignment(current.status, patch.assigneeId);
  }
  if (status !== current.status) {
    consider('status', status);
    if (status === 'solved') patch.solvedAt = now;
    else if (current.status === 'solved' && status !== 'closed') patch.solvedAt = null;
    if (status === 'closed') patch.closedAt = now;
  }
  if (input.csat !== undefined && !isSame(input.csat, current.csat)) {
    if (input.csat !== null && status !== 'solved' && status !== 'closed') throw new AppError('invalid_state', 'tickets.csat_before_solved');
    consider('csat', input.csat);
  }
  return { patch, changes };
}

/**
 * The record of a change written: its timeline step, audit entry and events, as a PATCH writes them.
 * `deferTimeline` writes the step at commit with the others (a bulk change of hundreds of tickets).
 */
export async function recordTicketChange(
  ctx: TicketsContext,
  tx: Sql,
  actor: Actor,
  current: repo.TicketRecord,
  next: repo.TicketRecord,
  changes: Record<string, FieldChange>,
  options: { now: Date; nextStep?: string | null; deferTimeline?: boolean; auditDetails?: Record<string, unknown> },
): Promise<void> {
  const workspaceId = actor.workspaceId;
  const changed = Object.keys(changes);
  const action: TimelineAction =
    changes.assigneeId ? 'assigned' : changes.departmentId || changes.teamId ? 'transferred' : changes.status ? 'status_changed' : 'updated';
  const entry = {
    at: options.now,
    stage: stageOfAction(action, next.status),
    kind: action,
    ...ctx.operatorOf(actor),
    changes,
    nextStep: options.nextStep ?? null,
  };
  if (options.deferTimeline) await deferTimelineEntry(tx, workspaceId, next.id, entry);
  else await timelineRepo.insertTimeline(tx, workspaceId, next.id, entry);
  await ctx.deps.audit.record(tx, actor, {
    action: 'ticket.updated',
    entityType: 'ticket',
    entityId: next.id,
    details: { fields: changed, ...(changes.status ? { status: changes.status } : {}), version: next.version, ...options.auditDetails },
  });
  if (changed.length > 0) {
    await ctx.emit(tx, actor, 'ticket.updated', next, { changes });
    if (changes.status) await ctx.emit(tx, actor, 'ticket.status_changed', next, { from: current.status, to: next.status });
    if (changes.assigneeId) await ctx.emit(tx, actor, 'ticket.assigned', next, { from: current.assigneeId, to: next.assigneeId });
    if (changes.priority) await ctx.emit(tx, actor, 'ticket.priority_changed', next, { from: current.priority, to: next.priority });
  }
}

/** Checks that the actor may make this change at all (before any ticket is read). */
export function assertCanChange(actor: Actor, input: Pick<UpdateTicketInput, 'assigneeId' | 'teamId' | 'departmentId'>): void {
  assertCan(actor, 'tickets.write');
  if (input.assigneeId !== undefined || input.teamId !== undefined || input.departmentId !== undefined) assertCan(actor, 'tickets.assign');
}

export function createTicketUpdateOps(ctx: TicketsContext) {
  const { deps, clock } = ctx;

  /** The update inside a transaction; `settings` is needed only when type or custom fields change. */
  async function applyUpdate(
    tx: Sql,
    actor: Actor,
    ticketId: string,
    input: UpdateTicketInput,
    options: { ifMatch?: number; settings?: Awaited<ReturnType<TicketsContext['loadSettings']>> },
  ): Promise<repo.TicketRecord> {
    const workspaceId = actor.workspaceId;
    const current = await ctx.requireTicket(tx, actor, ticketId, { forUpdate: true });
    ctx.checkVersion(current, options.ifMatch);
    // A closed ticket refuses the change before its custom fields are checked.
    assertChangeable(current, input);
    const { customFields: givenFields, ...rest } = input;
    let customFields: CustomFieldValues | undefined;
    if (givenFields !== undefined) {
      const custom = validateCustomFields(options.settings!.fields, givenFields, { mode: 'update', current: current.customFields, enforceRequired: actor.kind !== 'system' });
      if (custom.problems.length > 0) throw new AppError('validation', 'errors.validation', { fields: custom.problems });
      customFields = custom.values;
    }
    if (input.customerId !== undefined && input.customerId !== current.customerId) {
      try {
        await deps.customers.assertCustomerExists(tx, workspaceId, input.customerId);
      } catch {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'customerId', messageKey: 'errors.not_found', params: { entity: 'customer' } }] });
      }
    }

    const now = clock.now();
    const { patch, changes } = planTicketChange(ctx, actor, current, { ...rest, customFields }, now);
    const changed = Object.keys(changes);
    if (changed.length === 0 && !input.nextStep) return current;

    const searchParts: { subject?: string; customer?: string } = {};
    if (patch.subject !== undefined) searchParts.subject = buildSearchDocument(patch.subject);
    if (patch.customerId !== undefined) searchParts.customer = buildSearchDocument(await deps.customers.getSearchText(tx, workspaceId, patch.customerId));
    const next =
      changed.length > 0 ? await repo.updateTicketRow(tx, workspaceId, ticketId, patch, { now, bumpVersion: true, search: searchParts }) : current;
    await recordTicketChange(ctx, tx, actor, current, next, changes, { now, nextStep: input.nextStep });
    return next;
  }

  return {
    /**
     * Changes fields, status and assignment in one step. `ifMatch` is the version the caller saw:
     * when it is stale nothing is written and the current version is reported (409).
     */
    async updateTicket(actor: Actor, ticketId: string, input: UpdateTicketInput, options: { ifMatch?: number } = {}): Promise<TicketView> {
      assertCanChange(actor, input);
      const workspaceId = actor.workspaceId;
      const [settings] = await Promise.all([
        ctx.loadSettings(workspaceId),
        input.assigneeId || input.teamId || input.departmentId ? ctx.validatePeople(workspaceId, input) : undefined,
      ]);
      if (input.type !== undefined) ctx.assertTypeAllowed(settings.types, input.type);
      const updated = await ctx.db.transaction((tx) => applyUpdate(tx, actor, ticketId, input, { ifMatch: options.ifMatch, settings }));
      return (await ctx.toViews(actor, [updated]))[0]!;
    },

    /**
     * Routes a ticket inside the caller's transaction (SLA escalations, routing rules run in the event
     * dispatcher's transaction): assignee, team, department, priority or status, with the same
     * events, timeline and audit as a PATCH. The caller vouches for the ids it passes.
     */
    async routeTicketInTransaction(
      tx: Sql,
      actor: Actor,
      ticketId: string,
      input: Pick<UpdateTicketInput, 'assigneeId' | 'teamId' | 'departmentId' | 'priority' | 'status' | 'nextStep'>,
    ): Promise<repo.TicketRecord> {
      assertCanChange(actor, input);
      const { assigneeId, teamId, departmentId, priority, status, nextStep } = input;
      return applyUpdate(tx, actor, ticketId, { assigneeId, teamId, departmentId, priority, status, nextStep }, {});
    },

    /**
     * Any change a PATCH can make, inside the caller's transaction (automation rules and macros, which run in the
     * event dispatcher's or the request's transaction), with the same checks, events, timeline and audit.
     */
    async updateTicketInTransaction(tx: Sql, actor: Actor, ticketId: string, input: UpdateTicketInput): Promise<repo.TicketRecord> {
      assertCanChange(actor, input);
      const settings = await ctx.loadSettings(actor.workspaceId, tx);
      if (input.type !== undefined) ctx.assertTypeAllowed(settings.types, input.type);
      return applyUpdate(tx, actor, ticketId, input, { settings });
    },
  };
}
