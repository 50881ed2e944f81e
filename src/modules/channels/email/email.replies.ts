/**
 * An agent's public reply on an e-mail ticket goes back by e-mail, and so does the bot's answer (through its template,
 * which says it is automatic): the subscriber queues it on the outbound queue in the
 * event's delivery transaction (exactly once, with the delivery mark); the worker sends it after commit.
 */
import { systemActor } from '../../../platform/actor.ts';
import type { Subscriber } from '../../../platform/outbox.ts';
import type { CustomersService } from '../../customers/index.ts';
import { ticketsOutbox } from '../../tickets/index.ts';
import type { OutboundQueuePort } from '../channel-adapter.ts';
import { BOT_ANSWER_TEMPLATE } from '../bot-answer.template.ts';
import * as repo from './email.repository.ts';

export function emailReplySubscriber(deps: { queue: OutboundQueuePort; customers: Pick<CustomersService, 'getCustomerInTransaction'> }): Subscriber {
  return ticketsOutbox.subscriber({
    name: 'channels.email.outbound',
    types: ['message.added'],
    async handle(event, tx) {
      const reply = event.payload;
      if (reply.channel !== 'email' || reply.kind !== 'reply' || !(reply.authorType === 'agent' || reply.authorType === 'bot') || reply.isAutoReply) return;
      const { workspaceId } = event;
      // To the last sender's Reply-To or From, else the customer's address; a reply with none fails visibly on the ticket.
      const last = await repo.selectLastCustomerMail(tx, workspaceId, reply.ticketId);
      const customer = await deps.customers.getCustomerInTransaction(tx, systemActor(workspaceId), reply.customerId).catch(() => null);
      const to = last?.replyTo ?? last?.fromAddress ?? customer?.identities.find((identity) => identity.kind === 'email')?.value;
      const name = customer?.name?.trim() && (!last || to === last.fromAddress) ? customer.name.trim() : undefined;
      await deps.queue.queue(tx, {
        workspaceId,
        channel: 'email',
        to: { ...(to ? { email: to } : {}), ...(name ? { name } : {}) },
        ...(reply.authorType === 'bot'
          ? { template: BOT_ANSWER_TEMPLATE, locale: customer?.locale ?? null, params: { customerName: customer?.name?.trim() || to || '', ticketNumber: reply.number, ticketSubject: reply.subject, answer: reply.body } }
          : { content: { text: reply.body } }),
        ticketId: reply.ticketId,
        ticketMessageId: reply.messageId,
        attachmentIds: reply.attachmentIds,
        dedupeKey: `reply:${reply.messageId}`,
      });
    },
  });
}
