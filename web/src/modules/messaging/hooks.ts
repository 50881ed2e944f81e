import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { messagingApi, type HookConnectionUpdate, type NewHookConnection, type NewWechatAccount, type WechatAccountUpdate } from './api.ts';

export const messagingKeys = {
  wechatAccounts: ['messaging', 'wechat-accounts'] as const,
  connections: ['messaging', 'hook-connections'] as const,
};

export function useWechatAccounts() {
  return useQuery({ queryKey: messagingKeys.wechatAccounts, queryFn: () => messagingApi.listWechatAccounts().then((r) => r.items) });
}

export function useCreateWechatAccount(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (account: NewWechatAccount) => messagingApi.createWechatAccount(account), invalidates: [messagingKeys.wechatAccounts] }, { success: 'messaging.wechat.connected', ...feedback });
}

export function useUpdateWechatAccount(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ id, ...patch }: WechatAccountUpdate & { id: string }) => messagingApi.updateWechatAccount(id, patch), invalidates: [messagingKeys.wechatAccounts] },
    { success: 'common.saved', ...feedback },
  );
}

export function useDeleteWechatAccount(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => messagingApi.deleteWechatAccount(id), invalidates: [messagingKeys.wechatAccounts] }, { success: 'common.deleted', ...feedback });
}

export function useHookConnections() {
  return useQuery({ queryKey: messagingKeys.connections, queryFn: () => messagingApi.listConnections().then((r) => r.items) });
}

export function useCreateHookConnection(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (connection: NewHookConnection) => messagingApi.createConnection(connection), invalidates: [messagingKeys.connections] }, { success: 'messaging.hooks.created', ...feedback });
}

export function useUpdateHookConnection(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ id, ...patch }: HookConnectionUpdate & { id: string }) => messagingApi.updateConnection(id, patch), invalidates: [messagingKeys.connections] },
    { success: 'common.saved', ...feedback },
  );
}

export function useRotateHookSecret(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => messagingApi.rotateSecret(id), invalidates: [messagingKeys.connections] }, { success: 'messaging.hooks.rotated', ...feedback });
}

export function useDeleteHookConnection(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => messagingApi.deleteConnection(id), invalidates: [messagingKeys.connections] }, { success: 'common.deleted', ...feedback });
}
