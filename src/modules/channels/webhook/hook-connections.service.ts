import { randomBytes } from 'node:crypto';
import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Sql } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import type { AuditService } from '../../audit/index.ts';
import { assertCan } from '../../identity/index.ts';
import { SIGNATURE_HEADER, verifySignature } from '../hook-signature.ts';
import * as repo from './hook-connections.repository.ts';

/** After a rotation the old secret is still accepted this long, so the sender can switch without losing requests. */
export const SECRET_ROTATION_GRACE_MS = 24 * 3_600_000;

export interface HookConnectionView {
  id: string;
  kind: repo.HookKind;
  name: string;
  /** Where the provider posts (relative when KEFU_PUBLIC_URL is unset). */
  inboundUrl: string;
  replyUrl: string | null;
  isActive: boolean;
  /** Until when the secret before the last rotation is still accepted. */
  previousSecretValidUntil: Date | null;
  lastReceivedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const notFound = () => new AppError('not_found', 'channels.webhook.connection_not_found');
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** http(s) with a host; the reply URL of a webhook connection. */
function checkReplyUrl(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null || value === '') return value === '' ? null : value;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return url.toString();
  } catch {
    // falls through to the field problem
  }
  throw invalidField('replyUrl', 'channels.webhook.invalid_reply_url');
}

export function createHookConnections(deps: { db: Db; clock: Clock; audit: AuditService; publicUrl?: string }) {
  const { db, clock } = deps;
  const toView = (record: repo.HookConnectionRecord): HookConnectionView => ({
    id: record.id,
    kind: record.kind,
    name: record.name,
    inboundUrl: `${deps.publicUrl?.replace(/\/+$/, '') ?? ''}/hooks/${record.kind}/${record.id}`,
    replyUrl: record.replyUrl,
    isActive: record.isActive,
    previousSecretValidUntil: record.previousSecret && record.previousSecretUntil && record.previousSecretUntil > clock.now() ? record.previousSecretUntil : null,
    lastReceivedAt: record.lastReceivedAt,
    lastError: record.lastError,
    lastErrorAt: record.lastErrorAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });

  async function requireConnection(actor: Actor, id: string): Promise<repo.HookConnectionRecord> {
    const record = isUuid(id) ? await repo.selectConnection(db, actor.workspaceId, id) : undefined;
    if (!record) throw notFound();
    return record;
  }

  return {
    async listConnections(actor: Actor): Promise<HookConnectionView[]> {
      assertCan(actor, 'settings.manage');
      return (await repo.selectConnections(db, actor.workspaceId)).map(toView);
    },

    async getConnection(actor: Actor, id: string): Promise<HookConnectionView> {
      assertCan(actor, 'settings.manage');
      return toView(await requireConnection(actor, id));
    },

    /** Creates a connection with a new secret, returned this once. */
    async createConnection(actor: Actor, input: { kind: repo.HookKind; name: string; replyUrl?: string | null }): Promise<HookConnectionView & { secret: string }> {
      assertCan(actor, 'settings.manage');
      const replyUrl = input.kind === 'webhook' ? (checkReplyUrl(input.replyUrl) ?? null) : null;
      const secret = newSecret();
      const record = await db.transaction(async (tx) => {
        const created = await repo.insertConnection(tx, actor.workspaceId, { id: newId(), kind: input.kind, name: input.name, secret, replyUrl, now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'hook_connection.created', entityType: 'hook_connection', entityId: created.id, details: { kind: input.kind } });
        return created;
      });
      return { ...toView(record), secret };
    },

    async updateConnection(actor: Actor, id: string, patch: { name?: string; replyUrl?: string | null; isActive?: boolean }): Promise<HookConnectionView> {
      assertCan(actor, 'settings.manage');
      await requireConnection(actor, id);
      const replyUrl = checkReplyUrl(patch.replyUrl);
      const record = await db.transaction(async (tx) => {
        const updated = await repo.updateConnection(tx, actor.workspaceId, id, { ...patch, replyUrl, now: clock.now() });
        if (!updated) throw notFound();
        await deps.audit.record(tx, actor, { action: 'hook_connection.updated', entityType: 'hook_connection', entityId: id, details: { ...patch } });
        return updated;
      });
      return toView(record);
    },

    /** A new secret, returned this once; the old one keeps working for a day. */
    async rotateSecret(actor: Actor, id: string): Promise<HookConnectionView & { secret: string }> {
      assertCan(actor, 'settings.manage');
      await requireConnection(actor, id);
      const secret = newSecret();
      const now = clock.now();
      const record = await db.transaction(async (tx) => {
        const rotated = await repo.rotateSecret(tx, actor.workspaceId, id, { secret, previousUntil: new Date(now.getTime() + SECRET_ROTATION_GRACE_MS), now });
        if (!rotated) throw notFound();
        await deps.audit.record(tx, actor, { action: 'hook_connection.secret_rotated', entityType: 'hook_connection', entityId: id });
        return rotated;
      });
      return { ...toView(record), secret };
    },

    async deleteConnection(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!isUuid(id) || !(await repo.deleteConnection(tx, actor.workspaceId, id))) throw notFound();
        await deps.audit.record(tx, actor, { action: 'hook_connection.deleted', entityType: 'hook_connection', entityId: id });
      });
    },

    /**
     * The active connection of this kind a provider's request names, if its signature holds over the raw body:
     * unknown, paused or other-kind ids are 404; a missing, stale or wrong signature is 401. Nothing is written.
     */
    async authenticate(kind: repo.HookKind, id: string, request: { signature: string | undefined; body: Buffer | null }): Promise<repo.HookConnectionRecord> {
      const record = isUuid(id) ? await repo.selectConnectionById(db, id) : undefined;
      if (!record || record.kind !== kind || !record.isActive) throw notFound();
      const now = clock.now();
      const secrets = [record.secret, ...(record.previousSecret && record.previousSecretUntil && record.previousSecretUntil > now ? [record.previousSecret] : [])];
      const verdict = verifySignature({ header: request.signature, body: request.body ?? Buffer.alloc(0), secrets, now });
      if (!verdict.ok) throw new AppError('unauthenticated', `channels.webhook.signature_${verdict.reason}`, { extra: { header: SIGNATURE_HEADER } });
      return record;
    },

    recordReceived: (workspaceId: string, id: string, sql: Sql = db) => repo.recordReceived(sql, workspaceId, id, clock.now()),
    recordError: (workspaceId: string, id: string, message: string | null) => repo.recordError(db, workspaceId, id, { message, at: clock.now() }),
    selectConnection: (workspaceId: string, id: string) => repo.selectConnection(db, workspaceId, id),
  };
}

export type HookConnections = ReturnType<typeof createHookConnections>;
