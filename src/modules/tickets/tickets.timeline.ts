/** A ticket's timeline: steps written by this module and by others (SLA, routing), and the list the API shows. */
import type { Actor } from '../../platform/actor.ts';
import { deferWrite, type Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { assertCan } from '../identity/index.ts';
import type { TimelineStage } from './ticket-status.ts';
import type { TicketsContext } from './tickets.context.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

export interface TimelineView {
  id: number;
  at: Date;
  stage: string;
  kind: string;
  operator: { type: string; id: string | null; name: string | null };
  changes: Record<string, { from: unknown; to: unknown }>;
  messageId: string | null;
  attachmentIds: string[];
  content: string | null;
  nextStep: string | null;
  details: Record<string, unknown>;
}

/** A step written onto a ticket's timeline by another module (SLA warnings, breaches, hand-offs). */
export interface TimelineEntryInput {
  kind: string;
  stage: TimelineStage | (string & {});
  at: Date;
  operatorType?: 'user' | 'system' | 'customer' | 'bot';
  operatorId?: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  messageId?: string | null;
  attachmentIds?: string[];
  content?: string | null;
  nextStep?: string | null;
  details?: Record<string, unknown>;
}

/** Writes a timeline row inside the caller's transaction. */
export async function addTimelineEntry(tx: Sql, workspaceId: string, ticketId: string, entry: TimelineEntryInput): Promise<number> {
  return timelineRepo.insertTimeline(tx, workspaceId, ticketId, {
    ...entry,
    operatorType: entry.operatorType ?? 'system',
    operatorId: entry.operatorId ?? null,
  });
}

/**
 * A timeline row written when the transaction commits, in one statement with the others: for entries
 * recorded by other modules' event handlers (SLA), which nobody reads back before then.
 */
export async function deferTimelineEntry(tx: Sql, workspaceId: string, ticketId: string, entry: TimelineEntryInput): Promise<void> {
  await deferWrite(tx, timelineRepo.deferredTimelineRows, { workspaceId, ticketId, entry: { ...entry, operatorType: entry.operatorType ?? 'system', operatorId: entry.operatorId ?? null } });
}

export function createTimelineOps(ctx: TicketsContext) {
  return {
    /** The steps in the order they happened, whatever order they were written in (others record after the fact). */
    async listTimeline(actor: Actor, ticketId: string, options: { after?: number; limit?: number } = {}): Promise<{ items: TimelineView[]; nextCursor: string | null }> {
      assertCan(actor, 'tickets.read');
      await ctx.requireTicket(ctx.db, actor, ticketId);
      const limit = Math.min(Math.max(options.limit ?? 200, 1), 500);
      // The cursor is the id of the last step shown; the page goes on from its place in time.
      const rows = await timelineRepo.selectTimeline(ctx.db, actor.workspaceId, ticketId, { afterId: options.after, limit: limit + 1 });
      if (rows.length === 0 && options.after !== undefined && !(await timelineRepo.hasTimelineStep(ctx.db, actor.workspaceId, ticketId, options.after))) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'query.cursor', messageKey: 'tickets.invalid_cursor' }] });
      }
      const page = rows.slice(0, limit);
      const names = await ctx.lookupNames(actor.workspaceId, page.filter((r) => r.operatorType === 'user').map((r) => r.operatorId), []);
      return {
        items: page.map((row) => ({
          id: row.id,
          at: row.at,
          stage: row.stage,
          kind: row.kind,
          operator: {
            type: row.operatorType,
            id: row.operatorId,
            name: row.operatorType === 'user' && row.operatorId ? (names.users.get(row.operatorId)?.name ?? null) : null,
          },
          changes: row.changes,
          messageId: row.messageId,
          attachmentIds: row.attachmentIds,
          content: row.content,
          nextStep: row.nextStep,
          details: row.details,
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  };
}
