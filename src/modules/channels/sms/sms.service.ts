import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { AuditService } from '../../audit/index.ts';
import { assertCan } from '../../identity/index.ts';
import * as repo from './sms-gateway.repository.ts';

/** The gateway as admins see it: the key never leaves the server, only whether one is set. */
export interface SmsGatewayView {
  url: string;
  sender: string;
  hasApiKey: boolean;
  updatedAt: Date;
}

const toView = (record: repo.SmsGatewayRecord): SmsGatewayView => ({ url: record.url, sender: record.sender, hasApiKey: record.apiKey !== '', updatedAt: record.updatedAt });

function parseGatewayUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return /^https?:$/.test(url.protocol) && url.hostname && !url.username && !url.password ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function createSmsService(deps: { db: Db; clock: Clock; audit: AuditService }) {
  const { db, clock } = deps;
  return {
    async getGateway(actor: Actor): Promise<SmsGatewayView | null> {
      assertCan(actor, 'settings.manage');
      const record = await repo.selectGateway(db, actor.workspaceId);
      return record ? toView(record) : null;
    },

    /** Sets the gateway; an absent key keeps the stored one (the screen never has it to send back). */
    async putGateway(actor: Actor, input: { url: string; apiKey?: string; sender?: string }): Promise<SmsGatewayView> {
      assertCan(actor, 'settings.manage');
      const url = parseGatewayUrl(input.url);
      if (!url) throw invalidField('url', 'channels.sms.invalid_url');
      return db.transaction(async (tx) => {
        const current = await repo.selectGateway(tx, actor.workspaceId);
        const apiKey = input.apiKey?.trim() || current?.apiKey;
        if (!apiKey) throw invalidField('apiKey', 'channels.sms.key_required');
        await repo.upsertGateway(tx, actor.workspaceId, { url, apiKey, sender: input.sender?.trim() ?? current?.sender ?? '', now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'sms_gateway.updated', entityType: 'workspace', entityId: actor.workspaceId, details: { url, keyChanged: Boolean(input.apiKey?.trim()) } });
        return toView((await repo.selectGateway(tx, actor.workspaceId))!);
      });
    },

    async deleteGateway(actor: Actor): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!(await repo.deleteGateway(tx, actor.workspaceId))) throw new AppError('not_found', 'channels.sms.not_configured');
        await deps.audit.record(tx, actor, { action: 'sms_gateway.deleted', entityType: 'workspace', entityId: actor.workspaceId, details: {} });
      });
    },
  };
}

export type SmsService = ReturnType<typeof createSmsService>;
