import { systemActor } from '../../../platform/actor.ts';
import type { Db, Sql } from '../../../platform/db.ts';
import { translate } from '../../../platform/i18n.ts';
import { normalizeEmail, normalizePhone, type CustomersService } from '../../customers/index.ts';
import { invalidField } from '../../../platform/errors.ts';
import { ACTIVE_STATUSES, type TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import type { ChannelInbound, PreparedArrival } from '../channel-inbound.ts';
import type { StoredInbound } from '../channel-inbound.repository.ts';
import type { HookConnections } from './hook-connections.service.ts';

/** What a messaging app posts (the body is signed, so its `id` — the idempotency key — cannot be changed in transit). */
export interface WebhookMessage {
  id: string;
  conversationId?: string;
  sender: { id: string; name?: string; email?: string; phone?: string };
  text: string;
  subject?: string;
  /** Machine-written (an auto-reply of the app, a delivery report): kept as a note, never answered. */
  automated?: boolean;
}

const SUBJECT_CHARS = 60;

export function createWebhookIntake(deps: { db: Db; tickets: TicketsService; customers: Pick<CustomersService, 'resolveCustomer'>; workspaces: WorkspacesService; inbound: ChannelInbound; connections: HookConnections }) {
  const { db } = deps;

  /** The ticket a message joins: its conversation's ticket, else the customer's latest active ticket of this channel. */
  async function ticketFor(arrival: StoredInbound, message: WebhookMessage, customerId: string): Promise<string | null> {
    if (message.conversationId) return deps.inbound.ticketOfConversation(arrival.workspaceId, arrival.connectionId, message.conversationId);
    const { items } = await deps.tickets.listTickets(systemActor(arrival.workspaceId), { customer: customerId, status: [...ACTIVE_STATUSES], channel: ['webhook'], sort: 'updated_at', order: 'desc', limit: 1 });
    return items[0]?.id ?? null;
  }

  async function prepareArrival(arrival: StoredInbound): Promise<PreparedArrival> {
    const message = arrival.payload.message as WebhookMessage;
    const locale = (await deps.workspaces.getWorkspace(arrival.workspaceId)).defaultLocale;
    const actor = systemActor(arrival.workspaceId, locale);
    const name = message.sender.name || translate(locale, 'channels.webhook.unknown_sender');
    const contacts = {
      externalId: String(arrival.payload.senderKey),
      ...(message.sender.email ? { email: message.sender.email } : {}),
      ...(message.sender.phone ? { phone: message.sender.phone } : {}),
      name,
    };
    const customer = await db.transaction((tx) => deps.customers.resolveCustomer(tx, actor, contacts));
    const ticketId = await ticketFor(arrival, message, customer.id);
    const subject = (message.subject || message.text.replace(/\s+/g, ' ').trim().slice(0, SUBJECT_CHARS)) || translate(locale, 'channels.webhook.new_conversation');
    return {
      filing: { actor, channel: 'webhook', ticketId, customer: { id: customer.id }, subject, body: message.text, automatedNote: message.automated ? translate(locale, 'channels.webhook.automated', { name }) : null },
      onFiled: (tx: Sql) => deps.connections.recordReceived(arrival.workspaceId, arrival.connectionId, tx),
    };
  }

  return {
    /** Stores a signed message (the connection was authenticated); the same `id` again is the same row. */
    async receive(connection: { workspaceId: string; id: string }, message: WebhookMessage): Promise<{ id: string; isDuplicate: boolean }> {
      // Contacts the customers module would refuse are refused now, while the sender can still correct them.
      if (message.sender.email && !normalizeEmail(message.sender.email)) throw invalidField('sender.email', 'validation.invalid_format', { format: 'e-mail' });
      if (message.sender.phone && !normalizePhone(message.sender.phone)) throw invalidField('sender.phone', 'validation.invalid_format', { format: 'phone' });
      // The sender's id is the app's own: scoped by the connection, two apps' user 42 are two customers.
      const senderKey = `webhook:${connection.id}:${message.sender.id}`;
      const stored = await db.transaction((tx) => deps.inbound.store(tx, connection.workspaceId, { channel: 'webhook', connectionId: connection.id, dedupeKey: message.id, payload: { message, senderKey } }));
      deps.inbound.notifyStored();
      return stored;
    },
    prepareArrival,
  };
}

export type WebhookIntake = ReturnType<typeof createWebhookIntake>;
