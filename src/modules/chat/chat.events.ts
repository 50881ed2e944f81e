import { typedOutbox } from '../../platform/outbox.ts';
import type { ChatAuthor } from './chat.repository.ts';

/**
 * Events of the chat module, aggregate `chat_conversation`. The live fan-out to sockets does not wait for them
 * (it rides the chat NOTIFY channel at commit); they are for what must happen durably after commit: the message
 * mirrored onto the conversation's ticket, and other modules' reactions.
 */
export const CHAT_EVENTS = {
  started: 'chat.started',
  messagePosted: 'chat.message_posted',
  accepted: 'chat.accepted',
  transferred: 'chat.transferred',
  ended: 'chat.ended',
} as const;

export const CHAT_AGGREGATE = 'chat_conversation';

export interface ChatConversationPayload {
  conversationId: string;
  ticketId: string;
  agentId: string | null;
}

export interface ChatMessagePostedPayload extends ChatConversationPayload {
  seq: number;
  messageId: string;
  authorType: ChatAuthor;
  authorId: string | null;
  body: string;
  attachmentIds: string[];
}

export interface ChatTransferredPayload extends ChatConversationPayload {
  fromAgentId: string | null;
}

export interface ChatEventPayloads {
  'chat.started': ChatConversationPayload & { status: 'bot' | 'queued' };
  'chat.message_posted': ChatMessagePostedPayload;
  'chat.accepted': ChatConversationPayload;
  'chat.transferred': ChatTransferredPayload;
  'chat.ended': ChatConversationPayload & { endedBy: 'visitor' | 'agent' };
}

export const chatOutbox = typedOutbox<ChatEventPayloads>();
