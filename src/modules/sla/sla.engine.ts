/**
 * The SLA engine: reacts to ticket events (start, pause, resume, meet, recompute targets), fires warnings and
 * breaches from durable timers, and recomputes open tickets after a configuration change in batches.
 * Everything runs inside the caller's transaction (the dispatcher's or the timer runner's), so a target's new
 * state, its timers, its events and the ticket's SLA summary commit together.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import { emitEvent, type NewEvent, type OutboxEvent } from '../../platform/outbox.ts';
import { cancelTimersByKey, scheduleTimer, scheduleTimers, type DueTimer, type TimerSpec } from '../../platform/timers.ts';
import { DEFAULT_CALENDAR_24X7, validateCalendar, type BusinessCalendar } from './business-calendar.ts';
import {
  cancelTarget,
  elapsedWithPauses,
  isOpen,
  isRunning,
  markBreached,
  markWarned,
  meetTarget,
  pauseTarget,
  pendingTimers,
  reopenTarget,
  resumeTarget,
  retarget,
  startTarget,
  summarize,
  type SummaryState,
  type TargetClock,
} from './sla-clock.ts';
import { defaultPolicies, matchPolicy, METRICS, warnElapsedMs, type EscalationStep, type Metric, type PolicyTarget } from './sla-policy.ts';
import * as repo from './sla.repository.ts';
import { SLA_EVENTS, type EscalationRecipient, type SlaEscalatedPayload, type SlaPolicyAppliedPayload, type SlaTargetEventPayload } from './sla.events.ts';

/** Ticket statuses in which the clocks stand still (waiting on the customer or on someone else). */
export const PAUSED_STATUSES: ReadonlySet<string> = new Set(['pending', 'on_hold']);
/** Ticket statuses in which the work is done: resolution is met, the other clocks stop. */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['solved', 'closed']);

export const TIMER_KINDS = { warning: 'sla.warning', breach: 'sla.breach', recompute: 'sla.recompute' } as const;
const RECOMPUTE_BATCH = 200;

export const timerKey = (ticketId: string, metric: Metric, cycle: number, which: 'warn' | 'breach'): string => `sla:${ticketId}:${metric}:${cycle}:${which}`;
const recomputeKey = (workspaceId: string): string => `sla-recompute:${workspaceId}`;

/** The ticket events the engine listens to. */
export const TICKET_EVENT_TYPES = ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.priority_changed', 'message.added', 'ticket.merged'] as const;

/** What every ticket event carries (tickets.events.ts TicketEventBase), read defensively. */
interface TicketEventFacts {
  ticketId: string;
  number: string;
  status: string;
  priority: string | null;
  type: string | null;
  channel: string | null;
  teamId: string | null;
  departmentId: string | null;
  assigneeId: string | null;
  customerId: string | null;
  createdAt: Date;
}

/** The few ticket-module calls the engine makes, each inside the engine's transaction. */
export interface SlaTicketsPort {
  setSlaSummary(tx: Sql, workspaceId: string, ticketId: string, summary: { nextDueAt: Date | null; state: SummaryState }): Promise<void>;
  addTimelineEntry(tx: Sql, workspaceId: string, ticketId: string, entry: SlaTimelineEntry): Promise<void>;
  /** Routes the ticket (escalation "green channel"); the system is the actor. */
  assignTicket(tx: Sql, workspaceId: string, ticketId: string, to: { userId: string | null; teamId: string | null }): Promise<void>;
}

export interface SlaTimelineEntry {
  at: Date;
  kind: string;
  /** The ticket's status when it happened (the timeline records the process stage). */
  status: string;
  details: Record<string, unknown>;
}

export interface SlaCustomersPort {
  /** Tags and organisation of a customer, read inside the engine's transaction. */
  getCustomerFacts(tx: Sql, workspaceId: string, customerId: string): Promise<{ tags: string[]; organization: string | null } | undefined>;
}

export interface SlaEngineDeps {
  clock: Clock;
  logger?: Logger;
  tickets?: SlaTicketsPort;
  customers?: SlaCustomersPort;
}

/** Thrown when a timer handler finds the ticket busy; the timer runner retries it shortly. */
export class TicketBusyError extends Error {
  constructor(ticketId: string) {
    super(`SLA state of ticket ${ticketId} is locked by another transaction; retrying`);
  }
}

const isLockNotAvailable = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: string }).code === '55P03';

/** A workspace's policies and the configuration epoch they belong to. */
interface SlaConfig {
  configEpoch: number;
  policies: repo.PolicyRecord[];
}

interface Work {
  workspaceId: string;
  state: repo.TicketSlaRecord;
  targets: repo.TargetRecord[];
  changed: Set<repo.TargetRecord>;
  events: Omit<NewEvent, 'workspaceId' | 'aggregateType' | 'aggregateId'>[];
  timeline: SlaTimelineEntry[];
  calendars: Map<string, BusinessCalendar>;
  /** Timers each loaded target needed, to touch only the timers that change. */
  timersBefore: Map<string, PendingTimers>;
  /** Read once per piece of work: team calendars. */
  teamCalendars: Map<string, string | null>;
}

type PendingTimers = ReturnType<typeof pendingTimers>;

const targetId = (target: { metric: string; cycle: number }): string => `${target.metric}:${target.cycle}`;
const sameInstant = (a: Date | null, b: Date | null): boolean => (a?.getTime() ?? null) === (b?.getTime() ?? null);

const CAL_24X7 = '';

export function createSlaEngine(deps: SlaEngineDeps) {
  const { clock } = deps;
  // Parsed calendars by workspace/id/version: business-calendar.ts caches compiled forms by object identity.
  const calendarCache = new Map<string, BusinessCalendar>();
  const seeded = new Set<string>();
  const configReads = new WeakMap<Sql, Map<string, SlaConfig>>();

  // -------------------------------------------------------------------------------------------------------------
  // Loading

  async function loadCalendars(tx: Sql, workspaceId: string, ids: Iterable<string | null>, into: Map<string, BusinessCalendar>): Promise<void> {
    into.set(CAL_24X7, DEFAULT_CALENDAR_24X7);
    const wanted = [...new Set([...ids].filter((id): id is string => id !== null && !into.has(id)))];
    for (const row of await repo.selectCalendarDefinitions(tx, workspaceId, wanted)) {
      const key = `${workspaceId}:${row.id}:${row.version}`;
      let calendar = calendarCache.get(key);
      if (!calendar) {
        const checked = validateCalendar(row.definition);
        // A stored definition was validated on write; fall back to 24×7 rather than stop the clocks.
        calendar = checked.ok ? checked.calendar : DEFAULT_CALENDAR_24X7;
        if (calendarCache.size > 1000) calendarCache.clear();
        calendarCache.set(key, calendar);
      }
      into.set(row.id, calendar);
    }
  }

  const calendarOf = (work: Work, calendarId: string | null): BusinessCalendar => work.calendars.get(calendarId ?? CAL_24X7) ?? DEFAULT_CALENDAR_24X7;

  /** Seeds the P1/P2/P3 tiers the first time a workspace uses SLAs (never again, so deleting them sticks). */
  async function ensureDefaults(tx: Sql, workspaceId: string): Promise<void> {
    if (seeded.has(workspaceId)) return;
    const created = await repo.insertSettings(tx, workspaceId, clock.now());
    // A row that already existed was committed by someone, so it can be remembered; a new one only after commit.
    if (!created) {
      seeded.add(workspaceId);
      return;
    }
    const existing = await repo.selectPolicies(tx, workspaceId);
    if (existing.length > 0) return;
    let position = 0;
    for (const policy of defaultPolicies()) {
      await repo.insertPolicy(
        tx,
        workspaceId,
        { id: newId(), ...policy, position: position++, isActive: true, calendarId: null, countBotReplies: false, reopenRestartsResolution: true },
        clock.now(),
      );
    }
  }

  /**
   * The workspace's SLA configuration, read once per transaction: a delivery batch handles dozens of events of
   * one workspace. The epoch is read before the policies, so a change committed in between leaves the ticket
   * marked with the older epoch and the recompute pass applies the newer policies.
   */
  async function configOf(tx: Sql, workspaceId: string): Promise<SlaConfig> {
    const cached = configReads.get(tx)?.get(workspaceId);
    if (cached) return cached;
    const configEpoch = await repo.selectConfigEpoch(tx, workspaceId);
    const config = { configEpoch, policies: await repo.selectPolicies(tx, workspaceId) };
    // Only a transaction remembers (the database handle itself lives on), and not the defaults it is seeding
    // itself: a rolled-back savepoint would take them away.
    if (tx.deferred && seeded.has(workspaceId)) {
      const byWorkspace = configReads.get(tx) ?? new Map<string, SlaConfig>();
      byWorkspace.set(workspaceId, config);
      configReads.set(tx, byWorkspace);
    }
    return config;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Target helpers

  const latestTarget = (work: Work, metric: Metric): repo.TargetRecord | undefined =>
    work.targets.filter((t) => t.metric === metric).reduce<repo.TargetRecord | undefined>((a, b) => (!a || b.cycle > a.cycle ? b : a), undefined);

  const openTarget = (work: Work, metric: Metric): repo.TargetRecord | undefined => {
    const latest = latestTarget(work, metric);
    return latest && isOpen(latest) ? latest : undefined;
  };

  function replaceTarget(work: Work, before: repo.TargetRecord, after: TargetClock & Partial<repo.TargetRecord>): repo.TargetRecord {
    const next: repo.TargetRecord = { ...before, ...after };
    if (JSON.stringify(next) === JSON.stringify(before)) return before;
    const index = work.targets.indexOf(before);
    work.targets[index] = next;
    work.changed.delete(before);
    work.changed.add(next);
    return next;
  }

  function addTarget(work: Work, target: repo.TargetRecord): void {
    work.targets.push(target);
    work.changed.add(target);
  }

  function targetSpec(spec: PolicyTarget) {
    return { targetMs: Math.round(spec.minutes * 60_000), businessTime: spec.businessTime, warnElapsedMs: warnElapsedMs(spec) };
  }

  /** When a metric that has no open target should start counting, or undefined when it does not apply now. */
  function startOf(work: Work, metric: Metric): Date | undefined {
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
        const candidates = [state.firstRespondedAt, state.lastAgentReplyAt, state.reopenedAt].filter((d): d is Date => d !== null);
        return new Date(Math.max(...candidates.map((d) => d.getTime())));
      }
    }
  }

  /**
   * Brings the open targets in line with the policy: cancels metrics it no longer has, retargets changed ones
   * keeping their elapsed time, and starts the ones that now apply.
   */
  function reconcile(work: Work, policy: repo.PolicyRecord | undefined, calendarId: string | null, at: Date): void {
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

  // -------------------------------------------------------------------------------------------------------------
  // Persisting

  /** `isNew`: the state row was inserted by this transaction, so it has no targets yet. */
  async function loadWork(tx: Sql, workspaceId: string, state: repo.TicketSlaRecord, isNew = false): Promise<Work> {
    const targets = isNew ? [] : await repo.selectTargets(tx, workspaceId, state.ticketId);
    const calendars = new Map<string, BusinessCalendar>();
    await loadCalendars(tx, workspaceId, [state.calendarId, ...targets.map((t) => t.calendarId)], calendars);
    const timersBefore = new Map(targets.map((t) => [targetId(t), pendingTimers(t)]));
    return { workspaceId, state, targets, changed: new Set(), events: [], timeline: [], calendars, timersBefore, teamCalendars: new Map() };
  }

  /** The target's warning and breach timers to move, create or remove: only those that changed. */
  function timerChanges(workspaceId: string, ticketId: string, target: repo.TargetRecord, before: PendingTimers | undefined) {
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

  async function save(tx: Sql, work: Work, stateChanged: boolean): Promise<void> {
    const { workspaceId, state } = work;
    const now = clock.now();
    if (stateChanged) await repo.updateTicketSla(tx, workspaceId, state, now);
    // One row per target: a multi-row upsert may not touch a row twice.
    const changed = [...new Map([...work.changed].map((target) => [targetId(target), target])).values()];
    await repo.upsertTargets(tx, workspaceId, state.ticketId, changed, now);
    const timers = changed.map((target) => timerChanges(workspaceId, state.ticketId, target, work.timersBefore.get(targetId(target))));
    await scheduleTimers(tx, clock, timers.flatMap((t) => t.schedule));
    await cancelTimersByKey(tx, workspaceId, timers.flatMap((t) => t.cancel));
    for (const event of work.events) {
      await emitEvent(tx, clock, { ...event, workspaceId, aggregateType: 'ticket', aggregateId: state.ticketId });
    }
    if (deps.tickets) {
      for (const entry of work.timeline) await deps.tickets.addTimelineEntry(tx, workspaceId, state.ticketId, entry);
      if (work.changed.size > 0) await deps.tickets.setSlaSummary(tx, workspaceId, state.ticketId, summarize(work.targets));
    }
  }

  const ticketRef = (state: repo.TicketSlaRecord) => ({
    ticketId: state.ticketId,
    number: state.number,
    priority: state.priority,
    teamId: state.teamId,
    assigneeId: state.assigneeId,
  });

  // -------------------------------------------------------------------------------------------------------------
  // Ticket events

  function readFacts(payload: Record<string, unknown>): TicketEventFacts | undefined {
    const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
    const ticketId = str(payload.ticketId);
    const status = str(payload.status);
    if (!ticketId || !status) return undefined;
    const createdAt = new Date(String(payload.createdAt ?? ''));
    return {
      ticketId,
      number: str(payload.number) ?? '',
      status,
      priority: str(payload.priority),
      type: str(payload.type),
      channel: str(payload.channel),
      teamId: str(payload.teamId),
      departmentId: str(payload.departmentId),
      assigneeId: str(payload.assigneeId),
      customerId: str(payload.customerId),
      createdAt: Number.isFinite(createdAt.getTime()) ? createdAt : new Date(0),
    };
  }

  function blankState(facts: TicketEventFacts): repo.TicketSlaRecord {
    return {
      ticketId: facts.ticketId,
      number: facts.number,
      ticketStatus: facts.status,
      isOpen: !DONE_STATUSES.has(facts.status),
      priority: facts.priority,
      type: facts.type,
      channel: facts.channel,
      teamId: facts.teamId,
      departmentId: facts.departmentId,
      assigneeId: facts.assigneeId,
      customerId: facts.customerId,
      customerTags: [],
      customerOrganization: null,
      ticketCreatedAt: facts.createdAt.getTime() > 0 ? facts.createdAt : clock.now(),
      policyId: null,
      policyVersion: null,
      calendarId: null,
      calendarVersion: null,
      configEpoch: 0,
      firstRespondedAt: null,
      lastAgentReplyAt: null,
      reopenedAt: null,
      awaitingReplySince: null,
      pausedSince: PAUSED_STATUSES.has(facts.status) ? (facts.createdAt.getTime() > 0 ? facts.createdAt : clock.now()) : null,
      pauses: [],
      lastEventId: 0,
    };
  }

  async function refreshCustomer(tx: Sql, workspaceId: string, state: repo.TicketSlaRecord): Promise<void> {
    if (!deps.customers || !state.customerId) {
      state.customerTags = [];
      state.customerOrganization = null;
      return;
    }
    const facts = await deps.customers.getCustomerFacts(tx, workspaceId, state.customerId);
    state.customerTags = facts?.tags ?? [];
    state.customerOrganization = facts?.organization ?? null;
  }

  /** Moves the clocks for a status change (the ticket's newest status, from the newest event). */
  function applyStatus(work: Work, next: string, at: Date, policy: repo.PolicyRecord | undefined, merged: boolean): void {
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
  function applyAgentReply(work: Work, at: Date): void {
    const { state } = work;
    for (const metric of ['first_response', 'next_response', 'progress_update'] as const) {
      const target = openTarget(work, metric);
      if (target) replaceTarget(work, target, meetTarget(target, at, calendarOf(work, target.calendarId)));
    }
    state.firstRespondedAt ??= at;
    if (!state.lastAgentReplyAt || at > state.lastAgentReplyAt) state.lastAgentReplyAt = at;
    if (state.awaitingReplySince && state.awaitingReplySince <= at) state.awaitingReplySince = null;
  }

  function applyCustomerMessage(work: Work, at: Date): void {
    const { state } = work;
    // A customer message older than the last agent reply was answered by it (events can arrive out of order).
    if (state.lastAgentReplyAt && at <= state.lastAgentReplyAt) return;
    state.awaitingReplySince ??= at;
  }

  /** Re-matches the policy and calendar and reconciles the targets; records a policy change on the timeline. */
  async function teamCalendarOf(tx: Sql, work: Work, teamId: string): Promise<string | null> {
    if (!work.teamCalendars.has(teamId)) work.teamCalendars.set(teamId, await repo.selectTeamCalendarId(tx, work.workspaceId, teamId));
    return work.teamCalendars.get(teamId)!;
  }

  async function rematch(tx: Sql, work: Work, at: Date, config: SlaConfig): Promise<void> {
    const { state, workspaceId } = work;
    const policy = matchPolicy(config.policies, {
      priority: state.priority,
      type: state.type,
      channel: state.channel,
      teamId: state.teamId,
      customerTags: state.customerTags,
      customerOrganization: state.customerOrganization,
    });
    const calendarId = policy?.calendarId ?? (state.teamId ? await teamCalendarOf(tx, work, state.teamId) : null);
    await loadCalendars(tx, workspaceId, [calendarId], work.calendars);
    const previousPolicyId = state.policyId;
    reconcile(work, policy, calendarId, at);
    state.policyId = policy?.id ?? null;
    state.policyVersion = policy?.version ?? null;
    state.calendarId = calendarId;
    state.configEpoch = config.configEpoch;
    if (previousPolicyId !== state.policyId && (policy || previousPolicyId)) {
      const payload: SlaPolicyAppliedPayload = { ...ticketRef(state), policyId: state.policyId, policyName: policy?.name ?? null, previousPolicyId };
      work.events.push({ type: SLA_EVENTS.policyApplied, payload: { ...payload } });
      work.timeline.push({ at, status: state.ticketStatus, kind: 'sla.policy_applied', details: { policyId: state.policyId, policyName: policy?.name ?? null, previousPolicyId } });
    }
  }

  async function handleTicketEvent(event: OutboxEvent, tx: Sql): Promise<void> {
    const facts = readFacts(event.payload);
    if (!facts) return;
    const { workspaceId } = event;
    const at = event.occurredAt;
    await ensureDefaults(tx, workspaceId);
    const config = await configOf(tx, workspaceId);
    // A ticket's row rarely exists before its ticket.created is handled (only when another event of it came
    // first), so that event tries the insert without reading first.
    let state = event.type === 'ticket.created' ? undefined : await repo.selectTicketSla(tx, workspaceId, facts.ticketId, 'wait');
    let inserted = false;
    if (!state) {
      // Any event of an unknown ticket starts its clocks at the ticket's creation.
      const blank = blankState(facts);
      await refreshCustomer(tx, workspaceId, blank);
      // Inserted here, the row is this transaction's (and locked); otherwise another one started it: read it locked.
      inserted = await repo.insertTicketSla(tx, workspaceId, blank, clock.now());
      state = inserted ? blank : (await repo.selectTicketSla(tx, workspaceId, facts.ticketId, 'wait'))!;
    }
    const work = await loadWork(tx, workspaceId, state, inserted);
    if (inserted) await rematch(tx, work, state.ticketCreatedAt, config);
    const applied = config.policies.find((p) => p.id === state.policyId);

    // Facts and status follow the newest event only: an older event delivered late must not roll them back.
    if (event.id > state.lastEventId) {
      const customerChanged = facts.customerId !== state.customerId;
      Object.assign(state, {
        number: facts.number || state.number,
        priority: facts.priority,
        type: facts.type,
        channel: facts.channel,
        teamId: facts.teamId,
        departmentId: facts.departmentId,
        assigneeId: facts.assigneeId,
        customerId: facts.customerId,
        lastEventId: event.id,
      });
      if (customerChanged) await refreshCustomer(tx, workspaceId, state);
      applyStatus(work, facts.status, at, applied, event.type === 'ticket.merged');
    }

    if (event.type === 'ticket.created' && typeof event.payload.firstMessageId === 'string') applyCustomerMessage(work, facts.createdAt);
    if (event.type === 'message.added' && event.payload.kind === 'reply') {
      const authorType = event.payload.authorType;
      const countsAsAgent = authorType === 'agent' || (authorType === 'bot' && (applied?.countBotReplies ?? false));
      if (countsAsAgent && event.payload.isAutoReply !== true) applyAgentReply(work, at);
      else if (authorType === 'customer') applyCustomerMessage(work, at);
    }

    await rematch(tx, work, at, config);
    await save(tx, work, true);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Timers

  async function fireTargetTimer(timer: DueTimer, tx: Sql): Promise<void> {
    const ticketId = String(timer.payload.ticketId ?? '');
    const metric = timer.payload.metric as Metric;
    const cycle = Number(timer.payload.cycle);
    const { workspaceId } = timer;
    let state: repo.TicketSlaRecord | undefined;
    try {
      state = await repo.selectTicketSla(tx, workspaceId, ticketId, 'nowait');
    } catch (error) {
      if (isLockNotAvailable(error)) throw new TicketBusyError(ticketId);
      throw error;
    }
    if (!state) return;
    const work = await loadWork(tx, workspaceId, state);
    const target = work.targets.find((t) => t.metric === metric && t.cycle === cycle);
    if (!target) return;
    const now = clock.now();
    let current = target;
    if (timer.kind === TIMER_KINDS.warning || timer.kind === TIMER_KINDS.breach) {
      // A breach noticed before its warning (another node held the warning's timer) still warns first, once.
      const warned = markWarned(current, now);
      if (warned) {
        current = replaceTarget(work, current, warned);
        work.events.push({ type: SLA_EVENTS.warning, payload: { ...targetPayload(state, current, now) } });
        work.timeline.push({ at: current.warnedAt!, status: state.ticketStatus, kind: 'sla.warning', details: { metric, cycle, dueAt: current.dueAt?.toISOString() ?? null } });
      }
    }
    if (timer.kind === TIMER_KINDS.breach) {
      const breached = markBreached(current, now);
      if (breached) {
        current = replaceTarget(work, current, breached);
        work.events.push({ type: SLA_EVENTS.breached, payload: { ...targetPayload(state, current, now) } });
        work.timeline.push({ at: current.breachedAt!, status: state.ticketStatus, kind: 'sla.breached', details: { metric, cycle, dueAt: current.dueAt?.toISOString() ?? null } });
      }
    }
    if (work.changed.size > 0) await save(tx, work, false);
  }

  function targetPayload(state: repo.TicketSlaRecord, target: repo.TargetRecord, now: Date): SlaTargetEventPayload {
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

  /** Schedules the batched recompute of open tickets after a configuration change (runs soon, on any node). */
  async function scheduleRecompute(tx: Sql, workspaceId: string): Promise<void> {
    await scheduleTimer(tx, clock, { workspaceId, key: recomputeKey(workspaceId), kind: TIMER_KINDS.recompute, dueAt: clock.now() });
  }

  /** One batch of the recompute job; reschedules itself while stale tickets remain. */
  async function recomputeBatch(timer: DueTimer, tx: Sql): Promise<void> {
    const { workspaceId } = timer;
    const { configEpoch } = await configOf(tx, workspaceId);
    const ids = await repo.selectStaleTicketIds(tx, workspaceId, configEpoch, RECOMPUTE_BATCH);
    for (const ticketId of ids) await recomputeTicket(tx, workspaceId, ticketId);
    if (ids.length === RECOMPUTE_BATCH) {
      // The runner marks this timer fired after the handler; a sibling key carries on with the next batch.
      const next = timer.key === recomputeKey(workspaceId) ? `${recomputeKey(workspaceId)}:next` : recomputeKey(workspaceId);
      await scheduleTimer(tx, clock, { workspaceId, key: next, kind: TIMER_KINDS.recompute, dueAt: clock.now() });
    }
  }

  async function recomputeTicket(tx: Sql, workspaceId: string, ticketId: string): Promise<void> {
    const state = await repo.selectTicketSla(tx, workspaceId, ticketId, 'wait');
    if (!state) return;
    const work = await loadWork(tx, workspaceId, state);
    await rematch(tx, work, clock.now(), await configOf(tx, workspaceId));
    await save(tx, work, true);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Escalation (a subscriber of the engine's own events)

  async function handleEscalationEvent(event: OutboxEvent, tx: Sql): Promise<void> {
    const { workspaceId } = event;
    const payload = event.payload as Partial<SlaTargetEventPayload & SlaPolicyAppliedPayload>;
    if (!payload.ticketId || !payload.policyId) return;
    const trigger = event.type === SLA_EVENTS.warning ? 'warning' : event.type === SLA_EVENTS.breached ? 'breached' : 'applied';
    const policy = (await configOf(tx, workspaceId)).policies.find((p) => p.id === payload.policyId);
    // Most policies escalate on few triggers or none: nothing to read further.
    if (!policy?.escalation.some((step) => step.trigger === trigger)) return;
    const state = await repo.selectTicketSla(tx, workspaceId, payload.ticketId);
    if (!state) return;
    // Routing a ticket that is already done helps nobody.
    if (!state.isOpen) return;
    const metric = trigger === 'applied' ? null : (payload.metric ?? null);
    const cycle = trigger === 'applied' ? null : (payload.cycle ?? null);
    const timeline: SlaTimelineEntry[] = [];
    for (const [index, step] of policy.escalation.entries()) {
      if (step.trigger !== trigger) continue;
      if (trigger !== 'applied' && step.metric && step.metric !== metric) continue;
      const stepKey = trigger === 'applied' ? `applied:${policy.id}:${index}:${event.id}` : `${trigger}:${policy.id}:${index}:${metric}:${cycle}`;
      const fresh = await repo.insertEscalation(tx, workspaceId, {
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
      await repo.updateEscalationDetails(tx, workspaceId, state.ticketId, stepKey, { ...escalated });
      await emitEvent(tx, clock, { workspaceId, type: SLA_EVENTS.escalated, aggregateType: 'ticket', aggregateId: state.ticketId, payload: { ...escalated } });
      timeline.push({ at: clock.now(), status: state.ticketStatus, kind: 'sla.escalated', details: { action: step.action, trigger, metric, cycle, recipients: escalated.recipients, assignedTo: escalated.assignedTo, taskId: escalated.taskId } });
    }
    if (deps.tickets) for (const entry of timeline) await deps.tickets.addTimelineEntry(tx, workspaceId, state.ticketId, entry);
  }

  async function runStep(
    tx: Sql,
    workspaceId: string,
    state: repo.TicketSlaRecord,
    policy: repo.PolicyRecord,
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
        const recipients: EscalationRecipient[] = step.userId ? [{ userId: step.userId }] : [{ role: 'supervisor', teamId: state.teamId }];
        return { ...base, recipients };
      }
      case 'assign_to': {
        const to = { userId: step.userId ?? null, teamId: step.teamId ?? null };
        await deps.tickets?.assignTicket(tx, workspaceId, state.ticketId, to);
        return { ...base, assignedTo: to, recipients: to.userId ? [{ userId: to.userId }] : [] };
      }
      case 'create_task': {
        const taskId = newId();
        await repo.insertTask(tx, workspaceId, {
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
        const recipients: EscalationRecipient[] = state.assigneeId ? [{ userId: state.assigneeId }] : [{ role: 'supervisor', teamId: state.teamId }];
        return { ...base, taskId, recipients };
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading

  /** The targets of a ticket as the API shows them, with remaining time at `now`. */
  async function readTicketTargets(sql: Sql, workspaceId: string, ticketId: string) {
    const state = await repo.selectTicketSla(sql, workspaceId, ticketId);
    if (!state) return undefined;
    const targets = await repo.selectTargets(sql, workspaceId, ticketId);
    const calendars = new Map<string, BusinessCalendar>();
    await loadCalendars(sql, workspaceId, targets.map((t) => t.calendarId), calendars);
    return { state, targets, calendars, summary: summarize(targets) };
  }

  return {
    ensureDefaults,
    handleTicketEvent,
    fireTargetTimer,
    recomputeBatch,
    scheduleRecompute,
    handleEscalationEvent,
    readTicketTargets,
    calendarOf: (calendars: Map<string, BusinessCalendar>, id: string | null) => calendars.get(id ?? CAL_24X7) ?? DEFAULT_CALENDAR_24X7,
  };
}

export type SlaEngine = ReturnType<typeof createSlaEngine>;
