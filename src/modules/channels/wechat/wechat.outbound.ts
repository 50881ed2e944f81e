import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { translate } from '../../../platform/i18n.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { ChannelSendError, type ReplyDelivery, type SendResult } from '../channel-adapter.ts';
import type { ChannelInbound } from '../channel-inbound.ts';
import { isWithinReplyWindow, replyWindowEndsAt } from './reply-window.ts';
import { isPermanentWechatError, isTokenRejected, WechatApiError, type WechatApi } from './wechat-api.ts';
import * as repo from './wechat.repository.ts';

export interface WechatOutboundDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  workspaces: WorkspacesService;
  inbound: ChannelInbound;
  api: WechatApi;
}

/** A cached token is replaced this long before WeChat's expiry (2 h), so no send races the expiry. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** The conversation a WeChat ticket is with: the account and follower its latest message came from, and the reply window. */
export interface WechatConversation {
  accountId: string;
  openId: string;
  isSubscribed: boolean;
  lastInboundAt: Date | null;
  replyWindowEndsAt: Date | null;
  isReplyWindowOpen: boolean;
}

export function createWechatOutbound(deps: WechatOutboundDeps) {
  const { db, clock, api } = deps;

  /**
   * A valid access token, shared by every node through the account row: fetched when there is none, when it
   * expires within the margin, or when WeChat refused it (`refresh`). Two nodes refreshing at once both get a
   * valid token (WeChat keeps the previous one valid for five minutes after issuing the next).
   */
  async function accessToken(account: repo.WechatAccountRecord, options: { refresh?: boolean } = {}): Promise<string> {
    const now = clock.now();
    const current = options.refresh ? undefined : await repo.selectAccount(db, account.workspaceId, account.id);
    if (current?.accessToken && current.accessTokenExpiresAt && current.accessTokenExpiresAt.getTime() - TOKEN_REFRESH_MARGIN_MS > now.getTime()) return current.accessToken;
    const fresh = await api.fetchAccessToken(account.appId, account.appSecret);
    await repo.storeAccessToken(db, account.workspaceId, account.id, { accessToken: fresh.accessToken, expiresAt: new Date(now.getTime() + fresh.expiresInSeconds * 1000) });
    return fresh.accessToken;
  }

  async function conversationOf(workspaceId: string, ticketId: string): Promise<WechatConversation | null> {
    const latest = await deps.inbound.latestOfTicket(workspaceId, ticketId, 'wechat');
    const openId = (latest?.payload.fields as Record<string, string> | undefined)?.FromUserName;
    if (!latest || !openId) return null;
    const follower = await repo.selectFollower(db, workspaceId, latest.connectionId, openId);
    const lastInboundAt = follower && follower.lastInboundAt.getTime() > 0 ? follower.lastInboundAt : null;
    return {
      accountId: latest.connectionId,
      openId,
      isSubscribed: follower?.isSubscribed ?? true,
      lastInboundAt,
      replyWindowEndsAt: replyWindowEndsAt(lastInboundAt),
      isReplyWindowOpen: isWithinReplyWindow(lastInboundAt, clock.now()),
    };
  }

  /** Sends with the cached token; a token WeChat calls invalid or expired (40001, 42001) is refreshed and the send tried once more. */
  async function sendText(account: repo.WechatAccountRecord, openId: string, body: string): Promise<void> {
    try {
      await api.sendText(await accessToken(account), openId, body);
    } catch (error) {
      if (!isTokenRejected(error)) throw error;
      await api.sendText(await accessToken(account, { refresh: true }), openId, body);
    }
  }

  return {
    accessToken,
    conversationOf,

    /**
     * Sends an agent's reply on a WeChat ticket as a customer-service message. Refusals Kefu can know before
     * asking WeChat (no follower, the 48-hour window closed, unfollowed) are permanent failures with a reason
     * in the workspace's language; WeChat's own errors are permanent or retried by their code.
     */
    async sendReply(delivery: ReplyDelivery): Promise<SendResult> {
      const { workspaceId, ticketId } = delivery;
      const workspace = await deps.workspaces.getWorkspace(workspaceId);
      const locale = workspace.defaultLocale;
      const refuse = (key: string, params?: Record<string, unknown>) => new ChannelSendError(translate(locale, key, params), true);
      if (!ticketId) throw refuse('channels.wechat.no_follower');
      const conversation = await conversationOf(workspaceId, ticketId);
      if (!conversation) throw refuse('channels.wechat.no_follower');
      const account = await repo.selectAccount(db, workspaceId, conversation.accountId);
      if (!account || !account.isActive) throw refuse('channels.wechat.account_inactive');
      if (!conversation.isSubscribed) throw refuse('channels.wechat.unsubscribed_reply');
      if (!conversation.isReplyWindowOpen) {
        const closedAt = conversation.replyWindowEndsAt
          ? new Intl.DateTimeFormat(locale, { timeZone: workspace.timezone, dateStyle: 'medium', timeStyle: 'short' }).format(conversation.replyWindowEndsAt)
          : '—';
        throw refuse('channels.wechat.window_closed', { closedAt });
      }
      try {
        await sendText(account, conversation.openId, delivery.text);
      } catch (error) {
        await repo.recordError(db, workspaceId, account.id, { message: error instanceof Error ? error.message : String(error), at: clock.now() });
        if (error instanceof WechatApiError && error.errcode === 45015) throw refuse('channels.wechat.window_closed', { closedAt: '—' });
        throw new ChannelSendError(error instanceof Error ? error.message : String(error), isPermanentWechatError(error));
      }
      await repo.recordError(db, workspaceId, account.id, { message: null, at: clock.now() });
      return { externalId: `wechat:${delivery.ticketMessageId ?? ticketId}`, response: 'ok' };
    },
  };
}

export type WechatOutbound = ReturnType<typeof createWechatOutbound>;
