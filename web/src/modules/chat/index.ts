// The live-chat console: the agent's queue and chats over the chat socket (see docs/chat.md).
export { chatApi, type CannedReply, type ChatConversation, type ChatDetail, type ChatMessage, type ChatPresence, type ChatSettings } from './api.ts';
export { ChatConsole } from './components/chat-console.tsx';
export { chatKeys, useCannedReplies, useChatDetail, useChatList, useChatPresence } from './hooks.ts';
