/** Business calendars: list, read, create, update, delete, their open hours, and the calendar of a team. */
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError, notFound, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import { businessIntervals, businessMsBetween, DEFAULT_CALENDAR_24X7, validateCalendar, type BusinessCalendar, type Weekday } from './business-calendar.ts';
import { fieldProblemsFromZodError, text } from '../../platform/validation/index.ts';
import * as calendarsRepo from './sla-calendars.repository.ts';
import { checkCalendarRef, checkVersion, validationError, type SlaContext } from './sla.context.ts';

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

const CalendarNameSchema = z.strictObject({ name: text(100, 1) });

function toCalendarView(record: calendarsRepo.CalendarRecord): CalendarView {
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
    else problems.push(...fieldProblemsFromZodError(checked.error));
  }
  const merged = current ? { ...(current.definition as Record<string, unknown>), ...definition } : definition;
  const checked = validateCalendar(merged);
  if (!checked.ok) problems.push(...checked.problems);
  if (problems.length > 0 || !checked.ok) throw validationError(problems);
  return { name: parsedName, calendar: checked.calendar };
}

export function createCalendarOps(ctx: SlaContext) {
  const { db, clock, audit, identity, markConfigChanged } = ctx;

  async function requireCalendar(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<calendarsRepo.CalendarRecord> {
    const calendar = await calendarsRepo.selectCalendar(sql, workspaceId, id, forUpdate);
    if (!calendar) throw notFound('business calendar');
    return calendar;
  }

  return {
    async listCalendars(actor: Actor): Promise<CalendarView[]> {
      assertCan(actor, 'tickets.read');
      return (await calendarsRepo.selectCalendars(db, actor.workspaceId)).map(toCalendarView);
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
        if (!(await calendarsRepo.insertCalendar(tx, actor.workspaceId, { id, name, definition: calendar, now: clock.now() }))) {
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
        if (await calendarsRepo.isCalendarNameTaken(tx, actor.workspaceId, name, id)) {
          throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        }
        await calendarsRepo.updateCalendar(tx, actor.workspaceId, id, { name, definition: calendar, now: clock.now() });
        const usage = await calendarsRepo.countCalendarUsage(tx, actor.workspaceId, id);
        if (usage.policies + usage.teams > 0) await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.calendar_updated', entityType: 'business_calendar', entityId: id, details: { name } });
        return toCalendarView(await requireCalendar(tx, actor.workspaceId, id));
      });
    },

    async deleteCalendar(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        const current = await requireCalendar(tx, actor.workspaceId, id, true);
        const usage = await calendarsRepo.countCalendarUsage(tx, actor.workspaceId, id);
        if (usage.policies + usage.teams > 0) throw new AppError('conflict', 'sla.calendar_in_use', { params: usage, extra: usage });
        await calendarsRepo.deleteCalendar(tx, actor.workspaceId, id);
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

    /**
     * Calendars by id, validated (a stored one that no longer validates reads as 24×7, as the engine treats it), for
     * other modules' working time: routing's schedules, sub-task due times. `sql`: the caller's transaction inside one.
     */
    async readCalendars(workspaceId: string, ids: readonly string[], sql: Sql = db): Promise<Map<string, BusinessCalendar>> {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return new Map();
      const rows = await calendarsRepo.selectCalendarDefinitions(sql, workspaceId, wanted);
      return new Map(
        rows.map((row) => {
          const checked = validateCalendar(row.definition);
          return [row.id, checked.ok ? checked.calendar : DEFAULT_CALENDAR_24X7];
        }),
      );
    },

    /** The calendar a team or department works on; null when it follows the workspace default. */
    async readTeamCalendarId(workspaceId: string, teamId: string, sql: Sql = db): Promise<string | null> {
      return calendarsRepo.selectTeamCalendarId(sql, workspaceId, teamId);
    },

    async setTeamCalendar(actor: Actor, teamId: string, calendarId: string | null): Promise<{ teamId: string; calendarId: string | null }> {
      assertCan(actor, 'settings.manage');
      const teams = await identity.getTeamsByIds(actor.workspaceId, [teamId]);
      if (teams.length === 0) throw notFound('team');
      return db.transaction(async (tx) => {
        await checkCalendarRef(tx, actor.workspaceId, calendarId);
        await calendarsRepo.setTeamCalendar(tx, actor.workspaceId, teamId, calendarId);
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.team_calendar_set', entityType: 'team', entityId: teamId, details: { calendarId } });
        return { teamId, calendarId };
      });
    },
  };
}
