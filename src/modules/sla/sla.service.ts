import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { text } from '../../platform/validation/index.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, notFound, type FieldProblem } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { emitEvent } from '../../platform/outbox.ts';
import type { AuditService } from '../audit/index.ts';
import { assertCan, type IdentityService } from '../identity/index.ts';
import { businessIntervals, businessMsBetween, validateCalendar, type BusinessCalendar, type Weekday } from './business-calendar.ts';
import { elapsedAt, isRunning, remainingMs, type SummaryState, type TargetStatus } from './sla-clock.ts';
import {
  MAX_POLICIES,
  PolicyCreateSchema,
  PolicyPatchSchema,
  ReorderSchema,
  toFieldProblems,
  type EscalationStep,
  type Metric,
  type PolicyConditions,
} from './sla-policy.ts';
import type { SlaEngine } from './sla.engine.ts';
import { SLA_EVENTS } from './sla.events.ts';
import * as repo from './sla.repository.ts';

export const MAX_HOURS_RANGE_DAYS = 92;

export interface CalendarView {
  id: string;
  name: string;
  timezone: string;
  alwaysOpen: boolean;
  weekly: Record<Weekday, { start: string; end: string }[]>;
  holidays: { date: string; name?: string }[];
  extraWorkingDays: { date: string; name?: string; ranges?: { start: string; end: string }[] }[];
  teamIds: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Policies are shown exactly as stored. */
export type PolicyView = repo.PolicyRecord;

export interface TargetView {
  metric: Metric;
  cycle: number;
  status: TargetStatus;
  targetMinutes: number;
  businessTime: boolean;
  calendarId: string | null;
  startedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  pausedAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
  /** Time used so far (business ms for business-time targets). */
  elapsedMs: number;
  /** Budget left; negative when overdue; business ms for business-time targets. */
  remainingMs: number;
}

export interface TicketSlaView {
  ticketId: string;
  policy: { id: string; name: string } | null;
  state: SummaryState;
  nextDueAt: Date | null;
  /** The latest cycle of each metric. */
  targets: TargetView[];
  /** Earlier cycles (met next responses, progress updates, restarted resolutions), newest first. */
  history: TargetView[];
}

export interface TaskView {
  id: string;
  ticketId: string;
  ticketNumber: string;
  kind: string;
  title: string;
  metric: string | null;
  note: string;
  assigneeId: string | null;
  teamId: string | null;
  status: 'open' | 'done';
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}

export interface SlaServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  engine: SlaEngine;
  /** Throws not_found/forbidden when the actor may not see the ticket (the tickets module's rule). */
  assertCanViewTicket?: (actor: Actor, ticketId: string) => Promise<void>;
}

const CalendarNameSchema = z.strictObject({ name: text(100, 1) });

function validationError(fields: FieldProblem[]): AppError {
  return new AppError('validation', 'errors.validation', { fields });
}

function toCalendarView(record: repo.CalendarRecord): CalendarView {
  const checked = validateCalendar(record.definition);
  const calendar = checked.ok ? checked.calendar : (record.definition as BusinessCalendar);
  return {
    id: record.id,
    name: record.name,
    timezone: calendar.timezone,
    alwaysOpen: calendar.alwaysOpen,
    weekly: calendar.weekly,
    holidays: calendar.holidays,
    extraWorkingDays: calendar.extraWorkingDays,
    teamIds: record.teamIds,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}


/** Splits a calendar body into its name and its definition, validating both with field paths. */
function parseCalendarBody(body: unknown, current?: { name: string; definition: unknown }): { name: string; calendar: BusinessCalendar } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError([{ field: '', messageKey: 'validation.invalid_type', params: { expected: 'object' } }]);
  const { name, ...definition } = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  let parsedName = current?.name ?? '';
  if (name !== undefined || !current) {
    const checked = CalendarNameSchema.safeParse({ name });
    if (checked.success) parsedName = checked.data.name;
    else problems.push(...toFieldProblems(checked.error));
  }
  const merged = current ? { ...(current.definition as Record<string, unknown>), ...definition } : definition;
  const checked = validateCalendar(merged);
  if (!checked.ok) problems.push(...checked.problems);
  if (problems.length > 0 || !checked.ok) throw validationError(problems);
  return { name: parsedName, calendar: checked.calendar };
}

export function createSlaService(deps: SlaServiceDeps) {
  const { db, clock, audit, identity, engine } = deps;

  const checkVersion = (current: number, expected: number | undefined): void => {
    if (expected !== undefined && expected !== current) throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current } });
  };

  async function requireCalendar(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<repo.CalendarRecord> {
    const calendar = await repo.selectCalendar(sql, workspaceId, id, forUpdate);
    if (!calendar) throw notFound('business calendar');
    return calendar;
  }

  async function requirePolicy(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<repo.PolicyRecord> {
    const policy = await repo.selectPolicy(sql, workspaceId, id, forUpdate);
    if (!policy) throw notFound('SLA policy');
    return policy;
  }

  /** Makes open tickets pick up the change, in batches, on whichever node sweeps timers next. */
  async function markConfigChanged(tx: Sql, workspaceId: string): Promise<void> {
    await engine.ensureDefaults(tx, workspaceId);
    await repo.bumpConfigEpoch(tx, workspaceId);
    await engine.scheduleRecompute(tx, workspaceId);
  }

  /** Ids that must exist in identity (users active, teams present); read before the write transaction. */
  async function checkReferences(workspaceId: string, policy: { conditions?: PolicyConditions; escalation?: EscalationStep[] }): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const userIds = (policy.escalation ?? []).flatMap((step) => (step.userId ? [step.userId] : []));
    const teamIds = [...(policy.conditions?.teamIds ?? []), ...(policy.escalation ?? []).flatMap((step) => (step.teamId ? [step.teamId] : []))];
    const users = new Set((await identity.getUsersByIds(workspaceId, [...new Set(userIds)])).filter((u) => u.isActive).map((u) => u.id));
    const teams = new Set((await identity.getTeamsByIds(workspaceId, [...new Set(teamIds)])).map((t) => t.id));
    policy.conditions?.teamIds?.forEach((id, index) => {
      if (!teams.has(id)) problems.push({ field: `conditions.teamIds[${index}]`, messageKey: 'sla.unknown_team' });
    });
    policy.escalation?.forEach((step, index) => {
      if (step.userId && !users.has(step.userId)) problems.push({ field: `escalation[${index}].userId`, messageKey: 'sla.unknown_user' });
      if (step.teamId && !teams.has(step.teamId)) problems.push({ field: `escalation[${index}].teamId`, messageKey: 'sla.unknown_team' });
    });
    return problems;
  }

  async function checkCalendarRef(tx: Sql, workspaceId: string, calendarId: string | null | undefined): Promise<void> {
    if (calendarId && !(await repo.selectCalendar(tx, workspaceId, calendarId))) {
      throw validationError([{ field: 'calendarId', messageKey: 'sla.unknown_calendar' }]);
    }
  }

  function toTargetView(target: repo.TargetRecord, calendar: BusinessCalendar, now: Date): TargetView {
    return {
      metric: target.metric,
      cycle: target.cycle,
      status: target.status,
      targetMinutes: target.targetMs / 60_000,
      businessTime: target.businessTime,
      calendarId: target.calendarId,
      startedAt: target.startedAt,
      dueAt: target.dueAt,
      warnAt: target.warnAt,
      pausedAt: target.pausedAt,
      warnedAt: target.warnedAt,
      breachedAt: target.breachedAt,
      metAt: target.metAt,
      elapsedMs: Math.round(elapsedAt(target, now, calendar)),
      remainingMs: Math.round(isRunning(target) || target.status === 'paused' ? remainingMs(target, now, calendar) : target.targetMs - target.elapsedMs),
    };
  }

  async function readTicketSla(sql: Sql, workspaceId: string, ticketId: string): Promise<TicketSlaView> {
    const read = await engine.readTicketTargets(sql, workspaceId, ticketId);
    if (!read) return { ticketId, policy: null, state: 'none', nextDueAt: null, targets: [], history: [] };
    const now = clock.now();
    const policy = read.state.policyId ? await repo.selectPolicy(sql, workspaceId, read.state.policyId) : undefined;
    const latest = new Map<string, repo.TargetRecord>();
    for (const target of read.targets) {
      const seen = latest.get(target.metric);
      if (!seen || target.cycle > seen.cycle) latest.set(target.metric, target);
    }
    const view = (t: repo.TargetRecord) => toTargetView(t, engine.calendarOf(read.calendars, t.calendarId), now);
    const order = (a: TargetView, b: TargetView) => a.startedAt.getTime() - b.startedAt.getTime() || a.metric.localeCompare(b.metric);
    return {
      ticketId,
      policy: policy ? { id: policy.id, name: policy.name } : null,
      state: read.summary.state,
      nextDueAt: read.summary.nextDueAt,
      targets: [...latest.values()].map(view).sort(order),
      history: read.targets
        .filter((t) => latest.get(t.metric) !== t)
        .map(view)
        .sort((a, b) => order(b, a))
        .slice(0, 50),
    };
  }

  function toTaskView(task: repo.TaskRecord, actor: Actor): TaskView {
    return {
      id: task.id,
      ticketId: task.ticketId,
      ticketNumber: task.ticketNumber,
      kind: task.kind,
      title: translate(actor.locale, `sla.task.${task.kind}`, { number: task.ticketNumber }),
      metric: task.metric,
      note: task.note,
      assigneeId: task.assigneeId,
      teamId: task.teamId,
      status: task.status,
      createdAt: task.createdAt,
      completedAt: task.completedAt,
      completedBy: task.completedBy,
    };
  }

  return {
    // -----------------------------------------------------------------------------------------------------------
    // Calendars

    async listCalendars(actor: Actor): Promise<CalendarView[]> {
      assertCan(actor, 'tickets.read');
      return (await repo.selectCalendars(db, actor.workspaceId)).map(toCalendarView);
    },

    async getCalendar(actor: Actor, id: string): Promise<CalendarView> {
      assertCan(actor, 'tickets.read');
      return toCalendarView(await requireCalendar(db, actor.workspaceId, id));
    },

    async createCalendar(actor: Actor, body: unknown): Promise<CalendarView> {
      assertCan(actor, 'settings.manage');
      const { name, calendar } = parseCalendarBody(body);
      const id = newId();
      return db.transaction(async (tx) => {
        if (!(await repo.insertCalendar(tx, actor.workspaceId, { id, name, definition: calendar, now: clock.now() }))) {
          throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        }
        await audit.record(tx, actor, { action: 'sla.calendar_created', entityType: 'business_calendar', entityId: id, details: { name } });
        return toCalendarView(await requireCalendar(tx, actor.workspaceId, id));
      });
    },

    async updateCalendar(actor: Actor, id: string, body: unknown, expectedVersion?: number): Promise<CalendarView> {
      assertCan(actor, 'settings.manage');
      return db.transaction(async (tx) => {
        const current = await requireCalendar(tx, actor.workspaceId, id, true);
        checkVersion(current.version, expectedVersion);
        const { name, calendar } = parseCalendarBody(body, current);
        if (await repo.isCalendarNameTaken(tx, actor.workspaceId, name, id)) {
          throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        }
        await repo.updateCalendar(tx, actor.workspaceId, id, { name, definition: calendar, now: clock.now() });
        const usage = await repo.countCalendarUsage(tx, actor.workspaceId, id);
        if (usage.policies + usage.teams > 0) await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.calendar_updated', entityType: 'business_calendar', entityId: id, details: { name } });
        return toCalendarView(await requireCalendar(tx, actor.workspaceId, id));
      });
    },

    async deleteCalendar(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        const current = await requireCalendar(tx, actor.workspaceId, id, true);
        const usage = await repo.countCalendarUsage(tx, actor.workspaceId, id);
        if (usage.policies + usage.teams > 0) throw new AppError('conflict', 'sla.calendar_in_use', { params: usage, extra: usage });
        await repo.deleteCalendar(tx, actor.workspaceId, id);
        await audit.record(tx, actor, { action: 'sla.calendar_deleted', entityType: 'business_calendar', entityId: id, details: { name: current.name } });
      });
    },

    /** Open intervals in [from, to) for the admin calendar view. */
    async getCalendarHours(actor: Actor, id: string, range: { from: Date; to: Date }) {
      assertCan(actor, 'tickets.read');
      if (range.to <= range.from) throw validationError([{ field: 'to', messageKey: 'sla.range_reversed' }]);
      if (range.to.getTime() - range.from.getTime() > MAX_HOURS_RANGE_DAYS * 86_400_000) {
        throw validationError([{ field: 'to', messageKey: 'sla.range_too_long', params: { days: MAX_HOURS_RANGE_DAYS } }]);
      }
      const record = await requireCalendar(db, actor.workspaceId, id);
      const checked = validateCalendar(record.definition);
      if (!checked.ok) throw new AppError('invalid_state', 'errors.validation', { fields: checked.problems });
      const intervals = businessIntervals(checked.calendar, range.from, range.to);
      return { timezone: checked.calendar.timezone, intervals, businessMinutes: businessMsBetween(checked.calendar, range.from, range.to) / 60_000 };
    },

    async setTeamCalendar(actor: Actor, teamId: string, calendarId: string | null): Promise<{ teamId: string; calendarId: string | null }> {
      assertCan(actor, 'settings.manage');
      const teams = await identity.getTeamsByIds(actor.workspaceId, [teamId]);
      if (teams.length === 0) throw notFound('team');
      return db.transaction(async (tx) => {
        await checkCalendarRef(tx, actor.workspaceId, calendarId);
        await repo.setTeamCalendar(tx, actor.workspaceId, teamId, calendarId);
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.team_calendar_set', entityType: 'team', entityId: teamId, details: { calendarId } });
        return { teamId, calendarId };
      });
    },

    // -----------------------------------------------------------------------------------------------------------
    // Policies

    async listPolicies(actor: Actor): Promise<PolicyView[]> {
      assertCan(actor, 'tickets.read');
      return db.transaction(async (tx) => {
        await engine.ensureDefaults(tx, actor.workspaceId);
        return (await repo.selectPolicies(tx, actor.workspaceId));
      });
    },

    async getPolicy(actor: Actor, id: string): Promise<PolicyView> {
      assertCan(actor, 'tickets.read');
      return requirePolicy(db, actor.workspaceId, id);
    },

    async createPolicy(actor: Actor, body: unknown): Promise<PolicyView> {
      assertCan(actor, 'settings.manage');
      const parsed = PolicyCreateSchema.safeParse(body);
      if (!parsed.success) throw validationError(toFieldProblems(parsed.error));
      const input = parsed.data;
      const problems = await checkReferences(actor.workspaceId, input);
      if (problems.length > 0) throw validationError(problems);
      const id = newId();
      return db.transaction(async (tx) => {
        await engine.ensureDefaults(tx, actor.workspaceId);
        await repo.lockSettings(tx, actor.workspaceId);
        await checkCalendarRef(tx, actor.workspaceId, input.calendarId);
        const existing = await repo.selectPolicies(tx, actor.workspaceId);
        if (existing.length >= MAX_POLICIES) throw validationError([{ field: '', messageKey: 'validation.too_big', params: { maximum: MAX_POLICIES } }]);
        const position = Math.min(input.position ?? existing.length, existing.length);
        const created = await repo.insertPolicy(
          tx,
          actor.workspaceId,
          {
            id,
            name: input.name,
            description: input.description ?? '',
            position,
            isActive: input.isActive ?? true,
            conditions: input.conditions ?? {},
            targets: input.targets,
            calendarId: input.calendarId ?? null,
            countBotReplies: input.countBotReplies ?? false,
            reopenRestartsResolution: input.reopenRestartsResolution ?? true,
            escalation: input.escalation ?? [],
          },
          clock.now(),
        );
        if (!created) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        const order = existing.map((p) => p.id);
        order.splice(position, 0, id);
        await repo.updatePositions(tx, actor.workspaceId, order, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policy_created', entityType: 'sla_policy', entityId: id, details: { name: input.name } });
        return requirePolicy(tx, actor.workspaceId, id);
      });
    },

    async updatePolicy(actor: Actor, id: string, body: unknown, expectedVersion?: number): Promise<PolicyView> {
      assertCan(actor, 'settings.manage');
      const parsed = PolicyPatchSchema.safeParse(body);
      if (!parsed.success) throw validationError(toFieldProblems(parsed.error));
      const patch = parsed.data;
      const problems = await checkReferences(actor.workspaceId, patch);
      if (problems.length > 0) throw validationError(problems);
      return db.transaction(async (tx) => {
        const current = await requirePolicy(tx, actor.workspaceId, id, true);
        checkVersion(current.version, expectedVersion);
        await checkCalendarRef(tx, actor.workspaceId, patch.calendarId);
        const merged = {
          name: patch.name ?? current.name,
          description: patch.description ?? current.description,
          isActive: patch.isActive ?? current.isActive,
          conditions: patch.conditions ?? current.conditions,
          targets: patch.targets ?? current.targets,
          calendarId: patch.calendarId === undefined ? current.calendarId : patch.calendarId,
          countBotReplies: patch.countBotReplies ?? current.countBotReplies,
          reopenRestartsResolution: patch.reopenRestartsResolution ?? current.reopenRestartsResolution,
          escalation: patch.escalation ?? current.escalation,
        };
        // Cross-field rules (a warning before the due time) hold for the result, not only for the patch.
        const whole = PolicyCreateSchema.safeParse(merged);
        if (!whole.success) throw validationError(toFieldProblems(whole.error));
        if (await repo.isPolicyNameTaken(tx, actor.workspaceId, merged.name, id)) {
          throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        }
        await repo.updatePolicy(tx, actor.workspaceId, { ...merged, id, position: current.position }, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policy_updated', entityType: 'sla_policy', entityId: id, details: { fields: Object.keys(patch) } });
        return requirePolicy(tx, actor.workspaceId, id);
      });
    },

    async deletePolicy(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        await repo.lockSettings(tx, actor.workspaceId);
        const current = await requirePolicy(tx, actor.workspaceId, id, true);
        await repo.deletePolicy(tx, actor.workspaceId, id);
        const rest = (await repo.selectPolicies(tx, actor.workspaceId)).map((p) => p.id);
        await repo.updatePositions(tx, actor.workspaceId, rest, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policy_deleted', entityType: 'sla_policy', entityId: id, details: { name: current.name } });
      });
    },

    /** Sets the evaluation order; `ids` lists every policy once, first match first. */
    async reorderPolicies(actor: Actor, body: unknown): Promise<PolicyView[]> {
      assertCan(actor, 'settings.manage');
      const parsed = ReorderSchema.safeParse(body);
      if (!parsed.success) throw validationError(toFieldProblems(parsed.error));
      const { ids } = parsed.data;
      return db.transaction(async (tx) => {
        await engine.ensureDefaults(tx, actor.workspaceId);
        await repo.lockSettings(tx, actor.workspaceId);
        const existing = await repo.selectPolicies(tx, actor.workspaceId);
        const known = new Set(existing.map((p) => p.id));
        if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
          throw validationError([{ field: 'ids', messageKey: 'sla.reorder_mismatch' }]);
        }
        await repo.updatePositions(tx, actor.workspaceId, ids, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policies_reordered', entityType: 'sla_policy', entityId: null, details: { ids } });
        return (await repo.selectPolicies(tx, actor.workspaceId));
      });
    },

    // -----------------------------------------------------------------------------------------------------------
    // Tickets and tasks

    async getTicketSla(actor: Actor, ticketId: string): Promise<TicketSlaView> {
      assertCan(actor, 'tickets.read');
      if (deps.assertCanViewTicket) await deps.assertCanViewTicket(actor, ticketId);
      return readTicketSla(db, actor.workspaceId, ticketId);
    },

    /** The ticket detail's `extensions.sla` (the tickets module checked the viewer already). */
    readTicketSla: (workspaceId: string, ticketId: string, sql: Sql = db) => readTicketSla(sql, workspaceId, ticketId),

    async listTasks(actor: Actor, filter: { mine?: boolean; status?: 'open' | 'done'; ticketId?: string; limit?: number }): Promise<TaskView[]> {
      assertCan(actor, 'tickets.read');
      const limit = Math.min(filter.limit ?? 50, 200);
      // A specialist sees only its own department's work, so only the tasks addressed to it or its teams.
      const onlyOwn = (filter.mine || actor.role === 'specialist') && actor.userId;
      const mine = onlyOwn ? { assigneeId: actor.userId!, teamIds: actor.teamIds } : {};
      const tasks = await repo.selectTasks(db, actor.workspaceId, { ...mine, status: filter.status, ticketId: filter.ticketId, limit });
      return tasks.map((task) => toTaskView(task, actor));
    },

    async completeTask(actor: Actor, id: string): Promise<TaskView> {
      assertCan(actor, 'tickets.write');
      return db.transaction(async (tx) => {
        const task = await repo.selectTask(tx, actor.workspaceId, id, true);
        if (!task) throw notFound('task');
        if (task.status === 'done') throw new AppError('invalid_state', 'sla.task_done');
        const isSupervisor = actor.role === 'admin' || actor.role === 'supervisor';
        const isMine = task.assigneeId ? task.assigneeId === actor.userId : task.teamId === null || actor.teamIds.includes(task.teamId);
        if (!isSupervisor && !isMine) throw new AppError('forbidden', 'sla.task_not_yours');
        await repo.completeTask(tx, actor.workspaceId, id, actor.userId, clock.now());
        await emitEvent(tx, clock, {
          workspaceId: actor.workspaceId,
          type: SLA_EVENTS.taskCompleted,
          aggregateType: 'ticket',
          aggregateId: task.ticketId,
          actorId: actor.userId,
          payload: { taskId: id, ticketId: task.ticketId, completedBy: actor.userId },
        });
        await audit.record(tx, actor, { action: 'sla.task_completed', entityType: 'sla_task', entityId: id, details: { ticketId: task.ticketId } });
        return toTaskView((await repo.selectTask(tx, actor.workspaceId, id))!, actor);
      });
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
