/** The only SQL on the automation tables; every function takes the workspace first. */
import type { Sql } from '../../platform/db.ts';
import type { Action, RuleDefinition } from './rule-schema.ts';

export interface RuleRecord {
  id: string;
  name: string;
  definition: RuleDefinition;
  position: number;
  isEnabled: boolean;
  version: number;
  seedKey: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const RULE_COLUMNS = 'id, name, definition, position, is_enabled, version, seed_key, created_by, created_at, updated_at';
const toRule = (row: Record<string, unknown>): RuleRecord => ({
  id: row.id as string,
  name: row.name as string,
  definition: row.definition as RuleDefinition,
  position: row.position as number,
  isEnabled: row.is_enabled as boolean,
  version: row.version as number,
  seedKey: (row.seed_key as string | null) ?? null,
  createdBy: (row.created_by as string | null) ?? null,
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
});

/** In the order they run: position, then age. */
export async function selectRules(sql: Sql, workspaceId: string, options: { enabledOnly?: boolean } = {}): Promise<RuleRecord[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${RULE_COLUMNS} FROM automation_rules WHERE workspace_id = $1 ${options.enabledOnly ? 'AND is_enabled' : ''} ORDER BY position, created_at, id`,
    [workspaceId],
  );
  return rows.map(toRule);
}

export async function selectRule(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<RuleRecord | undefined> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${RULE_COLUMNS} FROM automation_rules WHERE workspace_id = $1 AND id = $2 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ? toRule(rows[0]) : undefined;
}

export async function selectRuleVersion(sql: Sql, workspaceId: string, ruleId: string, version: number): Promise<{ name: string; definition: RuleDefinition } | undefined> {
  const rows = await sql.query<{ name: string; definition: RuleDefinition }>(
    `SELECT name, definition FROM automation_rule_versions WHERE workspace_id = $1 AND rule_id = $2 AND version = $3`,
    [workspaceId, ruleId, version],
  );
  return rows[0];
}

export interface RuleVersionRecord {
  version: number;
  name: string;
  definition: RuleDefinition;
  createdBy: string | null;
  createdAt: Date;
}

/** Every version of one rule, newest first. */
export async function selectRuleVersions(sql: Sql, workspaceId: string, ruleId: string): Promise<RuleVersionRecord[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT version, name, definition, created_by, created_at FROM automation_rule_versions WHERE workspace_id = $1 AND rule_id = $2 ORDER BY version DESC`,
    [workspaceId, ruleId],
  );
  return rows.map((row) => ({
    version: row.version as number,
    name: row.name as string,
    definition: row.definition as RuleDefinition,
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: row.created_at as Date,
  }));
}

/** The workspace's rule ids, locked, so a reorder sees the set it rewrites. */
export async function selectRuleIdsForUpdate(sql: Sql, workspaceId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(`SELECT id FROM automation_rules WHERE workspace_id = $1 ORDER BY id FOR UPDATE`, [workspaceId]);
  return rows.map((row) => row.id);
}

/** Positions 10, 20, 30… in the order given, in one statement; rules already in place keep their updated_at. */
export async function updateRulePositions(sql: Sql, workspaceId: string, orderedIds: string[], now: Date): Promise<void> {
  await sql.query(
    `UPDATE automation_rules AS r SET position = o.ordinal * 10, updated_at = $3
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ordinal)
      WHERE r.workspace_id = $1 AND r.id = o.id AND r.position <> o.ordinal * 10`,
    [workspaceId, orderedIds, now],
  );
}

export async function nextPosition(sql: Sql, workspaceId: string): Promise<number> {
  const rows = await sql.query<{ next: number }>(`SELECT COALESCE(MAX(position), 0) + 10 AS next FROM automation_rules WHERE workspace_id = $1`, [workspaceId]);
  return rows[0]!.next;
}

/** Inserts the rule and its first version; false when a seeded rule of that key is there already. */
export async function insertRule(
  sql: Sql,
  workspaceId: string,
  rule: { id: string; name: string; definition: RuleDefinition; position: number; isEnabled: boolean; seedKey: string | null; createdBy: string | null; now: Date },
): Promise<boolean> {
  const inserted = await sql.query(
    `INSERT INTO automation_rules (workspace_id, id, name, definition, position, is_enabled, version, seed_key, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $9) ON CONFLICT DO NOTHING RETURNING id`,
    [workspaceId, rule.id, rule.name, JSON.stringify(rule.definition), rule.position, rule.isEnabled, rule.seedKey, rule.createdBy, rule.now],
  );
  if (inserted.length === 0) return false;
  await insertRuleVersion(sql, workspaceId, { ruleId: rule.id, version: 1, name: rule.name, definition: rule.definition, createdBy: rule.createdBy, now: rule.now });
  return true;
}

async function insertRuleVersion(sql: Sql, workspaceId: string, v: { ruleId: string; version: number; name: string; definition: RuleDefinition; createdBy: string | null; now: Date }) {
  await sql.query(
    `INSERT INTO automation_rule_versions (workspace_id, rule_id, version, name, definition, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [workspaceId, v.ruleId, v.version, v.name, JSON.stringify(v.definition), v.createdBy, v.now],
  );
}

/**
 * Writes the rule; a new name or definition is a new version, kept beside the earlier ones. `isNewVersion` forces one
 * (a restore is a new version even when it brings back what the rule already says).
 */
export async function updateRule(
  sql: Sql,
  workspaceId: string,
  current: RuleRecord,
  patch: { name?: string; definition?: RuleDefinition; isEnabled?: boolean; position?: number; isNewVersion?: boolean },
  by: string | null,
  now: Date,
): Promise<RuleRecord> {
  const name = patch.name ?? current.name;
  const definition = patch.definition ?? current.definition;
  const isNewVersion = patch.isNewVersion === true || name !== current.name || JSON.stringify(definition) !== JSON.stringify(current.definition);
  const version = isNewVersion ? current.version + 1 : current.version;
  const rows = await sql.query<Record<string, unknown>>(
    `UPDATE automation_rules SET name = $3, definition = $4, is_enabled = $5, position = $6, version = $7, updated_at = $8
      WHERE workspace_id = $1 AND id = $2 RETURNING ${RULE_COLUMNS}`,
    [workspaceId, current.id, name, JSON.stringify(definition), patch.isEnabled ?? current.isEnabled, patch.position ?? current.position, version, now],
  );
  if (isNewVersion) await insertRuleVersion(sql, workspaceId, { ruleId: current.id, version, name, definition, createdBy: by, now });
  return toRule(rows[0]!);
}

export async function deleteRule(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM automation_rules WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
  return rows.length > 0;
}

/** True the first time only: a workspace's defaults are seeded once. */
export async function markSeeded(sql: Sql, workspaceId: string, now: Date): Promise<boolean> {
  const rows = await sql.query(`INSERT INTO automation_seeded (workspace_id, seeded_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING workspace_id`, [workspaceId, now]);
  return rows.length > 0;
}

export async function isSeeded(sql: Sql, workspaceId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM automation_seeded WHERE workspace_id = $1`, [workspaceId]);
  return rows.length > 0;
}

export interface FiringRecord {
  id: string;
  ruleId: string;
  ruleVersion: number;
  ticketId: string;
  chainId: string;
  depth: number;
  trigger: string;
  effects: unknown[];
  firedAt: Date;
}

export async function insertFiring(sql: Sql, workspaceId: string, firing: FiringRecord): Promise<void> {
  await sql.query(
    `INSERT INTO automation_firings (workspace_id, id, rule_id, rule_version, ticket_id, chain_id, depth, trigger, effects, fired_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [workspaceId, firing.id, firing.ruleId, firing.ruleVersion, firing.ticketId, firing.chainId, firing.depth, firing.trigger, JSON.stringify(firing.effects), firing.firedAt],
  );
}

export async function countChainFirings(sql: Sql, workspaceId: string, ticketId: string, chainId: string): Promise<number> {
  const rows = await sql.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM automation_firings WHERE workspace_id = $1 AND ticket_id = $2 AND chain_id = $3`,
    [workspaceId, ticketId, chainId],
  );
  return rows[0]!.count;
}

/** True the first time a chain is stopped on a ticket. */
export async function insertChainStop(sql: Sql, workspaceId: string, ticketId: string, chainId: string, now: Date): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO automation_chain_stops (workspace_id, ticket_id, chain_id, stopped_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING chain_id`,
    [workspaceId, ticketId, chainId, now],
  );
  return rows.length > 0;
}

export async function selectFirings(sql: Sql, workspaceId: string, filter: { ruleId?: string; ticketId?: string; limit?: number }): Promise<FiringRecord[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT id, rule_id, rule_version, ticket_id, chain_id, depth, trigger, effects, fired_at FROM automation_firings
      WHERE workspace_id = $1 AND ($2::uuid IS NULL OR rule_id = $2) AND ($3::uuid IS NULL OR ticket_id = $3)
      ORDER BY fired_at DESC, id LIMIT $4`,
    [workspaceId, filter.ruleId ?? null, filter.ticketId ?? null, filter.limit ?? 100],
  );
  return rows.map((row) => ({
    id: row.id as string,
    ruleId: row.rule_id as string,
    ruleVersion: row.rule_version as number,
    ticketId: row.ticket_id as string,
    chainId: row.chain_id as string,
    depth: row.depth as number,
    trigger: row.trigger as string,
    effects: row.effects as unknown[],
    firedAt: row.fired_at as Date,
  }));
}

export interface MacroRecord {
  id: string;
  name: string;
  actions: Action[];
  ownerId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const MACRO_COLUMNS = 'id, name, actions, owner_id, created_by, created_at, updated_at';
const toMacro = (row: Record<string, unknown>): MacroRecord => ({
  id: row.id as string,
  name: row.name as string,
  actions: row.actions as Action[],
  ownerId: (row.owner_id as string | null) ?? null,
  createdBy: (row.created_by as string | null) ?? null,
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
});

/** The shared macros and the user's own. */
export async function selectMacros(sql: Sql, workspaceId: string, userId: string | null): Promise<MacroRecord[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${MACRO_COLUMNS} FROM automation_macros WHERE workspace_id = $1 AND (owner_id IS NULL OR owner_id = $2) ORDER BY name, id`,
    [workspaceId, userId],
  );
  return rows.map(toMacro);
}

export async function selectMacro(sql: Sql, workspaceId: string, id: string): Promise<MacroRecord | undefined> {
  const rows = await sql.query<Record<string, unknown>>(`SELECT ${MACRO_COLUMNS} FROM automation_macros WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toMacro(rows[0]) : undefined;
}

export async function insertMacro(sql: Sql, workspaceId: string, macro: { id: string; name: string; actions: Action[]; ownerId: string | null; createdBy: string | null; now: Date }): Promise<MacroRecord> {
  const rows = await sql.query<Record<string, unknown>>(
    `INSERT INTO automation_macros (workspace_id, id, name, actions, owner_id, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${MACRO_COLUMNS}`,
    [workspaceId, macro.id, macro.name, JSON.stringify(macro.actions), macro.ownerId, macro.createdBy, macro.now],
  );
  return toMacro(rows[0]!);
}

export async function updateMacro(sql: Sql, workspaceId: string, id: string, patch: { name: string; actions: Action[] }, now: Date): Promise<MacroRecord | undefined> {
  const rows = await sql.query<Record<string, unknown>>(
    `UPDATE automation_macros SET name = $3, actions = $4, updated_at = $5 WHERE workspace_id = $1 AND id = $2 RETURNING ${MACRO_COLUMNS}`,
    [workspaceId, id, patch.name, JSON.stringify(patch.actions), now],
  );
  return rows[0] ? toMacro(rows[0]) : undefined;
}

export async function deleteMacro(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM automation_macros WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
  return rows.length > 0;
}
