import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateGroup, type Facts } from './rule-evaluator.ts';
import { ConditionSchema, RuleDefinitionSchema, type Condition } from './rule-schema.ts';

const NOW = new Date('2026-05-10T12:00:00Z');

function facts(overrides: Partial<Facts> = {}): Facts {
  return {
    ticket: {
      id: 't1',
      number: 'CS001',
      subject: 'Refund for order A123 退款',
      description: 'The parcel arrived broken.',
      status: 'pending',
      priority: 'P2',
      urgency: 'urgent',
      type: 'complaint',
      channel: 'email',
      tags: ['vip', 'refund'],
      customFields: { order_no: 'A123', amount: 250 },
      teamId: 'team-1',
      assigneeId: null,
      departmentId: null,
      customerId: 'c1',
      createdAt: new Date('2026-05-08T12:00:00Z'),
      updatedAt: '2026-05-10T10:00:00Z',
    },
    customer: { name: '王芳', tags: ['gold'], organizationName: 'Acme' },
    message: { body: 'Where is my REFUND?', kind: 'reply', authorType: 'customer' },
    event: { score: 2, metric: 'first_response' },
    changes: { status: { from: 'open', to: 'pending' }, customFields: { from: { order_no: 'A1' }, to: { order_no: 'A123' } } },
    now: NOW,
    ...overrides,
  };
}

const cases: [string, Condition, boolean][] = [
  ['is on a scalar', { field: 'ticket.type', op: 'is', value: 'complaint' }, true],
  ['is ignores case', { field: 'ticket.type', op: 'is', value: 'COMPLAINT' }, true],
  ['is on a list means one of', { field: 'ticket.tags', op: 'is', value: 'vip' }, true],
  ['is_not', { field: 'ticket.type', op: 'is_not', value: 'complaint' }, false],
  ['is_not on a list', { field: 'ticket.tags', op: 'is_not', value: 'spam' }, true],
  ['is on a null field and empty', { field: 'ticket.assigneeId', op: 'is', value: '' }, true],
  ['contains text, any case', { field: 'message.body', op: 'contains', value: 'refund' }, true],
  ['contains Chinese text', { field: 'ticket.subject', op: 'contains', value: '退款' }, true],
  ['contains on a list', { field: 'ticket.tags', op: 'contains', value: 'refund' }, true],
  ['not_contains', { field: 'message.body', op: 'not_contains', value: 'refund' }, false],
  ['in', { field: 'ticket.urgency', op: 'in', value: ['urgent', 'critical'] }, true],
  ['in, no match', { field: 'ticket.urgency', op: 'in', value: ['critical'] }, false],
  ['in on a list field', { field: 'customer.tags', op: 'in', value: ['silver', 'gold'] }, true],
  ['gt on priority ranks P1 highest', { field: 'ticket.priority', op: 'gt', value: 'P3' }, true],
  ['gt on priority, lower', { field: 'ticket.priority', op: 'gt', value: 'P1' }, false],
  ['lt on urgency ranks', { field: 'ticket.urgency', op: 'lt', value: 'critical' }, true],
  ['gt on a number custom field', { field: 'ticket.custom.amount', op: 'gt', value: 200 }, true],
  ['lt on a number given as text', { field: 'ticket.custom.amount', op: 'lt', value: '100' }, false],
  ['gt on a missing field is false', { field: 'ticket.custom.missing', op: 'gt', value: 1 }, false],
  ['lt on an event score', { field: 'event.score', op: 'lt', value: 3 }, true],
  ['is on a custom field', { field: 'ticket.custom.order_no', op: 'is', value: 'a123' }, true],
  ['changed', { field: 'ticket.status', op: 'changed' }, true],
  ['changed, untouched field', { field: 'ticket.priority', op: 'changed' }, false],
  ['changed_to', { field: 'ticket.status', op: 'changed_to', value: 'pending' }, true],
  ['changed_to, other value', { field: 'ticket.status', op: 'changed_to', value: 'solved' }, false],
  ['changed on a custom field', { field: 'ticket.custom.order_no', op: 'changed' }, true],
  ['changed on an unchanged custom field', { field: 'ticket.custom.amount', op: 'changed' }, false],
  ['changed_to on a custom field', { field: 'ticket.custom.order_no', op: 'changed_to', value: 'A123' }, true],
  ['hours_since reached', { field: 'ticket.createdAt', op: 'hours_since', value: 48 }, true],
  ['hours_since not yet', { field: 'ticket.updatedAt', op: 'hours_since', value: 3 }, false],
  ['hours_since on nothing', { field: 'ticket.custom.missing', op: 'hours_since', value: 1 }, false],
  ['customer field', { field: 'customer.organizationName', op: 'is', value: 'acme' }, true],
  ['message author', { field: 'message.authorType', op: 'is', value: 'customer' }, true],
];

describe('conditions', () => {
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(ConditionSchema.safeParse(condition).success).toBe(true);
    expect(evaluateCondition(condition, facts())).toBe(expected);
  });

  it('reads nothing from a message or customer the trigger did not have', () => {
    expect(evaluateCondition({ field: 'message.body', op: 'contains', value: 'x' }, facts({ message: null }))).toBe(false);
    expect(evaluateCondition({ field: 'customer.name', op: 'is_not', value: 'x' }, facts({ customer: null }))).toBe(true);
  });
});

describe('groups', () => {
  const yes = { field: 'ticket.type', op: 'is', value: 'complaint' } as const;
  const no = { field: 'ticket.type', op: 'is', value: 'suggestion' } as const;
  it.each([
    ['all of true, true', { match: 'all', conditions: [yes, yes] }, true],
    ['all of true, false', { match: 'all', conditions: [yes, no] }, false],
    ['any of false, true', { match: 'any', conditions: [no, yes] }, true],
    ['any of false, false', { match: 'any', conditions: [no, no] }, false],
    ['empty all holds', { match: 'all', conditions: [] }, true],
    ['empty any holds', { match: 'any', conditions: [] }, true],
    ['all with a nested any', { match: 'all', conditions: [yes, { match: 'any', conditions: [no, yes] }] }, true],
    ['all with a failing nested all', { match: 'all', conditions: [yes, { match: 'all', conditions: [no, yes] }] }, false],
    ['all with a failing nested any', { match: 'all', conditions: [yes, { match: 'any', conditions: [no, no] }] }, false],
    ['any decided by a nested all', { match: 'any', conditions: [no, { match: 'all', conditions: [yes, yes] }] }, true],
    ['any with a failing nested all', { match: 'any', conditions: [no, { match: 'all', conditions: [yes, no] }] }, false],
    ['any with a nested any', { match: 'any', conditions: [no, { match: 'any', conditions: [no, yes] }] }, true],
    ['two nested groups, both hold', { match: 'all', conditions: [{ match: 'any', conditions: [no, yes] }, { match: 'all', conditions: [yes] }] }, true],
    ['two nested groups, one fails', { match: 'all', conditions: [{ match: 'any', conditions: [no, yes] }, { match: 'all', conditions: [yes, no] }] }, false],
    ['an empty nested group holds', { match: 'all', conditions: [yes, { match: 'any', conditions: [] }] }, true],
    ['only groups, none holds', { match: 'any', conditions: [{ match: 'all', conditions: [no] }, { match: 'any', conditions: [no] }] }, false],
  ] as const)('%s', (_name, group, expected) => {
    expect(evaluateGroup(group as never, facts())).toBe(expected);
  });
});

describe('rule definitions', () => {
  const valid = { trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_tags', tags: ['x'] }] };
  it.each([
    ['a valid rule', valid, true],
    ['a time rule', { ...valid, trigger: { kind: 'time', status: 'pending', hours: 48 } }, true],
    ['an unknown trigger', { ...valid, trigger: { kind: 'event', event: 'ticket.exploded' } }, false],
    ['an unknown field', { ...valid, conditions: { match: 'all', conditions: [{ field: 'ticket.password', op: 'is', value: 'x' }] } }, false],
    ['a custom field with a bad key', { ...valid, conditions: { match: 'all', conditions: [{ field: 'ticket.custom.Bad Key', op: 'is', value: 'x' }] } }, false],
    ['an operator without its value', { ...valid, conditions: { match: 'all', conditions: [{ field: 'ticket.type', op: 'is' }] } }, false],
    ['in with a single value', { ...valid, conditions: { match: 'all', conditions: [{ field: 'ticket.type', op: 'in', value: 'x' }] } }, false],
    ['no actions', { ...valid, actions: [] }, false],
    ['an unknown action', { ...valid, actions: [{ type: 'delete_everything' }] }, false],
    ['a webhook to a non-http url', { ...valid, actions: [{ type: 'webhook', url: 'file:///etc/passwd', secret: '12345678' }] }, false],
    ['a set_field on an unsettable field', { ...valid, actions: [{ type: 'set_field', field: 'customerId', value: 'x' }] }, false],
    ['a nested group', { ...valid, conditions: { match: 'all', conditions: [{ match: 'any', conditions: [{ field: 'ticket.type', op: 'is', value: 'x' }] }] } }, true],
    ['a group nested two levels down', { ...valid, conditions: { match: 'all', conditions: [{ match: 'any', conditions: [{ match: 'all', conditions: [] }] }] } }, false],
    ['a nested group with a bad match', { ...valid, conditions: { match: 'all', conditions: [{ match: 'some', conditions: [] }] } }, false],
    ['a zero-hour time rule', { ...valid, trigger: { kind: 'time', status: 'pending', hours: 0 } }, false],
  ] as const)('%s', (_name, definition, ok) => {
    expect(RuleDefinitionSchema.safeParse(definition).success).toBe(ok);
  });
});
