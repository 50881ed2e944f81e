import type {
  CreatedWechatAccountSchema,
  CreateHookConnectionBody,
  CreateWechatAccountBody,
  HookConnectionView,
  HookConnectionWithSecret,
  UpdateHookConnectionBody,
  UpdateWechatAccountBody,
  WechatAccountView,
  WechatConversationSchema,
} from '../../../../src/modules/channels/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response shapes are the channels service's views as JSON (type-only: nothing of the server is bundled).
export type WechatAccount = Wire<WechatAccountView>;
export type CreatedWechatAccount = Wire<CreatedWechatAccountSchema>;
export type NewWechatAccount = CreateWechatAccountBody;
export type WechatAccountUpdate = UpdateWechatAccountBody;
export type HookConnection = Wire<HookConnectionView>;
export type HookConnectionSecret = Wire<HookConnectionWithSecret>;
export type NewHookConnection = CreateHookConnectionBody;
export type HookConnectionUpdate = UpdateHookConnectionBody;
/** The `wechat` block of a ticket's detail: the follower's reply window. */
export type WechatConversation = Wire<WechatConversationSchema>;

export const messagingApi = {
  listWechatAccounts: () => api.get<{ items: WechatAccount[] }>('/api/v1/wechat-accounts'),
  createWechatAccount: (body: NewWechatAccount) => api.post<CreatedWechatAccount>('/api/v1/wechat-accounts', body),
  updateWechatAccount: (id: string, body: WechatAccountUpdate) => api.patch<WechatAccount>(`/api/v1/wechat-accounts/${id}`, body),
  deleteWechatAccount: (id: string) => api.delete<{ ok: true }>(`/api/v1/wechat-accounts/${id}`),
  listConnections: () => api.get<{ items: HookConnection[] }>('/api/v1/hook-connections'),
  createConnection: (body: NewHookConnection) => api.post<HookConnectionSecret>('/api/v1/hook-connections', body),
  updateConnection: (id: string, body: HookConnectionUpdate) => api.patch<HookConnection>(`/api/v1/hook-connections/${id}`, body),
  rotateSecret: (id: string) => api.post<HookConnectionSecret>(`/api/v1/hook-connections/${id}/rotate-secret`),
  deleteConnection: (id: string) => api.delete<{ ok: true }>(`/api/v1/hook-connections/${id}`),
};
