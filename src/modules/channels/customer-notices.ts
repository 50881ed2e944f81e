/**
 * Notices to customers about their tickets: the acknowledgement of a new ticket, progress updates an agent sends, and
 * the solved notice with the satisfaction link. Each is queued on the outbound queue in the transaction of the change
 * that causes it (an event's delivery, an agent's request), once, in the customer's language, by e-mail and — when
 * the workspace sends notices by SMS and has a gateway — by SMS.
 */
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, invalidField } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import type { Subscriber } from '../../platform/outbox.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomersService } from '../customers/index.ts';
import { assertCan } from '../identity/index.ts';
import { ticketsOutbox, type TicketsService } from '../tickets/index.ts';
import type { ChannelKind, OutboundQueuePort, QueueOutboundInput } from './channel-adapter.ts';
import * as emailRepo from './email/email.repository.ts';
import { TEMPLATE_NAMES } from './outbound/template-defaults.ts';
import * as gatewayRepo from './sms/sms-gateway.repository.ts';
import * as repo from './notice-settings.repository.ts';
import { SOLVED_WITHOUT_SURVEY } from './notice-templates.ts';

/** The ticket a survey link is asked for. */
export interface SurveyTicket {
  workspaceId: string;
  ticketId: string;
  ticketNumber: string;
  customerId: string;
  channel: string;
}

/**
 * The seam the satisfaction survey fills: a link for the customer to rate the ticket, null when there is none (the
 * solved notice then goes without one), or false when the survey's own invitation is the solved notice (none is sent
 * here, so the customer gets one mail). Called inside the solved change's delivery transaction, so a provider can
 * record the survey it issues with the notice.
 */
export type SurveyLinkProvider = (tx: Sql, ticket: SurveyTicket) => Promise<string | null | false>;

export interface NoticeSettingsView {
  acknowledgeNew: boolean;
  notifySolved: boolean;
  smsNotices: boolean;
  updatedAt: Date | null;
}

export interface CustomerNoticesDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  queue: OutboundQueuePort;
  tickets: Pick<TicketsService, 'getTicketInTransaction'>;
  customers: Pick<CustomersService, 'getCustomerInTransaction'>;
  publicUrl?: string;
}

/** What a notice says of its ticket. */
interface NoticeTicket {
  ticketId: string;
  number: string;
  subject: string;
  channel: string;
  customerId: string;
}

interface Recipient {
  channel: ChannelKind;
  to: QueueOutboundInput['to'];
}

const MAX_UPDATE_CHARS = 2_000;

export function createCustomerNotices(deps: CustomerNoticesDeps) {
  const { db, clock } = deps;
  let surveyLinks: SurveyLinkProvider | null = null;

  /**
   * Where a ticket's notices go: e-mail to the address the customer last wrote from (else their e-mail), and SMS to
   * their phone when the workspace sends notices by SMS and has a gateway.
   */
  async function recipientsOf(tx: Sql, workspaceId: string, ticket: NoticeTicket, settings: repo.NoticeSettingsRecord) {
    const customer = await deps.customers.getCustomerInTransaction(tx, systemActor(workspaceId), ticket.customerId).catch(() => null);
    if (!customer) return { recipients: [] as Recipient[], locale: null, name: '' };
    const name = customer.name?.trim() ?? '';
    const lastMail = ticket.channel === 'email' ? await emailRepo.selectLastCustomerMail(tx, workspaceId, ticket.ticketId) : undefined;
    const email = lastMail?.replyTo ?? lastMail?.fromAddress ?? customer.identities.find((identity) => identity.kind === 'email')?.value;
    const phone = customer.identities.find((identity) => identity.kind === 'phone')?.value;
    const recipients: Recipient[] = [];
    if (email) recipients.push({ channel: 'email', to: { email, ...(name ? { name } : {}) } });
    if (phone && settings.smsNotices && (await gatewayRepo.selectGateway(tx, workspaceId))) recipients.push({ channel: 'sms', to: { phone, ...(name ? { name } : {}) } });
    const locale: Locale | null = customer.locale && isLocale(customer.locale) ? customer.locale : null;
    return { recipients, locale, name };
  }

  async function queueNotice(
    tx: Sql,
    workspaceId: string,
    ticket: NoticeTicket,
    notice: { template: string; params: Record<string, string>; dedupeKey: string },
    settings: repo.NoticeSettingsRecord,
  ) {
    const { recipients, locale, name } = await recipientsOf(tx, workspaceId, ticket, settings);
    const queued = [];
    for (const recipient of recipients) {
      const result = await deps.queue.queue(tx, {
        workspaceId,
        channel: recipient.channel,
        to: recipient.to,
        template: notice.template,
        locale,
        params: { customerName: name, ticketNumber: ticket.number, ticketSubject: ticket.subject, portalUrl: portalUrlOf(ticket.number), ...notice.params },
        ticketId: ticket.ticketId,
        dedupeKey: `${notice.dedupeKey}:${recipient.channel}`,
        noticeGroup: notice.dedupeKey,
      });
      queued.push({ id: result.id, channel: recipient.channel });
    }
    return queued;
  }

  const portalUrlOf = (number: string): string => (deps.publicUrl ? `${deps.publicUrl.replace(/\/$/, '')}/portal/tickets/${encodeURIComponent(number)}` : '');

  const subscribers: Subscriber[] = [
    ticketsOutbox.subscriber({
      name: 'channels.notices.acknowledge',
      types: ['ticket.created'],
      async handle(event, tx) {
        const ticket = event.payload;
        // A customer's own mail only: never an agent's ticket, and automatic or held-back mail opens none.
        if (ticket.channel !== 'email' || !(await emailRepo.openedByCustomerMail(tx, event.workspaceId, ticket.ticketId))) return;
        const settings = await repo.selectNoticeSettings(tx, event.workspaceId);
        if (!settings.acknowledgeNew) return;
        await queueNotice(tx, event.workspaceId, ticket, { template: TEMPLATE_NAMES.acknowledged, params: {}, dedupeKey: `notice:ack:${ticket.ticketId}` }, settings);
      },
    }),
    ticketsOutbox.subscriber({
      name: 'channels.notices.solved',
      types: ['ticket.status_changed'],
      async handle(event, tx) {
        const ticket = event.payload;
        if (ticket.to !== 'solved' || ticket.from === 'solved') return;
        const settings = await repo.selectNoticeSettings(tx, event.workspaceId);
        if (!settings.notifySolved) return;
        const survey = surveyLinks
          ? await surveyLinks(tx, { workspaceId: event.workspaceId, ticketId: ticket.ticketId, ticketNumber: ticket.number, customerId: ticket.customerId, channel: ticket.channel })
          : null;
        if (survey === false) return;
        // Solved again after a reopening is a new notice; the same event delivered twice is one.
        const dedupeKey = `notice:solved:${ticket.ticketId}:${event.id}`;
        await queueNotice(tx, event.workspaceId, ticket, survey ? { template: TEMPLATE_NAMES.solved, params: { surveyUrl: survey }, dedupeKey } : { template: SOLVED_WITHOUT_SURVEY, params: {}, dedupeKey }, settings);
      },
    }),
  ];

  return {
    subscribers,

    /** The satisfaction survey's seam: one provider per process (the module that owns surveys registers it). */
    registerSurveyLinkProvider(provider: SurveyLinkProvider): void {
      if (surveyLinks) throw new Error('a survey link provider is already registered');
      surveyLinks = provider;
    },

    /**
     * An agent's progress update to the customer, by e-mail (and SMS): the ticket's SLA progress target counts it once
     * it is sent. Refused on a solved or closed ticket and for a customer with no address.
     */
    async sendProgressUpdate(actor: Actor, ticketId: string, input: { message: string }) {
      assertCan(actor, 'tickets.write');
      const message = input.message.trim();
      if (!message) throw invalidField('message', 'channels.notices.update_empty');
      if (message.length > MAX_UPDATE_CHARS) throw invalidField('message', 'channels.notices.update_too_long', { max: MAX_UPDATE_CHARS });
      return db.transaction(async (tx) => {
        const ticket = await deps.tickets.getTicketInTransaction(tx, actor, ticketId);
        if (ticket.status === 'solved' || ticket.status === 'closed') throw new AppError('invalid_state', 'channels.notices.ticket_done');
        const settings = await repo.selectNoticeSettings(tx, actor.workspaceId);
        const queued = await queueNotice(tx, actor.workspaceId, { ...ticket, ticketId: ticket.id }, { template: TEMPLATE_NAMES.progress, params: { message }, dedupeKey: `notice:progress:${ticket.id}:${clock.now().getTime()}:${actor.userId ?? 'system'}` }, settings);
        if (queued.length === 0) throw new AppError('invalid_state', 'channels.notices.no_contact');
        await deps.audit.record(tx, actor, { action: 'ticket.progress_update_sent', entityType: 'ticket', entityId: ticket.id, details: { channels: queued.map((q) => q.channel) } });
        return { items: queued };
      });
    },

    async getSettings(actor: Actor): Promise<NoticeSettingsView> {
      assertCan(actor, 'settings.manage');
      return repo.selectNoticeSettings(db, actor.workspaceId);
    },

    async updateSettings(actor: Actor, patch: Partial<Omit<NoticeSettingsView, 'updatedAt'>>): Promise<NoticeSettingsView> {
      assertCan(actor, 'settings.manage');
      return db.transaction(async (tx) => {
        const current = await repo.selectNoticeSettings(tx, actor.workspaceId);
        const next = { acknowledgeNew: patch.acknowledgeNew ?? current.acknowledgeNew, notifySolved: patch.notifySolved ?? current.notifySolved, smsNotices: patch.smsNotices ?? current.smsNotices };
        const saved = await repo.upsertNoticeSettings(tx, actor.workspaceId, { ...next, now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'customer_notices.updated', entityType: 'workspace', entityId: actor.workspaceId, details: next });
        return saved;
      });
    },
  };
}

export type CustomerNotices = ReturnType<typeof createCustomerNotices>;
