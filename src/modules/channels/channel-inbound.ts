import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { TicketsService } from '../tickets/index.ts';
import { fileDueArrivals } from './arrival-retry.ts';
import * as repo from './channel-inbound.repository.ts';
import { fileInboundMessage, type FiledMessage, type InboundFiling } from './inbound-filing.ts';

/**
 * What a channel makes of one stored arrival, read outside any transaction (it may fetch media from the
 * provider): a message to file, or nothing to file (an event that only changes the channel's own state).
 * `onFiled` runs in the filing transaction, so the channel's state commits with the ticket message or not at all.
 */
export interface PreparedArrival {
  filing: InboundFiling | null;
  onFiled?: (tx: Sql, filed: FiledMessage) => Promise<void>;
}

export type ArrivalPreparer = (arrival: repo.StoredInbound) => Promise<PreparedArrival>;

/**
 * Messages that came through WeChat or a webhook: stored as they arrive (the provider is answered once the
 * row is committed), then filed by a worker, each channel preparing its own arrivals. A filing that fails
 * is retried with back-off and, after the last try, kept as `failed` with its error.
 */
export function createChannelInbound(deps: { db: Db; clock: Clock; logger?: Logger; tickets: TicketsService }, preparers: Record<repo.StoredChannel, ArrivalPreparer>, hooks: { onStored?: () => void } = {}) {
  const { db, clock } = deps;

  async function processOne(workspaceId: string, id: string): Promise<boolean> {
    const stored = await repo.selectInbound(db, workspaceId, id);
    if (!stored || stored.status !== 'received') return false;
    const prepared = await preparers[stored.channel](stored);
    return db.transaction(async (tx) => {
      // Another node may have filed it since it was read.
      const current = await repo.selectInbound(tx, workspaceId, id, { forUpdate: true });
      if (!current || current.status !== 'received') return false;
      const filed: FiledMessage = prepared.filing ? await fileInboundMessage(tx, deps.tickets, prepared.filing) : { outcome: 'stored', ticketId: null, messageId: null };
      await prepared.onFiled?.(tx, filed);
      await repo.markInboundProcessed(tx, workspaceId, id, { outcome: filed.outcome, ticketId: filed.ticketId, ticketMessageId: filed.messageId, now: clock.now() });
      return true;
    });
  }

  return {
    /** Stores an arrival in the caller's transaction; a replayed one (same key on the same connection) is the first row. */
    async store(tx: Sql, workspaceId: string, arrival: { channel: repo.StoredChannel; connectionId: string; dedupeKey: string; payload: Record<string, unknown> }) {
      return repo.insertInbound(tx, workspaceId, { id: newId(), ...arrival, now: clock.now() });
    },

    /** Tells the worker that something was stored (after the storing transaction committed). */
    notifyStored(): void {
      hooks.onStored?.();
    },

    processOne,

    /** Files the arrivals that are due; returns how many it took. */
    async processPending(options: { limit?: number } = {}): Promise<number> {
      const arrivals = {
        selectDue: (now: Date, limit: number) => repo.selectDueInbound(db, now, limit),
        attemptsSoFar: async (workspaceId: string, id: string) => (await repo.selectInbound(db, workspaceId, id))?.attempts ?? 0,
        markAttemptFailed: (workspaceId: string, id: string, failure: { error: string; retryAt: Date | null }) => repo.markInboundAttemptFailed(db, workspaceId, id, failure),
      };
      return fileDueArrivals(arrivals, processOne, { clock, logger: deps.logger, what: 'an inbound channel message', limit: options.limit });
    },

    latestOfTicket: (workspaceId: string, ticketId: string, channel: repo.StoredChannel, sql: Sql = db) => repo.selectLatestOfTicket(sql, workspaceId, ticketId, channel),
    ticketOfConversation: (workspaceId: string, connectionId: string, conversationId: string) => repo.selectTicketOfConversation(db, workspaceId, connectionId, conversationId),
  };
}

export type ChannelInbound = ReturnType<typeof createChannelInbound>;
