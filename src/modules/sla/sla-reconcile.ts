/**
 * SLA reconciliation: the rules that move a ticket's target clocks. From the loaded work (sla-work.ts), the policy
 * that applies and the instant of a change, they start, pause, resume, meet, cancel or retarget targets, mark
 * warnings and breaches, and queue the events and timeline entries that follow. Pure: the engine loads the work,
 * these functions change it in memory, and `planSave` (sla-work.ts) says what the engine must write.
 */
import {
  cancelTarget,
  elapsedWithPauses,
  isRunning,
  markBreached,
  markWarned,
  meetTarget,
  pauseTarget,
  reopenTarget,
  resumeTarget,
  retarget,
  startTarget,
} from './sla-clock.ts';
import { matchPolicy, METRICS, warnElapsedMs, type Metric, type PolicyTarget } from './sla-policy.ts';
import {
  addTarget,
  calendarOf,
  DONE_STATUSES,
  latestTarget,
  openTarget,
  PAUSED_STATUSES,
  replaceTarget,
  ticketRef,
  TIMER_KINDS,
  type SlaTicketEventType,
  type SlaWork,
} from './sla-work.ts';
import type { TicketEventPayloads } from '../tickets/index.ts';
import type { TargetRecord, TicketSlaRecord } from './sla-clocks.repository.ts';
import type { PolicyRecord } from './sla-policies.repository.ts';
import { SLA_EVENTS, type SlaPolicyAppliedPayload, type SlaTargetEventPayload } from './sla.events.ts';

// ---------------------------------------------------------------------------------------------------------------
// Policy targets

function targetSpec(spec: PolicyTarget) {
  return { targetMs: Math.round(spec.minutes * 60_000), businessTime: spec.businessTime, warnElapsedMs: warnElapsedMs(spec) };
}

/** When a metric that has no open target should start counting, or undefined when it does not apply now. */
function startOf(work: SlaWork, metric: Metric): Date | undefined {
  const { state } = work;
  const hasAny = work.targets.some((t) => t.metric === metric);
  switch (metric) {
    case 'first_response':
      return !state.firstRespondedAt && !hasAny ? state.ticketCreatedAt : undefined;
    case 'resolution':
      return hasAny ? undefined : (state.reopenedAt ?? state.ticketCreatedAt);
    case 'next_response':
      return state.firstRespondedAt && state.awaitingReplySince ? state.awaitingReplySince : undefined;
    case 'progress_update': {
      if (!state.firstRespondedAt) return undefined;
      // A progress update sent to the customer (not only a reply) starts the next period.
      const lastUpdate = latestTarget(work, 'progress_update')?.metAt ?? null;
      const candidates = [state.firstRespondedAt, state.lastAgentReplyAt, state.reopenedAt, lastUpdate].filter((d): d is Date => d !== null);
      return new Date(Math.max(...candidates.map((d) => d.getTime())));
    }
  }
}

function targetPayload(state: TicketSlaRecord, target: TargetRecord, now: Date): SlaTargetEventPayload {
  return {
    ...ticketRef(state),
    policyId: target.policyId,
    metric: target.metric,
    cycle: target.cycle,
    dueAt: (target.dueAt ?? now).toISOString(),
    warnAt: target.warnAt?.toISOString() ?? null,
    businessTime: target.businessTime,
    firedAt: now.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Policy

/** The policy that applies to the ticket as it stands (first match in position order). */
export function matchTicketPolicy(policies: readonly PolicyRecord[], state: TicketSlaRecord): PolicyRecord | undefined {
  return matchPolicy(policies, {
    priority: state.priority,
    urgency: state.urgency,
    type: state.type,
    channel: state.channel,
    teamId: state.teamId,
    customerTags: state.customerTags,
    customerOrganization: state.customerOrganization,
  });
}

/**
 * Brings the open targets in line with the policy: cancels metrics it no longer has, retargets changed ones
 * keeping their elapsed time, and starts the ones that now apply.
 */
function reconcile(work: SlaWork, policy: PolicyRecord | undefined, calendarId: string | null, at: Date): void {
  const wanted = new Map<Metric, PolicyTarget>((policy?.targets ?? []).map((t) => [t.metric, t]));
  for (const metric of METRICS) {
    const current = openTarget(work, metric);
    if (current && (!wanted.has(metric) || !work.state.isOpen)) {
      replaceTarget(work, current, cancelTarget(current, at, calendarOf(work, current.calendarId)));
    }
  }
  if (!work.state.isOpen || !policy) return;
  const paused = PAUSED_STATUSES.has(work.state.ticketStatus);
  const calendar = calendarOf(work, calendarId);
  for (const [metric, spec] of wanted) {
    const change = targetSpec(spec);
    const current = openTarget(work, metric);
    if (current) {
      const same =
        current.targetMs === change.targetMs &&
        current.businessTime === change.businessTime &&
        current.warnElapsedMs === change.warnElapsedMs &&
        current.calendarId === calendarId &&
        current.policyId === policy.id;
      if (!same) {
        const next = retarget(current, change, at, calendarOf(work, current.calendarId), calendar);
        replaceTarget(work, current, { ...next, policyId: policy.id, calendarId });
      }
      continue;
    }
    const start = startOf(work, metric);
    if (!start) continue;
    const elapsedMs = elapsedWithPauses(calendar, change.businessTime, start, at, work.state.pauses, work.state.pausedSince);
    const cycle = (latestTarget(work, metric)?.cycle ?? 0) + 1;
    const clockState = startTarget({ at, ...change, elapsedMs, paused }, calendar);
    addTarget(work, { ...clockState, startedAt: start, metric, cycle, policyId: policy.id, calendarId });
  }
}

/**
 * Applies the matched policy and calendar (whose calendar must be in `work.calendars`): reconciles the targets,
 * records the configuration they follow, and an event and timeline entry when the policy changed.
 */
export function applyPolicy(work: SlaWork, policy: PolicyRecord | undefined, calendarId: string | null, configEpoch: number, at: Date): void {
  const { state } = work;
  const previousPolicyId = state.policyId;
  reconcile(work, policy, calendarId, at);
  state.policyId = policy?.id ?? null;
  state.policyVersion = policy?.version ?? null;
  state.calendarId = calendarId;
  state.configEpoch = configEpoch;
  if (previousPolicyId !== state.policyId && (policy || previousPolicyId)) {
    const payload: SlaPolicyAppliedPayload = { ...ticketRef(state), policyId: state.policyId, policyName: policy?.name ?? null, previousPolicyId };
    work.events.push({ type: SLA_EVENTS.policyApplied, payload });
    work.timeline.push({ at, status: state.ticketStatus, kind: 'sla.policy_applied', details: { policyId: state.policyId, policyName: policy?.name ?? null, previousPolicyId } });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Ticket events

/** Moves the clocks for a status change (the ticket's newest status, from the newest event). */
export function applyStatus(work: SlaWork, next: string, at: Date, policy: PolicyRecord | undefined, merged: boolean): void {
  const { state } = work;
  const prev = state.ticketStatus;
  if (prev === next && !merged) return;
  const wasDone = DONE_STATUSES.has(prev);
  const isDone = DONE_STATUSES.has(next);
  const wasPaused = PAUSED_STATUSES.has(prev);
  const nowPaused = PAUSED_STATUSES.has(next);
  const closePause = () => {
    if (state.pausedSince) state.pauses = [...state.pauses, [state.pausedSince.getTime(), Math.max(at.getTime(), state.pausedSince.getTime())]];
    state.pausedSince = null;
  };
  state.ticketStatus = next;
  if (merged || (isDone && !wasDone)) {
    closePause();
    state.isOpen = false;
    state.awaitingReplySince = null;
    for (const metric of METRICS) {
      const target = openTarget(work, metric);
      if (!target) continue;
      const calendar = calendarOf(work, target.calendarId);
      // A merged-away ticket was not resolved: its work continues on the target ticket.
      replaceTarget(work, target, metric === 'resolution' && !merged ? meetTarget(target, at, calendar) : cancelTarget(target, at, calendar));
    }
    return;
  }
  if (wasDone && !isDone) {
    state.isOpen = true;
    state.reopenedAt = at;
    if (nowPaused) state.pausedSince = at;
    const previous = latestTarget(work, 'resolution');
    const spec = policy?.targets.find((t) => t.metric === 'resolution');
    if (previous && spec && !policy!.reopenRestartsResolution) {
      replaceTarget(work, previous, reopenTarget(previous, at, calendarOf(work, previous.calendarId), nowPaused));
    } else if (spec) {
      const calendar = calendarOf(work, state.calendarId);
      const clockState = startTarget({ at, ...targetSpec(spec), paused: nowPaused }, calendar);
      addTarget(work, { ...clockState, metric: 'resolution', cycle: (previous?.cycle ?? 0) + 1, policyId: policy!.id, calendarId: state.calendarId });
    }
    return;
  }
  if (!wasPaused && nowPaused) {
    state.pausedSince = at;
    for (const target of [...work.targets]) if (isRunning(target)) replaceTarget(work, target, pauseTarget(target, at, calendarOf(work, target.calendarId)));
  } else if (wasPaused && !nowPaused) {
    closePause();
    for (const target of [...work.targets]) if (target.status === 'paused') replaceTarget(work, target, resumeTarget(target, at, calendarOf(work, target.calendarId)));
  }
}

/** A public reply by a human agent (or a bot, when the policy counts bots) meets the response clocks. */
export function applyAgentReply(work: SlaWork, at: Date): void {
  const { state } = work;
  for (const metric of ['first_response', 'next_response', 'progress_update'] as const) {
    const target = openTarget(work, metric);
    if (target) replaceTarget(work, target, meetTarget(target, at, calendarOf(work, target.calendarId)));
  }
  state.firstRespondedAt ??= at;
  if (!state.lastAgentReplyAt || at > state.lastAgentReplyAt) state.lastAgentReplyAt = at;
  if (state.awaitingReplySince && state.awaitingReplySince <= at) state.awaitingReplySince = null;
}

/** A progress update that reached the customer (an agent's notice, sent) meets the periodic update target only. */
export function applyProgressUpdate(work: SlaWork, at: Date): void {
  const target = openTarget(work, 'progress_update');
  if (target && target.startedAt <= at) replaceTarget(work, target, meetTarget(target, at, calendarOf(work, target.calendarId)));
}

export function applyCustomerMessage(work: SlaWork, at: Date): void {
  const { state } = work;
  // A customer message older than the last agent reply was answered by it (events can arrive out of order).
  if (state.lastAgentReplyAt && at <= state.lastAgentReplyAt) return;
  state.awaitingReplySince ??= at;
}

/** The parts of a delivered ticket event it is reconciled from, its payload narrowed by its type. */
export type TicketEventInput = { [Type in SlaTicketEventType]: { id: number; type: Type; occurredAt: Date; payload: TicketEventPayloads[Type] } }[SlaTicketEventType];

/**
 * Applies one ticket event to the clocks, under the policy applied so far: the newest event's facts and status,
 * then the message it carries. Says whether the customer changed, whose tags and organisation the caller then
 * reloads before it re-matches the policy.
 */
export function applyTicketEvent(work: SlaWork, event: TicketEventInput, applied: PolicyRecord | undefined): { customerChanged: boolean } {
  const { state } = work;
  const ticket = event.payload;
  const at = event.occurredAt;
  let customerChanged = false;
  // Facts and status follow the newest event only: an older event delivered late must not roll them back.
  if (event.id > state.lastEventId) {
    customerChanged = ticket.customerId !== state.customerId;
    Object.assign(state, {
      number: ticket.number,
      priority: ticket.priority,
      urgency: ticket.urgency,
      type: ticket.type,
      channel: ticket.channel,
      teamId: ticket.teamId,
      departmentId: ticket.departmentId,
      assigneeId: ticket.assigneeId,
      customerId: ticket.customerId,
      lastEventId: event.id,
    });
    applyStatus(work, ticket.status, at, applied, event.type === 'ticket.merged');
  }

  if (event.type === 'ticket.created' && event.payload.firstMessageId !== null) applyCustomerMessage(work, new Date(ticket.createdAt));
  if (event.type === 'message.added' && event.payload.kind === 'reply') {
    const { authorType } = event.payload;
    const countsAsAgent = authorType === 'agent' || (authorType === 'bot' && (applied?.countBotReplies ?? false));
    if (countsAsAgent && !event.payload.isAutoReply) applyAgentReply(work, at);
    else if (authorType === 'customer') applyCustomerMessage(work, at);
  }
  return { customerChanged };
}

// ---------------------------------------------------------------------------------------------------------------
// Timers

/** A warning or breach timer of one target came due at `now`: marks it, once each, warning first. */
export function applyTargetTimer(work: SlaWork, metric: Metric, cycle: number, kind: string, now: Date): void {
  const { state } = work;
  const target = work.targets.find((t) => t.metric === metric && t.cycle === cycle);
  if (!target) return;
  let current = target;
  if (kind === TIMER_KINDS.warning || kind === TIMER_KINDS.breach) {
    // A breach noticed before its warning (another node held the warning's timer) still warns first, once.
    const warned = markWarned(current, now);
    if (warned) {
      current = replaceTarget(work, current, warned);
      work.events.push({ type: SLA_EVENTS.warning, payload: targetPayload(state, current, now) });
      work.timeline.push({ at: current.warnedAt!, status: state.ticketStatus, kind: 'sla.warning', details: { metric, cycle, dueAt: current.dueAt?.toISOString() ?? null } });
    }
  }
  if (kind === TIMER_KINDS.breach) {
    const breached = markBreached(current, now);
    if (breached) {
      current = replaceTarget(work, current, breached);
      work.events.push({ type: SLA_EVENTS.breached, payload: targetPayload(state, current, now) });
      work.timeline.push({ at: current.breachedAt!, status: state.ticketStatus, kind: 'sla.breached', details: { metric, cycle, dueAt: current.dueAt?.toISOString() ?? null } });
    }
  }
}
