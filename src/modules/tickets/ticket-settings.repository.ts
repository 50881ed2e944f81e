import type { Sql } from '../../platform/db.ts';
import type { CustomFieldDefinition, CustomFieldOption, CustomFieldType } from './custom-fields.ts';
import type { ViewFilters } from './ticket-list-query.ts';

/** The only code that queries ticket_types, ticket_custom_fields and saved_views. */

export interface TicketTypeRow {
  key: string;
  nameEn: string;
  nameZh: string;
  isActive: boolean;
  position: number;
}

export async function selectTicketTypes(sql: Sql, workspaceId: string): Promise<TicketTypeRow[]> {
  const rows = await sql.query(
    `SELECT key, name_en, name_zh, is_active, position FROM ticket_types WHERE workspace_id = $1 ORDER BY position, key`,
    [workspaceId],
  );
  return rows.map((row) => ({
    key: row.key as string,
    nameEn: row.name_en as string,
    nameZh: row.name_zh as string,
    isActive: row.is_active as boolean,
    position: row.position as number,
  }));
}

/** Returns false when the key is taken. */
export async function insertTicketType(sql: Sql, workspaceId: string, type: TicketTypeRow, now: Date): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO ticket_types (workspace_id, key, name_en, name_zh, is_active, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING 1`,
    [workspaceId, type.key, type.nameEn, type.nameZh, type.isActive, type.position, now],
  );
  return rows.length > 0;
}

/** Creates or replaces the stored row of a type (an override of a built-in starts from its defaults). */
export async function upsertTicketType(sql: Sql, workspaceId: string, type: TicketTypeRow, now: Date): Promise<void> {
  await sql.query(
    `INSERT INTO ticket_types (workspace_id, key, name_en, name_zh, is_active, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (workspace_id, key) DO UPDATE SET name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh,
       is_active = EXCLUDED.is_active, position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
    [workspaceId, type.key, type.nameEn, type.nameZh, type.isActive, type.position, now],
  );
}

const toField = (row: Record<string, unknown>): CustomFieldDefinition => ({
  id: row.id as string,
  key: row.key as string,
  labels: { en: row.label_en as string, 'zh-CN': row.label_zh as string },
  type: row.field_type as CustomFieldType,
  options: (row.options as CustomFieldOption[]) ?? [],
  isRequired: row.is_required as boolean,
  position: row.position as number,
  createdAt: row.created_at as Date,
  updatedAt: row.updated_at as Date,
});

const FIELD_COLUMNS = 'id, key, label_en, label_zh, field_type, options, is_required, position, created_at, updated_at';

export async function selectCustomFields(sql: Sql, workspaceId: string): Promise<CustomFieldDefinition[]> {
  const rows = await sql.query(`SELECT ${FIELD_COLUMNS} FROM ticket_custom_fields WHERE workspace_id = $1 ORDER BY position, key`, [workspaceId]);
  return rows.map(toField);
}

export async function selectCustomField(sql: Sql, workspaceId: string, id: string): Promise<CustomFieldDefinition | undefined> {
  const rows = await sql.query(`SELECT ${FIELD_COLUMNS} FROM ticket_custom_fields WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toField(rows[0]) : undefined;
}

/** Returns undefined when the key is taken. */
export async function insertCustomField(sql: Sql, workspaceId: string, field: Omit<CustomFieldDefinition, 'createdAt' | 'updatedAt'>, now: Date): Promise<CustomFieldDefinition | undefined> {
  const rows = await sql.query(
    `INSERT INTO ticket_custom_fields (workspace_id, id, key, label_en, label_zh, field_type, options, is_required, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING RETURNING ${FIELD_COLUMNS}`,
    [workspaceId, field.id, field.key, field.labels.en, field.labels['zh-CN'], field.type, JSON.stringify(field.options), field.isRequired, field.position, now],
  );
  return rows[0] ? toField(rows[0]) : undefined;
}

export async function updateCustomField(
  sql: Sql,
  workspaceId: string,
  id: string,
  patch: { labels?: { en: string; 'zh-CN': string }; options?: CustomFieldOption[]; isRequired?: boolean; position?: number },
  now: Date,
): Promise<CustomFieldDefinition | undefined> {
  const rows = await sql.query(
    `UPDATE ticket_custom_fields SET label_en = COALESCE($3, label_en), label_zh = COALESCE($4, label_zh),
            options = COALESCE($5::jsonb, options), is_required = COALESCE($6, is_required), position = COALESCE($7, position), updated_at = $8
      WHERE workspace_id = $1 AND id = $2 RETURNING ${FIELD_COLUMNS}`,
    [
      workspaceId,
      id,
      patch.labels?.en ?? null,
      patch.labels?.['zh-CN'] ?? null,
      patch.options ? JSON.stringify(patch.options) : null,
      patch.isRequired ?? null,
      patch.position ?? null,
      now,
    ],
  );
  return rows[0] ? toField(rows[0]) : undefined;
}

export async function deleteCustomField(sql: Sql, workspaceId: string, id: string): Promise<string | undefined> {
  const rows = await sql.query<{ key: string }>(`DELETE FROM ticket_custom_fields WHERE workspace_id = $1 AND id = $2 RETURNING key`, [workspaceId, id]);
  return rows[0]?.key;
}

export interface SavedViewRecord {
  id: string;
  ownerId: string;
  name: string;
  filters: ViewFilters;
  isShared: boolean;
  createdAt: Date;
}

const toView = (row: Record<string, unknown>): SavedViewRecord => ({
  id: row.id as string,
  ownerId: row.owner_id as string,
  name: row.name as string,
  filters: (row.filters as ViewFilters) ?? {},
  isShared: row.is_shared as boolean,
  createdAt: row.created_at as Date,
});

/** The user's own views and the views shared in the workspace. */
export async function selectSavedViews(sql: Sql, workspaceId: string, userId: string | null): Promise<SavedViewRecord[]> {
  const rows = await sql.query(
    `SELECT id, owner_id, name, filters, is_shared, created_at FROM saved_views
      WHERE workspace_id = $1 AND (is_shared OR owner_id = $2) ORDER BY lower(name), id`,
    [workspaceId, userId],
  );
  return rows.map(toView);
}

export async function selectSavedView(sql: Sql, workspaceId: string, id: string): Promise<SavedViewRecord | undefined> {
  const rows = await sql.query(`SELECT id, owner_id, name, filters, is_shared, created_at FROM saved_views WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toView(rows[0]) : undefined;
}

export async function insertSavedView(sql: Sql, workspaceId: string, view: SavedViewRecord): Promise<void> {
  await sql.query(
    `INSERT INTO saved_views (workspace_id, id, owner_id, name, filters, is_shared, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [workspaceId, view.id, view.ownerId, view.name, JSON.stringify(view.filters), view.isShared, view.createdAt],
  );
}

export async function deleteSavedView(sql: Sql, workspaceId: string, id: string): Promise<void> {
  await sql.query(`DELETE FROM saved_views WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}
