import type { Sql } from '../../../platform/db.ts';

export interface WechatAccountRecord {
  workspaceId: string;
  id: string;
  name: string;
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey: string | null;
  isActive: boolean;
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
  lastMessageAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface AccountRow {
  workspace_id: string;
  id: string;
  name: string;
  app_id: string;
  app_secret: string;
  token: string;
  encoding_aes_key: string | null;
  is_active: boolean;
  access_token: string | null;
  access_token_expires_at: Date | null;
  last_message_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `workspace_id, id, name, app_id, app_secret, token, encoding_aes_key, is_active, access_token, access_token_expires_at,
  last_message_at, last_error, last_error_at, created_at, updated_at`;

const toAccount = (row: AccountRow): WechatAccountRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  name: row.name,
  appId: row.app_id,
  appSecret: row.app_secret,
  token: row.token,
  encodingAesKey: row.encoding_aes_key,
  isActive: row.is_active,
  accessToken: row.access_token,
  accessTokenExpiresAt: row.access_token_expires_at,
  lastMessageAt: row.last_message_at,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** An account by its id alone: WeChat calls its server URL before the workspace is known, and the id says whose it is. */
export async function selectAccountById(sql: Sql, id: string): Promise<WechatAccountRecord | undefined> {
  const rows = await sql.query<AccountRow>(`SELECT ${COLUMNS} FROM wechat_accounts WHERE id = $1`, [id]);
  return rows[0] ? toAccount(rows[0]) : undefined;
}

export async function selectAccount(sql: Sql, workspaceId: string, id: string): Promise<WechatAccountRecord | undefined> {
  const rows = await sql.query<AccountRow>(`SELECT ${COLUMNS} FROM wechat_accounts WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toAccount(rows[0]) : undefined;
}

export async function selectAccounts(sql: Sql, workspaceId: string): Promise<WechatAccountRecord[]> {
  const rows = await sql.query<AccountRow>(`SELECT ${COLUMNS} FROM wechat_accounts WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
  return rows.map(toAccount);
}

/** Null when the workspace has an account for this AppID already. */
export async function insertAccount(
  sql: Sql,
  workspaceId: string,
  account: { id: string; name: string; appId: string; appSecret: string; token: string; encodingAesKey: string | null; now: Date },
): Promise<WechatAccountRecord | null> {
  const rows = await sql.query<AccountRow>(
    `INSERT INTO wechat_accounts (workspace_id, id, name, app_id, app_secret, token, encoding_aes_key, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (workspace_id, app_id) DO NOTHING RETURNING ${COLUMNS}`,
    [workspaceId, account.id, account.name, account.appId, account.appSecret, account.token, account.encodingAesKey, account.now],
  );
  return rows[0] ? toAccount(rows[0]) : null;
}

/** Changes the given fields; a new secret forgets the cached access token. */
export async function updateAccount(
  sql: Sql,
  workspaceId: string,
  id: string,
  patch: { name?: string; appSecret?: string; token?: string; encodingAesKey?: string | null; isActive?: boolean; now: Date },
): Promise<WechatAccountRecord | undefined> {
  const rows = await sql.query<AccountRow>(
    `UPDATE wechat_accounts SET name = COALESCE($3, name), app_secret = COALESCE($4, app_secret), token = COALESCE($5, token),
            encoding_aes_key = CASE WHEN $6::boolean THEN $7 ELSE encoding_aes_key END, is_active = COALESCE($8, is_active),
            access_token = CASE WHEN $4::text IS NULL THEN access_token END,
            access_token_expires_at = CASE WHEN $4::text IS NULL THEN access_token_expires_at END, updated_at = $9
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [workspaceId, id, patch.name ?? null, patch.appSecret ?? null, patch.token ?? null, patch.encodingAesKey !== undefined, patch.encodingAesKey ?? null, patch.isActive ?? null, patch.now],
  );
  return rows[0] ? toAccount(rows[0]) : undefined;
}

export async function deleteAccount(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM wechat_accounts WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
  if (rows.length > 0) await sql.query(`DELETE FROM wechat_followers WHERE workspace_id = $1 AND account_id = $2`, [workspaceId, id]);
  return rows.length > 0;
}

/** Caches an access token (null forgets it: WeChat said it is no longer valid). */
export async function storeAccessToken(sql: Sql, workspaceId: string, id: string, token: { accessToken: string | null; expiresAt: Date | null }): Promise<void> {
  await sql.query(`UPDATE wechat_accounts SET access_token = $3, access_token_expires_at = $4 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, token.accessToken, token.expiresAt]);
}

export async function recordMessageAt(sql: Sql, workspaceId: string, id: string, at: Date): Promise<void> {
  await sql.query(`UPDATE wechat_accounts SET last_message_at = GREATEST(COALESCE(last_message_at, $3), $3) WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, at]);
}

/** The state the admin screen shows; null clears it after a success. */
export async function recordError(sql: Sql, workspaceId: string, id: string, error: { message: string | null; at: Date }): Promise<void> {
  await sql.query(
    `UPDATE wechat_accounts SET last_error = $3, last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE $4 END WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, error.message?.slice(0, 1000) ?? null, error.at],
  );
}

export interface FollowerRecord {
  accountId: string;
  openId: string;
  customerId: string;
  isSubscribed: boolean;
  lastInboundAt: Date;
}

interface FollowerRow {
  account_id: string;
  open_id: string;
  customer_id: string;
  is_subscribed: boolean;
  last_inbound_at: Date;
}

const toFollower = (row: FollowerRow): FollowerRecord => ({
  accountId: row.account_id,
  openId: row.open_id,
  customerId: row.customer_id,
  isSubscribed: row.is_subscribed,
  lastInboundAt: row.last_inbound_at,
});

/** Records a follower's contact; the window's start only moves forward (WeChat may deliver out of order). */
export async function upsertFollower(
  sql: Sql,
  workspaceId: string,
  follower: { accountId: string; openId: string; customerId: string; isSubscribed?: boolean; contactAt: Date | null; now: Date },
): Promise<void> {
  await sql.query(
    `INSERT INTO wechat_followers (workspace_id, account_id, open_id, customer_id, is_subscribed, last_inbound_at)
     VALUES ($1, $2, $3, $4, COALESCE($5, true), COALESCE($6, 'epoch'::timestamptz))
     ON CONFLICT (workspace_id, account_id, open_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
       is_subscribed = COALESCE($5, wechat_followers.is_subscribed),
       last_inbound_at = GREATEST(wechat_followers.last_inbound_at, EXCLUDED.last_inbound_at)`,
    [workspaceId, follower.accountId, follower.openId, follower.customerId, follower.isSubscribed ?? null, follower.contactAt],
  );
}

export async function selectFollower(sql: Sql, workspaceId: string, accountId: string, openId: string): Promise<FollowerRecord | undefined> {
  const rows = await sql.query<FollowerRow>(
    `SELECT account_id, open_id, customer_id, is_subscribed, last_inbound_at FROM wechat_followers WHERE workspace_id = $1 AND account_id = $2 AND open_id = $3`,
    [workspaceId, accountId, openId],
  );
  return rows[0] ? toFollower(rows[0]) : undefined;
}
