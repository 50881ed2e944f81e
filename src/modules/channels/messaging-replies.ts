/**
 * An agent's public reply on a WeChat or webhook ticket goes back through its channel: queued on the outbound queue in
 * the event's delivery transaction (once, with the delivery mark) and sent after commit by the channel's adapter.
 */
import type { Subscriber } from '../../platform/outbox.ts';
import { ticketsOutbox } from '../tickets/index.ts';
import type { OutboundQueuePort } from './channel-adapter.ts';
import type { ChannelInbound } from './channel-inbound.ts';

/** Who a reply goes to, as the conversation's latest arrival names them: the follower's OpenID, the app's sender id. */
function recipientOf(channel: 'wechat' | 'webhook', payload: Record<string, unknown> | undefined): string | undefined {
  if (!payload) return undefined;
  if (channel === 'wechat') return (payload.fields as Record<string, string> | undefined)?.FromUserName;
  return (payload.message as { sender?: { id?: string } } | undefined)?.sender?.id;
}

export function messagingReplySubscriber(deps: { queue: OutboundQueuePort; inbound: ChannelInbound }): Subscriber {
  return ticketsOutbox.subscriber({
    name: 'channels.messaging.outbound',
    types: ['message.added'],
    async handle(event, tx) {
      const reply = event.payload;
      if ((reply.channel !== 'wechat' && reply.channel !== 'webhook') || reply.kind !== 'reply' || reply.authorType !== 'agent' || reply.isAutoReply) return;
      const channel = reply.channel;
      const latest = await deps.inbound.latestOfTicket(event.workspaceId, reply.ticketId, channel, tx);
      const to = recipientOf(channel, latest?.payload);
      // Queued even without a recipient: the adapter then fails it for good, with the reason on the ticket.
      await deps.queue.queue(tx, {
        workspaceId: event.workspaceId,
        channel,
        to: to ? { externalId: to } : {},
        content: { text: reply.body },
        ticketId: reply.ticketId,
        ticketMessageId: reply.messageId,
        dedupeKey: `reply:${reply.messageId}`,
      });
    },
  });
}
