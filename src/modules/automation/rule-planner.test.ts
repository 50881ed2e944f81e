import { describe, expect, it } from 'vitest';
import type { TicketFacts } from './rule-evaluator.ts';
import { planEffects, publicEffect, type PlanLookups } from './rule-planner.ts';
import type { Action } from './rule-schema.ts';

const NOW = new Date('2026-05-10T12:00:00Z');
const ticket: TicketFacts = {
  id: 't1',
  number: 'CS001',
  subject: 'Broken',
  status: 'open',
  priority: 'P2',
  urgency: 'normal',
  type: 'complaint',
  channel: 'email',
  tags: ['a', 'b'],
  customFields: { level: 'gold' },
  teamId: 'team-1',
  assigneeId: null,
  departmentId: null,
  customerId: 'c1',
  createdAt: NOW,
};

function lookups(overrides: Partial<PlanLookups> = {}): PlanLookups & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async supervisorIds(teamId) {
      asked.push(`supervisors:${teamId}`);
      return ['sup-1'];
    },
    async earlierTicket(_ticket, since, sameType) {
      asked.push(`earlier:${since.toISOString()}:${sameType}`);
      return { id: 't0', number: 'CS000' };
    },
    async routeAssignee() {
      return null;
    },
    ...overrides,
  };
}

const cases: [string, Action[], unknown[]][] = [
  ['field changes merge into one update', [{ type: 'set_field', field: 'priority', value: 'P1' }, { type: 'set_field', field: 'urgency', value: 'urgent' }], [{ kind: 'update', patch: { priority: 'P1', urgency: 'urgent' } }]],
  ['a field already at the value changes nothing', [{ type: 'set_field', field: 'priority', value: 'P2' }], []],
  ['tags add and remove to one list', [{ type: 'add_tags', tags: ['c', 'a'] }, { type: 'remove_tags', tags: ['b'] }], [{ kind: 'update', patch: { tags: ['a', 'c'] } }]],
  ['adding tags it has changes nothing', [{ type: 'add_tags', tags: ['a'] }], []],
  ['a custom field', [{ type: 'set_custom_field', key: 'level', value: 'platinum' }], [{ kind: 'update', patch: { customFields: { level: 'platinum' } } }]],
  ['assign to an agent and a team', [{ type: 'assign_team', teamId: 'team-2' }, { type: 'assign_agent', userId: 'u1' }], [{ kind: 'update', patch: { teamId: 'team-2', assigneeId: 'u1' } }]],
  ['by routing without a router keeps the team', [{ type: 'assign_by_routing' }], []],
  ['by routing to another team', [{ type: 'assign_by_routing', teamId: 'team-3' }], [{ kind: 'update', patch: { teamId: 'team-3' } }]],
  ['a note and a reply, in order, after the update', [{ type: 'add_note', body: 'n' }, { type: 'set_field', field: 'status', value: 'pending' }, { type: 'add_reply', body: 'r' }], [{ kind: 'update', patch: { status: 'pending' } }, { kind: 'note', body: 'n' }, { kind: 'reply', body: 'r' }]],
  ['escalation names the supervisors', [{ type: 'escalate_to_supervisor' }], [{ kind: 'escalate', supervisorIds: ['sup-1'], reason: null }]],
  ['a link with its note', [{ type: 'link_earlier_ticket', withinDays: 7, sameType: true, note: '重复问题' }], [{ kind: 'link', ticketId: 't0', number: 'CS000', note: '重复问题' }]],
  ['a sub-task', [{ type: 'create_subtask', departmentId: 'd1', title: 'Check' }], [{ kind: 'subtask', departmentId: 'd1', title: 'Check', description: '' }]],
  ['notify dedupes people', [{ type: 'notify', userIds: ['u1', 'u1', 'u2'], message: 'm' }], [{ kind: 'notify', userIds: ['u1', 'u2'], message: 'm' }]],
];

describe('planning', () => {
  it.each(cases)('%s', async (_name, actions, expected) => {
    expect(await planEffects(actions, ticket, lookups(), NOW)).toEqual(expected);
  });

  it('looks back the rule’s days for the earlier ticket', async () => {
    const seen = lookups();
    await planEffects([{ type: 'link_earlier_ticket', withinDays: 7, sameType: false }], ticket, seen, NOW);
    expect(seen.asked).toEqual(['earlier:2026-05-03T12:00:00.000Z:false']);
  });

  it('no earlier ticket, no link', async () => {
    expect(await planEffects([{ type: 'link_earlier_ticket', withinDays: 7, sameType: true }], ticket, lookups({ earlierTicket: async () => null }), NOW)).toEqual([]);
  });

  it('escalates to the supervisors of the team the rule moved the ticket to', async () => {
    const seen = lookups();
    await planEffects([{ type: 'assign_team', teamId: 'team-9' }, { type: 'escalate_to_supervisor' }], ticket, seen, NOW);
    expect(seen.asked).toEqual(['supervisors:team-9']);
  });

  it('routes through the registered router', async () => {
    const effects = await planEffects([{ type: 'assign_by_routing' }], ticket, lookups({ routeAssignee: async (_t, teamId) => `agent-of-${teamId}` }), NOW);
    // The team stays the ticket's own, so only the assignee changes.
    expect(effects).toEqual([{ kind: 'update', patch: { assigneeId: 'agent-of-team-1' } }]);
  });

  it('keeps a webhook’s secret out of what is shown', () => {
    expect(publicEffect({ kind: 'webhook', url: 'https://x.test/hook', secret: 's3cret-key' })).toEqual({ kind: 'webhook', url: 'https://x.test/hook' });
  });
});
