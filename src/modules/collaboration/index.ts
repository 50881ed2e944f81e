import './collaboration.messages.ts';

import { systemActor } from '../../platform/actor.ts';
import { translate } from '../../platform/i18n.ts';
import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { SlaService } from '../sla/index.ts';
import { ticketsOutbox, type TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { collaborationRoutes } from './collaboration.routes.ts';
import { createCollaborationService, type CollaborationService } from './collaboration.service.ts';
import { createCollaborationContext } from './collaboration.context.ts';
import { createSubtaskTimers } from './collaboration.timers.ts';

export { SUBTASK_EVENTS, DEPARTMENT_AGGREGATE, collaborationOutbox, type CollaborationEventPayloads, type SubtaskEventBase, type SubtaskCompletedPayload, type SubtaskCustomerUpdatePayload } from './collaboration.events.ts';
export type { CollaborationService } from './collaboration.service.ts';
export type { SubtaskView } from './collaboration.context.ts';
export type { SubtaskDetail, ParentContext } from './subtasks.read.ts';
export type { CreateSubtaskInput, UpdateSubtaskInput } from './subtasks.write.ts';
export type { SubtaskRecord } from './collaboration.repository.ts';
export { canSeeSubtask, progressOf } from './subtask-rules.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type { SubtaskSchema, SubtaskDetailSchema, CreateSubtaskBody, UpdateSubtaskBody, CompleteSubtaskBody, CancelSubtaskBody, TargetBody } from './collaboration.routes.ts';

export interface CollaborationModuleDeps extends ModulePlatform {
  audit: AuditService;
  identity: IdentityService;
  workspaces: WorkspacesService;
  tickets: TicketsService;
  sla: SlaService;
  notifications: NotificationsService;
}

/**
 * Cross-department collaboration: sub-tasks a ticket hands to a department, with their own assignee, due time and
 * SLA; the parent's timeline and progress follow them, and a closed ticket withdraws its open ones.
 */
export function createCollaborationModule(deps: CollaborationModuleDeps): KefuModule<CollaborationService> {
  const ctx = createCollaborationContext(deps);
  const collaboration = createCollaborationService(ctx);
  deps.tickets.registerDetailExtension('collaboration', (workspaceId, ticketId) => collaboration.readProgress(workspaceId, ticketId));
  return {
    service: collaboration,
    routes: (app) => collaborationRoutes(app, { collaboration }),
    subscribers: [
      ticketsOutbox.subscriber({
        name: 'collaboration.parent_closed',
        types: ['ticket.status_changed'],
        async handle(event, tx) {
          if (event.payload.to !== 'closed') return;
          const workspace = await deps.workspaces.getWorkspace(event.workspaceId, tx);
          await collaboration.cancelOpenSubtasksInTransaction(tx, systemActor(event.workspaceId), event.payload.ticketId, translate(workspace.defaultLocale, 'collaboration.parent_closed_reason'));
        },
      }),
    ],
    timers: createSubtaskTimers(ctx),
  };
}
