/**
 * The outbound worker: claims due messages with a lease, hands each to its channel's adapter after commit, and records
 * the outcome. Temporary failures retry with back-off; permanent ones (and the last try) fail the message, which a
 * ticket then shows on its timeline.
 */
import { buffer } from 'node:stream/consumers';
import { systemActor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { withSavepoint, type Db, type Sql } from '../../../platform/db.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { TicketsService } from '../../tickets/index.ts';
import { ChannelSendError, type ChannelAdapter, type ChannelKind, type OutboundAttachment, type OutboundDelivery, type SendResult } from '../channel-adapter.ts';
import { CHANNEL_EVENTS, channelsOutbox, type OutboundEventPayload } from '../channels.events.ts';
import * as repo from './outbound.repository.ts';
import { TEMPLATE_NAMES } from './template-defaults.ts';

export const MAX_SEND_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … capped at an hour: eight tries span about two hours of a provider being down. */
export const sendRetryDelayMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
/** A claimed send is taken again by another node after this, should its node die mid-send. */
const SEND_LEASE_MS = 2 * 60_000;

export interface OutboundWorkerDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  tickets: Pick<TicketsService, 'openAttachment' | 'recordDeliveryInTransaction' | 'addTimelineEntry'>;
}

type Outcome = { ok: true; result: SendResult } | { ok: false; error: string; permanent: boolean };

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createOutboundWorker(deps: OutboundWorkerDeps) {
  const { db, clock } = deps;
  const adapters = new Map<ChannelKind, ChannelAdapter>();

  function toDelivery(job: repo.OutboundRecord): OutboundDelivery {
    const system = systemActor(job.workspaceId);
    return {
      id: job.id,
      workspaceId: job.workspaceId,
      channel: job.channel,
      to: job.recipient,
      subject: job.subject,
      text: job.textBody,
      html: job.htmlBody,
      template: job.template,
      locale: job.locale,
      ticketId: job.ticketId,
      ticketMessageId: job.ticketMessageId,
      attachmentIds: job.attachmentIds,
      attempt: job.attempts,
      async loadAttachments(): Promise<OutboundAttachment[]> {
        const files: OutboundAttachment[] = [];
        for (const id of job.attachmentIds) {
          const { attachment, stream } = await deps.tickets.openAttachment(system, id);
          files.push({ id, filename: attachment.filename, contentType: attachment.contentType, content: await buffer(stream) });
        }
        return files;
      },
    };
  }

  function eventOf(job: repo.OutboundRecord, at: Date, firstOfNotice = true): OutboundEventPayload {
    return {
      outboundId: job.id,
      channel: job.channel,
      template: job.template,
      ticketId: job.ticketId,
      ticketMessageId: job.ticketMessageId,
      isProgressUpdate: job.template === TEMPLATE_NAMES.progress && job.ticketId !== null && firstOfNotice,
      at: at.toISOString(),
    };
  }

  /** The delivery status of the ticket message a reply delivers; a ticket merged or closed since must not undo the send's record. */
  async function recordOnMessage(tx: Sql, job: repo.OutboundRecord, delivery: { status: 'sent' | 'failed'; error?: string; externalId?: string }) {
    if (!job.ticketId || !job.ticketMessageId) return;
    const recorded = await withSavepoint(tx, () => deps.tickets.recordDeliveryInTransaction(tx, systemActor(job.workspaceId), job.ticketId!, job.ticketMessageId!, delivery));
    if (!recorded.ok) deps.logger?.warn({ err: recorded.error, outboundId: job.id }, 'the delivery status could not be written on the ticket message');
  }

  async function settle(job: repo.OutboundRecord, delivery: OutboundDelivery, adapter: ChannelAdapter | undefined, outcome: Outcome): Promise<void> {
    const now = clock.now();
    const aggregate = job.ticketId ? { aggregateType: 'ticket', aggregateId: job.ticketId } : { aggregateType: 'outbound', aggregateId: job.id };
    await db.transaction(async (tx) => {
      if (outcome.ok) {
        await repo.markSent(tx, job.workspaceId, job.id, { externalId: outcome.result.externalId, fromAddress: outcome.result.from ?? null, response: outcome.result.response, now });
        await adapter?.recordSent?.(tx, delivery, outcome.result);
        await recordOnMessage(tx, job, { status: 'sent', externalId: outcome.result.externalId });
        if (job.ticketId && !job.ticketMessageId) {
          await deps.tickets.addTimelineEntry(tx, job.workspaceId, job.ticketId, {
            kind: 'customer_notified',
            stage: job.template === TEMPLATE_NAMES.solved ? 'resolution' : 'handling',
            at: now,
            content: job.textBody.slice(0, 280),
            details: { channel: job.channel, template: job.template, to: job.toAddress },
          });
        }
        const firstOfNotice = !job.noticeGroup || !(await repo.anotherOfGroupSent(tx, job.workspaceId, job.noticeGroup, job.id));
        await channelsOutbox.emit(tx, clock, { workspaceId: job.workspaceId, type: CHANNEL_EVENTS.outboundSent, ...aggregate, payload: eventOf(job, now, firstOfNotice) });
        return;
      }
      const giveUp = outcome.permanent || job.attempts >= MAX_SEND_ATTEMPTS;
      await repo.markSendFailed(tx, job.workspaceId, job.id, { error: outcome.error, retryAt: giveUp ? null : new Date(now.getTime() + sendRetryDelayMs(job.attempts)), now });
      if (!giveUp) return;
      await recordOnMessage(tx, job, { status: 'failed', error: outcome.error.slice(0, 500) });
      if (job.ticketId) {
        await deps.tickets.addTimelineEntry(tx, job.workspaceId, job.ticketId, {
          kind: 'delivery_failed',
          stage: 'handling',
          at: now,
          messageId: job.ticketMessageId,
          content: outcome.error.slice(0, 280),
          details: { channel: job.channel, template: job.template, to: job.toAddress, attempts: job.attempts, permanent: outcome.permanent },
        });
      }
      await channelsOutbox.emit(tx, clock, {
        workspaceId: job.workspaceId,
        type: CHANNEL_EVENTS.outboundFailed,
        ...aggregate,
        payload: { ...eventOf(job, now), error: outcome.error.slice(0, 500), permanent: outcome.permanent, attempts: job.attempts },
      });
    });
  }

  async function sendOne(job: repo.OutboundRecord): Promise<void> {
    const adapter = adapters.get(job.channel);
    const delivery = toDelivery(job);
    if (!adapter) {
      // A channel whose adapter is not registered on this installation: retried, in case a node with it takes over.
      await settle(job, delivery, undefined, { ok: false, error: `no adapter is registered for the ${job.channel} channel`, permanent: false });
      return;
    }
    let outcome: Outcome;
    try {
      outcome = { ok: true, result: await adapter.send(delivery) };
    } catch (error) {
      const permanent = error instanceof ChannelSendError && error.permanent;
      // A channel's own refusal (no relay configured, a mailbox that does not exist) is expected: its reason, no stack.
      const cause = error instanceof ChannelSendError ? { reason: error.message } : { err: error };
      deps.logger?.warn({ ...cause, outboundId: job.id, channel: job.channel, attempts: job.attempts, permanent }, 'sending an outbound message failed');
      outcome = { ok: false, error: errorText(error), permanent };
    }
    await settle(job, delivery, adapter, outcome);
  }

  return {
    /** Adds a channel's driver; one per channel kind. */
    registerAdapter(adapter: ChannelAdapter): void {
      if (adapters.has(adapter.kind)) throw new Error(`an outbound adapter for ${adapter.kind} is registered already`);
      adapters.set(adapter.kind, adapter);
    },

    hasAdapter: (kind: ChannelKind): boolean => adapters.has(kind),

    /**
     * Sends the messages that are due, outside any transaction: the claim commits first (with a lease), the outcome
     * is recorded after. A node that dies between sending and recording sends again when the lease expires, with the
     * same provider id where the channel has one (an e-mail's Message-ID), which receivers treat as the same message.
     */
    async sendPending(options: { limit?: number } = {}): Promise<number> {
      const now = clock.now();
      const jobs = await db.transaction((tx) => repo.claimDueOutbound(tx, now, new Date(now.getTime() + SEND_LEASE_MS), options.limit ?? 10));
      for (const job of jobs) {
        try {
          await sendOne(job);
        } catch (error) {
          // Recording the outcome failed (the database went away): the lease brings the message back later.
          deps.logger?.error({ err: error, outboundId: job.id }, 'recording an outbound message failed; it is retried when its lease ends');
        }
      }
      return jobs.length;
    },

    close(): void {
      for (const adapter of adapters.values()) adapter.close?.();
    },
  };
}

export type OutboundWorker = ReturnType<typeof createOutboundWorker>;
