/**
 * Macros: named bundles of actions an agent applies by hand to the ticket in front of them, after a preview — the
 * same planner as rules, applied as the agent. Shared macros are managed by admins; anyone may keep their own.
 */
import { assertCan, can, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { MACRO_ACTION_TYPES } from '../../contracts/automation.ts';
import { stageOfStatus } from '../tickets/index.ts';
import { assertActionReferences } from './action-references.ts';
import { ticketFacts, type AutomationContext } from './automation.context.ts';
import * as repo from './automation.repository.ts';
import { planEffects, publicEffect, type Effect } from './rule-planner.ts';
import type { Action } from './rule-schema.ts';

export interface MacroView {
  id: string;
  name: string;
  actions: Action[];
  isShared: boolean;
  isMine: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const toView = (actor: Actor, macro: repo.MacroRecord): MacroView => ({
  id: macro.id,
  name: macro.name,
  actions: macro.actions,
  isShared: macro.ownerId === null,
  isMine: macro.ownerId !== null && macro.ownerId === actor.userId,
  createdAt: macro.createdAt,
  updatedAt: macro.updatedAt,
});

export function createMacroOps(ctx: AutomationContext) {
  const { db, clock, deps } = ctx;
  const notFound = () => new AppError('not_found', 'automation.macro_not_found');

  function assertMacroActions(actions: readonly Action[]): void {
    const fields = actions.flatMap((action, index) => (MACRO_ACTION_TYPES.includes(action.type) ? [] : [{ field: `actions[${index}].type`, messageKey: 'automation.macro_action_not_allowed' }]));
    if (fields.length > 0) throw new AppError('validation', 'errors.validation', { fields });
  }

  /** A macro the actor may use (shared, or their own), or 404; `manage` also asks that they may change it. */
  async function requireMacro(actor: Actor, id: string, options: { manage?: boolean } = {}): Promise<repo.MacroRecord> {
    const macro = isUuid(id) ? await repo.selectMacro(db, actor.workspaceId, id) : undefined;
    if (!macro || (macro.ownerId !== null && macro.ownerId !== actor.userId)) throw notFound();
    if (options.manage && macro.ownerId === null && !can(actor, 'settings.manage')) throw new AppError('forbidden', 'automation.shared_macro_forbidden');
    return macro;
  }

  async function preview(actor: Actor, ticketId: string, macro: repo.MacroRecord, sql: Sql = db): Promise<Effect[]> {
    // The agent's own view of the ticket: one they may not see is not found.
    await deps.tickets.getTicketInTransaction(sql, actor, ticketId);
    const record = (await deps.tickets.readTicketRecord(sql, actor.workspaceId, ticketId))!;
    return planEffects(macro.actions, ticketFacts(record), ctx.lookups(sql, actor.workspaceId), clock.now());
  }

  return {
    async listMacros(actor: Actor): Promise<MacroView[]> {
      assertCan(actor, 'tickets.read');
      return (await repo.selectMacros(db, actor.workspaceId, actor.userId)).map((macro) => toView(actor, macro));
    },

    async createMacro(actor: Actor, input: { name: string; actions: Action[]; isShared?: boolean }): Promise<MacroView> {
      assertCan(actor, 'tickets.write');
      const isShared = input.isShared ?? false;
      if (isShared && !can(actor, 'settings.manage')) throw new AppError('forbidden', 'automation.shared_macro_forbidden');
      assertMacroActions(input.actions);
      return db.transaction(async (tx) => {
        await assertActionReferences(ctx, tx, actor.workspaceId, input.actions, 'actions');
        const macro = await repo.insertMacro(tx, actor.workspaceId, { id: newId(), name: input.name, actions: input.actions, ownerId: isShared ? null : actor.userId, createdBy: actor.userId, now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'automation.macro_created', entityType: 'automation_macro', entityId: macro.id, details: { name: macro.name, shared: isShared } });
        return toView(actor, macro);
      });
    },

    async updateMacro(actor: Actor, id: string, input: { name?: string; actions?: Action[] }): Promise<MacroView> {
      assertCan(actor, 'tickets.write');
      const current = await requireMacro(actor, id, { manage: true });
      const actions = input.actions ?? current.actions;
      assertMacroActions(actions);
      return db.transaction(async (tx) => {
        await assertActionReferences(ctx, tx, actor.workspaceId, actions, 'actions');
        const macro = (await repo.updateMacro(tx, actor.workspaceId, id, { name: input.name ?? current.name, actions }, clock.now()))!;
        await deps.audit.record(tx, actor, { action: 'automation.macro_updated', entityType: 'automation_macro', entityId: id, details: {} });
        return toView(actor, macro);
      });
    },

    async deleteMacro(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'tickets.write');
      await requireMacro(actor, id, { manage: true });
      await db.transaction(async (tx) => {
        await repo.deleteMacro(tx, actor.workspaceId, id);
        await deps.audit.record(tx, actor, { action: 'automation.macro_deleted', entityType: 'automation_macro', entityId: id, details: {} });
      });
    },

    /** What applying the macro to the ticket would do, now; nothing is written. */
    async previewMacro(actor: Actor, ticketId: string, macroId: string) {
      assertCan(actor, 'tickets.write');
      const macro = await requireMacro(actor, macroId);
      return { effects: (await preview(actor, ticketId, macro)).map(publicEffect) };
    },

    /** Applies the macro as the agent, in one transaction, and says so on the ticket's timeline. */
    async applyMacro(actor: Actor, ticketId: string, macroId: string) {
      assertCan(actor, 'tickets.write');
      const macro = await requireMacro(actor, macroId);
      return db.transaction(async (tx) => {
        const effects = await preview(actor, ticketId, macro, tx);
        const applicationId = newId();
        await ctx.applyEffects(tx, actor, ticketId, effects, { kind: 'macro', id: macro.id, name: macro.name, applicationId });
        const ticket = (await deps.tickets.readTicketRecord(tx, actor.workspaceId, ticketId))!;
        const shown = effects.map(publicEffect);
        await deps.tickets.addTimelineEntry(tx, actor.workspaceId, ticketId, { kind: 'macro_applied', stage: stageOfStatus(ticket.status), operatorType: 'user', operatorId: actor.userId, details: { macroId: macro.id, macroName: macro.name, effects: shown, summaryKey: 'automation.timeline.macro', summaryParams: { macro: macro.name } } });
        await deps.audit.record(tx, actor, { action: 'automation.macro_applied', entityType: 'ticket', entityId: ticketId, details: { macroId: macro.id } });
        return { effects: shown };
      });
    },
  };
}
