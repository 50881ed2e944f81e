/**
 * The clock of one SLA target: start, pause, resume, meet, cancel, warn, breach and recompute. Pure: every
 * function takes the instant and the calendar and returns a new state, so the rules can be tested without I/O.
 *
 * A target has a budget (`targetMs`) of calendar or business time. `elapsedMs` is what was used before
 * `runningSince`; while running, the clock also counts from `runningSince`. The due instant is where the
 * remaining budget runs out; the warning instant is where `warnElapsedMs` is reached.
 * `status` is the clock's state: active | paused | met | cancelled, or breached = running past its due time.
 * `breachedAt` and `warnedAt` stay set once they happened: each fires once per target.
 */
import type { SlaState, TargetStatus } from '../../contracts/sla.ts';
import { addBusinessMs, businessMsBetween, DEFAULT_CALENDAR_24X7, type BusinessCalendar } from './business-calendar.ts';

export { TARGET_STATUSES, type TargetStatus } from '../../contracts/sla.ts';

export interface TargetClock {
  status: TargetStatus;
  targetMs: number;
  businessTime: boolean;
  warnElapsedMs: number | null;
  startedAt: Date;
  elapsedMs: number;
  runningSince: Date | null;
  pausedAt: Date | null;
  dueAt: Date | null;
  warnAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
  stoppedAt: Date | null;
}

/** The calendar a target counts in: its business calendar, or every instant for calendar-time targets. */
export function effectiveCalendar(businessTime: boolean, calendar: BusinessCalendar): BusinessCalendar {
  return businessTime ? calendar : DEFAULT_CALENDAR_24X7;
}

export const isRunning = (target: Pick<TargetClock, 'status'>): boolean => target.status === 'active' || target.status === 'breached';
export const isOpen = (target: Pick<TargetClock, 'status'>): boolean => isRunning(target) || target.status === 'paused';

/** Time used up to `at` (never less than before: an event older than the last change adds nothing). */
export function elapsedAt(target: TargetClock, at: Date, calendar: BusinessCalendar): number {
  if (!isRunning(target) || !target.runningSince || at <= target.runningSince) return target.elapsedMs;
  return target.elapsedMs + businessMsBetween(effectiveCalendar(target.businessTime, calendar), target.runningSince, at);
}

/** Budget left at `at`; negative once overdue. */
export function remainingMs(target: TargetClock, at: Date, calendar: BusinessCalendar): number {
  return target.targetMs - elapsedAt(target, at, calendar);
}

/** Due and warning instants from the running state; a paused or stopped clock has no pending instants. */
function schedule(target: TargetClock, calendar: BusinessCalendar): TargetClock {
  const next = { ...target };
  const cal = effectiveCalendar(target.businessTime, calendar);
  if (!isRunning(next) || !next.runningSince) {
    if (next.status === 'paused') {
      next.dueAt = next.breachedAt ? next.dueAt : null;
      next.warnAt = next.warnedAt ? next.warnAt : null;
    }
    return next;
  }
  const since = next.runningSince;
  if (!next.breachedAt) {
    const left = next.targetMs - next.elapsedMs;
    next.dueAt = left > 0 ? addBusinessMs(cal, since, left) : since;
  }
  if (!next.warnedAt && !next.breachedAt) {
    if (next.warnElapsedMs === null || next.warnElapsedMs >= next.targetMs) next.warnAt = null;
    else {
      const left = next.warnElapsedMs - next.elapsedMs;
      next.warnAt = left > 0 ? addBusinessMs(cal, since, left) : since;
    }
  }
  return next;
}

export interface StartInput {
  at: Date;
  targetMs: number;
  businessTime: boolean;
  warnElapsedMs: number | null;
  /** Time already used (a target added by a recompute counts from the ticket's creation). */
  elapsedMs?: number;
  paused?: boolean;
}

export function startTarget(input: StartInput, calendar: BusinessCalendar): TargetClock {
  const target: TargetClock = {
    status: input.paused ? 'paused' : 'active',
    targetMs: input.targetMs,
    businessTime: input.businessTime,
    warnElapsedMs: input.warnElapsedMs,
    startedAt: input.at,
    elapsedMs: input.elapsedMs ?? 0,
    runningSince: input.paused ? null : input.at,
    pausedAt: input.paused ? input.at : null,
    dueAt: null,
    warnAt: null,
    warnedAt: null,
    breachedAt: null,
    metAt: null,
    stoppedAt: null,
  };
  return schedule(target, calendar);
}

export function pauseTarget(target: TargetClock, at: Date, calendar: BusinessCalendar): TargetClock {
  if (!isRunning(target)) return target;
  return schedule({ ...target, status: 'paused', elapsedMs: elapsedAt(target, at, calendar), runningSince: null, pausedAt: at }, calendar);
}

export function resumeTarget(target: TargetClock, at: Date, calendar: BusinessCalendar): TargetClock {
  if (target.status !== 'paused') return target;
  return schedule({ ...target, status: target.breachedAt ? 'breached' : 'active', runningSince: at, pausedAt: null }, calendar);
}

/** Met (late when `breachedAt` is set): the clock stops and keeps what it used. */
export function meetTarget(target: TargetClock, at: Date, calendar: BusinessCalendar): TargetClock {
  if (!isOpen(target)) return target;
  return { ...target, status: 'met', elapsedMs: elapsedAt(target, at, calendar), runningSince: null, pausedAt: null, metAt: at };
}

/** No longer applies (the ticket was resolved before an agent replied, merged away, the policy dropped it). */
export function cancelTarget(target: TargetClock, at: Date, calendar: BusinessCalendar): TargetClock {
  if (!isOpen(target)) return target;
  return { ...target, status: 'cancelled', elapsedMs: elapsedAt(target, at, calendar), runningSince: null, pausedAt: null, stoppedAt: at };
}

/** A met target runs again from `at`, keeping the time it had used (a reopen without restart). */
export function reopenTarget(target: TargetClock, at: Date, calendar: BusinessCalendar, paused: boolean): TargetClock {
  if (target.status !== 'met' && target.status !== 'cancelled') return target;
  const status: TargetStatus = paused ? 'paused' : target.breachedAt ? 'breached' : 'active';
  return schedule({ ...target, status, metAt: null, stoppedAt: null, runningSince: paused ? null : at, pausedAt: paused ? at : null }, calendar);
}

/**
 * New budget, calendar or warning point (priority or policy change), keeping the time already used.
 * A breached target stays breached; a warned one does not warn again.
 */
export function retarget(
  target: TargetClock,
  change: { targetMs: number; businessTime: boolean; warnElapsedMs: number | null },
  at: Date,
  oldCalendar: BusinessCalendar,
  newCalendar: BusinessCalendar,
): TargetClock {
  if (!isOpen(target)) return target;
  const elapsedMs = elapsedAt(target, at, oldCalendar);
  const running = isRunning(target);
  return schedule({ ...target, ...change, elapsedMs, runningSince: running ? at : null }, newCalendar);
}

/** The warning happened, when it is due and has not happened; undefined when the timer is stale. */
export function markWarned(target: TargetClock, now: Date): TargetClock | undefined {
  if (!isRunning(target) || target.warnedAt || target.breachedAt || !target.warnAt || target.warnAt > now) return undefined;
  return { ...target, warnedAt: target.warnAt };
}

/** The breach happened (at the due instant), when due and not yet breached; undefined when the timer is stale. */
export function markBreached(target: TargetClock, now: Date): TargetClock | undefined {
  if (target.status !== 'active' || target.breachedAt || !target.dueAt || target.dueAt > now) return undefined;
  return { ...target, status: 'breached', breachedAt: target.dueAt };
}

/** The durable timers a target needs now: null where no timer should exist. */
export function pendingTimers(target: TargetClock): { warnAt: Date | null; breachAt: Date | null } {
  if (target.status !== 'active') return { warnAt: null, breachAt: null };
  return { warnAt: target.warnedAt ? null : target.warnAt, breachAt: target.dueAt };
}

/** The ticket-level summary state is the tickets' `slaState` column: one vocabulary (src/contracts/sla.ts). */
export type SummaryState = SlaState;

/**
 * The ticket-level state the ticket list filters on ("SLA at risk" = warning or breached) and its next due
 * instant (overdue targets included, so they sort first).
 */
export function summarize(targets: readonly TargetClock[]): { state: SummaryState; nextDueAt: Date | null } {
  const open = targets.filter(isOpen);
  let nextDueAt: Date | null = null;
  for (const target of open) {
    if (isRunning(target) && target.dueAt && (!nextDueAt || target.dueAt < nextDueAt)) nextDueAt = target.dueAt;
  }
  if (open.length > 0) {
    if (open.some((t) => t.breachedAt)) return { state: 'breached', nextDueAt };
    if (open.some((t) => t.warnedAt)) return { state: 'warning', nextDueAt };
    if (open.some(isRunning)) return { state: 'active', nextDueAt };
    return { state: 'paused', nextDueAt };
  }
  if (targets.some((t) => t.breachedAt)) return { state: 'breached', nextDueAt: null };
  if (targets.some((t) => t.status === 'met')) return { state: 'met', nextDueAt: null };
  return { state: 'none', nextDueAt: null };
}

/**
 * Time a clock started at `from` would have used by `to`, minus the ticket's pauses: how a target added later
 * (a policy change brought a new metric) counts as if it had run since the ticket's creation.
 */
export function elapsedWithPauses(
  calendar: BusinessCalendar,
  businessTime: boolean,
  from: Date,
  to: Date,
  pauses: readonly (readonly [number, number])[],
  pausedSince: Date | null,
): number {
  if (to <= from) return 0;
  const cal = effectiveCalendar(businessTime, calendar);
  let total = businessMsBetween(cal, from, to);
  const intervals = pausedSince ? [...pauses, [pausedSince.getTime(), to.getTime()] as const] : pauses;
  for (const [a, b] of intervals) {
    const start = Math.max(a, from.getTime());
    const end = Math.min(b, to.getTime());
    if (start < end) total -= businessMsBetween(cal, new Date(start), new Date(end));
  }
  return Math.max(0, total);
}
