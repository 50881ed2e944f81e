import type { Sql } from '../../../platform/db.ts';

/** The only code that queries email_settings: a workspace's relay and sender name. */

export interface EmailSettingsRecord {
  relayUrl: string | null;
  fromName: string;
  updatedAt: Date | null;
}

export async function selectSettings(sql: Sql, workspaceId: string): Promise<EmailSettingsRecord> {
  const rows = await sql.query<{ relay_url: string | null; from_name: string; updated_at: Date }>(`SELECT relay_url, from_name, updated_at FROM email_settings WHERE workspace_id = $1`, [workspaceId]);
  const row = rows[0];
  return row ? { relayUrl: row.relay_url, fromName: row.from_name, updatedAt: row.updated_at } : { relayUrl: null, fromName: '', updatedAt: null };
}

export async function upsertSettings(sql: Sql, workspaceId: string, settings: { relayUrl: string | null; fromName: string; now: Date }): Promise<EmailSettingsRecord> {
  const rows = await sql.query<{ relay_url: string | null; from_name: string; updated_at: Date }>(
    `INSERT INTO email_settings (workspace_id, relay_url, from_name, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id) DO UPDATE SET relay_url = EXCLUDED.relay_url, from_name = EXCLUDED.from_name, updated_at = EXCLUDED.updated_at
     RETURNING relay_url, from_name, updated_at`,
    [workspaceId, settings.relayUrl, settings.fromName, settings.now],
  );
  return { relayUrl: rows[0]!.relay_url, fromName: rows[0]!.from_name, updatedAt: rows[0]!.updated_at };
}
