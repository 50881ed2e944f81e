/**
 * Queueing an outbound message: inside the caller's transaction, so the message exists exactly when the change that
 * causes it commits (a reply, a solved ticket, a sign-in request), and leaves only after that commit, from the worker.
 */
import type { Clock } from '../../../platform/clock.ts';
import type { Sql } from '../../../platform/db.ts';
import { isLocale, type Locale } from '../../../platform/i18n.ts';
import { newId } from '../../../platform/ids.ts';
import { normalizeEmail } from '../../customers/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { CHANNEL_KINDS, type ChannelContact, type ChannelKind, type QueuedOutbound, type QueueOutboundInput } from '../channel-adapter.ts';
import * as repo from './outbound.repository.ts';
import * as templatesRepo from './templates.repository.ts';
import { findTemplate, renderTemplateText } from './templates.ts';

/** The recipient as stored: an e-mail address in the customers module's normal form (lower case), the rest as given. */
function normalizeRecipient(to: ChannelContact): ChannelContact {
  const email = to.email?.trim();
  return email ? { ...to, email: normalizeEmail(email) ?? email } : to;
}

/** The address a channel delivers to, as it is written in lists: the e-mail address, the phone, or the provider's id. */
export function addressFor(channel: ChannelKind, to: ChannelContact): string | null {
  if (channel === 'email') return to.email?.trim() || null;
  if (channel === 'sms') return to.phone?.trim() || null;
  return to.externalId?.trim() || to.email?.trim() || to.phone?.trim() || null;
}

export interface OutboundQueueDeps {
  clock: Clock;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
}

export function createOutboundQueue(deps: OutboundQueueDeps, hooks: { onQueued?: () => void } = {}) {
  type Override = Awaited<ReturnType<typeof templatesRepo.selectOverride>>;

  /**
   * The words of a template for the recipient: the workspace's own wording in that language, else the shipped one.
   * `overrides` remembers the overrides read, so a batch reads each template's once.
   */
  async function render(tx: Sql, workspaceId: string, input: Pick<QueueOutboundInput, 'channel' | 'template' | 'params'>, locale: Locale, workspaceName: string, overrides = new Map<string, Override>()) {
    const definition = input.template ? findTemplate(input.template) : undefined;
    if (!definition) throw new Error(`unknown outbound template: ${input.template}`);
    const key = `${definition.name}:${locale}`;
    if (!overrides.has(key)) overrides.set(key, await templatesRepo.selectOverride(tx, workspaceId, definition.name, locale));
    const rendered = renderTemplateText(overrides.get(key) ?? definition.defaults[locale], { workspaceName, ...input.params }, locale);
    if (input.channel === 'email') return { subject: rendered.subject, text: rendered.text, html: rendered.html };
    return { subject: null, text: input.channel === 'sms' ? rendered.sms : rendered.text, html: null };
  }

  /** A message's queue row from its input and its words. */
  function rowOf(input: Omit<QueueOutboundInput, 'workspaceId' | 'content'>, locale: Locale | null, words: { subject: string | null; text: string; html: string | null }, now: Date): repo.NewOutbound {
    const recipient = normalizeRecipient(input.to);
    return {
      id: newId(),
      channel: input.channel,
      dedupeKey: input.dedupeKey ?? `once:${newId()}`,
      template: input.template ?? null,
      locale,
      recipient,
      toAddress: addressFor(input.channel, recipient),
      subject: words.subject,
      textBody: words.text,
      htmlBody: words.html,
      attachmentIds: [...new Set(input.attachmentIds ?? [])],
      ticketId: input.ticketId ?? null,
      ticketMessageId: input.ticketMessageId ?? null,
      noticeGroup: input.noticeGroup ?? null,
      notBefore: input.notBefore && input.notBefore > now ? input.notBefore : now,
      now,
    };
  }

  const localeFor = (input: Pick<QueueOutboundInput, 'locale'>, workspaceLocale: Locale): Locale => (input.locale && isLocale(input.locale) ? input.locale : workspaceLocale);

  return {
    /**
     * Queues many template messages of one workspace in one statement (a campaign's page of invitations): the
     * workspace and each template's override are read once, not once a message. Returns how many were new.
     */
    async queueMany(tx: Sql, workspaceId: string, inputs: readonly Omit<QueueOutboundInput, 'workspaceId' | 'content' | 'attachmentIds'>[]): Promise<number> {
      if (inputs.length === 0) return 0;
      const workspace = await deps.workspaces.getWorkspace(workspaceId, tx);
      const overrides = new Map<string, Override>();
      const now = deps.clock.now();
      const rows: repo.NewOutbound[] = [];
      for (const input of inputs) {
        if (!CHANNEL_KINDS.includes(input.channel)) throw new Error(`unknown channel: ${input.channel}`);
        const locale = localeFor(input, workspace.defaultLocale);
        rows.push(rowOf(input, locale, await render(tx, workspaceId, input, locale, workspace.name, overrides), now));
      }
      const inserted = await repo.insertOutboundMany(tx, workspaceId, rows);
      if (inserted > 0) hooks.onQueued?.();
      return inserted;
    },

    /**
     * Queues a message in the caller's transaction; the worker sends it after commit. Returns the queue row's id (the
     * one already holding the dedupe key, if any).
     */
    async queue(tx: Sql, input: QueueOutboundInput): Promise<QueuedOutbound> {
      if (!CHANNEL_KINDS.includes(input.channel)) throw new Error(`unknown channel: ${input.channel}`);
      if (Boolean(input.template) === Boolean(input.content)) throw new Error('an outbound message takes a template or content, not both or neither');
      const workspace = await deps.workspaces.getWorkspace(input.workspaceId, tx);
      const locale = localeFor(input, workspace.defaultLocale);
      const words = input.template
        ? await render(tx, input.workspaceId, input, locale, workspace.name)
        : { subject: input.content!.subject ?? null, text: input.content!.text, html: input.content!.html ?? null };
      const queued = await repo.insertOutbound(tx, input.workspaceId, rowOf(input, input.template ? locale : (input.locale ?? null), words, deps.clock.now()));
      if (queued.isNew) hooks.onQueued?.();
      return queued;
    },
  };
}

export type OutboundQueue = ReturnType<typeof createOutboundQueue>;
