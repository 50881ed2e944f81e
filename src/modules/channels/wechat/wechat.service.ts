import { randomBytes } from 'node:crypto';
import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import type { AuditService } from '../../audit/index.ts';
import { assertCan } from '../../identity/index.ts';
import { isEncodingAesKey } from './wechat-crypto.ts';
import type { WechatConversation } from './wechat.outbound.ts';
import * as repo from './wechat.repository.ts';

export interface WechatAccountView {
  id: string;
  name: string;
  appId: string;
  /** Safe mode (AES) is on; the key itself never leaves the server. */
  safeMode: boolean;
  isActive: boolean;
  /** What to paste as the server URL in the WeChat console (relative when KEFU_PUBLIC_URL is unset). */
  serverUrl: string;
  lastMessageAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateWechatAccountInput {
  name: string;
  appId: string;
  appSecret: string;
  /** The token WeChat signs with; generated when not given (and then shown once). */
  token?: string;
  encodingAesKey?: string | null;
}

export interface UpdateWechatAccountInput {
  name?: string;
  appSecret?: string;
  token?: string;
  encodingAesKey?: string | null;
  isActive?: boolean;
}

const notFound = () => new AppError('not_found', 'channels.wechat.account_not_found');

export function createWechatService(deps: { db: Db; clock: Clock; audit: AuditService; publicUrl?: string; conversationOf(workspaceId: string, ticketId: string): Promise<WechatConversation | null> }) {
  const { db, clock } = deps;
  const toView = (record: repo.WechatAccountRecord): WechatAccountView => ({
    id: record.id,
    name: record.name,
    appId: record.appId,
    safeMode: record.encodingAesKey !== null,
    isActive: record.isActive,
    serverUrl: `${deps.publicUrl?.replace(/\/+$/, '') ?? ''}/hooks/wechat/${record.id}`,
    lastMessageAt: record.lastMessageAt,
    lastError: record.lastError,
    lastErrorAt: record.lastErrorAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });

  const checkAesKey = (key: string | null | undefined): string | null | undefined => {
    if (key === undefined || key === null || key === '') return key === '' ? null : key;
    if (!isEncodingAesKey(key)) throw invalidField('encodingAesKey', 'channels.wechat.invalid_aes_key');
    return key;
  };

  async function requireAccount(actor: Actor, id: string): Promise<repo.WechatAccountRecord> {
    const record = isUuid(id) ? await repo.selectAccount(db, actor.workspaceId, id) : undefined;
    if (!record) throw notFound();
    return record;
  }

  return {
    async listAccounts(actor: Actor): Promise<WechatAccountView[]> {
      assertCan(actor, 'settings.manage');
      return (await repo.selectAccounts(db, actor.workspaceId)).map(toView);
    },

    async getAccount(actor: Actor, id: string): Promise<WechatAccountView> {
      assertCan(actor, 'settings.manage');
      return toView(await requireAccount(actor, id));
    },

    /** Connects an account; the token is returned this once (the WeChat console needs it), the secret never. */
    async createAccount(actor: Actor, input: CreateWechatAccountInput): Promise<WechatAccountView & { token: string }> {
      assertCan(actor, 'settings.manage');
      const encodingAesKey = checkAesKey(input.encodingAesKey) ?? null;
      const token = input.token || randomBytes(16).toString('hex');
      const record = await db.transaction(async (tx) => {
        const created = await repo.insertAccount(tx, actor.workspaceId, { id: newId(), name: input.name, appId: input.appId, appSecret: input.appSecret, token, encodingAesKey, now: clock.now() });
        if (!created) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'appId', messageKey: 'channels.wechat.app_taken' }] });
        await deps.audit.record(tx, actor, { action: 'wechat_account.created', entityType: 'wechat_account', entityId: created.id, details: { appId: input.appId, safeMode: encodingAesKey !== null } });
        return created;
      });
      return { ...toView(record), token };
    },

    async updateAccount(actor: Actor, id: string, patch: UpdateWechatAccountInput): Promise<WechatAccountView> {
      assertCan(actor, 'settings.manage');
      await requireAccount(actor, id);
      const encodingAesKey = checkAesKey(patch.encodingAesKey);
      const record = await db.transaction(async (tx) => {
        const updated = await repo.updateAccount(tx, actor.workspaceId, id, { ...patch, appSecret: patch.appSecret || undefined, token: patch.token || undefined, encodingAesKey, now: clock.now() });
        if (!updated) throw notFound();
        const changed = Object.keys(patch).filter((key) => patch[key as keyof UpdateWechatAccountInput] !== undefined);
        await deps.audit.record(tx, actor, { action: 'wechat_account.updated', entityType: 'wechat_account', entityId: id, details: { changed } });
        return updated;
      });
      return toView(record);
    },

    async deleteAccount(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!isUuid(id) || !(await repo.deleteAccount(tx, actor.workspaceId, id))) throw notFound();
        await deps.audit.record(tx, actor, { action: 'wechat_account.deleted', entityType: 'wechat_account', entityId: id });
      });
    },

    /** The ticket's WeChat follower and reply window, for the agent's composer; null for a ticket not from WeChat. */
    conversationOf: deps.conversationOf,
  };
}

export type WechatService = ReturnType<typeof createWechatService>;
