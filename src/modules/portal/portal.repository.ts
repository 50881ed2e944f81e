/** The only SQL on the portal's tables; every statement names the workspace. */
import type { Sql } from '../../platform/db.ts';

export interface SignInLinkRecord {
  id: string;
  email: string;
  locale: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface PortalSessionRecord {
  id: string;
  customerId: string;
  email: string;
  expiresAt: Date;
}

export async function insertSignInLink(tx: Sql, workspaceId: string, link: { id: string; tokenHash: string; email: string; locale: string | null; now: Date; expiresAt: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO portal_sign_in_links (workspace_id, id, token_hash, email, locale, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [workspaceId, link.id, link.tokenHash, link.email, link.locale, link.now, link.expiresAt],
  );
}

/** The link with this token, locked: two clicks at once cannot both use it. */
export async function selectSignInLinkForUpdate(tx: Sql, workspaceId: string, tokenHash: string): Promise<SignInLinkRecord | undefined> {
  const rows = await tx.query<{ id: string; email: string; locale: string | null; created_at: Date; expires_at: Date; used_at: Date | null }>(
    `SELECT id, email, locale, created_at, expires_at, used_at FROM portal_sign_in_links WHERE workspace_id = $1 AND token_hash = $2 FOR UPDATE`,
    [workspaceId, tokenHash],
  );
  const row = rows[0];
  return row && { id: row.id, email: row.email, locale: row.locale, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at };
}

export async function markSignInLinkUsed(tx: Sql, workspaceId: string, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE portal_sign_in_links SET used_at = $3 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, now]);
}

/** Links expired a day ago are of no use even to explain why a click failed. */
export async function deleteExpiredSignInLinks(tx: Sql, workspaceId: string, before: Date): Promise<void> {
  await tx.query(`DELETE FROM portal_sign_in_links WHERE workspace_id = $1 AND expires_at < $2`, [workspaceId, before]);
}

export async function insertSession(tx: Sql, workspaceId: string, session: { id: string; tokenHash: string; customerId: string; email: string; now: Date; expiresAt: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO portal_sessions (workspace_id, id, token_hash, customer_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [workspaceId, session.id, session.tokenHash, session.customerId, session.email, session.now, session.expiresAt],
  );
}

/** Sessions that ended (expired or revoked) a day ago are kept no longer. */
export async function deleteEndedSessions(tx: Sql, workspaceId: string, customerId: string, before: Date): Promise<void> {
  await tx.query(`DELETE FROM portal_sessions WHERE workspace_id = $1 AND customer_id = $2 AND (expires_at < $3 OR revoked_at < $3)`, [workspaceId, customerId, before]);
}

export async function selectLiveSession(sql: Sql, workspaceId: string, tokenHash: string, now: Date): Promise<PortalSessionRecord | undefined> {
  const rows = await sql.query<{ id: string; customer_id: string; email: string; expires_at: Date }>(
    `SELECT id, customer_id, email, expires_at FROM portal_sessions
      WHERE workspace_id = $1 AND token_hash = $2 AND revoked_at IS NULL AND expires_at > $3`,
    [workspaceId, tokenHash, now],
  );
  const row = rows[0];
  return row && { id: row.id, customerId: row.customer_id, email: row.email, expiresAt: row.expires_at };
}

export async function revokeSession(tx: Sql, workspaceId: string, tokenHash: string, now: Date): Promise<void> {
  await tx.query(`UPDATE portal_sessions SET revoked_at = $3 WHERE workspace_id = $1 AND token_hash = $2 AND revoked_at IS NULL`, [workspaceId, tokenHash, now]);
}

export async function upsertPassword(tx: Sql, workspaceId: string, entry: { email: string; customerId: string; passwordHash: string; now: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO portal_passwords (workspace_id, email, customer_id, password_hash, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id, email) DO UPDATE SET customer_id = EXCLUDED.customer_id, password_hash = EXCLUDED.password_hash, updated_at = EXCLUDED.updated_at`,
    [workspaceId, entry.email, entry.customerId, entry.passwordHash, entry.now],
  );
}

export async function selectPassword(sql: Sql, workspaceId: string, email: string): Promise<{ customerId: string; passwordHash: string } | undefined> {
  const rows = await sql.query<{ customer_id: string; password_hash: string }>(`SELECT customer_id, password_hash FROM portal_passwords WHERE workspace_id = $1 AND email = $2`, [workspaceId, email]);
  const row = rows[0];
  return row && { customerId: row.customer_id, passwordHash: row.password_hash };
}

/** Counts one hit in the window and returns the window's count so far (this one included). */
export async function hitCounter(sql: Sql, workspaceId: string, counter: { scope: string; key: string; windowStart: Date }): Promise<number> {
  const rows = await sql.query<{ hits: number }>(
    `INSERT INTO portal_rate_counters (workspace_id, scope, key, window_start, hits) VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (workspace_id, scope, key, window_start) DO UPDATE SET hits = portal_rate_counters.hits + 1
     RETURNING hits`,
    [workspaceId, counter.scope, counter.key, counter.windowStart],
  );
  return rows[0]!.hits;
}

export async function deleteOldCounters(sql: Sql, workspaceId: string, before: Date): Promise<void> {
  await sql.query(`DELETE FROM portal_rate_counters WHERE workspace_id = $1 AND window_start < $2`, [workspaceId, before]);
}

/** The workspace's form secret, made on first use (racing nodes agree: the first insert wins). */
export async function ensureFormSecret(sql: Sql, workspaceId: string, candidate: string, now: Date): Promise<string> {
  await sql.query(`INSERT INTO portal_settings (workspace_id, form_secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (workspace_id) DO NOTHING`, [workspaceId, candidate, now]);
  const rows = await sql.query<{ form_secret: string }>(`SELECT form_secret FROM portal_settings WHERE workspace_id = $1`, [workspaceId]);
  return rows[0]!.form_secret;
}
