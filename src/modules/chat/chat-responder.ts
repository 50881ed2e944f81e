/**
 * The seam where something other than a person answers first. The chat module knows nothing of who answers: the
 * bot module (above chat in module order) registers one when it is created; with none, or when the workspace did
 * not turn bot-first on, chats go straight to the queue.
 */
export interface ChatResponderInput {
  workspaceId: string;
  conversationId: string;
  text: string;
  locale: 'en' | 'zh-CN';
}

export type ChatResponderReply =
  /** Shown to the visitor as the bot's message; the chat stays with the bot. */
  | { kind: 'reply'; text: string }
  /** A person is wanted ("转人工", "human", or the bot is unsure): the chat joins the queue. */
  | { kind: 'handoff' };

export interface ChatResponder {
  respond(input: ChatResponderInput): Promise<ChatResponderReply>;
}
