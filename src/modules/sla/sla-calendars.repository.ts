/** Business calendars and the calendar each team works in. */
import { prepared, type Sql } from '../../platform/db.ts';

// ---------------------------------------------------------------------------------------------------------------
// Calendars

export interface CalendarRecord {
  id: string;
  name: string;
  definition: unknown;
  version: number;
  teamIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

interface CalendarRow {
  id: string;
  name: string;
  definition: unknown;
  version: number;
  team_ids: string[] | null;
  created_at: Date;
  updated_at: Date;
}

const toCalendar = (row: CalendarRow): CalendarRecord => ({
  id: row.id,
  name: row.name,
  definition: row.definition,
  version: row.version,
  teamIds: row.team_ids ?? [],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const CALENDAR_COLUMNS = `c.id, c.name, c.definition, c.version, c.created_at, c.updated_at,
  (SELECT array_agg(tc.team_id ORDER BY tc.team_id) FROM team_calendars tc WHERE tc.workspace_id = c.workspace_id AND tc.calendar_id = c.id) AS team_ids`;

export async function selectCalendars(sql: Sql, workspaceId: string): Promise<CalendarRecord[]> {
  const rows = await sql.query<CalendarRow>(`SELECT ${CALENDAR_COLUMNS} FROM business_calendars c WHERE c.workspace_id = $1 ORDER BY lower(c.name)`, [workspaceId]);
  return rows.map(toCalendar);
}

export async function selectCalendar(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<CalendarRecord | undefined> {
  const rows = await sql.query<CalendarRow>(
    `SELECT ${CALENDAR_COLUMNS} FROM business_calendars c WHERE c.workspace_id = $1 AND c.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return rows[0] && toCalendar(rows[0]);
}

/** Definitions and versions of several calendars, for the engine. */
export async function selectCalendarDefinitions(sql: Sql, workspaceId: string, ids: string[]): Promise<{ id: string; definition: unknown; version: number }[]> {
  if (ids.length === 0) return [];
  return sql.query(`SELECT id, definition, version FROM business_calendars WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
}

/** Inserts unless the name is taken; undefined when taken. */
export async function insertCalendar(sql: Sql, workspaceId: string, input: { id: string; name: string; definition: unknown; now: Date }): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO business_calendars (workspace_id, id, name, definition, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (workspace_id, lower(name)) DO NOTHING RETURNING id`,
    [workspaceId, input.id, input.name, input.definition, input.now],
  );
  return rows.length > 0;
}

export async function updateCalendar(sql: Sql, workspaceId: string, id: string, input: { name: string; definition: unknown; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE business_calendars SET name = $3, definition = $4, version = version + 1, updated_at = $5 WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, input.name, input.definition, input.now],
  );
}

export async function isCalendarNameTaken(sql: Sql, workspaceId: string, name: string, exceptId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM business_calendars WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3`, [workspaceId, name, exceptId]);
  return rows.length > 0;
}

export async function countCalendarUsage(sql: Sql, workspaceId: string, id: string): Promise<{ policies: number; teams: number }> {
  const rows = await sql.query<{ policies: number; teams: number }>(
    `SELECT (SELECT count(*)::int FROM sla_policies WHERE workspace_id = $1 AND calendar_id = $2) AS policies,
            (SELECT count(*)::int FROM team_calendars WHERE workspace_id = $1 AND calendar_id = $2) AS teams`,
    [workspaceId, id],
  );
  return rows[0] ?? { policies: 0, teams: 0 };
}

export async function deleteCalendar(sql: Sql, workspaceId: string, id: string): Promise<void> {
  await sql.query(`DELETE FROM business_calendars WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

export async function setTeamCalendar(sql: Sql, workspaceId: string, teamId: string, calendarId: string | null): Promise<void> {
  if (calendarId === null) {
    await sql.query(`DELETE FROM team_calendars WHERE workspace_id = $1 AND team_id = $2`, [workspaceId, teamId]);
    return;
  }
  await sql.query(
    `INSERT INTO team_calendars (workspace_id, team_id, calendar_id) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, team_id) DO UPDATE SET calendar_id = EXCLUDED.calendar_id`,
    [workspaceId, teamId, calendarId],
  );
}

export async function selectTeamCalendarId(sql: Sql, workspaceId: string, teamId: string): Promise<string | null> {
  const rows = await sql.query<{ calendar_id: string }>(prepared(`SELECT calendar_id FROM team_calendars WHERE workspace_id = $1 AND team_id = $2`), [workspaceId, teamId]);
  return rows[0]?.calendar_id ?? null;
}
