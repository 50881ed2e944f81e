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
import * as settingsRepo from './email-settings.repository.ts';
import * as repo from './email.repository.ts';

export interface EmailServiceDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: WorkspacesService;
  tickets: TicketsService;
  /** See `EmailIntakeDeps`. */
  ticketsPerSenderPerHour?: number;
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

export interface EmailSettingsView {
  /** The workspace's own relay with its password hidden; null when it sends through the node's SMTP_RELAY_URL. */
  relayUrl: string | null;
  /** Whether the node has an SMTP_RELAY_URL to fall back on. */
  hasDefaultRelay: boolean;
  fromName: string;
  updatedAt: Date | null;
}

const HIDDEN_PASSWORD = '********';

/** The relay address as shown to admins: the password replaced, so it never leaves the server. */
export function maskRelayUrl(relayUrl: string): string {
  const url = new URL(relayUrl);
  if (url.password) url.password = HIDDEN_PASSWORD;
  return url.toString();
}

/** smtp:// or smtps:// with a host; undefined when the text is not one. */
export function parseRelayUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return /^smtps?:$/.test(url.protocol) && url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

const mailboxNotFound = () => new AppError('not_found', 'channels.email.mailbox_not_found');

/** The e-mail channel: the workspace's mailboxes and the intake that turns received mail into tickets. */
export function createEmailService(deps: EmailServiceDeps & { defaultRelayUrl?: string }, hooks: { onStored?: () => void } = {}) {
  const { db, clock } = deps;
  const intake = createEmailIntake(deps, hooks);

  async function requireMailbox(actor: Actor, id: string): Promise<repo.MailboxRecord> {
    const record = isUuid(id) ? await repo.selectMailbox(db, actor.workspaceId, id) : undefined;
    if (!record) throw mailboxNotFound();
    return record;
  }

  async function getSettings(actor: Actor): Promise<EmailSettingsView> {
    assertCan(actor, 'settings.manage');
    const settings = await settingsRepo.selectSettings(db, actor.workspaceId);
    return { relayUrl: settings.relayUrl ? maskRelayUrl(settings.relayUrl) : null, hasDefaultRelay: Boolean(deps.defaultRelayUrl), fromName: settings.fromName, updatedAt: settings.updatedAt };
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

    getSettings,

    /**
     * Sets the workspace's relay and sender name. A relay given back with the hidden password keeps the
     * stored password, so an admin can change the host without typing the password again.
     */
    async updateSettings(actor: Actor, patch: { relayUrl?: string | null; fromName?: string }): Promise<EmailSettingsView> {
      assertCan(actor, 'settings.manage');
      const current = await settingsRepo.selectSettings(db, actor.workspaceId);
      let relayUrl = current.relayUrl;
      if (patch.relayUrl !== undefined) {
        if (patch.relayUrl === null || patch.relayUrl.trim() === '') relayUrl = null;
        else {
          const url = parseRelayUrl(patch.relayUrl);
          if (!url) throw invalidField('relayUrl', 'channels.email.invalid_relay');
          if (url.password === HIDDEN_PASSWORD && current.relayUrl) url.password = new URL(current.relayUrl).password;
          relayUrl = url.toString();
        }
      }
      const fromName = patch.fromName !== undefined ? patch.fromName.trim() : current.fromName;
      await db.transaction(async (tx) => {
        await settingsRepo.upsertSettings(tx, actor.workspaceId, { relayUrl, fromName, now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'email_settings.updated', entityType: 'workspace', entityId: actor.workspaceId, details: { relay: relayUrl ? maskRelayUrl(relayUrl) : null, fromName } });
      });
      return getSettings(actor);
    },

    /** What arrived on a ticket by mail (what left is in the outbound queue's deliveries); the ticket's own visibility applies. */
    async getTicketMail(actor: Actor, ticketId: string) {
      const ticket = await deps.tickets.getTicket(actor, ticketId);
      const inbound = await repo.selectInboundOfTicket(db, actor.workspaceId, ticket.id);
      return {
        inbound: inbound.map((row) => ({
          id: row.id,
          messageId: row.messageId,
          fromAddress: row.fromAddress,
          subject: row.subject,
          outcome: row.outcome,
          automated: row.automated,
          ticketMessageId: row.ticketMessageId,
          duplicates: row.duplicates,
          receivedAt: row.receivedAt,
        })),
      };
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
