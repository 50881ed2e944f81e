/**
 * CSAT: a survey per solved ticket (one answer per ticket), sent with the solved notice by e-mail or SMS, a signed
 * link the portal and chat can show, a reminder (durable timer), the public answer and opt-out.
 */
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { isLocale } from '../../platform/i18n.ts';
import { scheduleTimer, cancelTimersByKey, type DueTimer } from '../../platform/timers.ts';
import { TEMPLATE_NAMES } from '../channels/index.ts';
import { SURVEY_EVENTS, surveysOutbox } from './surveys.events.ts';
import { channelFor, SURVEY_TEMPLATES, TIMER_KINDS, type SurveysContext } from './surveys.context.ts';
import * as repo from './surveys.repository.ts';

/** The ticket as the solved event carries it: what a CSAT invitation copies. */
export interface SolvedTicket {
  ticketId: string;
  number: string;
  subject: string;
  channel: string;
  customerId: string;
  assigneeId: string | null;
  teamId: string | null;
}

export interface AnswerInput {
  score: number;
  comment?: string;
  answers?: Record<string, string | number>;
}

const reminderKey = (invitationId: string) => `survey:${invitationId}:reminder`;

export function createCsatOps(ctx: SurveysContext) {
  const { clock, deps } = ctx;

  /** The ticket's CSAT invitation, created on first need (one per ticket: racing callers get the same row). */
  async function ensureInvitation(tx: Sql, workspaceId: string, ticket: SolvedTicket, channel: string | null, locale: string | null): Promise<{ invitation: repo.InvitationRecord; created: boolean }> {
    const [inserted] = await repo.insertInvitations(tx, workspaceId, [
      {
        id: newId(),
        kind: 'csat',
        ticketId: ticket.ticketId,
        ticketNumber: ticket.number,
        customerId: ticket.customerId,
        campaignId: null,
        templateId: null,
        agentId: ticket.assigneeId,
        teamId: ticket.teamId,
        channel,
        locale,
        createdAt: clock.now(),
      },
    ]);
    if (inserted) return { invitation: inserted, created: true };
    return { invitation: (await repo.selectTicketInvitation(tx, workspaceId, ticket.ticketId))!, created: false };
  }

  return {
    /** The signed CSAT link of a ticket, for the portal and chat to show (the invitation is made if needed). */
    async csatLinkFor(tx: Sql, workspaceId: string, ticket: SolvedTicket): Promise<string> {
      const { invitation } = await ensureInvitation(tx, workspaceId, ticket, null, null);
      return ctx.linkFor(tx, workspaceId, invitation.id);
    },

    /** On a solved ticket: the solved notice with the survey link, and its reminder. Once per ticket. */
    async inviteOnSolved(tx: Sql, workspaceId: string, ticket: SolvedTicket): Promise<void> {
      const settings = await repo.ensureSettings(tx, workspaceId, clock.now());
      if (!settings.csatEnabled || (await repo.isOptedOut(tx, workspaceId, ticket.customerId))) return;
      const recipient = await ctx.recipientOf(tx, workspaceId, ticket.customerId);
      const channel = channelFor(recipient, ticket.channel === 'sms');
      const locale = await ctx.localeFor(tx, workspaceId, recipient);
      const { invitation, created } = await ensureInvitation(tx, workspaceId, ticket, channel, locale);
      if (!created || !channel) return;
      const surveyUrl = await ctx.linkFor(tx, workspaceId, invitation.id);
      await ctx.queue(tx, workspaceId, {
        channel,
        recipient,
        template: TEMPLATE_NAMES.solved,
        params: { ticketNumber: ticket.number, ticketSubject: ticket.subject, surveyUrl },
        ticketId: ticket.ticketId,
        dedupeKey: `survey:${invitation.id}:invite`,
        locale,
      });
      const dueAt = new Date(clock.now().getTime() + settings.reminderHours * 3_600_000);
      await scheduleTimer(tx, clock, { workspaceId, key: reminderKey(invitation.id), kind: TIMER_KINDS.reminder, dueAt, payload: { invitationId: invitation.id } });
    },

    /** The reminder: only to a customer who has not answered, not opted out, and not been reminded. */
    async fireReminder(timer: DueTimer, tx: Sql): Promise<void> {
      const { invitationId } = timer.payload as { invitationId: string };
      const invitation = await repo.selectInvitation(tx, timer.workspaceId, invitationId);
      if (!invitation || invitation.answeredAt || invitation.remindedAt || !invitation.channel) return;
      if (await repo.isOptedOut(tx, timer.workspaceId, invitation.customerId)) return;
      if (!(await repo.markReminded(tx, timer.workspaceId, invitationId, clock.now()))) return;
      const recipient = await ctx.recipientOf(tx, timer.workspaceId, invitation.customerId);
      const locale = invitation.locale && isLocale(invitation.locale) ? invitation.locale : await ctx.localeFor(tx, timer.workspaceId, recipient);
      await ctx.queue(tx, timer.workspaceId, {
        channel: invitation.channel === 'sms' ? 'sms' : 'email',
        recipient,
        template: SURVEY_TEMPLATES.csatReminder,
        params: { ticketNumber: invitation.ticketNumber ?? '', surveyUrl: await ctx.linkFor(tx, timer.workspaceId, invitation.id) },
        ticketId: invitation.ticketId,
        dedupeKey: `survey:${invitation.id}:reminder`,
        locale,
      });
    },

    /** What the public survey page shows for a link. */
    async getPublicSurvey(token: string) {
      return ctx.db.transaction(async (tx) => {
        const invitation = await ctx.requireByToken(tx, token);
        const workspace = await deps.workspaces.getWorkspace(invitation.workspaceId, tx);
        const template = invitation.templateId ? await repo.selectTemplate(tx, invitation.workspaceId, invitation.templateId) : undefined;
        return {
          kind: invitation.kind,
          workspaceName: workspace.name,
          ticketNumber: invitation.ticketNumber,
          locale: invitation.locale && isLocale(invitation.locale) ? invitation.locale : workspace.defaultLocale,
          questions: template?.questions ?? [],
          answered: invitation.answeredAt !== null,
          optedOut: await repo.isOptedOut(tx, invitation.workspaceId, invitation.customerId),
        };
      });
    },

    /** The customer's answer: once per link; the event feeds automation (follow-up visits on a low score). */
    async answer(token: string, input: AnswerInput): Promise<{ ok: true }> {
      await ctx.db.transaction(async (tx) => {
        const invitation = await ctx.requireByToken(tx, token, { forUpdate: true });
        const max = invitation.kind === 'csat' ? 5 : 10;
        const min = invitation.kind === 'csat' ? 1 : 0;
        if (!Number.isInteger(input.score) || input.score < min || input.score > max) {
          throw new AppError('validation', 'errors.validation', { fields: [{ field: 'score', messageKey: 'surveys.score_range', params: { min, max } }] });
        }
        const template = invitation.templateId ? await repo.selectTemplate(tx, invitation.workspaceId, invitation.templateId) : undefined;
        const known = new Set((template?.questions ?? []).map((question) => question.id));
        const unknown = Object.keys(input.answers ?? {}).find((id) => !known.has(id));
        if (unknown) throw new AppError('validation', 'errors.validation', { fields: [{ field: `answers.${unknown}`, messageKey: 'surveys.unknown_question' }] });
        const comment = input.comment?.trim() ? input.comment : null;
        const answered = await repo.recordAnswer(tx, invitation.workspaceId, invitation.id, { score: input.score, comment, answers: input.answers ?? {}, at: clock.now() });
        if (!answered) throw new AppError('conflict', 'surveys.already_answered');
        await cancelTimersByKey(tx, invitation.workspaceId, [reminderKey(invitation.id)]);
        const workspaceId = invitation.workspaceId;
        if (answered.kind === 'csat' && answered.ticketId) {
          await surveysOutbox.emit(tx, clock, {
            workspaceId,
            type: SURVEY_EVENTS.csatReceived,
            aggregateType: 'ticket',
            aggregateId: answered.ticketId,
            actorId: null,
            payload: { invitationId: answered.id, ticketId: answered.ticketId, ticketNumber: answered.ticketNumber, customerId: answered.customerId, score: input.score, comment, agentId: answered.agentId, teamId: answered.teamId },
          });
        } else {
          await surveysOutbox.emit(tx, clock, {
            workspaceId,
            type: SURVEY_EVENTS.npsReceived,
            aggregateType: 'survey_campaign',
            aggregateId: answered.campaignId ?? answered.id,
            actorId: null,
            payload: { invitationId: answered.id, campaignId: answered.campaignId, customerId: answered.customerId, score: input.score, comment },
          });
        }
      });
      return { ok: true };
    },

    /** The customer asks for no more surveys (CSAT and NPS alike). */
    async optOut(token: string): Promise<{ ok: true }> {
      await ctx.db.transaction(async (tx) => {
        const invitation = await ctx.requireByToken(tx, token);
        await repo.insertOptOut(tx, invitation.workspaceId, invitation.customerId, clock.now());
      });
      return { ok: true };
    },

    /** A ticket's survey as agents see it on the ticket. */
    async getTicketSurvey(actor: Actor, ticketId: string) {
      await deps.tickets.getTicket(actor, ticketId);
      const invitation = await repo.selectTicketInvitation(ctx.db, actor.workspaceId, ticketId);
      if (!invitation) return { invitation: null };
      return {
        invitation: { id: invitation.id, channel: invitation.channel, createdAt: invitation.createdAt, remindedAt: invitation.remindedAt, answeredAt: invitation.answeredAt, score: invitation.score, comment: invitation.comment },
      };
    },
  };
}
