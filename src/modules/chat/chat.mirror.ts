/**
 * The transcript kept on the ticket: every chat message becomes a message of the conversation's ticket, after
 * commit, through the outbox (exactly once per message: the delivery row guards it). The visitor's words are the
 * customer's replies, the agent's are replies (first response times count), the bot's are bot replies and the
 * chat's own notices are internal notes.
 */
import { systemActor } from '../../platform/actor.ts';
import { withSavepoint, type Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { OutboxEvent } from '../../platform/outbox.ts';
import type { ChatDeps } from './chat.context.ts';
import type { ChatMessagePostedPayload } from './chat.events.ts';

export async function mirrorMessageOntoTicket(deps: Pick<ChatDeps, 'tickets' | 'logger'>, tx: Sql, event: OutboxEvent<'chat.message_posted', ChatMessagePostedPayload>): Promise<void> {
  const { payload } = event;
  const authorType = payload.authorType === 'visitor' ? 'customer' : payload.authorType;
  const result = await withSavepoint(tx, () =>
    deps.tickets.addMessageInTransaction(tx, systemActor(event.workspaceId), payload.ticketId, {
      kind: payload.authorType === 'system' ? 'note' : 'reply',
      body: payload.body || '📎',
      authorType,
      authorId: payload.authorType === 'agent' ? payload.authorId : null,
      attachmentIds: payload.attachmentIds,
      externalId: `chat:${payload.conversationId}:${payload.seq}`,
      // Already shown to the visitor in the chat: no channel sends it again.
      deliveryStatus: undefined,
    }),
  );
  if (result.ok) return;
  // A closed ticket takes no more messages, and a message mirrored before is not mirrored twice.
  if (result.error instanceof AppError && (result.error.code === 'invalid_state' || result.error.code === 'conflict')) {
    deps.logger?.info({ conversationId: payload.conversationId, seq: payload.seq, code: result.error.messageKey }, 'chat: message not mirrored onto its ticket');
    return;
  }
  throw result.error;
}
