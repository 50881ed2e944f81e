/**
 * The SLA service: business calendars, policies, each ticket's SLA view and the tasks escalation creates.
 * Each part lives in its own file; they share the context in sla.context.ts.
 */
import { createCalendarOps } from './sla.calendars.ts';
import { createSlaContext, type SlaServiceDeps } from './sla.context.ts';
import { createPolicyOps } from './sla.policies.ts';
import { createTaskOps } from './sla.tasks.ts';
import { createTicketSlaOps } from './sla.ticket-sla.ts';

export function createSlaService(deps: SlaServiceDeps) {
  const ctx = createSlaContext(deps);
  return {
    ...createCalendarOps(ctx),
    ...createPolicyOps(ctx),
    ...createTicketSlaOps(ctx),
    ...createTaskOps(ctx),
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
