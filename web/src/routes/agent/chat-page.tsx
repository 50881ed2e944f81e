import { ChatConsole } from '../../modules/chat/index.ts';

/** The live-chat console (agents who answer chats). */
export default function ChatPage() {
  return <ChatConsole />;
}
