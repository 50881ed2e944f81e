import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAgent, compareQueueEntries, requiredSkills, tierOfPriority, type Candidate, type Decision, type SkillRule } from './routing-strategies.ts';

const agent = (userId: string, load: number, capacity: number, skills: Record<string, number> = {}): Candidate => ({
  userId,
  load,
  capacity,
  skills: new Map(Object.entries(skills)),
});
const decide = (strategy: Decision['strategy'], extra: Partial<Decision> = {}): Decision => ({ strategy, required: [], lastAssigned: null, ...extra });

describe('chooseAgent', () => {
  const ann = agent('a-ann', 2, 20, { billing: 3, english: 5 });
  const bob = agent('b-bob', 0, 20, { billing: 5 });
  const cat = agent('c-cat', 1, 20, { billing: 5, english: 2 });
  const full = agent('d-full', 3, 3, { billing: 5, english: 5 });

  it.each([
    ['manual picks nobody', [ann, bob], decide('manual'), undefined],
    ['round-robin starts with the first id', [cat, ann, bob], decide('round_robin'), 'a-ann'],
    ['round-robin continues after the last agent', [ann, bob, cat], decide('round_robin', { lastAssigned: 'a-ann' }), 'b-bob'],
    ['round-robin wraps around', [ann, bob, cat], decide('round_robin', { lastAssigned: 'c-cat' }), 'a-ann'],
    ['round-robin skips a full agent', [ann, full], decide('round_robin', { lastAssigned: 'a-ann' }), 'a-ann'],
    ['round-robin continues when the last agent left the team', [ann, cat], decide('round_robin', { lastAssigned: 'b-bob' }), 'c-cat'],
    ['least-loaded picks the lowest load', [ann, bob, cat], decide('least_loaded'), 'b-bob'],
    ['least-loaded ties on load by the share of capacity', [agent('x', 2, 4), agent('y', 2, 10)], decide('least_loaded'), 'y'],
    ['least-loaded never picks a full agent', [full], decide('least_loaded'), undefined],
    ['skills picks the best match first', [ann, bob, cat], decide('skills', { required: [{ skill: 'billing', minLevel: 3 }] }), 'b-bob'],
    ['skills breaks a tie on match by load', [agent('p', 5, 20, { billing: 5 }), agent('q', 1, 20, { billing: 5 })], decide('skills', { required: [{ skill: 'billing', minLevel: 1 }] }), 'q'],
    ['skills needs every required skill', [ann, bob, cat], decide('skills', { required: [{ skill: 'billing', minLevel: 3 }, { skill: 'english', minLevel: 3 }] }), 'a-ann'],
    ['skills needs the minimum level', [ann, bob, cat], decide('skills', { required: [{ skill: 'english', minLevel: 4 }] }), 'a-ann'],
    ['skills finds nobody when nobody qualifies', [ann, bob, cat], decide('skills', { required: [{ skill: 'japanese', minLevel: 1 }] }), undefined],
    ['skills never picks a full agent, however skilled', [full, cat], decide('skills', { required: [{ skill: 'english', minLevel: 2 }] }), 'c-cat'],
    ['skills without requirements is least-loaded', [ann, bob, cat], decide('skills'), 'b-bob'],
    ['an agent with no capacity is never picked', [agent('zero', 0, 0)], decide('round_robin'), undefined],
  ])('%s', (_name, candidates, decision, expected) => {
    expect(chooseAgent(candidates, decision)?.userId).toBe(expected);
  });
});

/** Runs a strategy over arrivals, each choice taking one unit of the chosen agent's capacity. */
function simulate(candidates: Candidate[], arrivals: number, decisionOf: (index: number) => Decision): Map<string, number> {
  const loads = new Map(candidates.map((c) => [c.userId, c.load]));
  let lastAssigned: string | null = null;
  for (let index = 0; index < arrivals; index++) {
    const current = candidates.map((c) => ({ ...c, load: loads.get(c.userId)! }));
    const chosen = chooseAgent(current, { ...decisionOf(index), lastAssigned });
    if (!chosen) continue;
    loads.set(chosen.userId, loads.get(chosen.userId)! + 1);
    lastAssigned = chosen.userId;
  }
  return loads;
}

describe('spreading work', () => {
  it('round-robin spreads 1,000 tickets evenly over 7 agents (max − min ≤ 1)', () => {
    const agents = ['g', 'a', 'e', 'c', 'b', 'f', 'd'].map((id) => agent(id, 0, 1000));
    const loads = [...simulate(agents, 1000, () => decide('round_robin')).values()];
    expect(loads.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('least-loaded evens out agents who started unequal', () => {
    const loads = [...simulate([agent('a', 10, 100), agent('b', 0, 100), agent('c', 4, 100)], 82, () => decide('least_loaded')).values()];
    expect(loads).toEqual([32, 32, 32]);
  });

  it('no strategy fills anyone past capacity, however many arrive', () => {
    for (const strategy of ['round_robin', 'least_loaded', 'skills'] as const) {
      const loads = simulate([agent('a', 0, 3), agent('b', 1, 5), agent('c', 0, 2)], 50, () => decide(strategy));
      expect([...loads.values()]).toEqual([3, 5, 2]);
    }
  });

  it('skills routing never picks an agent lacking a required skill (random teams and tickets)', () => {
    const skill = fc.constantFrom('billing', 'english', 'japanese', 'returns', 'vip');
    const candidate = fc.record({
      userId: fc.uuid(),
      load: fc.nat(5),
      capacity: fc.nat(6),
      skills: fc.dictionary(skill, fc.integer({ min: 1, max: 5 })).map((levels) => new Map(Object.entries(levels))),
    });
    const requirement = fc.record({ skill, minLevel: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), fc.array(requirement, { maxLength: 3 }), (candidates, required) => {
        const chosen = chooseAgent(candidates, decide('skills', { required }));
        if (!chosen) {
          // Nobody was picked only because nobody qualified.
          expect(candidates.some((c) => c.load < c.capacity && required.every((r) => (c.skills.get(r.skill) ?? 0) >= r.minLevel))).toBe(false);
          return;
        }
        expect(chosen.load).toBeLessThan(chosen.capacity);
        for (const need of required) expect(chosen.skills.get(need.skill) ?? 0).toBeGreaterThanOrEqual(need.minLevel);
      }),
      { numRuns: 500 },
    );
  });
});

describe('requiredSkills', () => {
  const rules: SkillRule[] = [
    { field: 'type', value: 'refund', skill: 'billing', minLevel: 3 },
    { field: 'tag', value: 'vip', skill: 'vip', minLevel: 4 },
    { field: 'tag', value: 'english', skill: 'english', minLevel: 2 },
    { field: 'channel', value: 'wechat', skill: 'wechat', minLevel: 1 },
    { field: 'tag', value: 'refund-big', skill: 'billing', minLevel: 5 },
  ];
  it.each([
    ['no rule matches', { type: 'question', channel: 'email', tags: [] }, []],
    ['a type rule', { type: 'refund', channel: 'email', tags: [] }, [{ skill: 'billing', minLevel: 3 }]],
    ['tag and channel rules add up', { type: 'question', channel: 'wechat', tags: ['vip', 'other'] }, [{ skill: 'vip', minLevel: 4 }, { skill: 'wechat', minLevel: 1 }]],
    ['a skill named twice needs the higher level', { type: 'refund', channel: 'email', tags: ['refund-big'] }, [{ skill: 'billing', minLevel: 5 }]],
  ])('%s', (_name, ticket, expected) => {
    expect(requiredSkills(ticket, rules)).toEqual(expected);
  });
});

describe('compareQueueEntries', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
  it('serves the P1 green lane first, then the soonest due, then the oldest', () => {
    const entries = [
      { name: 'p3-old', tier: tierOfPriority('P3'), slaDueAt: null, createdAt: at(0) },
      { name: 'p2-due-late', tier: tierOfPriority('P2'), slaDueAt: at(50), createdAt: at(1) },
      { name: 'p2-due-soon', tier: tierOfPriority('P2'), slaDueAt: at(20), createdAt: at(5) },
      { name: 'p2-no-due-old', tier: tierOfPriority('P2'), slaDueAt: null, createdAt: at(2) },
      { name: 'p2-no-due-new', tier: tierOfPriority('P2'), slaDueAt: null, createdAt: at(3) },
      { name: 'p1-newest', tier: tierOfPriority('P1'), slaDueAt: at(59), createdAt: at(9) },
    ];
    expect([...entries].sort(compareQueueEntries).map((e) => e.name)).toEqual(['p1-newest', 'p2-due-soon', 'p2-due-late', 'p2-no-due-old', 'p2-no-due-new', 'p3-old']);
  });
});
