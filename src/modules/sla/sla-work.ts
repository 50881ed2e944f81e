/**
 * One ticket's SLA work in memory: its state and targets as loaded, the changes made to them, and the plan of what
 * to write (rows, timers, events, timeline). Pure, shared by the reconciliation rules (sla-reconcile.ts) and the
 * engine's load/save part (sla.engine-store.ts).
 */
import type { EventOf } from '../../platform/outbox.ts';
import type { TimerSpec } from '../../platform/timers.ts';
import type { TicketEventBase, TicketEventPayloads } from '../tickets/index.ts';
import { DEFAULT_CALENDAR_24X7, type BusinessCalendar } from './business-calendar.ts';
import { isOpen, pendingTimers, summarize, type SummaryState, type TargetClock } from './sla-clock.ts';
import type { Metric } from './sla-policy.ts';
import type { TargetRecord, TicketSlaRecord } from './sla-clocks.repository.ts';
import type { SlaEventPayloads, SlaEventType } from './sla.events.ts';

/** Ticket statuses in which the clocks stand still (waiting on the customer or on someone else). */
export const PAUSED_STATUSES: ReadonlySet<string> = new Set(['pending', 'on_hold']);
/** Ticket statuses in which the work is done: resolution is met, the other clocks stop. */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['solved', 'closed']);

export const TIMER_KINDS = { warning: 'sla.warning', breach: 'sla.breach', recompute: 'sla.recompute' } as const;

export const timerKey = (ticketId: string, metric: Metric, cycle: number, which: 'warn' | 'breach'): string => `sla:${ticketId}:${metric}:${cycle}:${which}`;

/** The ticket events the engine listens to. */
export const TICKET_EVENT_TYPES = ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.priority_changed', 'message.added', 'ticket.merged'] as const;
export type SlaTicketEventType = (typeof TICKET_EVENT_TYPES)[number];
/** One of those events as delivered, its payload typed by the tickets module. */
export type SlaTicketEvent = EventOf<TicketEventPayloads, SlaTicketEventType>;

export interface SlaTimelineEntry {
  at: Date;
  kind: string;
  /** The ticket's status when it happened (the timeline records the process stage). */
  status: string;
  details: Record<string, unknown>;
}

/** An SLA event to write once the work is saved: a type with its payload (the ticket is the aggregate). */
export type SlaEventDraft = { [Type in SlaEventType]: { type: Type; payload: SlaEventPayloads[Type] } }[SlaEventType];

type PendingTimers = ReturnType<typeof pendingTimers>;

/** One ticket's SLA state and targets as loaded, with the changes made to them so far. */
export interface SlaWork {
  workspaceId: string;
  state: TicketSlaRecord;
  targets: TargetRecord[];
  changed: Set<TargetRecord>;
  events: SlaEventDraft[];
  timeline: SlaTimelineEntry[];
  /** By calendar id, '' for 24×7: every calendar the targets and the matched policy count in. */
  calendars: Map<string, BusinessCalendar>;
  /** Timers each loaded target needed, to touch only the timers that change. */
  timersBefore: Map<string, PendingTimers>;
}

/** What `planSave` asks the engine to write. */
export interface SlaSavePlan {
  /** Changed targets, one per metric and cycle (a multi-row upsert may not touch a row twice). */
  targets: TargetRecord[];
  schedule: TimerSpec[];
  cancel: string[];
  events: SlaEventDraft[];
  timeline: SlaTimelineEntry[];
  /** The ticket's new SLA summary, when a target changed. */
  summary: { nextDueAt: Date | null; state: SummaryState } | null;
}

export const CAL_24X7 = '';

const targetId = (target: { metric: string; cycle: number }): string => `${target.metric}:${target.cycle}`;
const sameInstant = (a: Date | null, b: Date | null): boolean => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export function createWork(workspaceId: string, state: TicketSlaRecord, targets: TargetRecord[], calendars: Map<string, BusinessCalendar>): SlaWork {
  const timersBefore = new Map(targets.map((t) => [targetId(t), pendingTimers(t)]));
  return { workspaceId, state, targets, changed: new Set(), events: [], timeline: [], calendars, timersBefore };
}

export const calendarIn = (calendars: Map<string, BusinessCalendar>, calendarId: string | null): BusinessCalendar => calendars.get(calendarId ?? CAL_24X7) ?? DEFAULT_CALENDAR_24X7;
export const calendarOf = (work: SlaWork, calendarId: string | null): BusinessCalendar => calendarIn(work.calendars, calendarId);

// ---------------------------------------------------------------------------------------------------------------
// A ticket seen for the first time

/** The SLA state of a ticket the engine has not seen yet, from what its event carries. */
export function blankTicketSla(ticket: TicketEventBase): TicketSlaRecord {
  const createdAt = new Date(ticket.createdAt);
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    ticketStatus: ticket.status,
    isOpen: !DONE_STATUSES.has(ticket.status),
    priority: ticket.priority,
    urgency: ticket.urgency,
    type: ticket.type,
    channel: ticket.channel,
    teamId: ticket.teamId,
    departmentId: ticket.departmentId,
    assigneeId: ticket.assigneeId,
    customerId: ticket.customerId,
    customerTags: [],
    customerOrganization: null,
    ticketCreatedAt: createdAt,
    policyId: null,
    policyVersion: null,
    calendarId: null,
    calendarVersion: null,
    configEpoch: 0,
    firstRespondedAt: null,
    lastAgentReplyAt: null,
    reopenedAt: null,
    awaitingReplySince: null,
    pausedSince: PAUSED_STATUSES.has(ticket.status) ? createdAt : null,
    pauses: [],
    lastEventId: 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Target helpers

export const latestTarget = (work: SlaWork, metric: Metric): TargetRecord | undefined =>
  work.targets.filter((t) => t.metric === metric).reduce<TargetRecord | undefined>((a, b) => (!a || b.cycle > a.cycle ? b : a), undefined);

export const openTarget = (work: SlaWork, metric: Metric): TargetRecord | undefined => {
  const latest = latestTarget(work, metric);
  return latest && isOpen(latest) ? latest : undefined;
};

export function replaceTarget(work: SlaWork, before: TargetRecord, after: TargetClock & Partial<TargetRecord>): TargetRecord {
  const next: TargetRecord = { ...before, ...after };
  if (JSON.stringify(next) === JSON.stringify(before)) return before;
  const index = work.targets.indexOf(before);
  work.targets[index] = next;
  work.changed.delete(before);
  work.changed.add(next);
  return next;
}

export function addTarget(work: SlaWork, target: TargetRecord): void {
  work.targets.push(target);
  work.changed.add(target);
}

export const ticketRef = (state: TicketSlaRecord) => ({
  ticketId: state.ticketId,
  number: state.number,
  priority: state.priority,
  teamId: state.teamId,
  assigneeId: state.assigneeId,
});

// ---------------------------------------------------------------------------------------------------------------
// Planning the save

/** The target's warning and breach timers to move, create or remove: only those that changed. */
function timerChanges(workspaceId: string, ticketId: string, target: TargetRecord, before: PendingTimers | undefined) {
  const after = pendingTimers(target);
  const payload = { ticketId, metric: target.metric, cycle: target.cycle };
  const schedule: TimerSpec[] = [];
  const cancel: string[] = [];
  const compare = (which: 'warn' | 'breach', kind: string, was: Date | null | undefined, now: Date | null) => {
    if (was !== undefined && sameInstant(was, now)) return;
    const key = timerKey(ticketId, target.metric, target.cycle, which);
    if (now) schedule.push({ workspaceId, key, kind, dueAt: now, payload });
    else if (was) cancel.push(key);
  };
  compare('warn', TIMER_KINDS.warning, before?.warnAt, after.warnAt);
  compare('breach', TIMER_KINDS.breach, before?.breachAt, after.breachAt);
  return { schedule, cancel };
}

/** Everything the work changed, as rows, timers, events and timeline entries to write. */
export function planSave(work: SlaWork): SlaSavePlan {
  const { workspaceId, state } = work;
  const targets = [...new Map([...work.changed].map((target) => [targetId(target), target])).values()];
  const timers = targets.map((target) => timerChanges(workspaceId, state.ticketId, target, work.timersBefore.get(targetId(target))));
  return {
    targets,
    schedule: timers.flatMap((t) => t.schedule),
    cancel: timers.flatMap((t) => t.cancel),
    events: work.events,
    timeline: work.timeline,
    summary: work.changed.size > 0 ? summarize(work.targets) : null,
  };
}
