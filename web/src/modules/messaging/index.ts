/** Messaging channels: WeChat Official Accounts, signed webhook and telephony connections, calls on the ticket timeline. */
export { messagingApi, type HookConnection, type WechatAccount, type WechatConversation } from './api.ts';
export { messagingKeys, useWechatAccounts, useHookConnections } from './hooks.ts';
export { WechatAccountsCard } from './components/wechat-accounts-card.tsx';
export { HookConnectionsCard } from './components/hook-connections-card.tsx';
export { CallDetails, formatCallDuration } from './components/call-details.tsx';
export { ReplyWindowNotice } from './components/reply-window-notice.tsx';
