import { createHash } from 'node:crypto';
import { systemActor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Sql } from '../../../platform/db.ts';
import { translate, type Locale } from '../../../platform/i18n.ts';
import { newId } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import { normalizeEmail, type ResolveCustomerInput } from '../../customers/index.ts';
import type { TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import type { InboundMessage } from '../channel-adapter.ts';
import { fileDueArrivals } from '../arrival-retry.ts';
import { fileInboundMessage } from '../inbound-filing.ts';
import * as repo from './email.repository.ts';
import { toInboundMessage } from './mail-inbound.ts';
import { parseEmail, scanMessageId } from './mail-parse.ts';
import { baseSubject, domainOf } from './mail-threading.ts';

export interface EmailIntakeDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  workspaces: WorkspacesService;
  tickets: TicketsService;
  /** New tickets one sender may open by mail per hour; more mail joins their latest ticket unanswered. 0: no limit. */
  ticketsPerSenderPerHour?: number;
}

export interface ReceivedMail {
  raw: Uint8Array;
  /** The active mailboxes the envelope's recipients resolved to (the listener checked them at RCPT). */
  mailboxes: readonly repo.MailboxRecord[];
  /** The envelope sender; '' for the null sender of bounces, null when unknown (an import). */
  envelopeFrom: string | null;
  remoteAddress: string | null;
}

/** How many hops of merged tickets a reply follows to the surviving ticket. */
const MAX_MERGE_HOPS = 5;
/** The window of the per-sender limit on new tickets. */
const SENDER_WINDOW_MS = 3_600_000;

/**
 * The customer to find or create. A sender the customers module cannot take as an address (no From at
 * all, or an address it refuses) still gets a ticket, under its name or the address as written: the mail
 * is a customer's all the same, and an agent can complete the contact.
 */
function customerOf(message: InboundMessage, locale: Locale): ResolveCustomerInput {
  const email = message.from.email ? normalizeEmail(message.from.email) : null;
  if (email) return { email, ...(message.from.name ? { name: message.from.name } : {}) };
  const name = message.from.name || message.from.email || translate(locale, 'channels.email.unknown_sender');
  return { name: name.slice(0, 200) };
}

/** A mail without a From header is the envelope sender's. */
function withEnvelopeSender(message: InboundMessage, envelopeFrom: string | null): InboundMessage {
  if (message.from.email || message.from.name || !envelopeFrom) return message;
  return { ...message, from: { email: envelopeFrom.toLowerCase() } };
}

export function createEmailIntake(deps: EmailIntakeDeps, hooks: { onStored?: () => void } = {}) {
  const { db, clock } = deps;

  /**
   * The ticket an inbound mail belongs to: the first of its thread ids we know, else the ticket number in
   * its subject; merged tickets are followed to the one that survived. A closed ticket takes no more mail.
   */
  async function findTicket(workspaceId: string, message: InboundMessage): Promise<{ id: string; status: string } | null> {
    const system = systemActor(workspaceId);
    let ticketId: string | null = null;
    if (message.inReplyTo.length > 0) {
      const known = await repo.selectThreadTickets(db, workspaceId, message.inReplyTo);
      ticketId = message.inReplyTo.map((id) => known.get(id)).find((id) => id !== undefined) ?? null;
    }
    if (!ticketId && message.ticketNumber) {
      ticketId = await deps.tickets.getTicketByNumber(system, message.ticketNumber).then(
        (ticket) => ticket.id,
        () => null,
      );
    }
    for (let hop = 0; ticketId && hop <= MAX_MERGE_HOPS; hop++) {
      const ticket = await deps.tickets.getTicket(system, ticketId).catch(() => null);
      if (!ticket) return null;
      if (!ticket.mergedIntoId) return ticket.status === 'closed' ? null : { id: ticket.id, status: ticket.status };
      ticketId = ticket.mergedIntoId;
    }
    return null;
  }

  /**
   * The sender's latest ticket when a mail that would open another is over the per-sender limit: it joins that ticket
   * as a note, and nothing answers it (no acknowledgement, no reopening), so a flood opens a bounded number of tickets.
   */
  async function heldBackInto(tx: Sql, workspaceId: string, message: InboundMessage, ticket: { id: string } | null): Promise<string | null> {
    const limit = deps.ticketsPerSenderPerHour ?? 0;
    if (ticket || message.automated || limit <= 0 || !message.from.email) return null;
    const opened = await repo.selectTicketsOpenedBySender(tx, workspaceId, message.from.email, new Date(clock.now().getTime() - SENDER_WINDOW_MS));
    return opened.length >= limit ? opened[0]! : null;
  }

  async function writeOutcome(tx: Sql, record: repo.InboundRecord, message: InboundMessage, ticket: { id: string } | null, locale: Locale, prefix: string, heldBack: boolean) {
    const automatedNote = message.automated
      ? translate(locale, `channels.email.automated.${message.automated.kind}`, { from: message.from.email ?? '' })
      : heldBack
        ? translate(locale, 'channels.email.rate_limited', { from: message.from.email ?? '', limit: deps.ticketsPerSenderPerHour ?? 0 })
        : null;
    return fileInboundMessage(tx, deps.tickets, {
      actor: systemActor(record.workspaceId, locale),
      channel: 'email',
      ticketId: ticket?.id ?? null,
      customer: customerOf(message, locale),
      subject: baseSubject(message.subject, prefix) || translate(locale, 'channels.email.no_subject'),
      body: message.body || message.fullBody || translate(locale, 'channels.email.no_text'),
      automatedNote,
    });
  }

  /** Parses and files one stored mail; everything it writes commits with the `processed` mark, or nothing does. */
  async function processOne(workspaceId: string, id: string): Promise<boolean> {
    const stored = await repo.selectInbound(db, workspaceId, id);
    if (!stored || stored.status !== 'received') return false;
    const [workspace, mailboxes] = await Promise.all([deps.workspaces.getWorkspace(workspaceId), repo.selectMailboxes(db, workspaceId)]);
    const parsed = await parseEmail(stored.raw);
    const message = withEnvelopeSender(toInboundMessage(parsed, {
      ticketPrefix: workspace.ticketPrefix,
      ownAddresses: mailboxes.map((mailbox) => mailbox.address),
      ownDomains: [...new Set(mailboxes.map((mailbox) => domainOf(mailbox.address)))],
      envelopeFrom: stored.envelopeFrom,
    }), stored.envelopeFrom);
    const ticket = await findTicket(workspaceId, message);
    const now = clock.now();
    return db.transaction(async (tx) => {
      // Another node may have filed it since it was read.
      const current = await repo.selectInbound(tx, workspaceId, id, { forUpdate: true });
      if (!current || current.status !== 'received') return false;
      const heldBack = await heldBackInto(tx, workspaceId, message, ticket);
      const result = await writeOutcome(tx, current, message, heldBack ? { id: heldBack } : ticket, workspace.defaultLocale, workspace.ticketPrefix, heldBack !== null);
      if (result.ticketId && message.externalId) await repo.insertThreadIds(tx, workspaceId, result.ticketId, [{ messageId: message.externalId, direction: 'in' }], now);
      await repo.markInboundProcessed(tx, workspaceId, id, {
        outcome: result.outcome,
        automated: message.automated?.kind ?? (heldBack ? 'rate_limited' : null),
        automatedReason: message.automated?.reason ?? (heldBack ? `limit:${deps.ticketsPerSenderPerHour}/hour` : null),
        fromAddress: message.from.email ?? null,
        replyTo: message.replyTo?.email ?? null,
        subject: message.subject,
        ticketId: result.ticketId,
        ticketMessageId: result.messageId,
        now,
      });
      return true;
    });
  }

  return {
    /**
     * Stores a received message for each workspace it is addressed to, durably, before the sender is told
     * it was accepted. The same message arriving again (a retrying MTA, a second recipient of one
     * workspace, a re-import) is the same row. Returns the stored rows' ids.
     */
    async receive(mail: ReceivedMail): Promise<{ ids: string[]; duplicates: number }> {
      const sha256 = createHash('sha256').update(mail.raw).digest('hex');
      const messageId = scanMessageId(mail.raw);
      const byWorkspace = new Map<string, repo.MailboxRecord[]>();
      for (const mailbox of mail.mailboxes) byWorkspace.set(mailbox.workspaceId, [...(byWorkspace.get(mailbox.workspaceId) ?? []), mailbox]);
      const now = clock.now();
      const stored = await db.transaction(async (tx) => {
        const results: { id: string; isDuplicate: boolean }[] = [];
        for (const [workspaceId, mailboxes] of byWorkspace) {
          results.push(
            await repo.insertInbound(tx, workspaceId, {
              id: newId(),
              mailboxId: mailboxes[0]!.id,
              dedupeKey: messageId ?? `sha256:${sha256}`,
              messageId,
              sha256,
              raw: mail.raw,
              envelopeFrom: mail.envelopeFrom,
              recipients: mailboxes.map((mailbox) => mailbox.address),
              remoteAddress: mail.remoteAddress,
              now,
            }),
          );
        }
        return results;
      });
      hooks.onStored?.();
      return { ids: stored.map((row) => row.id), duplicates: stored.filter((row) => row.isDuplicate).length };
    },

    processOne,

    /** Files the stored mail that is due (new, or waiting out a retry); returns how many it took. */
    async processPending(options: { limit?: number } = {}): Promise<number> {
      const arrivals = {
        selectDue: (now: Date, limit: number) => repo.selectDueInbound(db, now, limit),
        attemptsSoFar: async (workspaceId: string, id: string) => (await repo.selectInbound(db, workspaceId, id))?.attempts ?? 0,
        markAttemptFailed: (workspaceId: string, id: string, failure: { error: string; retryAt: Date | null }) => repo.markInboundAttemptFailed(db, workspaceId, id, failure),
      };
      return fileDueArrivals(arrivals, processOne, { clock, logger: deps.logger, what: 'inbound mail', limit: options.limit });
    },
  };
}

export type EmailIntake = ReturnType<typeof createEmailIntake>;
