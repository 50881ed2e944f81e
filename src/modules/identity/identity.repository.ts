import type { Role } from '../../platform/actor.ts';
import { prepared, type Sql } from '../../platform/db.ts';

export interface UserRecord {
  workspaceId: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  locale: string | null;
  theme: string;
  isActive: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  maxLoad: number;
  presence: string;
  createdAt: Date;
  updatedAt: Date;
  teamIds: string[];
  skills: { skill: string; level: number }[];
}

const USER_COLUMNS = `u.workspace_id, u.id, u.email, u.name, u.role, u.password_hash, u.locale, u.theme, u.is_active,
  u.failed_logins, u.locked_until, u.max_load, u.presence, u.created_at, u.updated_at,
  COALESCE((SELECT array_agg(tm.team_id) FROM team_members tm WHERE tm.workspace_id = u.workspace_id AND tm.user_id = u.id), '{}') AS team_ids,
  COALESCE((SELECT json_agg(json_build_object('skill', s.skill, 'level', s.level) ORDER BY s.skill)
              FROM user_skills s WHERE s.workspace_id = u.workspace_id AND s.user_id = u.id), '[]') AS skills`;

function toUser(row: Record<string, unknown>): UserRecord {
  return {
    workspaceId: row.workspace_id as string,
    id: row.id as string,
    email: row.email as string,
    name: row.name as string,
    role: row.role as Role,
    passwordHash: row.password_hash as string | null,
    locale: row.locale as string | null,
    theme: row.theme as string,
    isActive: row.is_active as boolean,
    failedLogins: row.failed_logins as number,
    lockedUntil: row.locked_until as Date | null,
    maxLoad: row.max_load as number,
    presence: row.presence as string,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    teamIds: (row.team_ids as string[]) ?? [],
    skills: (row.skills as { skill: string; level: number }[]) ?? [],
  };
}

/** Login is the one lookup made before the workspace is known. */
export async function selectUserByEmailForLogin(sql: Sql, email: string): Promise<UserRecord | undefined> {
  const rows = await sql.query(`SELECT ${USER_COLUMNS} FROM users u WHERE lower(u.email) = lower($1)`, [email]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function selectUser(sql: Sql, workspaceId: string, userId: string): Promise<UserRecord | undefined> {
  const rows = await sql.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.workspace_id = $1 AND u.id = $2`, [workspaceId, userId]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function selectUsers(
  sql: Sql,
  workspaceId: string,
  filter: { role?: Role; teamId?: string; isActive?: boolean; ids?: string[] } = {},
): Promise<UserRecord[]> {
  const rows = await sql.query(
    `SELECT ${USER_COLUMNS} FROM users u
      WHERE u.workspace_id = $1
        AND ($2::text IS NULL OR u.role = $2)
        AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.workspace_id = u.workspace_id AND tm.user_id = u.id AND tm.team_id = $3))
        AND ($4::boolean IS NULL OR u.is_active = $4)
        AND ($5::uuid[] IS NULL OR u.id = ANY($5))
      ORDER BY u.name, u.id`,
    [workspaceId, filter.role ?? null, filter.teamId ?? null, filter.isActive ?? null, filter.ids ?? null],
  );
  return rows.map(toUser);
}

export async function insertUser(
  sql: Sql,
  user: { workspaceId: string; id: string; email: string; name: string; role: Role; passwordHash: string | null; locale: string | null; now: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO users (workspace_id, id, email, name, role, password_hash, locale, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT DO NOTHING RETURNING id`,
    [user.workspaceId, user.id, user.email, user.name, user.role, user.passwordHash, user.locale, user.now],
  );
  return rows.length > 0;
}

export async function updateUserRow(
  sql: Sql,
  workspaceId: string,
  userId: string,
  patch: Partial<{ name: string; role: Role; locale: string | null; theme: string; isActive: boolean; passwordHash: string; maxLoad: number; presence: string }>,
  now: Date,
): Promise<void> {
  const columns: Record<string, string> = {
    name: 'name',
    role: 'role',
    locale: 'locale',
    theme: 'theme',
    isActive: 'is_active',
    passwordHash: 'password_hash',
    maxLoad: 'max_load',
    presence: 'presence',
  };
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, userId, now];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${columns[key]} = $${params.length}`);
  }
  await sql.query(`UPDATE users SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE workspace_id = $1 AND id = $2`, params);
}

export async function recordFailedLogin(sql: Sql, workspaceId: string, userId: string, lockUntil: Date | null): Promise<void> {
  await sql.query(
    `UPDATE users SET failed_logins = CASE WHEN $3::timestamptz IS NULL THEN failed_logins + 1 ELSE 0 END, locked_until = COALESCE($3, locked_until)
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, userId, lockUntil],
  );
}

export async function resetFailedLogins(sql: Sql, workspaceId: string, userId: string): Promise<void> {
  await sql.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE workspace_id = $1 AND id = $2`, [workspaceId, userId]);
}

export async function replaceUserTeams(sql: Sql, workspaceId: string, userId: string, teamIds: string[]): Promise<void> {
  await sql.query(`DELETE FROM team_members WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  if (teamIds.length === 0) return;
  await sql.query(
    `INSERT INTO team_members (workspace_id, team_id, user_id) SELECT $1, t, $2 FROM unnest($3::uuid[]) AS t ON CONFLICT DO NOTHING`,
    [workspaceId, userId, teamIds],
  );
}

export async function replaceUserSkills(sql: Sql, workspaceId: string, userId: string, skills: { skill: string; level: number }[]): Promise<void> {
  await sql.query(`DELETE FROM user_skills WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  if (skills.length === 0) return;
  await sql.query(
    `INSERT INTO user_skills (workspace_id, user_id, skill, level)
     SELECT $1, $2, s, l FROM unnest($3::text[], $4::int[]) AS x(s, l)`,
    [workspaceId, userId, skills.map((s) => s.skill), skills.map((s) => s.level)],
  );
}

export interface TeamRecord {
  id: string;
  name: string;
  kind: 'team' | 'department';
  description: string;
  memberIds: string[];
  createdAt: Date;
}

const TEAM_COLUMNS = `t.id, t.name, t.kind, t.description, t.created_at,
  COALESCE((SELECT array_agg(tm.user_id) FROM team_members tm WHERE tm.workspace_id = t.workspace_id AND tm.team_id = t.id), '{}') AS member_ids`;

const toTeam = (row: Record<string, unknown>): TeamRecord => ({
  id: row.id as string,
  name: row.name as string,
  kind: row.kind as 'team' | 'department',
  description: row.description as string,
  memberIds: (row.member_ids as string[]) ?? [],
  createdAt: row.created_at as Date,
});

export async function selectTeams(sql: Sql, workspaceId: string, ids?: string[]): Promise<TeamRecord[]> {
  const rows = await sql.query(
    `SELECT ${TEAM_COLUMNS} FROM teams t WHERE t.workspace_id = $1 AND ($2::uuid[] IS NULL OR t.id = ANY($2)) ORDER BY t.kind, t.name`,
    [workspaceId, ids ?? null],
  );
  return rows.map(toTeam);
}

export async function insertTeam(
  sql: Sql,
  team: { workspaceId: string; id: string; name: string; kind: string; description: string; now: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO teams (workspace_id, id, name, kind, description, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING id`,
    [team.workspaceId, team.id, team.name, team.kind, team.description, team.now],
  );
  return rows.length > 0;
}

export async function updateTeamRow(sql: Sql, workspaceId: string, teamId: string, patch: { name?: string; description?: string }): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE teams SET name = COALESCE($3, name), description = COALESCE($4, description) WHERE workspace_id = $1 AND id = $2 RETURNING id`,
    [workspaceId, teamId, patch.name ?? null, patch.description ?? null],
  );
  return rows.length > 0;
}

export async function deleteTeamRow(sql: Sql, workspaceId: string, teamId: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM teams WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, teamId]);
  return rows.length > 0;
}

export async function replaceTeamMembers(sql: Sql, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
  await sql.query(`DELETE FROM team_members WHERE workspace_id = $1 AND team_id = $2`, [workspaceId, teamId]);
  await sql.query(
    `INSERT INTO team_members (workspace_id, team_id, user_id)
     SELECT $1, $2, u.id FROM users u WHERE u.workspace_id = $1 AND u.id = ANY($3::uuid[])`,
    [workspaceId, teamId, userIds],
  );
}

export interface SessionRecord {
  workspaceId: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  rotatedAt: Date;
  revokedAt: Date | null;
}

export async function insertSession(
  sql: Sql,
  session: { workspaceId: string; tokenHash: string; userId: string; now: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await sql.query(
    `INSERT INTO sessions (workspace_id, token_hash, user_id, created_at, expires_at, rotated_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $4, $6, $7)`,
    [session.workspaceId, session.tokenHash, session.userId, session.now, session.expiresAt, session.ip, session.userAgent],
  );
}

const SESSION_WITH_USER = `SELECT s.workspace_id AS session_workspace_id, s.token_hash, s.user_id, s.created_at AS session_created_at, s.expires_at,
       s.rotated_at, s.revoked_at, u.id IS NOT NULL AS has_user, ${USER_COLUMNS}
  FROM sessions s
  LEFT JOIN users u ON u.workspace_id = s.workspace_id AND u.id = s.user_id`;

function toSessionWithUser(row: Record<string, unknown>): { session: SessionRecord; user: UserRecord | undefined } {
  return {
    session: {
      workspaceId: row.session_workspace_id as string,
      tokenHash: row.token_hash as string,
      userId: row.user_id as string,
      createdAt: row.session_created_at as Date,
      expiresAt: row.expires_at as Date,
      rotatedAt: row.rotated_at as Date,
      revokedAt: row.revoked_at as Date | null,
    },
    user: row.has_user ? toUser(row) : undefined,
  };
}

/**
 * A cookie carries no workspace: the session is found by its token hash, which then names the
 * workspace. Its user comes in the same round trip, as every authenticated request needs both.
 */
export async function selectSessionByHash(sql: Sql, tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord | undefined } | undefined> {
  const row = (await sql.query<Record<string, unknown>>(prepared(`${SESSION_WITH_USER} WHERE s.token_hash = $1`), [tokenHash]))[0];
  return row ? toSessionWithUser(row) : undefined;
}

/** Many sessions with their users in one query (the realtime sockets of a user, re-checked together). */
export async function selectSessionsByHashes(sql: Sql, tokenHashes: readonly string[]): Promise<{ session: SessionRecord; user: UserRecord | undefined }[]> {
  if (tokenHashes.length === 0) return [];
  const rows = await sql.query<Record<string, unknown>>(`${SESSION_WITH_USER} WHERE s.token_hash = ANY($1::text[])`, [tokenHashes]);
  return rows.map(toSessionWithUser);
}

export async function expireSession(sql: Sql, workspaceId: string, tokenHash: string, at: Date): Promise<void> {
  await sql.query(`UPDATE sessions SET expires_at = LEAST(expires_at, $3) WHERE workspace_id = $1 AND token_hash = $2`, [workspaceId, tokenHash, at]);
}

export async function revokeSessions(sql: Sql, workspaceId: string, userId: string, at: Date, tokenHash?: string): Promise<void> {
  await sql.query(
    `UPDATE sessions SET revoked_at = $3 WHERE workspace_id = $1 AND user_id = $2 AND revoked_at IS NULL AND ($4::text IS NULL OR token_hash = $4)`,
    [workspaceId, userId, at, tokenHash ?? null],
  );
}

export interface ApiTokenRecord {
  workspaceId: string;
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toToken = (row: Record<string, unknown>): ApiTokenRecord => ({
  workspaceId: row.workspace_id as string,
  id: row.id as string,
  name: row.name as string,
  tokenPrefix: row.token_prefix as string,
  scopes: row.scopes as string[],
  createdBy: row.created_by as string,
  createdAt: row.created_at as Date,
  expiresAt: row.expires_at as Date | null,
  lastUsedAt: row.last_used_at as Date | null,
  revokedAt: row.revoked_at as Date | null,
});

export async function insertApiToken(
  sql: Sql,
  token: { workspaceId: string; id: string; name: string; tokenHash: string; tokenPrefix: string; scopes: string[]; createdBy: string; now: Date; expiresAt: Date | null },
): Promise<void> {
  await sql.query(
    `INSERT INTO api_tokens (workspace_id, id, name, token_hash, token_prefix, scopes, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [token.workspaceId, token.id, token.name, token.tokenHash, token.tokenPrefix, token.scopes, token.createdBy, token.now, token.expiresAt],
  );
}

export async function selectApiTokenByHash(sql: Sql, tokenHash: string): Promise<ApiTokenRecord | undefined> {
  const row = (await sql.query(`SELECT * FROM api_tokens WHERE token_hash = $1`, [tokenHash]))[0];
  return row ? toToken(row) : undefined;
}

export async function selectApiTokens(sql: Sql, workspaceId: string): Promise<ApiTokenRecord[]> {
  const rows = await sql.query(`SELECT * FROM api_tokens WHERE workspace_id = $1 ORDER BY created_at DESC`, [workspaceId]);
  return rows.map(toToken);
}

export async function markApiTokenRevoked(sql: Sql, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE workspace_id = $1 AND id = $2 RETURNING id`,
    [workspaceId, id, at],
  );
  return rows.length > 0;
}

export async function touchApiToken(sql: Sql, workspaceId: string, id: string, at: Date): Promise<void> {
  // Written at most once a minute per token so that a busy integration does not turn reads into writes.
  await sql.query(
    `UPDATE api_tokens SET last_used_at = $3 WHERE workspace_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < $3::timestamptz - interval '1 minute')`,
    [workspaceId, id, at],
  );
}

export interface RoutingCandidateRow {
  id: string;
  maxLoad: number;
  skills: { skill: string; level: number }[];
}

/**
 * A team's members who may take work now (active, of the given roles and presence), with only what routing needs:
 * capacity and skills. With `requiredSkills`, only members holding each at its level — the filter runs here, on
 * `user_skills_lookup`, rather than over every member in the caller.
 */
export async function selectRoutingCandidates(
  sql: Sql,
  workspaceId: string,
  teamId: string,
  filter: { roles: readonly string[]; presence: string; requiredSkills?: readonly { skill: string; minLevel: number }[] },
): Promise<RoutingCandidateRow[]> {
  const required = filter.requiredSkills ?? [];
  const rows = await sql.query(
    `SELECT u.id, u.max_load,
            COALESCE((SELECT json_agg(json_build_object('skill', s.skill, 'level', s.level)) FROM user_skills s WHERE s.workspace_id = u.workspace_id AND s.user_id = u.id), '[]') AS skills
       FROM team_members tm JOIN users u ON u.workspace_id = tm.workspace_id AND u.id = tm.user_id
      WHERE tm.workspace_id = $1 AND tm.team_id = $2 AND u.is_active AND u.presence = $3 AND u.role = ANY($4::text[])
        AND ($5::text[] IS NULL OR u.id IN (
              SELECT s.user_id FROM user_skills s JOIN unnest($5::text[], $6::int[]) AS r(skill, min_level) ON s.skill = r.skill AND s.level >= r.min_level
               WHERE s.workspace_id = $1 GROUP BY s.user_id HAVING count(*) = cardinality($5::text[])))`,
    [workspaceId, teamId, filter.presence, filter.roles, required.length > 0 ? required.map((need) => need.skill) : null, required.map((need) => need.minLevel)],
  );
  return rows.map((row) => ({ id: row.id as string, maxLoad: row.max_load as number, skills: (row.skills as { skill: string; level: number }[]) ?? [] }));
}
