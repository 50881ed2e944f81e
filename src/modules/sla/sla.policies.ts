/** SLA policies: list (seeding the defaults), read, create, update, delete and reorder. */
import { fieldProblemsFromZodError } from '../../platform/validation/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError, notFound, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import { MAX_POLICIES, PolicyCreateSchema, PolicyPatchSchema, ReorderSchema, type EscalationStep, type PolicyConditions } from './sla-policy.ts';
import * as policiesRepo from './sla-policies.repository.ts';
import { checkCalendarRef, checkVersion, validationError, type SlaContext } from './sla.context.ts';

/** Policies are shown exactly as stored. */
export type PolicyView = policiesRepo.PolicyRecord;

export function createPolicyOps(ctx: SlaContext) {
  const { db, clock, audit, identity, engine, markConfigChanged } = ctx;

  async function requirePolicy(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<policiesRepo.PolicyRecord> {
    const policy = await policiesRepo.selectPolicy(sql, workspaceId, id, forUpdate);
    if (!policy) throw notFound('SLA policy');
    return policy;
  }

  /** Ids that must exist in identity (users active, teams present); read before the write transaction. */
  async function checkReferences(workspaceId: string, policy: { conditions?: PolicyConditions; escalation?: EscalationStep[] }): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const userIds = (policy.escalation ?? []).flatMap((step) => (step.userId ? [step.userId] : []));
    const teamIds = [...(policy.conditions?.teamIds ?? []), ...(policy.escalation ?? []).flatMap((step) => (step.teamId ? [step.teamId] : []))];
    const users = new Set((await identity.getUsersByIds(workspaceId, [...new Set(userIds)])).filter((u) => u.isActive).map((u) => u.id));
    const teams = new Set((await identity.getTeamsByIds(workspaceId, [...new Set(teamIds)])).map((t) => t.id));
    policy.conditions?.teamIds?.forEach((id, index) => {
      if (!teams.has(id)) problems.push({ field: `conditions.teamIds[${index}]`, messageKey: 'sla.unknown_team' });
    });
    policy.escalation?.forEach((step, index) => {
      if (step.userId && !users.has(step.userId)) problems.push({ field: `escalation[${index}].userId`, messageKey: 'sla.unknown_user' });
      if (step.teamId && !teams.has(step.teamId)) problems.push({ field: `escalation[${index}].teamId`, messageKey: 'sla.unknown_team' });
    });
    return problems;
  }

  return {
    async listPolicies(actor: Actor): Promise<PolicyView[]> {
      assertCan(actor, 'tickets.read');
      return db.transaction(async (tx) => {
        await engine.ensureDefaults(tx, actor.workspaceId);
        return (await policiesRepo.selectPolicies(tx, actor.workspaceId));
      });
    },

    async getPolicy(actor: Actor, id: string): Promise<PolicyView> {
      assertCan(actor, 'tickets.read');
      return requirePolicy(db, actor.workspaceId, id);
    },

    async createPolicy(actor: Actor, body: unknown): Promise<PolicyView> {
      assertCan(actor, 'settings.manage');
      const parsed = PolicyCreateSchema.safeParse(body);
      if (!parsed.success) throw validationError(fieldProblemsFromZodError(parsed.error));
      const input = parsed.data;
      const problems = await checkReferences(actor.workspaceId, input);
      if (problems.length > 0) throw validationError(problems);
      const id = newId();
      return db.transaction(async (tx) => {
        await engine.ensureDefaults(tx, actor.workspaceId);
        await policiesRepo.lockSettings(tx, actor.workspaceId);
        await checkCalendarRef(tx, actor.workspaceId, input.calendarId);
        const existing = await policiesRepo.selectPolicies(tx, actor.workspaceId);
        if (existing.length >= MAX_POLICIES) throw validationError([{ field: '', messageKey: 'validation.too_big', params: { maximum: MAX_POLICIES } }]);
        const position = Math.min(input.position ?? existing.length, existing.length);
        const created = await policiesRepo.insertPolicy(
          tx,
          actor.workspaceId,
          {
            id,
            name: input.name,
            description: input.description ?? '',
            position,
            isActive: input.isActive ?? true,
            conditions: input.conditions ?? {},
            targets: input.targets,
            calendarId: input.calendarId ?? null,
            countBotReplies: input.countBotReplies ?? false,
            reopenRestartsResolution: input.reopenRestartsResolution ?? true,
            escalation: input.escalation ?? [],
          },
          clock.now(),
        );
        if (!created) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        const order = existing.map((p) => p.id);
        order.splice(position, 0, id);
        await policiesRepo.updatePositions(tx, actor.workspaceId, order, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policy_created', entityType: 'sla_policy', entityId: id, details: { name: input.name } });
        return requirePolicy(tx, actor.workspaceId, id);
      });
    },

    async updatePolicy(actor: Actor, id: string, body: unknown, expectedVersion?: number): Promise<PolicyView> {
      assertCan(actor, 'settings.manage');
      const parsed = PolicyPatchSchema.safeParse(body);
      if (!parsed.success) throw validationError(fieldProblemsFromZodError(parsed.error));
      const patch = parsed.data;
      const problems = await checkReferences(actor.workspaceId, patch);
      if (problems.length > 0) throw validationError(problems);
      return db.transaction(async (tx) => {
        const current = await requirePolicy(tx, actor.workspaceId, id, true);
        checkVersion(current.version, expectedVersion);
        await checkCalendarRef(tx, actor.workspaceId, patch.calendarId);
        const merged = {
          name: patch.name ?? current.name,
          description: patch.description ?? current.description,
          isActive: patch.isActive ?? current.isActive,
          conditions: patch.conditions ?? current.conditions,
          targets: patch.targets ?? current.targets,
          calendarId: patch.calendarId === undefined ? current.calendarId : patch.calendarId,
          countBotReplies: patch.countBotReplies ?? current.countBotReplies,
          reopenRestartsResolution: patch.reopenRestartsResolution ?? current.reopenRestartsResolution,
          escalation: patch.escalation ?? current.escalation,
        };
        // Cross-field rules (a warning before the due time) hold for the result, not only for the patch.
        const whole = PolicyCreateSchema.safeParse(merged);
        if (!whole.success) throw validationError(fieldProblemsFromZodError(whole.error));
        if (await policiesRepo.isPolicyNameTaken(tx, actor.workspaceId, merged.name, id)) {
          throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'sla.name_taken' }] });
        }
        await policiesRepo.updatePolicy(tx, actor.workspaceId, { ...merged, id, position: current.position }, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policy_updated', entityType: 'sla_policy', entityId: id, details: { fields: Object.keys(patch) } });
        return requirePolicy(tx, actor.workspaceId, id);
      });
    },

    async deletePolicy(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        await policiesRepo.lockSettings(tx, actor.workspaceId);
        const current = await requirePolicy(tx, actor.workspaceId, id, true);
        await policiesRepo.deletePolicy(tx, actor.workspaceId, id);
        const rest = (await policiesRepo.selectPolicies(tx, actor.workspaceId)).map((p) => p.id);
        await policiesRepo.updatePositions(tx, actor.workspaceId, rest, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policy_deleted', entityType: 'sla_policy', entityId: id, details: { name: current.name } });
      });
    },

    /** Sets the evaluation order; `ids` lists every policy once, first match first. */
    async reorderPolicies(actor: Actor, body: unknown): Promise<PolicyView[]> {
      assertCan(actor, 'settings.manage');
      const parsed = ReorderSchema.safeParse(body);
      if (!parsed.success) throw validationError(fieldProblemsFromZodError(parsed.error));
      const { ids } = parsed.data;
      return db.transaction(async (tx) => {
        await engine.ensureDefaults(tx, actor.workspaceId);
        await policiesRepo.lockSettings(tx, actor.workspaceId);
        const existing = await policiesRepo.selectPolicies(tx, actor.workspaceId);
        const known = new Set(existing.map((p) => p.id));
        if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
          throw validationError([{ field: 'ids', messageKey: 'sla.reorder_mismatch' }]);
        }
        await policiesRepo.updatePositions(tx, actor.workspaceId, ids, clock.now());
        await markConfigChanged(tx, actor.workspaceId);
        await audit.record(tx, actor, { action: 'sla.policies_reordered', entityType: 'sla_policy', entityId: null, details: { ids } });
        return (await policiesRepo.selectPolicies(tx, actor.workspaceId));
      });
    },
  };
}
