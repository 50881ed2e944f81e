import './chat.messages.ts';

import type { KefuModule } from '../../platform/module.ts';
import { ChatHub } from './chat-hub.ts';
import type { ChatDeps } from './chat.context.ts';
import { chatOutbox } from './chat.events.ts';
import { mirrorMessageOntoTicket } from './chat.mirror.ts';
import { chatRoutes } from './chat.routes.ts';
import { createChatService, type ChatService } from './chat.service.ts';
import { chatWidgetRoutes } from './chat-widget.routes.ts';

export { createChatService, type ChatService } from './chat.service.ts';
export type { ChatDeps, ChatCapacity } from './chat.context.ts';
export type { ChatResponder, ChatResponderInput, ChatResponderReply } from './chat-responder.ts';
export { CHAT_EVENTS, CHAT_AGGREGATE, chatOutbox, type ChatEventPayloads } from './chat.events.ts';
export { estimateWaitSeconds, type WaitInputs } from './chat-wait.ts';
export { loadWidgetBundle, bundleWidget, WIDGET_DIST } from './widget-bundle.ts';
// The contracts, type-only: the web app derives its types from them.
export type { ChatConversationSchema, ChatMessageSchema, ChatDetailSchema, CannedReplySchema, ChatSettingsSchema, PresenceSchema } from './chat.routes.ts';

/**
 * Live chat: the widget's visitors and the agents' console meet in conversations whose messages are stored before
 * they are acknowledged and announced to every node at commit (chat-hub.ts); each conversation is a ticket of
 * channel chat, its messages mirrored there after commit.
 */
export function createChatModule(deps: ChatDeps): KefuModule<ChatService> {
  const chat = createChatService(deps);
  const hub = new ChatHub({ db: deps.db, logger: deps.logger, queuePlaces: (workspaceId) => chat.queuePlaces(workspaceId) });
  return {
    service: chat,
    routes: (app) => chatRoutes(app, { chat, hub, identity: deps.identity, clock: deps.clock, logger: deps.logger }),
    publicRoutes: (app) => chatWidgetRoutes(app, { chat, hub, logger: deps.logger }),
    subscribers: [chatOutbox.subscriber({ name: 'chat.transcript', types: ['chat.message_posted'], handle: (event, tx) => mirrorMessageOntoTicket(deps, tx, event) })],
    timers: [],
  };
}
