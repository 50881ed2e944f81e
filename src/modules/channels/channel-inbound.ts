import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { TicketsService } from '../tickets/index.ts';
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

const MAX_ATTEMPTS = 8;
/** 10 s, 20 s, 40 s … capped at an hour, as for mail. */
const retryDelayMs = (attempts: number): number => Math.min(10_000 * 2 ** attempts, 3_600_000);

const describeError = (error: unknown): string => (error instanceof AppError ? `${error.messageKey} ${JSON.stringify(error.fields)}` : error instanceof Error ? error.message : String(error));

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
      const due = await repo.selectDueInbound(db, clock.now(), options.limit ?? 20);
      for (const { workspaceId, id } of due) {
        try {
          await processOne(workspaceId, id);
        } catch (error) {
          const current = await repo.selectInbound(db, workspaceId, id);
          const attempts = (current?.attempts ?? 0) + 1;
          const retryAt = attempts >= MAX_ATTEMPTS ? null : new Date(clock.now().getTime() + retryDelayMs(attempts - 1));
          deps.logger?.warn({ err: error, inboundId: id, attempts }, retryAt ? 'an inbound channel message could not be filed; will retry' : 'an inbound channel message could not be filed; giving up (it is kept)');
          await repo.markInboundAttemptFailed(db, workspaceId, id, { error: describeError(error), retryAt });
        }
      }
      return due.length;
    },

    latestOfTicket: (workspaceId: string, ticketId: string, channel: repo.StoredChannel, sql: Sql = db) => repo.selectLatestOfTicket(sql, workspaceId, ticketId, channel),
    ticketOfConversation: (workspaceId: string, connectionId: string, conversationId: string) => repo.selectTicketOfConversation(db, workspaceId, connectionId, conversationId),
  };
}

export type ChannelInbound = ReturnType<typeof createChannelInbound>;
