import type { Sql } from '../../../platform/db.ts';

/** The only code that queries sms_gateways: the HTTP gateway a workspace sends SMS through. */

export interface SmsGatewayRecord {
  url: string;
  apiKey: string;
  sender: string;
  updatedAt: Date;
}

interface Row {
  url: string;
  api_key: string;
  sender: string;
  updated_at: Date;
}

export async function selectGateway(sql: Sql, workspaceId: string): Promise<SmsGatewayRecord | undefined> {
  const rows = await sql.query<Row>(`SELECT url, api_key, sender, updated_at FROM sms_gateways WHERE workspace_id = $1`, [workspaceId]);
  const row = rows[0];
  return row ? { url: row.url, apiKey: row.api_key, sender: row.sender, updatedAt: row.updated_at } : undefined;
}

export async function upsertGateway(sql: Sql, workspaceId: string, gateway: { url: string; apiKey: string; sender: string; now: Date }): Promise<void> {
  await sql.query(
    `INSERT INTO sms_gateways (workspace_id, url, api_key, sender, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id) DO UPDATE SET url = EXCLUDED.url, api_key = EXCLUDED.api_key, sender = EXCLUDED.sender, updated_at = EXCLUDED.updated_at`,
    [workspaceId, gateway.url, gateway.apiKey, gateway.sender, gateway.now],
  );
}

export async function deleteGateway(sql: Sql, workspaceId: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM sms_gateways WHERE workspace_id = $1 RETURNING workspace_id`, [workspaceId]);
  return rows.length > 0;
}
