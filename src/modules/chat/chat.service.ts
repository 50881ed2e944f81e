/**
 * Live chat: the widget's visitors (chat.visitor.ts) and the agents' console (chat.agent.ts) over one conversation
 * store with per-conversation seqs, and the seam where the bot answers first.
 */
import type { ChatDeps, ChatContext } from './chat.context.ts';
import { createAgentOps } from './chat.agent.ts';
import type { ChatResponder } from './chat-responder.ts';
import * as repo from './chat.repository.ts';
import { createVisitorOps } from './chat.visitor.ts';

export function createChatService(deps: ChatDeps) {
  let responder: ChatResponder | undefined;
  const ctx: ChatContext = {
    ...deps,
    responder: () => responder,
    capacityOf: deps.chatCapacity ?? (async (workspaceId) => (await repo.selectSettings(deps.db, workspaceId)).defaultCapacity),
  };
  const visitor = createVisitorOps(ctx);
  return {
    ...visitor,
    ...createAgentOps(ctx, visitor),
    /** A module above chat (the bot) answers first in workspaces that turned bot-first on. */
    registerResponder(next: ChatResponder): void {
      responder = next;
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
