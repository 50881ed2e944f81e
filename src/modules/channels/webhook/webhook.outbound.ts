import { systemActor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { translate } from '../../../platform/i18n.ts';
import type { TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { ChannelSendError, type ReplyDelivery, type SendResult } from '../channel-adapter.ts';
import type { ChannelInbound } from '../channel-inbound.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../hook-signature.ts';
import type { HookConnections } from './hook-connections.service.ts';
import type { WebhookMessage } from './webhook.intake.ts';

const REQUEST_TIMEOUT_MS = 10_000;
/** Answers that will not change by asking again; 408 and 429 (and every 5xx) are worth a retry. */
const isPermanentStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/** The JSON a webhook connection's reply URL receives, signed like inbound requests. */
export interface WebhookReply {
  /** Kefu's id of the reply: the same on every retry, so the receiver can drop a copy (also sent as Idempotency-Key). */
  id: string;
  type: 'reply';
  conversationId: string | null;
  recipient: { id: string };
  ticket: { id: string; number: string };
  text: string;
  author: { name: string } | null;
  sentAt: string;
}

export function createWebhookOutbound(deps: { clock: Clock; tickets: TicketsService; workspaces: WorkspacesService; inbound: ChannelInbound; connections: HookConnections }) {
  const { clock } = deps;
  return {
    /** Posts an agent's reply on a webhook ticket to its connection's reply URL. */
    async sendReply(delivery: ReplyDelivery): Promise<SendResult> {
      const { workspaceId, ticketId } = delivery;
      const locale = (await deps.workspaces.getWorkspace(workspaceId)).defaultLocale;
      const refuse = (key: string) => new ChannelSendError(translate(locale, key), true);
      if (!ticketId) throw refuse('channels.webhook.no_conversation');
      const system = systemActor(workspaceId);
      const [ticket, reply, latest] = await Promise.all([
        deps.tickets.getTicket(system, ticketId),
        delivery.ticketMessageId ? deps.tickets.getMessage(system, ticketId, delivery.ticketMessageId) : Promise.resolve(undefined),
        deps.inbound.latestOfTicket(workspaceId, ticketId, 'webhook'),
      ]);
      if (!latest) throw refuse('channels.webhook.no_conversation');
      const connection = await deps.connections.selectConnection(workspaceId, latest.connectionId);
      if (!connection || !connection.isActive) throw refuse('channels.webhook.connection_inactive');
      if (!connection.replyUrl) throw refuse('channels.webhook.no_reply_url');
      const inbound = latest.payload.message as WebhookMessage;
      const id = delivery.ticketMessageId ?? ticketId;
      const payload: WebhookReply = {
        id,
        type: 'reply',
        conversationId: inbound.conversationId ?? null,
        recipient: { id: inbound.sender.id },
        ticket: { id: ticket.id, number: ticket.number },
        text: delivery.text,
        author: reply?.author ? { name: reply.author.name } : null,
        sentAt: (reply?.createdAt ?? clock.now()).toISOString(),
      };
      const body = JSON.stringify(payload);
      let response: Response;
      try {
        response = await fetch(connection.replyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: signatureHeader(connection.secret, clock.now(), body), 'idempotency-key': id },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        const message = `posting the reply failed: ${error instanceof Error ? error.message : String(error)}`;
        await deps.connections.recordError(workspaceId, connection.id, message);
        throw new ChannelSendError(message, false);
      }
      const answer = (await response.text().catch(() => '')).slice(0, 500);
      if (!response.ok) {
        const message = `the reply URL answered ${response.status}${answer ? `: ${answer}` : ''}`;
        await deps.connections.recordError(workspaceId, connection.id, message);
        throw new ChannelSendError(message, isPermanentStatus(response.status));
      }
      await deps.connections.recordError(workspaceId, connection.id, null);
      return { externalId: `webhook:${id}`, response: `${response.status}${answer ? ` ${answer.slice(0, 200)}` : ''}` };
    },
  };
}

export type WebhookOutbound = ReturnType<typeof createWebhookOutbound>;
