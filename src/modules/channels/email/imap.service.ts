/** The admins' side of IMAP: the mailboxes Kefu reads, and the "test connection" check. The reading is imap-reader.ts. */
import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import type { AuditService } from '../../audit/index.ts';
import { assertCan } from '../../identity/index.ts';
import * as repo from './email.repository.ts';
import * as accounts from './imap-accounts.repository.ts';
import { testImapConnection, type ImapTestResult } from './imap-reader.ts';

/** An IMAP account as admins see it: the password never leaves the server. */
export interface ImapAccountView {
  id: string;
  mailboxId: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  hasPassword: boolean;
  folder: string;
  isActive: boolean;
  lastSyncedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const toView = (record: accounts.ImapAccountRecord): ImapAccountView => ({
  id: record.id,
  mailboxId: record.mailboxId,
  host: record.host,
  port: record.port,
  secure: record.secure,
  username: record.username,
  hasPassword: record.password !== '',
  folder: record.folder,
  isActive: record.isActive,
  lastSyncedAt: record.lastSyncedAt,
  lastError: record.lastError,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

export interface ImapAccountInput {
  mailboxId: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  /** Omitted when changing an account: the stored one stays. */
  password?: string;
  folder?: string;
  isActive?: boolean;
}

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
const accountNotFound = () => new AppError('not_found', 'channels.imap.not_found');

export function createImapService(deps: { db: Db; clock: Clock; audit: AuditService; onChanged?: () => void }) {
  const { db, clock } = deps;

  async function requireAccount(actor: Actor, id: string): Promise<accounts.ImapAccountRecord> {
    const record = isUuid(id) ? await accounts.selectAccount(db, actor.workspaceId, id) : undefined;
    if (!record) throw accountNotFound();
    return record;
  }

  /** The fields checked and completed; the workspace's own address only. */
  async function checked(actor: Actor, input: ImapAccountInput, current?: accounts.ImapAccountRecord): Promise<accounts.ImapConnectionFields> {
    const host = input.host.trim().toLowerCase();
    if (!HOST.test(host)) throw invalidField('host', 'channels.imap.invalid_host');
    const mailbox = isUuid(input.mailboxId) ? await repo.selectMailbox(db, actor.workspaceId, input.mailboxId) : undefined;
    if (!mailbox) throw invalidField('mailboxId', 'channels.email.mailbox_not_found');
    const password = input.password !== undefined && input.password !== '' ? input.password : current?.password;
    if (!password) throw invalidField('password', 'channels.imap.password_required');
    const folder = input.folder ?? current?.folder ?? 'INBOX';
    return { mailboxId: mailbox.id, host, port: input.port, secure: input.secure, username: input.username.trim(), password, folder, isActive: input.isActive ?? current?.isActive ?? true };
  }

  return {
    async listImapAccounts(actor: Actor): Promise<ImapAccountView[]> {
      assertCan(actor, 'settings.manage');
      return (await accounts.selectAccounts(db, actor.workspaceId)).map(toView);
    },

    async createImapAccount(actor: Actor, input: ImapAccountInput): Promise<ImapAccountView> {
      assertCan(actor, 'settings.manage');
      const fields = await checked(actor, input);
      const record = await db.transaction(async (tx) => {
        const created = await accounts.insertAccount(tx, actor.workspaceId, { ...fields, id: newId(), now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'imap_account.created', entityType: 'imap_account', entityId: created.id, details: { host: fields.host, username: fields.username, folder: fields.folder } });
        return created;
      });
      deps.onChanged?.();
      return toView(record);
    },

    async updateImapAccount(actor: Actor, id: string, input: ImapAccountInput): Promise<ImapAccountView> {
      assertCan(actor, 'settings.manage');
      const current = await requireAccount(actor, id);
      const fields = await checked(actor, input, current);
      // Another server or folder is another list of UIDs: read it from its start.
      const resetPosition = fields.host !== current.host || fields.folder !== current.folder || fields.username !== current.username;
      const record = await db.transaction(async (tx) => {
        const updated = await accounts.updateAccount(tx, actor.workspaceId, id, { ...fields, resetPosition, now: clock.now() });
        if (!updated) throw accountNotFound();
        await deps.audit.record(tx, actor, { action: 'imap_account.updated', entityType: 'imap_account', entityId: id, details: { host: fields.host, username: fields.username, folder: fields.folder, isActive: fields.isActive, passwordChanged: Boolean(input.password) } });
        return updated;
      });
      deps.onChanged?.();
      return toView(record);
    },

    async deleteImapAccount(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      const current = await requireAccount(actor, id);
      await db.transaction(async (tx) => {
        if (!(await accounts.deleteAccount(tx, actor.workspaceId, id))) throw accountNotFound();
        await deps.audit.record(tx, actor, { action: 'imap_account.deleted', entityType: 'imap_account', entityId: id, details: { host: current.host, username: current.username } });
      });
      deps.onChanged?.();
    },

    /**
     * Tries the settings as given (the "test connection" button); with `accountId` and no password, the stored
     * password of that account is used, so an admin can test without typing it again.
     */
    async testImapAccount(actor: Actor, input: Omit<ImapAccountInput, 'mailboxId' | 'isActive'> & { accountId?: string }): Promise<ImapTestResult> {
      assertCan(actor, 'settings.manage');
      const host = input.host.trim().toLowerCase();
      if (!HOST.test(host)) throw invalidField('host', 'channels.imap.invalid_host');
      const stored = input.accountId ? await requireAccount(actor, input.accountId) : undefined;
      const password = input.password || stored?.password;
      if (!password) throw invalidField('password', 'channels.imap.password_required');
      return testImapConnection({ host, port: input.port, secure: input.secure, username: input.username.trim(), password, folder: input.folder ?? 'INBOX' });
    },
  };
}

export type ImapService = ReturnType<typeof createImapService>;
