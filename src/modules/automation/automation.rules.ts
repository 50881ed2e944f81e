/**
 * Rules as admins manage them — list, create, edit (each edit a new version), look back over and restore versions,
 * order, enable — and the dry run.
 */
import { assertCan, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { assertActionReferences } from './action-references.ts';
import type { AutomationContext } from './automation.context.ts';
import type { AutomationEngine } from './automation.engine.ts';
import * as repo from './automation.repository.ts';
import { dryRunRule, type DryRunResult } from './dry-run.ts';
import { seedDefaultRules } from './default-rules.ts';
import { findRuleOrderProblem } from './rule-order.ts';
import type { RuleDefinition } from './rule-schema.ts';

export interface RuleView {
  id: string;
  name: string;
  trigger: RuleDefinition['trigger'];
  conditions: RuleDefinition['conditions'];
  actions: RuleDefinition['actions'];
  stopFurther: boolean;
  position: number;
  isEnabled: boolean;
  version: number;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type RuleDraft = Pick<RuleDefinition, 'trigger' | 'conditions' | 'actions'> & { stopFurther?: boolean };
export interface CreateRuleInput extends RuleDraft {
  name: string;
  isEnabled?: boolean;
  position?: number;
}
export type UpdateRuleInput = Partial<CreateRuleInput>;

export interface RuleVersionView {
  version: number;
  name: string;
  definition: RuleDefinition;
  createdBy: string | null;
  createdAt: Date;
}

const MAX_DRY_RUN_DAYS = 92;

export function toRuleView(record: repo.RuleRecord): RuleView {
  const { trigger, conditions, actions, stopFurther } = record.definition;
  return {
    id: record.id,
    name: record.name,
    trigger,
    conditions,
    actions,
    stopFurther: stopFurther ?? false,
    position: record.position,
    isEnabled: record.isEnabled,
    version: record.version,
    isDefault: record.seedKey !== null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const definitionOf = (draft: RuleDraft): RuleDefinition => ({ trigger: draft.trigger, conditions: draft.conditions, actions: draft.actions, stopFurther: draft.stopFurther ?? false });

export function createRuleOps(ctx: AutomationContext, engine: AutomationEngine) {
  const { db, clock, deps } = ctx;
  const notFound = () => new AppError('not_found', 'automation.rule_not_found');

  /** The rule, locked for the edit; a stale If-Match is a conflict that names the current version. */
  async function lockRule(tx: Sql, workspaceId: string, id: string, ifMatch: number | undefined): Promise<repo.RuleRecord> {
    const current = isUuid(id) ? await repo.selectRule(tx, workspaceId, id, { forUpdate: true }) : undefined;
    if (!current) throw notFound();
    if (ifMatch !== undefined && ifMatch !== current.version) throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current.version } });
    return current;
  }

  return {
    async listRules(actor: Actor): Promise<RuleView[]> {
      assertCan(actor, 'settings.manage');
      return (await repo.selectRules(db, actor.workspaceId)).map(toRuleView);
    },

    async getRule(actor: Actor, id: string): Promise<RuleView> {
      assertCan(actor, 'settings.manage');
      const rule = isUuid(id) ? await repo.selectRule(db, actor.workspaceId, id) : undefined;
      if (!rule) throw notFound();
      return toRuleView(rule);
    },

    async createRule(actor: Actor, input: CreateRuleInput): Promise<RuleView> {
      assertCan(actor, 'settings.manage');
      const definition = definitionOf(input);
      return db.transaction(async (tx) => {
        await assertActionReferences(ctx, tx, actor.workspaceId, definition.actions, 'actions');
        const id = newId();
        const position = input.position ?? (await repo.nextPosition(tx, actor.workspaceId));
        await repo.insertRule(tx, actor.workspaceId, { id, name: input.name, definition, position, isEnabled: input.isEnabled ?? false, seedKey: null, createdBy: actor.userId, now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'automation.rule_created', entityType: 'automation_rule', entityId: id, details: { name: input.name, enabled: input.isEnabled ?? false } });
        engine.forgetRules(tx, actor.workspaceId);
        return toRuleView((await repo.selectRule(tx, actor.workspaceId, id))!);
      });
    },

    /** A new name, trigger, conditions, actions or stop flag makes a new version; enabling and moving do not. */
    async updateRule(actor: Actor, id: string, input: UpdateRuleInput, options: { ifMatch?: number } = {}): Promise<RuleView> {
      assertCan(actor, 'settings.manage');
      return db.transaction(async (tx) => {
        const current = await lockRule(tx, actor.workspaceId, id, options.ifMatch);
        const touchesDefinition = input.trigger !== undefined || input.conditions !== undefined || input.actions !== undefined || input.stopFurther !== undefined;
        const definition = touchesDefinition ? definitionOf({ ...current.definition, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) } as RuleDraft) : undefined;
        if (definition) await assertActionReferences(ctx, tx, actor.workspaceId, definition.actions, 'actions');
        const next = await repo.updateRule(tx, actor.workspaceId, current, { name: input.name, definition, isEnabled: input.isEnabled, position: input.position }, actor.userId, clock.now());
        await deps.audit.record(tx, actor, { action: 'automation.rule_updated', entityType: 'automation_rule', entityId: id, details: { version: next.version, enabled: next.isEnabled } });
        engine.forgetRules(tx, actor.workspaceId);
        return toRuleView(next);
      });
    },

    /** Every version the rule has had, newest first, with who saved it and when. */
    async listRuleVersions(actor: Actor, id: string): Promise<RuleVersionView[]> {
      assertCan(actor, 'settings.manage');
      const rule = isUuid(id) ? await repo.selectRule(db, actor.workspaceId, id) : undefined;
      if (!rule) throw notFound();
      return repo.selectRuleVersions(db, actor.workspaceId, id);
    },

    /**
     * Brings back an earlier version's name and definition as a new version (history only grows, so the restore is
     * itself on record); enabling and position stay as they are.
     */
    async restoreRuleVersion(actor: Actor, id: string, version: number, options: { ifMatch?: number } = {}): Promise<RuleView> {
      assertCan(actor, 'settings.manage');
      return db.transaction(async (tx) => {
        const current = await lockRule(tx, actor.workspaceId, id, options.ifMatch);
        const chosen = await repo.selectRuleVersion(tx, actor.workspaceId, id, version);
        if (!chosen) throw new AppError('not_found', 'automation.version_not_found');
        const definition = definitionOf(chosen.definition);
        // A team or user the old version names may have gone since: the restore is refused like such an edit.
        await assertActionReferences(ctx, tx, actor.workspaceId, definition.actions, 'actions');
        const next = await repo.updateRule(tx, actor.workspaceId, current, { name: chosen.name, definition, isNewVersion: true }, actor.userId, clock.now());
        await deps.audit.record(tx, actor, { action: 'automation.rule_restored', entityType: 'automation_rule', entityId: id, details: { version: next.version, restoredVersion: version } });
        engine.forgetRules(tx, actor.workspaceId);
        return toRuleView(next);
      });
    },

    /** The whole running order at once: each of the workspace's rules exactly once, or nothing changes. */
    async reorderRules(actor: Actor, ruleIds: string[]): Promise<RuleView[]> {
      assertCan(actor, 'settings.manage');
      const orderedIds = ruleIds.map((ruleId) => ruleId.toLowerCase());
      return db.transaction(async (tx) => {
        const problem = findRuleOrderProblem(await repo.selectRuleIdsForUpdate(tx, actor.workspaceId), orderedIds);
        if (problem) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'ruleIds', messageKey: problem }] });
        await repo.updateRulePositions(tx, actor.workspaceId, orderedIds, clock.now());
        await deps.audit.record(tx, actor, { action: 'automation.rules_reordered', entityType: 'automation_rule', entityId: null, details: { ruleIds: orderedIds } });
        engine.forgetRules(tx, actor.workspaceId);
        return (await repo.selectRules(tx, actor.workspaceId)).map(toRuleView);
      });
    },

    async deleteRule(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      if (!isUuid(id)) throw notFound();
      await db.transaction(async (tx) => {
        if (!(await repo.deleteRule(tx, actor.workspaceId, id))) throw notFound();
        await deps.audit.record(tx, actor, { action: 'automation.rule_deleted', entityType: 'automation_rule', entityId: id, details: {} });
      });
    },

    async listFirings(actor: Actor, filter: { ruleId?: string; ticketId?: string }): Promise<repo.FiringRecord[]> {
      assertCan(actor, 'settings.manage');
      if ((filter.ruleId && !isUuid(filter.ruleId)) || (filter.ticketId && !isUuid(filter.ticketId))) return [];
      return repo.selectFirings(db, actor.workspaceId, { ...filter, limit: 200 });
    },

    /**
     * A saved rule or an unsaved draft against the tickets created in a past period: which match and what each would
     * have done. Nothing is written.
     */
    async dryRun(actor: Actor, input: { ruleId?: string; draft?: RuleDraft; from: Date; to: Date; limit?: number }): Promise<DryRunResult> {
      assertCan(actor, 'settings.manage');
      const span = input.to.getTime() - input.from.getTime();
      if (!(span > 0) || span > MAX_DRY_RUN_DAYS * 86_400_000) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'to', messageKey: 'automation.period_invalid' }] });
      let definition: RuleDefinition;
      if (input.draft) definition = definitionOf(input.draft);
      else {
        const rule = input.ruleId && isUuid(input.ruleId) ? await repo.selectRule(db, actor.workspaceId, input.ruleId) : undefined;
        if (!rule) throw notFound();
        definition = rule.definition;
      }
      return dryRunRule(ctx, actor.workspaceId, definition, { from: input.from, to: input.to }, input.limit ?? 500);
    },

    /** The defaults a new workspace starts with (the demo seeder calls this; provisioning does it in its transaction). */
    async seedDefaultRules(workspaceId: string): Promise<number> {
      return db.transaction(async (tx) => {
        const workspace = await deps.workspaces.getWorkspace(workspaceId, tx);
        return seedDefaultRules(tx, clock, workspaceId, workspace.defaultLocale);
      });
    },
  };
}
