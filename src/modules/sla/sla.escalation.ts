/**
 * SLA escalation: a subscriber of the engine's own events (policy applied, warning, breach) that runs the
 * matching steps of the policy once each — notify a supervisor, route the ticket, or create a task — inside the
 * delivery's transaction, recording each step, its event and a timeline entry.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import type { EventOf } from '../../platform/outbox.ts';
import type { EscalationStep, Metric } from './sla-policy.ts';
import { ticketRef, type SlaTimelineEntry } from './sla-work.ts';
import type { SlaConfig, SlaTicketsPort } from './sla.engine-store.ts';
import * as clocksRepo from './sla-clocks.repository.ts';
import * as escalationsRepo from './sla-escalations.repository.ts';
import type { PolicyRecord } from './sla-policies.repository.ts';
import { SLA_EVENTS, slaOutbox, type EscalationRecipient, type SlaEscalatedPayload, type SlaEventPayloads } from './sla.events.ts';

/** The engine's events that may start escalation steps. */
export const ESCALATION_EVENT_TYPES = [SLA_EVENTS.policyApplied, SLA_EVENTS.warning, SLA_EVENTS.breached] as const;
export type EscalationEvent = EventOf<SlaEventPayloads, (typeof ESCALATION_EVENT_TYPES)[number]>;

/** Who the people behind a role are, read inside the engine's transaction (the identity module's users and teams). */
export interface SlaPeoplePort {
  /** Active supervisors who are members of the team; of the whole workspace when teamId is null. */
  supervisorIds(tx: Sql, workspaceId: string, teamId: string | null): Promise<string[]>;
}

export interface SlaEscalationDeps {
  clock: Clock;
  tickets?: SlaTicketsPort;
  /** Absent in isolated runs (benchmarks): recipients then stay "the supervisors of team X", unresolved. */
  people?: SlaPeoplePort;
  configOf(tx: Sql, workspaceId: string): Promise<SlaConfig>;
}

export function createSlaEscalation(deps: SlaEscalationDeps) {
  const { clock } = deps;

  /**
   * The supervisors of the ticket's team as user ids. A ticket without a team, or a team without a supervisor of
   * its own, escalates to every supervisor of the workspace: an escalation that reaches nobody is no escalation.
   */
  async function supervisorsOf(tx: Sql, workspaceId: string, teamId: string | null): Promise<EscalationRecipient[]> {
    if (!deps.people) return [{ role: 'supervisor', teamId }];
    let ids = teamId ? await deps.people.supervisorIds(tx, workspaceId, teamId) : [];
    if (ids.length === 0) ids = await deps.people.supervisorIds(tx, workspaceId, null);
    return ids.map((userId) => ({ userId }));
  }

  async function handleEscalationEvent(event: EscalationEvent, tx: Sql): Promise<void> {
    const { workspaceId, payload } = event;
    // No policy applies (a policy_applied event that removed one): nothing escalates.
    if (!payload.policyId) return;
    const trigger = event.type === SLA_EVENTS.warning ? 'warning' : event.type === SLA_EVENTS.breached ? 'breached' : 'applied';
    const policy = (await deps.configOf(tx, workspaceId)).policies.find((p) => p.id === payload.policyId);
    // Most policies escalate on few triggers or none: nothing to read further.
    if (!policy?.escalation.some((step) => step.trigger === trigger)) return;
    const state = await clocksRepo.selectTicketSla(tx, workspaceId, payload.ticketId);
    if (!state) return;
    // Routing a ticket that is already done helps nobody.
    if (!state.isOpen) return;
    const metric = event.type === SLA_EVENTS.policyApplied ? null : event.payload.metric;
    const cycle = event.type === SLA_EVENTS.policyApplied ? null : event.payload.cycle;
    const timeline: SlaTimelineEntry[] = [];
    for (const [index, step] of policy.escalation.entries()) {
      if (step.trigger !== trigger) continue;
      if (trigger !== 'applied' && step.metric && step.metric !== metric) continue;
      const stepKey = trigger === 'applied' ? `applied:${policy.id}:${index}:${event.id}` : `${trigger}:${policy.id}:${index}:${metric}:${cycle}`;
      const fresh = await escalationsRepo.insertEscalation(tx, workspaceId, {
        ticketId: state.ticketId,
        stepKey,
        policyId: policy.id,
        trigger,
        metric,
        cycle,
        action: step.action,
        details: {},
        now: clock.now(),
      });
      if (!fresh) continue;
      const escalated = await runStep(tx, workspaceId, state, policy, step, index, { trigger, metric, cycle });
      await escalationsRepo.updateEscalationDetails(tx, workspaceId, state.ticketId, stepKey, { ...escalated });
      await slaOutbox.emit(tx, clock, { workspaceId, type: SLA_EVENTS.escalated, aggregateType: 'ticket', aggregateId: state.ticketId, payload: escalated });
      timeline.push({ at: clock.now(), status: state.ticketStatus, kind: 'sla.escalated', details: { action: step.action, trigger, metric, cycle, recipients: escalated.recipients, assignedTo: escalated.assignedTo, taskId: escalated.taskId } });
    }
    if (deps.tickets) for (const entry of timeline) await deps.tickets.addTimelineEntry(tx, workspaceId, state.ticketId, entry);
  }

  async function runStep(
    tx: Sql,
    workspaceId: string,
    state: clocksRepo.TicketSlaRecord,
    policy: PolicyRecord,
    step: EscalationStep,
    index: number,
    context: { trigger: 'applied' | 'warning' | 'breached'; metric: Metric | null; cycle: number | null },
  ): Promise<SlaEscalatedPayload> {
    const base: SlaEscalatedPayload = {
      ...ticketRef(state),
      policyId: policy.id,
      trigger: context.trigger,
      metric: context.metric,
      cycle: context.cycle,
      step: index,
      action: step.action,
      recipients: [],
      ...(step.note ? { note: step.note } : {}),
    };
    switch (step.action) {
      case 'notify_supervisor': {
        const recipients = step.userId ? [{ userId: step.userId }] : await supervisorsOf(tx, workspaceId, state.teamId);
        return { ...base, recipients };
      }
      case 'assign_to': {
        const to = { userId: step.userId ?? null, teamId: step.teamId ?? null };
        await deps.tickets?.assignTicket(tx, workspaceId, state.ticketId, to);
        return { ...base, assignedTo: to, recipients: to.userId ? [{ userId: to.userId }] : [] };
      }
      case 'create_task': {
        const taskId = newId();
        await escalationsRepo.insertTask(tx, workspaceId, {
          id: taskId,
          ticketId: state.ticketId,
          ticketNumber: state.number,
          kind: 'contact_customer',
          metric: context.metric,
          cycle: context.cycle,
          note: step.note ?? '',
          assigneeId: state.assigneeId,
          teamId: state.assigneeId ? null : state.teamId,
          createdAt: clock.now(),
        });
        // The task is the assignee's, else its team's: with nobody assigned its supervisors hear of it.
        const recipients = state.assigneeId ? [{ userId: state.assigneeId }] : await supervisorsOf(tx, workspaceId, state.teamId);
        return { ...base, taskId, recipients };
      }
    }
  }

  return { handleEscalationEvent };
}
