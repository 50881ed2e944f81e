import { describe, expect, it } from 'vitest';
import { fieldPath, fieldProblemsFromZodError } from '../../platform/validation/index.ts';
import { defaultPolicies, matchPolicy, PolicyCreateSchema, warnElapsedMs, type PolicyConditions, type TicketFacts } from './sla-policy.ts';

const facts = (extra: Partial<TicketFacts> = {}): TicketFacts => ({
  priority: 'P2',
  urgency: 'urgent',
  type: 'after_sales',
  channel: 'email',
  teamId: 't1',
  customerTags: ['VIP'],
  customerOrganization: 'Acme Ltd',
  ...extra,
});

const policy = (id: string, position: number, conditions: PolicyConditions, isActive = true) => ({ id, position, conditions, isActive });

describe('matching a ticket to a policy', () => {
  it.each<[string, PolicyConditions, Partial<TicketFacts>, boolean]>([
    ['empty conditions match everything', {}, {}, true],
    ['priority in the list', { priorities: ['P1', 'P2'] }, {}, true],
    ['priority not in the list', { priorities: ['P1'] }, {}, false],
    ['urgency in the list', { urgencies: ['urgent', 'critical'] }, {}, true],
    ['urgency not in the list', { urgencies: ['critical'] }, {}, false],
    ['urgency and priority must both hold', { priorities: ['P2'], urgencies: ['normal'] }, {}, false],
    ['urgency not known yet (a ticket untouched since the upgrade)', { urgencies: ['normal'] }, { urgency: null }, false],
    ['all fields must hold', { priorities: ['P2'], channels: ['chat'] }, {}, false],
    ['type and channel', { types: ['after_sales'], channels: ['email', 'chat'] }, {}, true],
    ['team', { teamIds: ['t2'] }, {}, false],
    ['no team on the ticket', { teamIds: ['t1'] }, { teamId: null }, false],
    ['customer tag, case-insensitive', { customerTags: ['vip'] }, {}, true],
    ['customer tag missing', { customerTags: ['key-account'] }, {}, false],
    ['organisation by name', { customerOrganizations: ['ACME LTD'] }, {}, true],
    ['no organisation', { customerOrganizations: ['Acme Ltd'] }, { customerOrganization: null }, false],
  ])('%s', (_name, conditions, extra, expected) => {
    expect(matchPolicy([policy('p', 0, conditions)], facts(extra))?.id === 'p').toBe(expected);
  });

  it('takes the first active policy by position', () => {
    const policies = [policy('catch-all', 2, {}), policy('p2', 1, { priorities: ['P2'] }), policy('vip', 0, { customerTags: ['vip'] }, false)];
    expect(matchPolicy(policies, facts())?.id).toBe('p2');
    expect(matchPolicy(policies, facts({ priority: 'P3' }))?.id).toBe('catch-all');
    expect(matchPolicy([], facts())).toBeUndefined();
  });
});

describe('urgency conditions', () => {
  it('accept only known urgencies', () => {
    const base = { name: 'Urgent', targets: [{ metric: 'first_response', minutes: 5 }] };
    expect(PolicyCreateSchema.safeParse({ ...base, conditions: { urgencies: ['critical'] } }).success).toBe(true);
    const wrong = PolicyCreateSchema.safeParse({ ...base, conditions: { urgencies: ['asap'] } });
    expect(wrong.success).toBe(false);
    expect(fieldProblemsFromZodError(wrong.error!)[0]!.field).toBe('conditions.urgencies[0]');
  });
});

describe('the warning point', () => {
  it.each([
    [{ minutes: 10 }, null],
    [{ minutes: 10, warn: { percentUsed: 80 } }, 8],
    [{ minutes: 10, warn: { minutesBefore: 5 } }, 5],
    // The earlier of the two.
    [{ minutes: 60, warn: { percentUsed: 80, minutesBefore: 5 } }, 48],
    [{ minutes: 10, warn: { percentUsed: 80, minutesBefore: 5 } }, 5],
  ])('%j warns after %s minutes', (target, minutes) => {
    const ms = warnElapsedMs(target);
    expect(ms === null ? null : ms / 60_000).toBe(minutes);
  });
});

describe('validation paths', () => {
  it('writes array indexes in brackets', () => {
    expect(fieldPath(['targets', 0, 'minutes'])).toBe('targets[0].minutes');
    expect(fieldPath([0, 'a'])).toBe('[0].a');
    expect(fieldPath(['warn'], 'targets[1]')).toBe('targets[1].warn');
  });

  it('reports each problem with its field', () => {
    const result = PolicyCreateSchema.safeParse({ name: '', targets: [{ metric: 'resolution', minutes: 0 }], extra: 1 });
    expect(result.success).toBe(false);
    const problems = fieldProblemsFromZodError(result.error!);
    expect(problems.map((p) => [p.field, p.messageKey]).sort()).toEqual([
      ['extra', 'validation.unknown_field'],
      ['name', 'validation.too_short'],
      ['targets[0].minutes', 'validation.too_small'],
    ]);
  });

  it('accepts the default tiers', () => {
    for (const tier of defaultPolicies()) expect(PolicyCreateSchema.safeParse(tier).success).toBe(true);
  });
});
