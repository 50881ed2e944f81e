/** Reading sub-tasks: a ticket's with its progress, a department's or a person's queue, one with its parent's context. */
import type { SubtaskStatus } from '../../contracts/collaboration.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import type { CollaborationContext, SubtaskView } from './collaboration.context.ts';
import * as repo from './collaboration.repository.ts';
import { canSeeSubtask, progressOf, type Progress } from './subtask-rules.ts';

/** What a department needs of the parent ticket to do its part — not the ticket itself. */
export interface ParentContext {
  id: string;
  number: string;
  subject: string;
  description: string;
  status: string;
  priority: string;
  urgency: string;
  type: string;
  channel: string;
  customerName: string | null;
  /** Whether the viewer may open the whole ticket. */
  canOpen: boolean;
}

export interface SubtaskDetail extends SubtaskView {
  parent: ParentContext;
}

export type SubtaskScope = 'mine' | 'departments' | 'all';
export type SubtaskStateFilter = 'active' | 'done' | 'cancelled' | 'all';

const STATES: Record<SubtaskStateFilter, SubtaskStatus[] | undefined> = {
  active: ['open', 'in_progress'],
  done: ['done'],
  cancelled: ['cancelled'],
  all: undefined,
};

const MAX_PAGE = 200;

function encodeCursor(record: repo.SubtaskRecord): string {
  return Buffer.from(JSON.stringify([record.dueAt?.toISOString() ?? null, record.createdAt.toISOString(), record.id])).toString('base64url');
}

function decodeCursor(cursor: string): repo.SubtaskListFilter['after'] | undefined {
  try {
    const [due, created, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if ((due !== null && !isInstant(due)) || !isInstant(created) || typeof id !== 'string' || !isUuid(id)) return undefined;
    return { dueAt: due === null ? null : new Date(due), createdAt: new Date(created), id };
  } catch {
    return undefined;
  }
}

export function createSubtaskReadOps(ctx: CollaborationContext) {
  const { deps, db } = ctx;

  return {
    /** A ticket's sub-tasks, oldest first, and "n of m done"; 404 when the actor may not open the ticket. */
    async listTicketSubtasks(actor: Actor, ticketId: string): Promise<{ items: SubtaskView[]; progress: Progress }> {
      assertCan(actor, 'tickets.read');
      await deps.tickets.getTicketInTransaction(db, actor, ticketId);
      const records = await repo.selectTicketSubtasks(db, actor.workspaceId, ticketId);
      return { items: await ctx.toViews(actor.workspaceId, records.filter((record) => canSeeSubtask(actor, record))), progress: progressOf(records) };
    },

    /**
     * A queue of sub-tasks, soonest due first: the actor's own, their departments', or (for those who see the whole
     * desk) everyone's. A specialist never sees beyond their departments and what is assigned to them.
     */
    async listSubtasks(
      actor: Actor,
      query: { scope?: SubtaskScope; state?: SubtaskStateFilter; departmentId?: string; cursor?: string; limit?: number } = {},
    ): Promise<{ items: SubtaskView[]; nextCursor: string | null }> {
      assertCan(actor, 'tickets.read');
      const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE);
      const filter: repo.SubtaskListFilter = { statuses: STATES[query.state ?? 'active'], limit: limit + 1 };
      const scope = query.scope ?? (actor.role === 'specialist' ? 'departments' : 'all');
      if (scope === 'mine') filter.assigneeId = actor.userId ?? '00000000-0000-0000-0000-000000000000';
      if (scope === 'departments') filter.departmentIds = actor.teamIds;
      if (query.departmentId !== undefined) {
        if (!isUuid(query.departmentId)) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'query.departmentId', messageKey: 'validation.invalid_format', params: { format: 'uuid' } }] });
        filter.departmentIds = filter.departmentIds ? filter.departmentIds.filter((id) => id === query.departmentId) : [query.departmentId];
      }
      if (actor.role === 'specialist') filter.visibleTo = { departmentIds: actor.teamIds, userId: actor.userId };
      if (query.cursor !== undefined) {
        filter.after = decodeCursor(query.cursor);
        if (!filter.after) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'query.cursor', messageKey: 'collaboration.invalid_cursor' }] });
      }
      const rows = await repo.selectSubtasks(db, actor.workspaceId, filter);
      const page = rows.slice(0, limit);
      return { items: await ctx.toViews(actor.workspaceId, page), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
    },

    /** One sub-task with what its department needs of the parent ticket (read for them, whoever may open it). */
    async getSubtask(actor: Actor, id: string): Promise<SubtaskDetail> {
      assertCan(actor, 'tickets.read');
      const record = await ctx.requireSubtask(db, actor, id);
      const [[view], parent, visibility] = await Promise.all([
        ctx.toViews(actor.workspaceId, [record]),
        deps.tickets.getTicketInTransaction(db, systemActor(actor.workspaceId), record.ticketId),
        deps.tickets.loadTicketVisibility(actor.workspaceId, [record.ticketId], [actor]),
      ]);
      return {
        ...view!,
        parent: {
          id: parent.id,
          number: parent.number,
          subject: parent.subject,
          description: parent.description,
          status: parent.status,
          priority: parent.priority,
          urgency: parent.urgency,
          type: parent.type,
          channel: parent.channel,
          customerName: parent.customer?.name ?? null,
          canOpen: visibility(actor, parent.id),
        },
      };
    },

    /** "n of m done" of a ticket (the ticket detail's `extensions.collaboration`). */
    async readProgress(workspaceId: string, ticketId: string, sql: Sql = db): Promise<Progress> {
      return (await repo.selectProgress(sql, workspaceId, [ticketId])).get(ticketId) ?? { done: 0, total: 0 };
    },
  };
}
