import './complaints.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import { collaborationOutbox, type CollaborationService } from '../collaboration/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { surveysOutbox } from '../surveys/index.ts';
import { ticketsOutbox, type TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { createComplaintsContext, TIMER_KINDS } from './complaints.context.ts';
import { complaintsRoutes } from './complaints.routes.ts';
import { createComplaintsService, type ComplaintsService } from './complaints.service.ts';

export { COMPLAINT_EVENTS, complaintsOutbox, type ComplaintEventPayloads } from './complaints.events.ts';
export type { ComplaintsService } from './complaints.service.ts';
export { COMPLAINT_STATUSES, ROOT_CAUSES, SEVERITIES, COMPENSATION_TYPES, nextComplaintStatus, type ComplaintStatus } from './complaint-flow.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type * from './complaints.schemas.ts';

export interface ComplaintsModuleDeps extends ModulePlatform {
  audit: AuditService;
  workspaces: WorkspacesService;
  identity: IdentityService;
  tickets: TicketsService;
  notifications: NotificationsService;
  collaboration: CollaborationService;
}

/**
 * Complaints: the closed loop on a ticket (receive → record → confirm → respond → propose → execute → follow-up →
 * close), compensations with supervisor approval over a threshold carried out as sub-tasks, the compensation ledger,
 * and follow-up visits (回访) for every complaint, a low CSAT and a solved P1 ticket.
 */
export function createComplaintsModule(deps: ComplaintsModuleDeps): KefuModule<ComplaintsService> {
  const ctx = createComplaintsContext(deps);
  const complaints = createComplaintsService(ctx);
  return {
    service: complaints,
    routes: (app) => complaintsRoutes(app, { complaints }),
    subscribers: [
      collaborationOutbox.subscriber({
        name: 'complaints.compensation_executed',
        types: ['subtask.completed'],
        async handle(event, tx) {
          if (event.payload.origin !== 'complaint') return;
          await complaints.onSubtaskCompleted(tx, event.workspaceId, event.payload.subtaskId, event.payload.completedBy);
        },
      }),
      surveysOutbox.subscriber({
        name: 'complaints.low_csat_follow_up',
        types: ['survey.csat_received'],
        async handle(event, tx) {
          await complaints.onCsat(tx, event.workspaceId, event.payload);
        },
      }),
      ticketsOutbox.subscriber({
        name: 'complaints.p1_follow_up',
        types: ['ticket.status_changed'],
        async handle(event, tx) {
          if (event.payload.to !== 'solved' || event.payload.priority !== 'P1') return;
          await complaints.onP1Solved(tx, event.workspaceId, { ticketId: event.payload.ticketId, number: event.payload.number, assigneeId: event.payload.assigneeId });
        },
      }),
    ],
    timers: [{ kind: TIMER_KINDS.followUpDue, handle: (timer, tx) => complaints.fireDue(timer, tx) }],
  };
}
