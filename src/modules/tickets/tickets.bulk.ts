/**
 * Bulk change: one change (assignee, team, status, tags added or removed) applied to up to 500 tickets in one
 * transaction, all or nothing. Every ticket is checked first — visible to the actor, at the version the caller
 * saw, allowed to take the change — and when any is not, nothing is written and the problem names each ticket
 * and why. Each changed ticket then gets the timeline step, audit entry and events of a single update.
 */
import type { Actor } from '../../platform/actor.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { canSeeTicket } from './ticket-list-query.ts';
import type { TicketStatus } from './ticket-status.ts';
import { cleanTags } from './tickets.create.ts';
import type { TicketsContext, TicketView } from './tickets.context.ts';
import { updateTicketRows } from './ticket-bulk.repository.ts';
import * as repo from './tickets.repository.ts';
import { MAX_TAGS } from './tickets.schemas.ts';
import { assertCanChange, planTicketChange, recordTicketChange, type TicketChangePlan, type UpdateTicketInput } from './tickets.update.ts';

export const MAX_BULK_TICKETS = 500;

export interface BulkTicketChange {
  assigneeId?: string | null;
  teamId?: string | null;
  status?: TicketStatus;
  addTags?: string[];
  removeTags?: string[];
  nextStep?: string | null;
}

export interface BulkUpdateInput {
  /** `version`: the one the caller saw; a ticket changed since then fails the whole batch. */
  tickets: { id: string; version?: number }[];
  change: BulkTicketChange;
}

/** One ticket that cannot take the change: its place in the request, its id and the reason. */
export interface BulkFailure {
  index: number;
  id: string;
  code: 'not_found' | 'conflict' | 'invalid_state';
  messageKey: string;
  params?: Record<string, unknown>;
  currentVersion?: number;
}

export function createTicketBulkOps(ctx: TicketsContext) {
  const { clock } = ctx;

  /** The change as one ticket takes it: tags are worked out from the ticket's own. */
  function changeFor(ticket: repo.TicketRecord, change: BulkTicketChange): Pick<UpdateTicketInput, 'assigneeId' | 'teamId' | 'status' | 'tags'> {
    const { addTags, removeTags, nextStep: _nextStep, ...fields } = change;
    if (addTags === undefined && removeTags === undefined) return fields;
    const removed = new Set(cleanTags(removeTags));
    return { ...fields, tags: cleanTags([...ticket.tags, ...(addTags ?? [])]).filter((tag) => !removed.has(tag)) };
  }

  return {
    async bulkUpdateTickets(actor: Actor, input: BulkUpdateInput): Promise<{ items: TicketView[]; changed: number }> {
      const { change } = input;
      assertCanChange(actor, change);
      const fields = Object.entries(change).filter(([key, value]) => key !== 'nextStep' && value !== undefined);
      if (fields.length === 0) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'change', messageKey: 'tickets.bulk_empty' }] });
      const ids = input.tickets.map((ticket) => ticket.id);
      if (ids.length === 0 || ids.length > MAX_BULK_TICKETS || new Set(ids).size !== ids.length) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'tickets', messageKey: 'tickets.bulk_ids', params: { max: MAX_BULK_TICKETS } }] });
      }
      if (change.assigneeId || change.teamId) await ctx.validatePeople(actor.workspaceId, change);

      const bulkId = newId();
      const updated = await ctx.db.transaction(async (tx) => {
        const locked = new Map((await repo.selectTicketsForUpdate(tx, actor.workspaceId, ids)).map((ticket) => [ticket.id, ticket]));
        const now = clock.now();
        const failures: BulkFailure[] = [];
        const plans: { current: repo.TicketRecord; plan: TicketChangePlan }[] = [];
        input.tickets.forEach(({ id, version }, index) => {
          const current = locked.get(id);
          if (!current || !canSeeTicket(actor, current)) {
            failures.push({ index, id, code: 'not_found', messageKey: 'tickets.not_found' });
            return;
          }
          if (version !== undefined && current.version !== version) {
            failures.push({ index, id, code: 'conflict', messageKey: 'tickets.bulk_stale', params: { number: current.number }, currentVersion: current.version });
            return;
          }
          const ticketChange = changeFor(current, change);
          if (ticketChange.tags && ticketChange.tags.length > MAX_TAGS) {
            failures.push({ index, id, code: 'invalid_state', messageKey: 'tickets.too_many_tags', params: { number: current.number, max: MAX_TAGS } });
            return;
          }
          try {
            plans.push({ current, plan: planTicketChange(ctx, actor, current, ticketChange, now) });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            failures.push({ index, id, code: 'invalid_state', messageKey: error.messageKey, params: { ...error.params, number: current.number } });
          }
        });
        if (failures.length > 0) throw rejection(failures, ids.length);

        const changing = plans.filter(({ plan }) => Object.keys(plan.changes).length > 0);
        const written = await updateTicketRows(
          tx,
          actor.workspaceId,
          changing.map(({ current, plan }) => ({
            id: current.id,
            status: plan.patch.status ?? current.status,
            assigneeId: plan.patch.assigneeId !== undefined ? plan.patch.assigneeId : current.assigneeId,
            teamId: plan.patch.teamId !== undefined ? plan.patch.teamId : current.teamId,
            tags: plan.patch.tags ?? current.tags,
            solvedAt: plan.patch.solvedAt !== undefined ? plan.patch.solvedAt : current.solvedAt,
            closedAt: plan.patch.closedAt !== undefined ? plan.patch.closedAt : current.closedAt,
          })),
          now,
        );
        const nextById = new Map(written.map((ticket) => [ticket.id, ticket]));
        for (const { current, plan } of changing) {
          await recordTicketChange(ctx, tx, actor, current, nextById.get(current.id)!, plan.changes, {
            now,
            nextStep: change.nextStep,
            deferTimeline: true,
            auditDetails: { bulkId, bulkSize: ids.length },
          });
        }
        return { tickets: ids.map((id) => nextById.get(id) ?? locked.get(id)!), changed: changing.length };
      });
      return { items: await ctx.toViews(actor, updated.tickets), changed: updated.changed };
    },
  };
}

/**
 * Nothing was changed: the problem lists every ticket that could not take the change (its place in the
 * request as the field, its id and reason in `failures`). All stale: a conflict (reload and retry).
 */
function rejection(failures: BulkFailure[], total: number): AppError {
  const fields: FieldProblem[] = failures.map((failure) => ({ field: `tickets.${failure.index}`, messageKey: failure.messageKey, params: failure.params }));
  return new AppError(failures.every((failure) => failure.code === 'conflict') ? 'conflict' : 'invalid_state', 'tickets.bulk_rejected', {
    params: { count: failures.length, total },
    fields,
    extra: {
      failures: failures.map(({ index, id, code, messageKey, currentVersion }) => ({ index, id, code, reason: messageKey, ...(currentVersion === undefined ? {} : { currentVersion }) })),
    },
  });
}
