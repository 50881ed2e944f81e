/** The category tree: product 产品类 / operation 操作类 / after-sales 售后类 by default, then whatever admins make of it. */
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { text } from '../../platform/validation/index.ts';
import * as repo from './kb-articles.repository.ts';
import { categoryNotFound, requirePermission, validationError, type KbDeps } from './kb.context.ts';
import { slugify, SLUG_PATTERN, uniqueSlug } from './slug.ts';

export const DEFAULT_CATEGORIES = [
  { key: 'product', slug: 'product' },
  { key: 'operation', slug: 'operation' },
  { key: 'after_sales', slug: 'after-sales' },
] as const;

export const CategoryInput = z.strictObject({
  nameEn: text(100, 1),
  nameZh: text(100, 1),
  slug: text(80).optional(),
  parentId: z.uuid().nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
export const CategoryPatch = CategoryInput.partial();

export interface CategoryView extends repo.CategoryRecord {
  articleCount?: number;
}

/** Creates the default categories the first time the workspace's knowledge base is used, inside the caller's transaction. */
export async function ensureDefaultCategories(sql: Sql, deps: Pick<KbDeps, 'clock'>, workspaceId: string): Promise<void> {
  if (await repo.hasSeededDefaults(sql, workspaceId)) return;
  const now = deps.clock.now();
  if (!(await repo.markDefaultsSeeded(sql, workspaceId, now))) return;
  for (const [position, category] of DEFAULT_CATEGORIES.entries()) {
    await repo.insertCategory(sql, workspaceId, {
      id: newId(), parentId: null, slug: category.slug, nameEn: translate('en', `kb.category.${category.key}`), nameZh: translate('zh-CN', `kb.category.${category.key}`),
      position: (position + 1) * 10, createdAt: now, updatedAt: now,
    });
  }
}

/** Holds the workspace's change order until commit (see lockWorkspaceChanges); seeds the defaults first. */
export async function lockKbChanges(tx: Sql, deps: Pick<KbDeps, 'clock'>, workspaceId: string): Promise<void> {
  await ensureDefaultCategories(tx, deps, workspaceId);
  await repo.lockWorkspaceChanges(tx, workspaceId);
}

export function createCategoryOps(deps: KbDeps) {
  const { db, clock, audit } = deps;

  async function loadCategories(sql: Sql, workspaceId: string): Promise<repo.CategoryRecord[]> {
    if (!(await repo.hasSeededDefaults(sql, workspaceId))) await db.transaction((tx) => ensureDefaultCategories(tx, deps, workspaceId));
    return repo.selectCategories(sql, workspaceId);
  }

  function checkSlug(slug: string, categories: repo.CategoryRecord[], exceptId?: string): void {
    if (!SLUG_PATTERN.test(slug)) throw validationError([{ field: 'slug', messageKey: 'kb.slug_invalid' }]);
    if (categories.some((category) => category.slug === slug && category.id !== exceptId)) throw validationError([{ field: 'slug', messageKey: 'kb.slug_taken' }]);
  }

  function checkParent(parentId: string | null | undefined, categories: repo.CategoryRecord[], selfId?: string): void {
    if (!parentId) return;
    if (!categories.some((category) => category.id === parentId)) throw validationError([{ field: 'parentId', messageKey: 'kb.unknown_category' }]);
    // Walking up from the new parent must never reach the category itself.
    for (let at: string | null = parentId; at; at = categories.find((category) => category.id === at)?.parentId ?? null) {
      if (at === selfId) throw validationError([{ field: 'parentId', messageKey: 'kb.category_cycle' }]);
    }
  }

  return {
    loadCategories,

    async listCategories(actor: Actor): Promise<repo.CategoryRecord[]> {
      requirePermission(actor, 'kb.read');
      return loadCategories(db, actor.workspaceId);
    },

    async createCategory(actor: Actor, input: z.infer<typeof CategoryInput>): Promise<repo.CategoryRecord> {
      requirePermission(actor, 'kb.manage');
      return db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        const categories = await repo.selectCategories(tx, actor.workspaceId);
        const slug = input.slug ? input.slug : uniqueSlug(slugify(input.nameEn), (candidate) => categories.some((category) => category.slug === candidate));
        checkSlug(slug, categories);
        checkParent(input.parentId, categories);
        const now = clock.now();
        const record: repo.CategoryRecord = { id: newId(), parentId: input.parentId ?? null, slug, nameEn: input.nameEn, nameZh: input.nameZh, position: input.position ?? (categories.length + 1) * 10, createdAt: now, updatedAt: now };
        await repo.insertCategory(tx, actor.workspaceId, record);
        await audit.record(tx, actor, { action: 'kb.category_created', entityType: 'kb_category', entityId: record.id, details: { slug } });
        return record;
      });
    },

    async updateCategory(actor: Actor, id: string, patch: z.infer<typeof CategoryPatch>): Promise<repo.CategoryRecord> {
      requirePermission(actor, 'kb.manage');
      if (!isUuid(id)) throw categoryNotFound();
      return db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        const categories = await repo.selectCategories(tx, actor.workspaceId);
        if (!categories.some((category) => category.id === id)) throw categoryNotFound();
        if (patch.slug !== undefined) checkSlug(patch.slug, categories, id);
        checkParent(patch.parentId, categories, id);
        const updated = await repo.updateCategory(tx, actor.workspaceId, id, patch, clock.now());
        await audit.record(tx, actor, { action: 'kb.category_updated', entityType: 'kb_category', entityId: id, details: { fields: Object.keys(patch) } });
        return updated!;
      });
    },

    async deleteCategory(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'kb.manage');
      if (!isUuid(id)) throw categoryNotFound();
      await db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        const categories = await repo.selectCategories(tx, actor.workspaceId);
        if (!categories.some((category) => category.id === id)) throw categoryNotFound();
        if (!(await repo.deleteEmptyCategory(tx, actor.workspaceId, id))) throw new AppError('conflict', 'kb.category_not_empty');
        await audit.record(tx, actor, { action: 'kb.category_deleted', entityType: 'kb_category', entityId: id });
      });
    },
  };
}
