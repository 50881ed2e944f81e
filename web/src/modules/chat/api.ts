import type { z } from 'zod';
import type { CannedReplySchema, ChatConversationSchema, ChatDetailSchema, ChatMessageSchema, ChatSettingsSchema, PresenceSchema } from '../../../../src/modules/chat/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type ChatConversation = Wire<z.infer<typeof ChatConversationSchema>>;
export type ChatMessage = Wire<z.infer<typeof ChatMessageSchema>>;
export type ChatDetail = Wire<z.infer<typeof ChatDetailSchema>>;
export type CannedReply = Wire<z.infer<typeof CannedReplySchema>>;
export type ChatSettings = Wire<z.infer<typeof ChatSettingsSchema>>;
export type ChatPresence = Wire<z.infer<typeof PresenceSchema>>;

export const chatApi = {
  list: () => api.get<{ items: ChatConversation[] }>('/api/v1/chat/conversations'),
  get: (id: string) => api.get<ChatDetail>(`/api/v1/chat/conversations/${id}`),
  accept: (id: string) => api.post<ChatConversation>(`/api/v1/chat/conversations/${id}/accept`),
  transfer: (id: string, agentId: string) => api.post<ChatConversation>(`/api/v1/chat/conversations/${id}/transfer`, { agentId }),
  end: (id: string) => api.post<ChatConversation>(`/api/v1/chat/conversations/${id}/end`),
  presence: () => api.get<ChatPresence>('/api/v1/chat/presence'),
  setPresence: (status: ChatPresence['status']) => api.put<{ status: ChatPresence['status'] }>('/api/v1/chat/presence', { status }),
  cannedReplies: () => api.get<{ items: CannedReply[] }>('/api/v1/chat/canned-replies'),
  attachmentUrl: (conversationId: string, attachmentId: string) => `/api/v1/chat/conversations/${conversationId}/attachments/${attachmentId}`,
};
