import { systemActor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Sql } from '../../../platform/db.ts';
import { newId } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { OutboxEvent, Subscriber } from '../../../platform/outbox.ts';
import type { CustomersService } from '../../customers/index.ts';
import { TICKET_EVENTS, type MessageAddedPayload, type TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { ChannelSendError, type ChannelAdapter, type OutboundMessage } from '../channel-adapter.ts';
import * as outboundRepo from './email-outbound.repository.ts';
import * as repo from './email.repository.ts';
import { domainOf, outboundMessageId, referencesFor, replySubject } from './mail-threading.ts';
import { createSmtpSender } from './smtp-sender.ts';

export interface EmailOutboundDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  workspaces: WorkspacesService;
  tickets: TicketsService;
  customers: Pick<CustomersService, 'getCustomer'>;
  /** The node's relay (SMTP_RELAY_URL), used by workspaces without their own. */
  relayUrl?: string;
}

export const MAX_SEND_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … capped at an hour: eight tries span about two hours of a relay being down. */
export const sendRetryDelayMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
/** A claimed send is taken again by another node after this, should its node die mid-send. */
const SEND_LEASE_MS = 2 * 60_000;

/** A reply that cannot be composed: no address to send to or no mailbox to send from (retried: an admin may add one), or no reply any more. */
class ComposeError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export function createEmailOutbound(deps: EmailOutboundDeps, hooks: { onQueued?: () => void } = {}) {
  const { db, clock } = deps;
  const senders = new Map<string, ChannelAdapter & { close(): void }>();
  const senderFor = (relayUrl: string) => {
    let sender = senders.get(relayUrl);
    if (!sender) {
      sender = createSmtpSender(relayUrl);
      senders.set(relayUrl, sender);
    }
    return sender;
  };

  /**
   * Queues an agent's public reply on an e-mail ticket. Runs inside the event's delivery transaction, so
   * the queue row commits with the delivery mark, exactly once; the mail itself leaves after commit.
   */
  const replySubscriber: Subscriber = {
    name: 'channels.email.outbound',
    types: [TICKET_EVENTS.messageAdded],
    async handle(event: OutboxEvent, tx: Sql) {
      const payload = event.payload as unknown as MessageAddedPayload;
      if (payload.channel !== 'email' || payload.kind !== 'reply' || payload.authorType !== 'agent' || payload.isAutoReply) return;
      await outboundRepo.insertOutbound(tx, event.workspaceId, { id: newId(), ticketId: payload.ticketId, ticketMessageId: payload.messageId, now: clock.now() });
      hooks.onQueued?.();
    },
  };

  /** The mail for a queued reply: to the last sender's Reply-To or From (else the customer's address), from the mailbox they wrote to. */
  async function compose(job: outboundRepo.OutboundRecord): Promise<{ message: OutboundMessage; relayUrl: string | undefined }> {
    const system = systemActor(job.workspaceId);
    const [ticket, workspace, settings, inbound, mailboxes, thread] = await Promise.all([
      deps.tickets.getTicket(system, job.ticketId),
      deps.workspaces.getWorkspace(job.workspaceId),
      outboundRepo.selectSettings(db, job.workspaceId),
      repo.selectInboundOfTicket(db, job.workspaceId, job.ticketId),
      repo.selectMailboxes(db, job.workspaceId),
      repo.selectThreadIds(db, job.workspaceId, job.ticketId),
    ]);
    // One lookup by id: scanning the ticket's replies would miss a reply beyond the first page on a long thread.
    const reply = await deps.tickets.getMessage(system, job.ticketId, job.ticketMessageId);
    if (!reply || reply.kind !== 'reply') throw new ComposeError('the reply no longer exists', true);

    const lastFromCustomer = inbound.filter((row) => !row.automated && (row.replyTo || row.fromAddress)).at(-1);
    let to = lastFromCustomer ? (lastFromCustomer.replyTo ?? lastFromCustomer.fromAddress) : null;
    if (!to) {
      const customer = await deps.customers.getCustomer(system, ticket.customerId).catch(() => null);
      to = customer?.identities.find((identity) => identity.kind === 'email')?.value ?? null;
    }
    if (!to) throw new ComposeError('the customer has no e-mail address');
    const active = mailboxes.filter((mailbox) => mailbox.isActive);
    const mailbox = active.find((candidate) => candidate.id === lastFromCustomer?.mailboxId) ?? active[0];
    if (!mailbox) throw new ComposeError('the workspace has no active mailbox to send from');

    const inReplyTo = thread.filter((entry) => entry.direction === 'in').at(-1)?.messageId ?? null;
    const messageId = outboundMessageId(job.ticketMessageId, domainOf(mailbox.address));
    const customerName = ticket.customer?.name?.trim();
    return {
      relayUrl: settings.relayUrl ?? deps.relayUrl,
      message: {
        externalId: messageId,
        from: { email: mailbox.address, ...(settings.fromName || mailbox.displayName ? { name: settings.fromName || mailbox.displayName } : {}) },
        to: { email: to, ...(customerName && to === lastFromCustomer?.fromAddress ? { name: customerName } : {}) },
        subject: replySubject(ticket.subject, ticket.number, workspace.ticketPrefix),
        body: reply.body,
        inReplyTo,
        references: referencesFor(
          thread.map((entry) => entry.messageId).filter((id) => id !== messageId),
          inReplyTo,
        ),
        headers: { 'X-Kefu-Ticket': ticket.number },
      },
    };
  }

  /** Records the outcome of one attempt; a final failure is also written on the ticket's timeline. */
  async function settle(job: outboundRepo.OutboundRecord, outcome: { ok: true; response: string; messageId: string } | { ok: false; error: string; permanent: boolean }): Promise<void> {
    const now = clock.now();
    await db.transaction(async (tx) => {
      if (outcome.ok) {
        await outboundRepo.markSent(tx, job.workspaceId, job.id, { response: outcome.response, now });
        await repo.insertThreadIds(tx, job.workspaceId, job.ticketId, [{ messageId: outcome.messageId, direction: 'out' }], now);
        return;
      }
      const giveUp = outcome.permanent || job.attempts >= MAX_SEND_ATTEMPTS;
      await outboundRepo.markSendFailed(tx, job.workspaceId, job.id, { error: outcome.error, retryAt: giveUp ? null : new Date(now.getTime() + sendRetryDelayMs(job.attempts)), now });
      if (giveUp) {
        await deps.tickets.addTimelineEntry(tx, job.workspaceId, job.ticketId, {
          kind: 'email_delivery_failed',
          stage: 'handling',
          at: now,
          messageId: job.ticketMessageId,
          content: outcome.error.slice(0, 280),
          details: { attempts: job.attempts, permanent: outcome.permanent, to: job.toAddress },
        });
      }
    });
  }

  async function sendOne(job: outboundRepo.OutboundRecord): Promise<void> {
    let composed: Awaited<ReturnType<typeof compose>>;
    try {
      composed = await compose(job);
    } catch (error) {
      await settle(job, { ok: false, error: error instanceof Error ? error.message : String(error), permanent: error instanceof ComposeError && error.permanent });
      return;
    }
    const { message, relayUrl } = composed;
    await outboundRepo.recordComposed(db, job.workspaceId, job.id, { messageId: message.externalId, fromAddress: message.from.email!, toAddress: message.to.email!, subject: message.subject });
    job.toAddress = message.to.email!;
    if (!relayUrl) {
      await settle(job, { ok: false, error: 'no SMTP relay is configured (SMTP_RELAY_URL or the workspace setting)', permanent: false });
      return;
    }
    try {
      const result = await senderFor(relayUrl).send(message);
      await settle(job, { ok: true, response: result.response, messageId: message.externalId });
    } catch (error) {
      const permanent = error instanceof ChannelSendError && error.permanent;
      deps.logger?.warn({ err: error, outboundId: job.id, attempts: job.attempts, permanent }, 'sending a reply by e-mail failed');
      await settle(job, { ok: false, error: error instanceof Error ? error.message : String(error), permanent });
    }
  }

  return {
    subscribers: [replySubscriber] as readonly Subscriber[],

    /**
     * Sends the replies that are due, outside any transaction: the claim commits first (with a lease), the
     * outcome is recorded after. A node that dies between sending and recording sends again on the lease's
     * expiry with the same Message-ID, which receivers treat as the same message.
     */
    async sendPending(options: { limit?: number } = {}): Promise<number> {
      const now = clock.now();
      const jobs = await db.transaction((tx) => outboundRepo.claimDueOutbound(tx, now, new Date(now.getTime() + SEND_LEASE_MS), options.limit ?? 10));
      for (const job of jobs) await sendOne(job);
      return jobs.length;
    },

    close(): void {
      for (const sender of senders.values()) sender.close();
      senders.clear();
    },
  };
}

export type EmailOutbound = ReturnType<typeof createEmailOutbound>;
