/** What the survey service's parts share: dependencies, signed links, and sending an invitation through the outbound queue. */
import { systemActor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import type { AuditService } from '../audit/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { signSurveyToken, verifySurveyToken, readSurveyToken } from './survey-link.ts';
import * as repo from './surveys.repository.ts';

export interface SurveysDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
  identity: Pick<IdentityService, 'getUsersByIds' | 'getTeamsByIds'>;
  customers: Pick<CustomersService, 'getCustomerInTransaction' | 'listSegmentPage'>;
  tickets: Pick<TicketsService, 'getTicket' | 'getTicketInTransaction'>;
  channels: Pick<ChannelsService, 'outbound'>;
  /** KEFU_PUBLIC_URL: survey links are absolute when it is set. */
  publicUrl?: string;
}

export const SURVEY_TEMPLATES = { csatReminder: 'survey.csat_reminder', nps: 'survey.nps' } as const;
export const TIMER_KINDS = { reminder: 'surveys.reminder', campaign: 'surveys.campaign_run' } as const;

export interface Recipient {
  customerId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
}

/** E-mail when the customer has an address, else SMS when a phone; an SMS ticket prefers SMS. */
export function channelFor(recipient: Pick<Recipient, 'email' | 'phone'>, preferSms = false): 'email' | 'sms' | null {
  if (preferSms && recipient.phone) return 'sms';
  if (recipient.email) return 'email';
  if (recipient.phone) return 'sms';
  return null;
}

export function createSurveysContext(deps: SurveysDeps) {
  const { db, clock } = deps;
  const ctx = {
    deps,
    db,
    clock,
    notFound: () => new AppError('not_found', 'surveys.not_found'),

    async linkFor(tx: Sql, workspaceId: string, invitationId: string): Promise<string> {
      const settings = await repo.ensureSettings(tx, workspaceId, clock.now());
      return ctx.linkWithKey(settings.signingKey, workspaceId, invitationId);
    },

    /** The link under a key the caller already read (a campaign run signs thousands). */
    linkWithKey(signingKey: string, workspaceId: string, invitationId: string): string {
      return `${(deps.publicUrl ?? '').replace(/\/$/, '')}/survey/${signSurveyToken(signingKey, { workspaceId, invitationId })}`;
    },

    /**
     * The invitation a link names, once its signature holds under the workspace's key; a tampered or unknown link is
     * one 404, so it tells nothing about which part was wrong.
     */
    async requireByToken(sql: Sql, token: string, options: { forUpdate?: boolean } = {}): Promise<repo.InvitationRecord & { workspaceId: string }> {
      const named = readSurveyToken(token);
      if (!named) throw new AppError('not_found', 'surveys.link_invalid');
      const settings = await repo.selectSettings(sql, named.workspaceId);
      const claims = settings ? verifySurveyToken(settings.signingKey, token) : undefined;
      if (!claims) throw new AppError('not_found', 'surveys.link_invalid');
      const invitation = await repo.selectInvitation(sql, claims.workspaceId, claims.invitationId, options);
      if (!invitation) throw new AppError('not_found', 'surveys.link_invalid');
      return { ...invitation, workspaceId: claims.workspaceId };
    },

    async recipientOf(tx: Sql, workspaceId: string, customerId: string): Promise<Recipient> {
      const customer = await deps.customers.getCustomerInTransaction(tx, systemActor(workspaceId), customerId);
      return { customerId, name: customer.name, email: customer.email, phone: customer.phone, locale: customer.locale };
    },

    async localeFor(tx: Sql, workspaceId: string, recipient: Pick<Recipient, 'locale'>): Promise<Locale> {
      if (recipient.locale && isLocale(recipient.locale)) return recipient.locale;
      return (await deps.workspaces.getWorkspace(workspaceId, tx)).defaultLocale;
    },

    /** Queues the invitation's message (deduplicated by its purpose) in the caller's transaction. */
    async queue(
      tx: Sql,
      workspaceId: string,
      message: { channel: 'email' | 'sms'; recipient: Recipient; template: string; params: Record<string, string>; ticketId?: string | null; dedupeKey: string; locale: Locale },
    ): Promise<void> {
      await deps.channels.outbound.queue(tx, {
        workspaceId,
        channel: message.channel,
        to: { name: message.recipient.name, email: message.recipient.email ?? undefined, phone: message.recipient.phone ?? undefined },
        template: message.template,
        locale: message.locale,
        params: { customerName: message.recipient.name, ...message.params },
        ticketId: message.ticketId ?? undefined,
        dedupeKey: message.dedupeKey,
      });
    },
  };
  return ctx;
}

export type SurveysContext = ReturnType<typeof createSurveysContext>;
