/**
 * The e-mail channel's outbound adapter: composes each queued message as an e-mail (sender mailbox, subject of a
 * reply, threading headers, attachments) and sends it through the workspace's relay or the node's.
 */
import { systemActor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Sql } from '../../../platform/db.ts';
import type { TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { ChannelSendError, type ChannelAdapter, type OutboundDelivery, type SendResult } from '../channel-adapter.ts';
import * as settingsRepo from './email-settings.repository.ts';
import * as repo from './email.repository.ts';
import { domainOf, outboundMessageId, referencesFor, replySubject } from './mail-threading.ts';
import { createSmtpSender, type ComposedMail, type SmtpSender } from './smtp-sender.ts';

export interface EmailAdapterDeps {
  db: Db;
  clock: Clock;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
  tickets: Pick<TicketsService, 'getTicket'>;
  /** The node's relay (SMTP_RELAY_URL), used by workspaces without their own. */
  relayUrl?: string;
}

/** Sends through this relay instead of opening a transport for it (tests, a benchmark's sink). */
export type SenderFactory = (relayUrl: string) => SmtpSender;

export function createEmailAdapter(deps: EmailAdapterDeps, createSender: SenderFactory = createSmtpSender): ChannelAdapter {
  const { db } = deps;
  const senders = new Map<string, SmtpSender>();
  const senderFor = (relayUrl: string) => {
    let sender = senders.get(relayUrl);
    if (!sender) {
      sender = createSender(relayUrl);
      senders.set(relayUrl, sender);
    }
    return sender;
  };

  async function compose(delivery: OutboundDelivery): Promise<{ mail: ComposedMail; relayUrl: string | undefined }> {
    const { workspaceId, ticketId } = delivery;
    if (!delivery.to.email) throw new ChannelSendError('the recipient has no e-mail address', true);
    const [workspace, settings, mailboxes, lastMail, thread, ticket] = await Promise.all([
      deps.workspaces.getWorkspace(workspaceId),
      settingsRepo.selectSettings(db, workspaceId),
      repo.selectMailboxes(db, workspaceId),
      ticketId ? repo.selectLastCustomerMail(db, workspaceId, ticketId) : undefined,
      ticketId ? repo.selectThreadIds(db, workspaceId, ticketId) : [],
      ticketId ? deps.tickets.getTicket(systemActor(workspaceId), ticketId).catch(() => null) : null,
    ]);
    const active = mailboxes.filter((mailbox) => mailbox.isActive);
    // Answer from the address the customer wrote to; the workspace's first active mailbox otherwise.
    const mailbox = active.find((candidate) => candidate.id === lastMail?.mailboxId) ?? active[0];
    if (!mailbox) throw new ChannelSendError('the workspace has no active mailbox to send from', false);

    const domain = domainOf(mailbox.address);
    // A reply keeps the id derived from its ticket message (what earlier versions sent); every other message its queue row's.
    const messageId = outboundMessageId(delivery.ticketMessageId ?? delivery.id, domain);
    const inReplyTo = thread.filter((entry) => entry.direction === 'in').at(-1)?.messageId ?? null;
    const subject = delivery.subject ?? (ticket ? replySubject(ticket.subject, ticket.number, workspace.ticketPrefix) : '');
    const headers: Record<string, string> = {};
    if (ticket) headers['X-Kefu-Ticket'] = ticket.number;
    // Notices are written by the system (RFC 3834): the customer's auto-responder must not answer them.
    if (delivery.template) headers['Auto-Submitted'] = 'auto-generated';
    const fromName = settings.fromName || mailbox.displayName;
    const customerName = delivery.to.name?.trim();
    return {
      relayUrl: settings.relayUrl ?? deps.relayUrl,
      mail: {
        messageId,
        from: { email: mailbox.address, ...(fromName ? { name: fromName } : {}) },
        to: { email: delivery.to.email, ...(customerName ? { name: customerName } : {}) },
        subject,
        text: delivery.text,
        html: delivery.html,
        inReplyTo,
        references: referencesFor(
          thread.map((entry) => entry.messageId).filter((id) => id !== messageId),
          inReplyTo,
        ),
        headers,
        attachments: await delivery.loadAttachments(),
      },
    };
  }

  return {
    kind: 'email',

    async send(delivery: OutboundDelivery): Promise<SendResult> {
      const { mail, relayUrl } = await compose(delivery);
      if (!relayUrl) throw new ChannelSendError('no SMTP relay is configured (SMTP_RELAY_URL or the workspace setting)', false);
      const { response } = await senderFor(relayUrl).send(mail);
      return { externalId: mail.messageId, response, from: mail.from.email };
    },

    /** A message of a ticket joins its thread index, so the customer's answer to it finds the ticket. */
    async recordSent(tx: Sql, delivery: OutboundDelivery, result: SendResult): Promise<void> {
      if (delivery.ticketId) await repo.insertThreadIds(tx, delivery.workspaceId, delivery.ticketId, [{ messageId: result.externalId, direction: 'out' }], deps.clock.now());
    },

    close(): void {
      for (const sender of senders.values()) sender.close();
      senders.clear();
    },
  };
}
