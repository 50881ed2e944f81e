import { useQuery } from '@tanstack/react-query';
import { useApiMutation } from '../../shared/index.ts';
import { chatApi, type ChatPresence } from './api.ts';

export const chatKeys = {
  all: ['chat'] as const,
  list: ['chat', 'list'] as const,
  detail: (id: string) => ['chat', 'detail', id] as const,
  presence: ['chat', 'presence'] as const,
  canned: ['chat', 'canned'] as const,
};

export function useChatList() {
  return useQuery({ queryKey: chatKeys.list, queryFn: () => chatApi.list().then((page) => page.items) });
}

export function useChatDetail(id: string | undefined) {
  return useQuery({ queryKey: chatKeys.detail(id ?? ''), queryFn: () => chatApi.get(id!), enabled: Boolean(id) });
}

export function useChatPresence() {
  return useQuery({ queryKey: chatKeys.presence, queryFn: () => chatApi.presence() });
}

export function useCannedReplies() {
  return useQuery({ queryKey: chatKeys.canned, queryFn: () => chatApi.cannedReplies().then((page) => page.items), staleTime: 60_000 });
}

export function useSetPresence() {
  return useApiMutation({ mutationFn: (status: ChatPresence['status']) => chatApi.setPresence(status), invalidates: [chatKeys.presence] }, { success: 'common.saved' });
}

export function useChatAction() {
  return useApiMutation({
    mutationFn: ({ id, action, agentId }: { id: string; action: 'accept' | 'end' | 'transfer'; agentId?: string }) =>
      action === 'accept' ? chatApi.accept(id) : action === 'end' ? chatApi.end(id) : chatApi.transfer(id, agentId!),
    invalidates: [chatKeys.all],
  });
}
