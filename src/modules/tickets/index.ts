import './tickets.messages.ts';
import type { KefuModule } from '../../platform/module.ts';
import type { TicketsDeps } from './tickets.context.ts';
import { ticketsRoutes } from './tickets.routes.ts';
import { createTicketsService, type TicketsService } from './tickets.service.ts';
import { createTicketsSubscribers } from './tickets.subscribers.ts';

export { createTicketsService, setSlaSummary, type TicketsService } from './tickets.service.ts';
export type { MessageView, AttachmentView, AddMessageInput } from './tickets.conversation.ts';
export { deferTimelineEntry, type TimelineEntryInput, type TimelineView } from './tickets.timeline.ts';
export { BUILT_IN_TYPES, type TicketsDeps, type TicketView, type TicketTypeView, type TicketCustomers } from './tickets.context.ts';
export type { TicketDetail, DetailExtension, ListTicketsQuery } from './tickets.read.ts';
export type { CreateTicketInput } from './tickets.create.ts';
export { PRIORITIES, URGENCIES, CHANNELS, type Priority, type Urgency, type Channel } from './ticket-fields.ts';
export type { UpdateTicketInput } from './tickets.update.ts';
export { MAX_BULK_TICKETS, type BulkUpdateInput, type BulkTicketChange, type BulkFailure } from './tickets.bulk.ts';
export { TICKET_EVENTS, ticketsOutbox } from './tickets.events.ts';
export type * from './tickets.events.ts';
export { TICKET_STATUSES, ACTIVE_STATUSES, canTransition, isTicketStatus, stageOfStatus, type TicketStatus, type TimelineStage } from './ticket-status.ts';
export { SLA_STATES, type SlaState, type TicketRecord } from './tickets.repository.ts';
export type { MessageRecord } from './ticket-messages.repository.ts';
export { formatTicketNumber, localDay } from './numbering.ts';
export type { CustomFieldDefinition, CustomFieldType } from './custom-fields.ts';
// Upload hygiene for other modules' files (the knowledge base's attachments): type from the bytes, safe names, safe serving.
export { cleanFilename, contentDisposition, isInlineSafe, servedContentType, sniffContentType } from './content-sniff.ts';
export { TicketSchema, TicketDetailSchema, TicketListItemSchema, TicketCountsSchema, MessageSchema, TimelineEntrySchema } from './tickets.schemas.ts';
export type { TicketCounts } from './tickets.counts.ts';
// The request and settings contracts, type-only: the web app derives its request and response types from them.
export type {
  AttachmentSchema,
  TicketTypeSchema,
  CustomFieldSchema,
  SavedViewSchema,
  CreateTicketBody,
  UpdateTicketBody,
  BulkUpdateBody,
  AddMessageBody,
  CreateViewBody,
  CreateTicketTypeBody,
  UpdateTicketTypeBody,
  CreateCustomFieldBody,
  UpdateCustomFieldBody,
} from './tickets.schemas.ts';

/**
 * Tickets: registration, status machine, conversation, timeline, lists and search, attachments, merge and
 * links, and the settings that shape tickets. A seeder or simulation on its own clock takes `.service` alone.
 */
export function createTicketsModule(deps: TicketsDeps): KefuModule<TicketsService> {
  const tickets = createTicketsService(deps);
  return { service: tickets, routes: (app) => ticketsRoutes(app, { tickets }), subscribers: createTicketsSubscribers(deps), timers: [] };
}
