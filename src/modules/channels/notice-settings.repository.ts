import type { Sql } from '../../platform/db.ts';

/** The only code that queries customer_notice_settings: which notices a workspace sends on its own. */

export interface NoticeSettingsRecord {
  acknowledgeNew: boolean;
  notifySolved: boolean;
  smsNotices: boolean;
  updatedAt: Date | null;
}

/** A workspace that never changed them: acknowledgements and solved notices by e-mail, none by SMS. */
export const DEFAULT_NOTICE_SETTINGS: NoticeSettingsRecord = { acknowledgeNew: true, notifySolved: true, smsNotices: false, updatedAt: null };

interface Row {
  acknowledge_new: boolean;
  notify_solved: boolean;
  sms_notices: boolean;
  updated_at: Date;
}

const toRecord = (row: Row): NoticeSettingsRecord => ({ acknowledgeNew: row.acknowledge_new, notifySolved: row.notify_solved, smsNotices: row.sms_notices, updatedAt: row.updated_at });

export async function selectNoticeSettings(sql: Sql, workspaceId: string): Promise<NoticeSettingsRecord> {
  const rows = await sql.query<Row>(`SELECT acknowledge_new, notify_solved, sms_notices, updated_at FROM customer_notice_settings WHERE workspace_id = $1`, [workspaceId]);
  return rows[0] ? toRecord(rows[0]) : DEFAULT_NOTICE_SETTINGS;
}

export async function upsertNoticeSettings(sql: Sql, workspaceId: string, settings: Omit<NoticeSettingsRecord, 'updatedAt'> & { now: Date }): Promise<NoticeSettingsRecord> {
  const rows = await sql.query<Row>(
    `INSERT INTO customer_notice_settings (workspace_id, acknowledge_new, notify_solved, sms_notices, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id) DO UPDATE SET acknowledge_new = EXCLUDED.acknowledge_new, notify_solved = EXCLUDED.notify_solved,
            sms_notices = EXCLUDED.sms_notices, updated_at = EXCLUDED.updated_at
     RETURNING acknowledge_new, notify_solved, sms_notices, updated_at`,
    [workspaceId, settings.acknowledgeNew, settings.notifySolved, settings.smsNotices, settings.now],
  );
  return toRecord(rows[0]!);
}
