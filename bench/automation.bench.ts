/**
 * Automation: the cost of one event against 200 active rules — every rule's conditions evaluated, the matching rules'
 * actions planned — the work the live engine does per event before it writes anything. In process, with the read-only
 * lookups answered from memory, so the figure is the evaluator and planner alone; `--quick` runs fewer events.
 */
import { CONDITION_FIELDS } from '../src/contracts/automation.ts';
import { evaluateGroup, type Facts } from '../src/modules/automation/rule-evaluator.ts';
import { planEffects, type PlanLookups } from '../src/modules/automation/rule-planner.ts';
import type { Condition, RuleDefinition } from '../src/modules/automation/rule-schema.ts';
import { fmt, summarise } from './stats.ts';

const RULES = 200;
const TYPES = ['consultation', 'complaint', 'after_sales', 'technical_support', 'suggestion'];
const URGENCIES = ['normal', 'urgent', 'critical'];
const WORDS = ['退款', 'refund', '破损', 'broken', '发票', 'invoice', '快递', 'parcel', '账号', 'login'];

/** A deterministic mix of the operators and fields rules use in practice. */
function ruleOf(index: number): RuleDefinition {
  const pick = <T>(list: readonly T[], salt: number): T => list[(index * 7 + salt) % list.length]!;
  const conditions: Condition[] = [
    { field: 'ticket.type', op: 'is', value: pick(TYPES, 1) },
    { field: 'ticket.urgency', op: 'in', value: [pick(URGENCIES, 2), pick(URGENCIES, 3)] },
    { field: 'ticket.subject', op: 'contains', value: pick(WORDS, 4) },
    { field: 'ticket.priority', op: 'gt', value: 'P3' },
    { field: 'ticket.custom.amount', op: 'gt', value: (index % 10) * 100 },
    { field: 'ticket.createdAt', op: 'hours_since', value: index % 48 },
    { field: pick(CONDITION_FIELDS, 5), op: 'changed' },
  ].slice(0, 2 + (index % 5)) as Condition[];
  return {
    trigger: { kind: 'event', event: 'ticket.created' },
    conditions: { match: index % 10 === 0 ? 'any' : 'all', conditions },
    actions: [
      { type: 'add_tags', tags: [`rule-${index}`] },
      { type: 'set_field', field: 'priority', value: 'P1' },
      ...(index % 4 === 0 ? [{ type: 'escalate_to_supervisor' as const }] : []),
      ...(index % 5 === 0 ? [{ type: 'link_earlier_ticket' as const, withinDays: 7, sameType: true }] : []),
    ],
  };
}

function factsOf(index: number, now: Date): Facts {
  return {
    ticket: {
      id: `t${index}`,
      number: `CS${index}`,
      subject: `${WORDS[index % WORDS.length]} ${WORDS[(index * 3) % WORDS.length]} 订单 ${index}`,
      status: 'new',
      priority: ['P1', 'P2', 'P3'][index % 3]!,
      urgency: URGENCIES[index % 3]!,
      type: TYPES[index % TYPES.length]!,
      channel: 'email',
      tags: ['vip'],
      customFields: { amount: (index * 37) % 1000 },
      teamId: 'team',
      assigneeId: null,
      departmentId: null,
      customerId: `c${index % 50}`,
      createdAt: new Date(now.getTime() - (index % 72) * 3_600_000),
    },
    customer: { name: 'Customer', tags: [], organizationName: null },
    message: null,
    event: {},
    changes: index % 2 === 0 ? { status: { from: 'new', to: 'open' } } : {},
    now,
  };
}

const lookups: PlanLookups = {
  supervisorIds: async () => ['supervisor'],
  earlierTicket: async (ticket) => ({ id: `${ticket.id}-earlier`, number: 'CS0' }),
  routeAssignee: async () => null,
};

export async function runAutomationBench(options: { quick: boolean }): Promise<void> {
  const events = options.quick ? 2_000 : 20_000;
  const rules = Array.from({ length: RULES }, (_, index) => ruleOf(index));
  const now = new Date('2026-05-10T12:00:00Z');
  console.log(`\n## Automation rules (${RULES} active rules, ${events} events)`);
  const latencies: number[] = [];
  let matched = 0;
  // Warm-up events (JIT) are not counted.
  for (let index = 0; index < 200; index++) for (const rule of rules) evaluateGroup(rule.conditions, factsOf(index, now));
  for (let index = 0; index < events; index++) {
    const facts = factsOf(index, now);
    const start = performance.now();
    for (const rule of rules) {
      if (!evaluateGroup(rule.conditions, facts)) continue;
      matched++;
      await planEffects(rule.actions, facts.ticket, lookups, now);
    }
    latencies.push(performance.now() - start);
  }
  const s = summarise(latencies);
  console.log(`  evaluation + planning per event: p50 ${fmt(s.p50 * 1000, 0)} µs, p99 ${fmt(s.p99 * 1000, 0)} µs, max ${fmt(s.max, 2)} ms`);
  console.log(`  matched ${fmt(matched / events, 1)} rules per event on average; ${fmt(events / (latencies.reduce((a, b) => a + b, 0) / 1000), 0)} events/s on one core`);
}
