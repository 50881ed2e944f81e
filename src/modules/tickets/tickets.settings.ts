import type { Actor } from '../../platform/actor.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import type { CustomFieldDefinition, CustomFieldOption, CustomFieldType } from './custom-fields.ts';
import { BUILT_IN_VIEWS, type ViewFilters } from './ticket-list-query.ts';
import * as settingsRepo from './ticket-settings.repository.ts';
import { BUILT_IN_TYPES, type TicketsContext, type TicketTypeView } from './tickets.context.ts';

export interface SavedView {
  id: string;
  name: string;
  /** ViewFilters, as stored. */
  filters: Record<string, unknown>;
  isShared: boolean;
  ownerId: string;
  isMine: boolean;
  createdAt: Date;
}

const fieldProblem = (code: 'conflict' | 'validation', field: string, messageKey: string) =>
  new AppError(code, 'errors.validation', { fields: [{ field, messageKey }] });

function checkOptions(type: CustomFieldType, options: CustomFieldOption[] | undefined): void {
  const isSelect = type === 'select' || type === 'multi_select';
  if (isSelect && (!options || options.length === 0)) throw fieldProblem('validation', 'options', 'tickets.options_required');
  if (!isSelect && options && options.length > 0) throw fieldProblem('validation', 'options', 'tickets.options_not_allowed');
  if (options && new Set(options.map((option) => option.value)).size !== options.length) throw fieldProblem('validation', 'options', 'tickets.duplicate_option');
}

export function createTicketSettingsOps(ctx: TicketsContext) {
  const { deps, clock, db } = ctx;

  const toSavedView = (actor: Actor, record: settingsRepo.SavedViewRecord): SavedView => ({
    id: record.id,
    name: record.name,
    filters: { ...record.filters },
    isShared: record.isShared,
    ownerId: record.ownerId,
    isMine: record.ownerId === actor.userId,
    createdAt: record.createdAt,
  });

  return {
    // ---- ticket types ----
    async listTicketTypes(actor: Actor): Promise<TicketTypeView[]> {
      assertCan(actor, 'tickets.read');
      return (await ctx.loadSettings(actor.workspaceId)).types;
    },

    async createTicketType(actor: Actor, input: { key: string; names: { en: string; 'zh-CN': string }; isActive?: boolean; position?: number }): Promise<TicketTypeView> {
      assertCan(actor, 'settings.manage');
      if (BUILT_IN_TYPES.some((type) => type.key === input.key)) throw fieldProblem('conflict', 'key', 'tickets.type_key_taken');
      const row = { key: input.key, nameEn: input.names.en, nameZh: input.names['zh-CN'], isActive: input.isActive ?? true, position: input.position ?? 100 };
      await db.transaction(async (tx) => {
        if (!(await settingsRepo.insertTicketType(tx, actor.workspaceId, row, clock.now()))) throw fieldProblem('conflict', 'key', 'tickets.type_key_taken');
        await deps.audit.record(tx, actor, { action: 'ticket_type.created', entityType: 'ticket_type', entityId: input.key });
      });
      ctx.invalidateSettings(actor.workspaceId);
      return { key: row.key, names: input.names, isActive: row.isActive, isBuiltIn: false, position: row.position };
    },

    async updateTicketType(
      actor: Actor,
      key: string,
      patch: { names?: { en: string; 'zh-CN': string }; isActive?: boolean; position?: number },
    ): Promise<TicketTypeView> {
      assertCan(actor, 'settings.manage');
      ctx.invalidateSettings(actor.workspaceId);
      const current = (await ctx.loadSettings(actor.workspaceId)).types.find((type) => type.key === key);
      if (!current) throw new AppError('not_found', 'tickets.type_not_found');
      const next: TicketTypeView = {
        ...current,
        names: patch.names ?? current.names,
        isActive: patch.isActive ?? current.isActive,
        position: patch.position ?? current.position,
      };
      await db.transaction(async (tx) => {
        await settingsRepo.upsertTicketType(tx, actor.workspaceId, { key, nameEn: next.names.en, nameZh: next.names['zh-CN'], isActive: next.isActive, position: next.position }, clock.now());
        await deps.audit.record(tx, actor, { action: 'ticket_type.updated', entityType: 'ticket_type', entityId: key, details: { fields: Object.keys(patch) } });
      });
      ctx.invalidateSettings(actor.workspaceId);
      return next;
    },

    // ---- custom fields ----
    async listCustomFields(actor: Actor): Promise<CustomFieldDefinition[]> {
      assertCan(actor, 'tickets.read');
      return (await ctx.loadSettings(actor.workspaceId)).fields;
    },

    async createCustomField(
      actor: Actor,
      input: { key: string; labels: { en: string; 'zh-CN': string }; type: CustomFieldType; options?: CustomFieldOption[]; isRequired?: boolean; position?: number },
    ): Promise<CustomFieldDefinition> {
      assertCan(actor, 'settings.manage');
      checkOptions(input.type, input.options);
      const created = await db.transaction(async (tx) => {
        const field = await settingsRepo.insertCustomField(
          tx,
          actor.workspaceId,
          { id: newId(), key: input.key, labels: input.labels, type: input.type, options: input.options ?? [], isRequired: input.isRequired ?? false, position: input.position ?? 0 },
          clock.now(),
        );
        if (!field) throw fieldProblem('conflict', 'key', 'tickets.custom_field_key_taken');
        await deps.audit.record(tx, actor, { action: 'custom_field.created', entityType: 'custom_field', entityId: field.id, details: { key: field.key, type: field.type } });
        return field;
      });
      ctx.invalidateSettings(actor.workspaceId);
      return created;
    },

    async updateCustomField(
      actor: Actor,
      id: string,
      patch: { labels?: { en: string; 'zh-CN': string }; options?: CustomFieldOption[]; isRequired?: boolean; position?: number },
    ): Promise<CustomFieldDefinition> {
      assertCan(actor, 'settings.manage');
      const updated = await db.transaction(async (tx) => {
        const current = isUuid(id) ? await settingsRepo.selectCustomField(tx, actor.workspaceId, id) : undefined;
        if (!current) throw new AppError('not_found', 'tickets.custom_field_not_found');
        if (patch.options !== undefined) checkOptions(current.type, patch.options);
        const field = await settingsRepo.updateCustomField(tx, actor.workspaceId, id, patch, clock.now());
        await deps.audit.record(tx, actor, { action: 'custom_field.updated', entityType: 'custom_field', entityId: id, details: { fields: Object.keys(patch) } });
        return field!;
      });
      ctx.invalidateSettings(actor.workspaceId);
      return updated;
    },

    /** Stored values stay on the tickets (history) but are no longer shown or validated. */
    async deleteCustomField(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        const key = isUuid(id) ? await settingsRepo.deleteCustomField(tx, actor.workspaceId, id) : undefined;
        if (key === undefined) throw new AppError('not_found', 'tickets.custom_field_not_found');
        await deps.audit.record(tx, actor, { action: 'custom_field.deleted', entityType: 'custom_field', entityId: id, details: { key } });
      });
      ctx.invalidateSettings(actor.workspaceId);
    },

    // ---- saved views ----
    async listViews(actor: Actor): Promise<{ builtIn: readonly string[]; items: SavedView[] }> {
      assertCan(actor, 'tickets.read');
      const rows = await settingsRepo.selectSavedViews(db, actor.workspaceId, actor.userId);
      return { builtIn: BUILT_IN_VIEWS, items: rows.map((row) => toSavedView(actor, row)) };
    },

    async createView(actor: Actor, input: { name: string; filters: ViewFilters; isShared?: boolean }): Promise<SavedView> {
      assertCan(actor, 'tickets.read');
      if (!actor.userId) throw forbidden('tickets.read');
      if (input.isShared && actor.role !== 'admin' && actor.role !== 'supervisor') {
        throw new AppError('forbidden', 'tickets.shared_view_forbidden');
      }
      const record: settingsRepo.SavedViewRecord = { id: newId(), ownerId: actor.userId, name: input.name, filters: input.filters, isShared: input.isShared ?? false, createdAt: clock.now() };
      await db.transaction(async (tx) => {
        await settingsRepo.insertSavedView(tx, actor.workspaceId, record);
        await deps.audit.record(tx, actor, { action: 'view.created', entityType: 'saved_view', entityId: record.id, details: { isShared: record.isShared } });
      });
      return toSavedView(actor, record);
    },

    /** The owner deletes a view; an admin may also delete shared ones. Views one cannot see are 404. */
    async deleteView(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'tickets.read');
      await db.transaction(async (tx) => {
        const view = isUuid(id) ? await settingsRepo.selectSavedView(tx, actor.workspaceId, id) : undefined;
        if (!view || (!view.isShared && view.ownerId !== actor.userId)) throw new AppError('not_found', 'tickets.view_not_found');
        if (view.ownerId !== actor.userId && actor.role !== 'admin') throw forbidden('settings.manage');
        await settingsRepo.deleteSavedView(tx, actor.workspaceId, id);
        await deps.audit.record(tx, actor, { action: 'view.deleted', entityType: 'saved_view', entityId: id });
      });
    },
  };
}
