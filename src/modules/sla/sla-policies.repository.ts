/** The workspace's SLA settings row (seeding, configuration epoch, policy-list lock) and its policies. */
import { prepared, type Sql } from '../../platform/db.ts';
import type { EscalationStep, PolicyConditions, PolicyTarget } from './sla-policy.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings and policies

/** Creates the workspace's settings row; true when this call created it (the caller seeds the defaults). */
export async function insertSettings(sql: Sql, workspaceId: string, now: Date): Promise<boolean> {
  const rows = await sql.query(prepared(`INSERT INTO sla_settings (workspace_id, defaults_seeded_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`), [workspaceId, now]);
  return rows.length > 0;
}

export async function selectConfigEpoch(sql: Sql, workspaceId: string): Promise<number> {
  const rows = await sql.query<{ config_epoch: number }>(prepared(`SELECT config_epoch FROM sla_settings WHERE workspace_id = $1`), [workspaceId]);
  return rows[0]?.config_epoch ?? 0;
}

/** Marks every open ticket's applied policy as out of date; returns the new epoch. */
export async function bumpConfigEpoch(sql: Sql, workspaceId: string): Promise<number> {
  const rows = await sql.query<{ config_epoch: number }>(
    `UPDATE sla_settings SET config_epoch = config_epoch + 1 WHERE workspace_id = $1 RETURNING config_epoch`,
    [workspaceId],
  );
  return rows[0]?.config_epoch ?? 0;
}

export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  position: number;
  isActive: boolean;
  conditions: PolicyConditions;
  targets: PolicyTarget[];
  calendarId: string | null;
  countBotReplies: boolean;
  reopenRestartsResolution: boolean;
  escalation: EscalationStep[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface PolicyRow {
  id: string;
  name: string;
  description: string;
  position: number;
  is_active: boolean;
  conditions: PolicyConditions;
  targets: PolicyTarget[];
  calendar_id: string | null;
  count_bot_replies: boolean;
  reopen_restarts_resolution: boolean;
  escalation: EscalationStep[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toPolicy = (row: PolicyRow): PolicyRecord => ({
  id: row.id,
  name: row.name,
  description: row.description,
  position: row.position,
  isActive: row.is_active,
  conditions: row.conditions,
  targets: row.targets,
  calendarId: row.calendar_id,
  countBotReplies: row.count_bot_replies,
  reopenRestartsResolution: row.reopen_restarts_resolution,
  escalation: row.escalation,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function selectPolicies(sql: Sql, workspaceId: string): Promise<PolicyRecord[]> {
  const rows = await sql.query<PolicyRow>(`SELECT * FROM sla_policies WHERE workspace_id = $1 ORDER BY position, created_at`, [workspaceId]);
  return rows.map(toPolicy);
}

export async function selectPolicy(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<PolicyRecord | undefined> {
  const rows = await sql.query<PolicyRow>(`SELECT * FROM sla_policies WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] && toPolicy(rows[0]);
}

export type PolicyWrite = Omit<PolicyRecord, 'version' | 'createdAt' | 'updatedAt'>;

/** Inserts unless the name is taken; false when taken. */
export async function insertPolicy(sql: Sql, workspaceId: string, policy: PolicyWrite, now: Date): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO sla_policies (workspace_id, id, name, description, position, is_active, conditions, targets, calendar_id,
                               count_bot_replies, reopen_restarts_resolution, escalation, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     ON CONFLICT (workspace_id, lower(name)) DO NOTHING RETURNING id`,
    [
      workspaceId,
      policy.id,
      policy.name,
      policy.description,
      policy.position,
      policy.isActive,
      policy.conditions,
      JSON.stringify(policy.targets),
      policy.calendarId,
      policy.countBotReplies,
      policy.reopenRestartsResolution,
      JSON.stringify(policy.escalation),
      now,
    ],
  );
  return rows.length > 0;
}

export async function updatePolicy(sql: Sql, workspaceId: string, policy: PolicyWrite, now: Date): Promise<void> {
  await sql.query(
    `UPDATE sla_policies SET name = $3, description = $4, is_active = $5, conditions = $6, targets = $7, calendar_id = $8,
            count_bot_replies = $9, reopen_restarts_resolution = $10, escalation = $11, version = version + 1, updated_at = $12
      WHERE workspace_id = $1 AND id = $2`,
    [
      workspaceId,
      policy.id,
      policy.name,
      policy.description,
      policy.isActive,
      policy.conditions,
      JSON.stringify(policy.targets),
      policy.calendarId,
      policy.countBotReplies,
      policy.reopenRestartsResolution,
      JSON.stringify(policy.escalation),
      now,
    ],
  );
}

export async function isPolicyNameTaken(sql: Sql, workspaceId: string, name: string, exceptId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM sla_policies WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3`, [workspaceId, name, exceptId]);
  return rows.length > 0;
}

export async function deletePolicy(sql: Sql, workspaceId: string, id: string): Promise<void> {
  await sql.query(`DELETE FROM sla_policies WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

/** Positions 0..n-1 in the given order (ids are all of the workspace's policies). */
export async function updatePositions(sql: Sql, workspaceId: string, ids: string[], now: Date): Promise<void> {
  await sql.query(
    `UPDATE sla_policies p SET position = o.position - 1, updated_at = $3
       FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
      WHERE p.workspace_id = $1 AND p.id = o.id`,
    [workspaceId, ids, now],
  );
}

/** Locks the workspace's policy list, so concurrent creates and reorders get consistent positions. */
export async function lockSettings(sql: Sql, workspaceId: string): Promise<void> {
  await sql.query(`SELECT 1 FROM sla_settings WHERE workspace_id = $1 FOR UPDATE`, [workspaceId]);
}
