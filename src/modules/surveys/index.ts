import './surveys.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { ticketsOutbox, type TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { createSurveysContext, TIMER_KINDS } from './surveys.context.ts';
import { surveysPublicRoutes, surveysRoutes } from './surveys.routes.ts';
import { createSurveysService, type SurveysService } from './surveys.service.ts';

export { SURVEY_EVENTS, surveysOutbox, type SurveyEventPayloads, type CsatReceivedPayload, type NpsReceivedPayload } from './surveys.events.ts';
export type { SurveysService } from './surveys.service.ts';
export type { SolvedTicket } from './surveys.csat.ts';
export { signSurveyToken, readSurveyToken } from './survey-link.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type { CreateTemplateBody, TemplateSchema, CreateCampaignBody, CampaignSchema, ResultsSchema, ThemesSchema, TicketSurveySchema, SurveySettingsBody, AnswerBody, PublicSurveySchema } from './surveys.routes.ts';

export interface SurveysModuleDeps extends ModulePlatform {
  audit: AuditService;
  workspaces: WorkspacesService;
  identity: IdentityService;
  customers: CustomersService;
  tickets: TicketsService;
  channels: ChannelsService;
}

/**
 * Surveys: CSAT after a ticket is solved (a signed link by e-mail or SMS, a reminder, opt-out, one answer per
 * ticket), NPS campaigns to customer segments with sampling and an over-surveying window, multi-question templates,
 * results by agent and team, and comment themes. `survey.csat_received` feeds automation.
 */
export function createSurveysModule(deps: SurveysModuleDeps): KefuModule<SurveysService> {
  const ctx = createSurveysContext({ ...deps, publicUrl: deps.config.KEFU_PUBLIC_URL });
  const surveys = createSurveysService(ctx);
  return {
    service: surveys,
    routes: (app) => surveysRoutes(app, { surveys }),
    publicRoutes: (app) => surveysPublicRoutes(app, { surveys }),
    subscribers: [
      ticketsOutbox.subscriber({
        name: 'surveys.csat_on_solved',
        types: ['ticket.status_changed'],
        async handle(event, tx) {
          const ticket = event.payload;
          if (ticket.to !== 'solved' || !ticket.customerId) return;
          await surveys.inviteOnSolved(tx, event.workspaceId, {
            ticketId: ticket.ticketId,
            number: ticket.number,
            subject: ticket.subject,
            channel: ticket.channel,
            customerId: ticket.customerId,
            assigneeId: ticket.assigneeId,
            teamId: ticket.teamId,
          });
        },
      }),
    ],
    timers: [
      { kind: TIMER_KINDS.reminder, handle: (timer, tx) => surveys.fireReminder(timer, tx) },
      { kind: TIMER_KINDS.campaign, handle: (timer, tx) => surveys.fireCampaign(timer, tx) },
    ],
  };
}
