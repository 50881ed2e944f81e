/**
 * The live engine: on a trigger, the workspace's enabled rules for it run in order inside the event's transaction —
 * evaluate, plan, apply, record the firing on the ticket's timeline — under the loop guard: the events a firing causes
 * carry its chain, and a chain gets at most FIRING_BUDGET firings per ticket before the rules stop and say so.
 */
import { FIRING_BUDGET, type EventTrigger } from '../../contracts/automation.ts';
import { systemActor } from '../../platform/actor.ts';
import { withSavepoint, type Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { withEventCause, type EventCause } from '../../platform/outbox.ts';
import { cancelTimers, scheduleTimers, type TimerSpec } from '../../platform/timers.ts';
import { stageOfStatus, type TicketRecord } from '../tickets/index.ts';
import { TIME_RULE_TIMER, timeRuleKey, timeRuleKeyPrefix, type AutomationContext } from './automation.context.ts';
import * as repo from './automation.repository.ts';
import { evaluateGroup, type Facts } from './rule-evaluator.ts';
import { planEffects, publicEffect } from './rule-planner.ts';
import type { ConditionGroup } from './rule-schema.ts';

export interface TriggerInput {
  workspaceId: string;
  ticketId: string;
  /** An event trigger, or `time` for a time-based rule's timer. */
  trigger: EventTrigger | 'time';
  /** The event's id or the timer's key: a chain that starts here is named after it. */
  origin: string;
  cause: EventCause | null;
  message?: Facts['message'];
  event?: Facts['event'];
  changes?: Facts['changes'];
  /** Only these rules (a time rule's timer names its rule). */
  ruleIds?: readonly string[];
}

const HOUR_MS = 3_600_000;

export function mentionsCustomer(group: ConditionGroup): boolean {
  return group.conditions.some((item) => ('op' in item ? item.field.startsWith('customer.') : mentionsCustomer({ match: item.match, conditions: item.conditions })));
}

export function createAutomationEngine(ctx: AutomationContext) {
  const { deps, clock } = ctx;

  /** Rules read once per transaction: a delivery batch holds many events of one workspace. */
  const rulesByTransaction = new WeakMap<Sql, Map<string, repo.RuleRecord[]>>();
  async function enabledRules(tx: Sql, workspaceId: string): Promise<repo.RuleRecord[]> {
    let perWorkspace = rulesByTransaction.get(tx);
    if (!perWorkspace) rulesByTransaction.set(tx, (perWorkspace = new Map()));
    let rules = perWorkspace.get(workspaceId);
    if (!rules) {
      rules = await repo.selectRules(tx, workspaceId, { enabledOnly: true });
      perWorkspace.set(workspaceId, rules);
    }
    return rules;
  }

  /** A rule change inside a transaction that also runs rules (a test, a seeder) must be seen by them. */
  function forgetRules(tx: Sql, workspaceId: string): void {
    rulesByTransaction.get(tx)?.delete(workspaceId);
  }

  async function timeline(tx: Sql, workspaceId: string, ticket: TicketRecord, kind: string, details: Record<string, unknown>): Promise<void> {
    await deps.tickets.addTimelineEntry(tx, workspaceId, ticket.id, { kind, stage: stageOfStatus(ticket.status), operatorType: 'system', details });
  }

  /** Time-based rules watch the status a ticket is in: entering it arms their timers, leaving it cancels them. */
  async function armTimeRules(tx: Sql, workspaceId: string, ticketId: string): Promise<void> {
    const rules = (await enabledRules(tx, workspaceId)).filter((rule) => rule.definition.trigger.kind === 'time');
    // No time rule enabled: nothing to arm, and a timer of a rule disabled since finds it disabled when it fires.
    if (rules.length === 0) return;
    const ticket = await deps.tickets.readTicketRecord(tx, workspaceId, ticketId);
    if (!ticket) return;
    await cancelTimers(tx, workspaceId, timeRuleKeyPrefix(ticket.id));
    const now = clock.now();
    const specs: TimerSpec[] = [];
    for (const rule of rules) {
      const trigger = rule.definition.trigger;
      if (trigger.kind !== 'time' || trigger.status !== ticket.status) continue;
      specs.push({ workspaceId, key: timeRuleKey(ticket.id, rule.id), kind: TIME_RULE_TIMER, dueAt: new Date(now.getTime() + trigger.hours * HOUR_MS), payload: { ruleId: rule.id, ticketId: ticket.id, status: ticket.status } });
    }
    await scheduleTimers(tx, clock, specs);
  }

  async function run(tx: Sql, input: TriggerInput): Promise<number> {
    const { workspaceId } = input;
    const rules = (await enabledRules(tx, workspaceId)).filter((rule) => {
      const trigger = rule.definition.trigger;
      const listens = input.trigger === 'time' ? trigger.kind === 'time' : trigger.kind === 'event' && trigger.event === input.trigger;
      return listens && (!input.ruleIds || input.ruleIds.includes(rule.id));
    });
    if (rules.length === 0) return 0;
    let ticket = await deps.tickets.readTicketRecord(tx, workspaceId, input.ticketId);
    if (!ticket) return 0;
    const chainId = input.cause?.chainId ?? input.origin;
    const depth = input.cause ? input.cause.depth + 1 : 0;
    const workspace = await deps.workspaces.getWorkspace(workspaceId, tx);
    const actor = systemActor(workspaceId, workspace.defaultLocale);
    const needsCustomer = rules.some((rule) => mentionsCustomer(rule.definition.conditions));
    let fired = 0;

    for (const rule of rules) {
      const facts = await ctx.facts(tx, workspaceId, ticket, { message: input.message ?? null, event: input.event ?? {}, changes: input.changes ?? {} }, { needsCustomer, now: clock.now() });
      if (!evaluateGroup(rule.definition.conditions, facts)) continue;
      const effects = await planEffects(rule.definition.actions, facts.ticket, ctx.lookups(tx, workspaceId), clock.now());
      if (effects.length === 0) {
        if (rule.definition.stopFurther) break;
        continue;
      }
      if ((await repo.countChainFirings(tx, workspaceId, ticket.id, chainId)) >= FIRING_BUDGET) {
        if (await repo.insertChainStop(tx, workspaceId, ticket.id, chainId, clock.now())) {
          await timeline(tx, workspaceId, ticket, 'automation_budget_exhausted', {
            ruleId: rule.id,
            ruleName: rule.name,
            ruleVersion: rule.version,
            budget: FIRING_BUDGET,
            chainId,
            summaryKey: 'automation.timeline.budget',
            summaryParams: { rule: rule.name, budget: FIRING_BUDGET },
          });
        }
        break;
      }
      const firingId = newId();
      const source = { kind: 'rule' as const, id: rule.id, name: rule.name, version: rule.version, applicationId: firingId };
      const applied = await withSavepoint(tx, () => withEventCause(tx, { chainId, depth }, () => ctx.applyEffects(tx, actor, ticket!.id, effects, source)));
      const shown = effects.map(publicEffect);
      if (!applied.ok) {
        deps.logger?.warn({ err: applied.error, ruleId: rule.id, ticketId: ticket.id }, 'automation rule could not apply');
        await timeline(tx, workspaceId, ticket, 'automation_failed', {
          ruleId: rule.id,
          ruleName: rule.name,
          ruleVersion: rule.version,
          error: applied.error instanceof Error ? applied.error.message.slice(0, 500) : String(applied.error),
          summaryKey: 'automation.timeline.failed',
          summaryParams: { rule: rule.name, version: rule.version },
        });
        continue;
      }
      await repo.insertFiring(tx, workspaceId, { id: firingId, ruleId: rule.id, ruleVersion: rule.version, ticketId: ticket.id, chainId, depth, trigger: input.trigger, effects: shown, firedAt: clock.now() });
      await timeline(tx, workspaceId, ticket, 'automation_fired', {
        ruleId: rule.id,
        ruleName: rule.name,
        ruleVersion: rule.version,
        effects: shown,
        depth,
        summaryKey: 'automation.timeline.fired',
        summaryParams: { rule: rule.name, version: rule.version },
      });
      fired += 1;
      ticket = (await deps.tickets.readTicketRecord(tx, workspaceId, ticket.id)) ?? ticket;
      if (rule.definition.stopFurther) break;
    }
    return fired;
  }

  const ticketRecord = (tx: Sql, workspaceId: string, ticketId: string) => deps.tickets.readTicketRecord(tx, workspaceId, ticketId);

  return { run, armTimeRules, enabledRules, forgetRules, ticketRecord };
}

export type AutomationEngine = ReturnType<typeof createAutomationEngine>;
