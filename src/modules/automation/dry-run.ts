/**
 * The dry run: a rule against the tickets created in a past period, through the same evaluator and planner as the
 * live engine, writing nothing. Each ticket is taken as it is now, as if the trigger happened when it was created
 * (for a time-based rule: tickets now in the watched status for at least its hours); a trigger's change (`changed`,
 * `changed to`) is not in the past record, so those conditions do not hold.
 */
import type { AutomationContext } from './automation.context.ts';
import { mentionsCustomer } from './automation.engine.ts';
import { evaluateGroup } from './rule-evaluator.ts';
import { planEffects, publicEffect, type Effect } from './rule-planner.ts';
import type { RuleDefinition } from './rule-schema.ts';

export interface DryRunItem {
  ticketId: string;
  number: string;
  subject: string;
  createdAt: Date;
  effects: ReturnType<typeof publicEffect>[];
}

export interface DryRunResult {
  scanned: number;
  matched: number;
  /** More tickets were created in the period than the run looked at. */
  truncated: boolean;
  items: DryRunItem[];
}

const HOUR_MS = 3_600_000;

export async function dryRunRule(ctx: AutomationContext, workspaceId: string, definition: RuleDefinition, period: { from: Date; to: Date }, limit: number): Promise<DryRunResult> {
  const { deps, db, clock } = ctx;
  const tickets = await deps.tickets.listTicketsCreatedBetween(workspaceId, period, limit + 1, db);
  const truncated = tickets.length > limit;
  const scanned = tickets.slice(0, limit);
  const lookups = ctx.lookups(db, workspaceId);
  const needsCustomer = mentionsCustomer(definition.conditions);
  const trigger = definition.trigger;
  const items: DryRunItem[] = [];
  for (const ticket of scanned) {
    if (trigger.kind === 'time' && (ticket.status !== trigger.status || clock.now().getTime() - ticket.updatedAt.getTime() < trigger.hours * HOUR_MS)) continue;
    const at = trigger.kind === 'time' ? clock.now() : ticket.createdAt;
    const message = trigger.kind === 'event' && trigger.event === 'message.added' ? { body: ticket.description, kind: 'reply', authorType: 'customer' } : null;
    const facts = await ctx.facts(db, workspaceId, ticket, { message, event: {}, changes: {} }, { needsCustomer, now: at });
    if (!evaluateGroup(definition.conditions, facts)) continue;
    const effects: Effect[] = await planEffects(definition.actions, facts.ticket, lookups, at);
    if (effects.length === 0) continue;
    items.push({ ticketId: ticket.id, number: ticket.number, subject: ticket.subject, createdAt: ticket.createdAt, effects: effects.map(publicEffect) });
  }
  return { scanned: scanned.length, matched: items.length, truncated, items };
}
