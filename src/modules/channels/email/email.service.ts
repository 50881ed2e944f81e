import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import { isUuid, newId } from '../../../platform/ids.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { AuditService } from '../../audit/index.ts';
import { normalizeEmail } from '../../customers/index.ts';
import { assertCan } from '../../identity/index.ts';
import type { TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { createEmailIntake } from './email.intake.ts';
import * as repo from './email.repository.ts';

export interface EmailServiceDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: WorkspacesService;
  tickets: TicketsService;
}

export interface MailboxView {
  id: string;
  address: string;
  displayName: string;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const toView = (record: repo.MailboxRecord): MailboxView => ({
  id: record.id,
  address: record.address,
  displayName: record.displayName,
  isActive: record.isActive,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
});

const mailboxNotFound = () => new AppError('not_found', 'channels.email.mailbox_not_found');

/** The e-mail channel: the workspace's mailboxes and the intake that turns received mail into tickets. */
export function createEmailService(deps: EmailServiceDeps, hooks: { onStored?: () => void } = {}) {
  const { db, clock } = deps;
  const intake = createEmailIntake(deps, hooks);

  async function requireMailbox(actor: Actor, id: string): Promise<repo.MailboxRecord> {
    const record = isUuid(id) ? await repo.selectMailbox(db, actor.workspaceId, id) : undefined;
    if (!record) throw mailboxNotFound();
    return record;
  }

  return {
    ...intake,

    /** Active mailboxes for recipient addresses, across workspaces: the SMTP listener routes by them. */
    findMailboxes: (addresses: readonly string[]) => repo.selectMailboxesByAddress(db, addresses.map((address) => address.toLowerCase())),

    async listMailboxes(actor: Actor): Promise<MailboxView[]> {
      assertCan(actor, 'settings.manage');
      return (await repo.selectMailboxes(db, actor.workspaceId)).map(toView);
    },

    async createMailbox(actor: Actor, input: { address: string; displayName?: string }): Promise<MailboxView> {
      assertCan(actor, 'settings.manage');
      const address = normalizeEmail(input.address);
      if (!address) throw invalidField('address', 'validation.invalid_format', { format: 'e-mail' });
      const record = await db.transaction(async (tx) => {
        const created = await repo.insertMailbox(tx, actor.workspaceId, { id: newId(), address, displayName: input.displayName?.trim() ?? '', now: clock.now() });
        if (!created) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'address', messageKey: 'channels.email.address_taken' }] });
        await deps.audit.record(tx, actor, { action: 'mailbox.created', entityType: 'mailbox', entityId: created.id, details: { address } });
        return created;
      });
      return toView(record);
    },

    async updateMailbox(actor: Actor, id: string, patch: { displayName?: string; isActive?: boolean }): Promise<MailboxView> {
      assertCan(actor, 'settings.manage');
      await requireMailbox(actor, id);
      const record = await db.transaction(async (tx) => {
        const updated = await repo.updateMailbox(tx, actor.workspaceId, id, { displayName: patch.displayName?.trim(), isActive: patch.isActive, now: clock.now() });
        if (!updated) throw mailboxNotFound();
        await deps.audit.record(tx, actor, { action: 'mailbox.updated', entityType: 'mailbox', entityId: id, details: { ...patch } });
        return updated;
      });
      return toView(record);
    },

    async deleteMailbox(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      const record = await requireMailbox(actor, id);
      await db.transaction(async (tx) => {
        if (!(await repo.deleteMailbox(tx, actor.workspaceId, id))) throw mailboxNotFound();
        await deps.audit.record(tx, actor, { action: 'mailbox.deleted', entityType: 'mailbox', entityId: id, details: { address: record.address } });
      });
    },

    /** Gives a workspace an address if nobody has it yet (the demo's support@demo.kefu.local). */
    async ensureMailbox(workspaceId: string, address: string, displayName: string): Promise<void> {
      const normalized = normalizeEmail(address);
      if (!normalized) throw new Error(`not an e-mail address: ${address}`);
      await repo.insertMailbox(db, workspaceId, { id: newId(), address: normalized, displayName, now: clock.now() });
    },
  };
}

export type EmailService = ReturnType<typeof createEmailService>;
