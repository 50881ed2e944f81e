/**
 * Loading and saving for the SLA engine: a ticket's SLA state, targets and calendars in, the reconciled plan out
 * (state row, targets, timers, events, the ticket's timeline and summary), all inside the caller's transaction.
 * Also the per-engine caches: compiled calendars, seeded workspaces and the configuration read once per transaction.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { cancelTimersByKey, scheduleTimers } from '../../platform/timers.ts';
import { DEFAULT_CALENDAR_24X7, validateCalendar, type BusinessCalendar } from './business-calendar.ts';
import type { SummaryState } from './sla-clock.ts';
import { defaultPolicies } from './sla-policy.ts';
import { blankTicketSla, CAL_24X7, createWork, planSave, type SlaTimelineEntry, type SlaWork } from './sla-work.ts';
import type { TicketEventBase } from '../tickets/index.ts';
import * as calendarsRepo from './sla-calendars.repository.ts';
import * as clocksRepo from './sla-clocks.repository.ts';
import * as policiesRepo from './sla-policies.repository.ts';
import { slaOutbox } from './sla.events.ts';

/** The few ticket-module calls the engine makes, each inside the engine's transaction. */
export interface SlaTicketsPort {
  setSlaSummary(tx: Sql, workspaceId: string, ticketId: string, summary: { nextDueAt: Date | null; state: SummaryState }): Promise<void>;
  addTimelineEntry(tx: Sql, workspaceId: string, ticketId: string, entry: SlaTimelineEntry): Promise<void>;
  /** Routes the ticket (escalation "green channel"); the system is the actor. */
  assignTicket(tx: Sql, workspaceId: string, ticketId: string, to: { userId: string | null; teamId: string | null }): Promise<void>;
}

export interface SlaCustomersPort {
  /** Tags and organisation of a customer, read inside the engine's transaction. */
  getCustomerFacts(tx: Sql, workspaceId: string, customerId: string): Promise<{ tags: string[]; organization: string | null } | undefined>;
}

/** A workspace's policies and the configuration epoch they belong to. */
export interface SlaConfig {
  configEpoch: number;
  policies: policiesRepo.PolicyRecord[];
}

/** A piece of work as loaded, with what this load has read so far. */
export interface LoadedWork extends SlaWork {
  /** Read once per piece of work: team calendars. */
  teamCalendars: Map<string, string | null>;
}

export interface SlaStoreDeps {
  clock: Clock;
  tickets?: SlaTicketsPort;
  customers?: SlaCustomersPort;
}

export function createSlaStore(deps: SlaStoreDeps) {
  const { clock } = deps;
  // Parsed calendars by workspace/id/version: business-calendar.ts caches compiled forms by object identity.
  const calendarCache = new Map<string, BusinessCalendar>();
  const seeded = new Set<string>();
  const configReads = new WeakMap<Sql, Map<string, SlaConfig>>();

  async function loadCalendars(tx: Sql, workspaceId: string, ids: Iterable<string | null>, into: Map<string, BusinessCalendar>): Promise<void> {
    into.set(CAL_24X7, DEFAULT_CALENDAR_24X7);
    const wanted = [...new Set([...ids].filter((id): id is string => id !== null && !into.has(id)))];
    for (const row of await calendarsRepo.selectCalendarDefinitions(tx, workspaceId, wanted)) {
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

  /** Seeds the P1/P2/P3 tiers the first time a workspace uses SLAs (never again, so deleting them sticks). */
  async function ensureDefaults(tx: Sql, workspaceId: string): Promise<void> {
    if (seeded.has(workspaceId)) return;
    const created = await policiesRepo.insertSettings(tx, workspaceId, clock.now());
    // A row that already existed was committed by someone, so it can be remembered; a new one only after commit.
    if (!created) {
      seeded.add(workspaceId);
      return;
    }
    const existing = await policiesRepo.selectPolicies(tx, workspaceId);
    if (existing.length > 0) return;
    let position = 0;
    for (const policy of defaultPolicies()) {
      await policiesRepo.insertPolicy(
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
    const configEpoch = await policiesRepo.selectConfigEpoch(tx, workspaceId);
    const config = { configEpoch, policies: await policiesRepo.selectPolicies(tx, workspaceId) };
    // Only a transaction remembers (the database handle itself lives on), and not the defaults it is seeding
    // itself: a rolled-back savepoint would take them away.
    if (tx.deferred && seeded.has(workspaceId)) {
      const byWorkspace = configReads.get(tx) ?? new Map<string, SlaConfig>();
      byWorkspace.set(workspaceId, config);
      configReads.set(tx, byWorkspace);
    }
    return config;
  }

  async function refreshCustomer(tx: Sql, workspaceId: string, state: clocksRepo.TicketSlaRecord): Promise<void> {
    if (!deps.customers || !state.customerId) {
      state.customerTags = [];
      state.customerOrganization = null;
      return;
    }
    const facts = await deps.customers.getCustomerFacts(tx, workspaceId, state.customerId);
    state.customerTags = facts?.tags ?? [];
    state.customerOrganization = facts?.organization ?? null;
  }

  const loadState = (tx: Sql, workspaceId: string, ticketId: string, lock?: 'wait' | 'nowait') => clocksRepo.selectTicketSla(tx, workspaceId, ticketId, lock);

  /**
   * The ticket's SLA state, locked, started from the event's facts when there is none. `isCreate`: the event is
   * the ticket's creation, whose row rarely exists yet (only when another event of it came first), so the insert
   * is tried without reading first. `inserted`: this transaction started the row, which has no targets yet.
   */
  async function openTicketSla(tx: Sql, workspaceId: string, ticket: TicketEventBase, isCreate: boolean): Promise<{ state: clocksRepo.TicketSlaRecord; inserted: boolean }> {
    const existing = isCreate ? undefined : await loadState(tx, workspaceId, ticket.ticketId, 'wait');
    if (existing) return { state: existing, inserted: false };
    // Any event of an unknown ticket starts its clocks at the ticket's creation.
    const blank = blankTicketSla(ticket);
    await refreshCustomer(tx, workspaceId, blank);
    // Inserted here, the row is this transaction's (and locked); otherwise another one started it: read it locked.
    const inserted = await clocksRepo.insertTicketSla(tx, workspaceId, blank, clock.now());
    return { state: inserted ? blank : (await loadState(tx, workspaceId, ticket.ticketId, 'wait'))!, inserted };
  }

  /** `isNew`: the state row was inserted by this transaction, so it has no targets yet. */
  async function loadWork(tx: Sql, workspaceId: string, state: clocksRepo.TicketSlaRecord, isNew = false): Promise<LoadedWork> {
    const targets = isNew ? [] : await clocksRepo.selectTargets(tx, workspaceId, state.ticketId);
    const calendars = new Map<string, BusinessCalendar>();
    await loadCalendars(tx, workspaceId, [state.calendarId, ...targets.map((t) => t.calendarId)], calendars);
    return { ...createWork(workspaceId, state, targets, calendars), teamCalendars: new Map() };
  }

  async function teamCalendarOf(tx: Sql, work: LoadedWork, teamId: string): Promise<string | null> {
    if (!work.teamCalendars.has(teamId)) work.teamCalendars.set(teamId, await calendarsRepo.selectTeamCalendarId(tx, work.workspaceId, teamId));
    return work.teamCalendars.get(teamId)!;
  }

  /** The calendar a policy counts in (its own, else the ticket's team's, else 24×7), loaded into the work. */
  async function resolveCalendar(tx: Sql, work: LoadedWork, policy: policiesRepo.PolicyRecord | undefined): Promise<string | null> {
    const { state } = work;
    const calendarId = policy?.calendarId ?? (state.teamId ? await teamCalendarOf(tx, work, state.teamId) : null);
    await loadCalendars(tx, work.workspaceId, [calendarId], work.calendars);
    return calendarId;
  }

  async function save(tx: Sql, work: SlaWork, stateChanged: boolean): Promise<void> {
    const { workspaceId, state } = work;
    const now = clock.now();
    const plan = planSave(work);
    if (stateChanged) await clocksRepo.updateTicketSla(tx, workspaceId, state, now);
    await clocksRepo.upsertTargets(tx, workspaceId, state.ticketId, plan.targets, now);
    await scheduleTimers(tx, clock, plan.schedule);
    await cancelTimersByKey(tx, workspaceId, plan.cancel);
    for (const event of plan.events) {
      await slaOutbox.emit(tx, clock, { ...event, workspaceId, aggregateType: 'ticket', aggregateId: state.ticketId });
    }
    if (deps.tickets) {
      for (const entry of plan.timeline) await deps.tickets.addTimelineEntry(tx, workspaceId, state.ticketId, entry);
      if (plan.summary) await deps.tickets.setSlaSummary(tx, workspaceId, state.ticketId, plan.summary);
    }
  }

  return {
    loadCalendars,
    ensureDefaults,
    configOf,
    refreshCustomer,
    loadState,
    openTicketSla,
    loadWork,
    resolveCalendar,
    save,
    staleTicketIds: clocksRepo.selectStaleTicketIds,
    selectTargets: clocksRepo.selectTargets,
  };
}

export type SlaStore = ReturnType<typeof createSlaStore>;
