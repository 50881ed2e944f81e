/**
 * The SLA engine: reacts to ticket events (start, pause, resume, meet, recompute targets), fires warnings and
 * breaches from durable timers, and recomputes open tickets after a configuration change in batches.
 * Everything runs inside the caller's transaction (the dispatcher's or the timer runner's), so a target's new
 * state, its timers, its events and the ticket's SLA summary commit together. The rules are in sla-reconcile.ts
 * and sla-work.ts (pure), the reads and writes in sla.engine-store.ts, escalation in sla.escalation.ts.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { scheduleTimer, type DueTimer } from '../../platform/timers.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import { summarize } from './sla-clock.ts';
import type { Metric } from './sla-policy.ts';
import { applyPolicy, applyProgressUpdate, applyTargetTimer, applyTicketEvent, matchTicketPolicy } from './sla-reconcile.ts';
import { calendarIn, TIMER_KINDS, type SlaTicketEvent } from './sla-work.ts';
import { createSlaStore, type LoadedWork, type SlaConfig, type SlaCustomersPort, type SlaTicketsPort } from './sla.engine-store.ts';
import { createSlaEscalation, type SlaPeoplePort } from './sla.escalation.ts';
import type { TicketSlaRecord } from './sla-clocks.repository.ts';

const RECOMPUTE_BATCH = 200;

const recomputeKey = (workspaceId: string): string => `sla-recompute:${workspaceId}`;

export interface SlaEngineDeps {
  clock: Clock;
  logger?: Logger;
  tickets?: SlaTicketsPort;
  customers?: SlaCustomersPort;
  people?: SlaPeoplePort;
}

/** Thrown when a timer handler finds the ticket busy; the timer runner retries it shortly. */
export class TicketBusyError extends Error {
  constructor(ticketId: string) {
    super(`SLA state of ticket ${ticketId} is locked by another transaction; retrying`);
  }
}

const isLockNotAvailable = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: string }).code === '55P03';

export function createSlaEngine(deps: SlaEngineDeps) {
  const { clock } = deps;
  const store = createSlaStore({ clock, tickets: deps.tickets, customers: deps.customers });
  const escalation = createSlaEscalation({ clock, tickets: deps.tickets, people: deps.people, configOf: store.configOf });

  /** Re-matches the policy and calendar and reconciles the targets; records a policy change on the timeline. */
  async function rematch(tx: Sql, work: LoadedWork, at: Date, config: SlaConfig): Promise<void> {
    const policy = matchTicketPolicy(config.policies, work.state);
    const calendarId = await store.resolveCalendar(tx, work, policy);
    applyPolicy(work, policy, calendarId, config.configEpoch, at);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Ticket events

  async function handleTicketEvent(event: SlaTicketEvent, tx: Sql): Promise<void> {
    const { workspaceId } = event;
    await store.ensureDefaults(tx, workspaceId);
    const config = await store.configOf(tx, workspaceId);
    const { state, inserted } = await store.openTicketSla(tx, workspaceId, event.payload, event.type === 'ticket.created');
    const work = await store.loadWork(tx, workspaceId, state, inserted);
    if (inserted) await rematch(tx, work, state.ticketCreatedAt, config);
    const applied = config.policies.find((p) => p.id === state.policyId);
    const { customerChanged } = applyTicketEvent(work, event, applied);
    if (customerChanged) await store.refreshCustomer(tx, workspaceId, state);
    await rematch(tx, work, event.occurredAt, config);
    await store.save(tx, work, true);
  }

  /** A progress update reached the customer (the channels module's `outbound.sent`): the periodic target is met and runs again. */
  async function handleProgressUpdate(event: { workspaceId: string; payload: { ticketId: string | null; isProgressUpdate: boolean; at: string } }, tx: Sql): Promise<void> {
    const { workspaceId, payload } = event;
    if (!payload.isProgressUpdate || !payload.ticketId) return;
    const state = await store.loadState(tx, workspaceId, payload.ticketId, 'wait');
    if (!state || !state.isOpen) return;
    const work = await store.loadWork(tx, workspaceId, state);
    const at = new Date(payload.at);
    applyProgressUpdate(work, at);
    if (work.changed.size === 0) return;
    await rematch(tx, work, at, await store.configOf(tx, workspaceId));
    await store.save(tx, work, true);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Timers

  async function fireTargetTimer(timer: DueTimer, tx: Sql): Promise<void> {
    const ticketId = String(timer.payload.ticketId ?? '');
    const metric = timer.payload.metric as Metric;
    const cycle = Number(timer.payload.cycle);
    const { workspaceId } = timer;
    let state: TicketSlaRecord | undefined;
    try {
      state = await store.loadState(tx, workspaceId, ticketId, 'nowait');
    } catch (error) {
      if (isLockNotAvailable(error)) throw new TicketBusyError(ticketId);
      throw error;
    }
    if (!state) return;
    const work = await store.loadWork(tx, workspaceId, state);
    applyTargetTimer(work, metric, cycle, timer.kind, clock.now());
    if (work.changed.size > 0) await store.save(tx, work, false);
  }

  /** Schedules the batched recompute of open tickets after a configuration change (runs soon, on any node). */
  async function scheduleRecompute(tx: Sql, workspaceId: string): Promise<void> {
    await scheduleTimer(tx, clock, { workspaceId, key: recomputeKey(workspaceId), kind: TIMER_KINDS.recompute, dueAt: clock.now() });
  }

  /** One batch of the recompute job; reschedules itself while stale tickets remain. */
  async function recomputeBatch(timer: DueTimer, tx: Sql): Promise<void> {
    const { workspaceId } = timer;
    const { configEpoch } = await store.configOf(tx, workspaceId);
    const ids = await store.staleTicketIds(tx, workspaceId, configEpoch, RECOMPUTE_BATCH);
    for (const ticketId of ids) await recomputeTicket(tx, workspaceId, ticketId);
    if (ids.length === RECOMPUTE_BATCH) {
      // The runner marks this timer fired after the handler; a sibling key carries on with the next batch.
      const next = timer.key === recomputeKey(workspaceId) ? `${recomputeKey(workspaceId)}:next` : recomputeKey(workspaceId);
      await scheduleTimer(tx, clock, { workspaceId, key: next, kind: TIMER_KINDS.recompute, dueAt: clock.now() });
    }
  }

  async function recomputeTicket(tx: Sql, workspaceId: string, ticketId: string): Promise<void> {
    const state = await store.loadState(tx, workspaceId, ticketId, 'wait');
    if (!state) return;
    const work = await store.loadWork(tx, workspaceId, state);
    await rematch(tx, work, clock.now(), await store.configOf(tx, workspaceId));
    await store.save(tx, work, true);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading

  /** The targets of a ticket as the API shows them, with remaining time at `now`. */
  async function readTicketTargets(sql: Sql, workspaceId: string, ticketId: string) {
    const state = await store.loadState(sql, workspaceId, ticketId);
    if (!state) return undefined;
    const targets = await store.selectTargets(sql, workspaceId, ticketId);
    const calendars = new Map<string, BusinessCalendar>();
    await store.loadCalendars(sql, workspaceId, targets.map((t) => t.calendarId), calendars);
    return { state, targets, calendars, summary: summarize(targets) };
  }

  return {
    ensureDefaults: store.ensureDefaults,
    handleTicketEvent,
    handleProgressUpdate,
    fireTargetTimer,
    recomputeBatch,
    scheduleRecompute,
    handleEscalationEvent: escalation.handleEscalationEvent,
    readTicketTargets,
    calendarOf: calendarIn,
  };
}

export type SlaEngine = ReturnType<typeof createSlaEngine>;
