/**
 * The outbound queue's service: queueing (for other modules, inside their transactions), adapter registration, the
 * worker, the deliveries agents and admins see, and the admins' templates.
 */
import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { AuditService } from '../../audit/index.ts';
import { assertCan } from '../../identity/index.ts';
import type { TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import type { ChannelKind } from '../channel-adapter.ts';
import { createOutboundQueue } from './outbound.queue.ts';
import * as repo from './outbound.repository.ts';
import { createTemplateOps } from './outbound.templates.ts';
import { createOutboundWorker } from './outbound.worker.ts';

export interface OutboundDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
  tickets: Pick<TicketsService, 'getTicket' | 'openAttachment' | 'recordDeliveryInTransaction' | 'addTimelineEntry'>;
}

/** A queued message as agents (on a ticket) and admins (the delivery list) see it; the words stay on the server. */
export interface DeliveryView {
  id: string;
  channel: ChannelKind;
  template: string | null;
  toAddress: string | null;
  subject: string | null;
  status: repo.OutboundStatus;
  ticketId: string | null;
  ticketMessageId: string | null;
  externalId: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const toView = (record: repo.OutboundRecord): DeliveryView => ({
  id: record.id,
  channel: record.channel,
  template: record.template,
  toAddress: record.toAddress,
  subject: record.subject,
  status: record.status,
  ticketId: record.ticketId,
  ticketMessageId: record.ticketMessageId,
  externalId: record.externalId,
  attempts: record.attempts,
  nextAttemptAt: record.nextAttemptAt,
  lastError: record.lastError,
  createdAt: record.createdAt,
  sentAt: record.sentAt,
});

const encodeCursor = (record: repo.OutboundRecord): string => Buffer.from(JSON.stringify([record.createdAt.toISOString(), record.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (!Number.isNaN(createdAt.getTime()) && isUuid(id)) return { createdAt, id };
  } catch {
    // falls through to the refusal
  }
  throw new AppError('validation', 'errors.validation', { fields: [{ field: 'cursor', messageKey: 'channels.outbound.bad_cursor' }] });
}

export function createOutboundService(deps: OutboundDeps, hooks: { onQueued?: () => void } = {}) {
  const { db, clock } = deps;
  const queue = createOutboundQueue(deps, hooks);
  const worker = createOutboundWorker(deps);
  const templates = createTemplateOps(deps);

  return {
    queue: queue.queue,
    queueMany: queue.queueMany,
    registerAdapter: worker.registerAdapter,
    hasAdapter: worker.hasAdapter,
    sendPending: worker.sendPending,
    close: worker.close,
    ...templates,

    /** The messages sent or queued on a ticket; the ticket's own visibility applies. */
    async listTicketDeliveries(actor: Actor, ticketId: string): Promise<DeliveryView[]> {
      const ticket = await deps.tickets.getTicket(actor, ticketId);
      return (await repo.selectOutboundOfTicket(db, actor.workspaceId, ticket.id)).map(toView);
    },

    /** The workspace's outbound messages, newest first (admin): what failed and why, what waits. */
    async listDeliveries(actor: Actor, options: { status?: repo.OutboundStatus; channel?: ChannelKind; cursor?: string; limit?: number } = {}) {
      assertCan(actor, 'settings.manage');
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
      const rows = await repo.selectRecentOutbound(db, actor.workspaceId, { status: options.status, channel: options.channel, before: options.cursor ? decodeCursor(options.cursor) : undefined, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(toView), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
    },

    /** Sends a failed message again (admin), with a fresh count of tries. */
    async retryDelivery(actor: Actor, id: string): Promise<DeliveryView> {
      assertCan(actor, 'settings.manage');
      const found = isUuid(id) ? await repo.selectOutbound(db, actor.workspaceId, id) : undefined;
      if (!found) throw new AppError('not_found', 'channels.outbound.not_found');
      await db.transaction(async (tx) => {
        if (!(await repo.requeueFailed(tx, actor.workspaceId, id, clock.now()))) throw new AppError('invalid_state', 'channels.outbound.not_failed');
        await deps.audit.record(tx, actor, { action: 'outbound.retried', entityType: 'outbound', entityId: id, details: { channel: found.channel, to: found.toAddress } });
      });
      hooks.onQueued?.();
      return toView((await repo.selectOutbound(db, actor.workspaceId, id))!);
    },
  };
}

export type OutboundService = ReturnType<typeof createOutboundService>;
