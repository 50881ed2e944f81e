import { typedOutbox } from '../../platform/outbox.ts';

export const SURVEY_EVENTS = {
  csatReceived: 'survey.csat_received',
  npsReceived: 'survey.nps_received',
} as const;

/** A customer's CSAT answer: what automation (follow-up visits, rules) acts on. Aggregate: the ticket. */
export interface CsatReceivedPayload {
  invitationId: string;
  ticketId: string;
  ticketNumber: string | null;
  customerId: string;
  score: number;
  comment: string | null;
  agentId: string | null;
  teamId: string | null;
}

/** A customer's NPS answer. Aggregate: the campaign. */
export interface NpsReceivedPayload {
  invitationId: string;
  campaignId: string | null;
  customerId: string;
  score: number;
  comment: string | null;
}

export interface SurveyEventPayloads {
  'survey.csat_received': CsatReceivedPayload;
  'survey.nps_received': NpsReceivedPayload;
}

export const surveysOutbox = typedOutbox<SurveyEventPayloads>();
