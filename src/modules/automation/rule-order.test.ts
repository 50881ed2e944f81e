import { describe, expect, it } from 'vitest';
import { findRuleOrderProblem } from './rule-order.ts';

describe('findRuleOrderProblem', () => {
  const cases: [string, string[], string[], string | undefined][] = [
    ['the same rules in another order', ['a', 'b', 'c'], ['c', 'a', 'b'], undefined],
    ['no rules, empty list', [], [], undefined],
    ['a rule twice', ['a', 'b'], ['a', 'b', 'a'], 'automation.order_duplicate'],
    ['a rule twice, another left out', ['a', 'b'], ['a', 'a'], 'automation.order_duplicate'],
    ['a rule the workspace does not have', ['a', 'b'], ['a', 'b', 'x'], 'automation.order_unknown'],
    ['a rule swapped for an unknown one', ['a', 'b'], ['a', 'x'], 'automation.order_unknown'],
    ['a rule left out', ['a', 'b', 'c'], ['a', 'c'], 'automation.order_missing'],
    ['rules but an empty list', ['a'], [], 'automation.order_missing'],
  ];
  it.each(cases)('%s', (_, existing, ordered, expected) => {
    expect(findRuleOrderProblem(existing, ordered)).toBe(expected);
  });
});
