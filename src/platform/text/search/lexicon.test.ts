import { describe, expect, it } from 'vitest';
import { normalizeText } from '../normalize.ts';
import { CHINESE_REWRITES, ENGLISH_REWRITES, SYNONYM_GROUPS } from './lexicon.ts';

describe('the search lexicon', () => {
  it('has groups of at least two distinct members, each member in one group only, all already normalised', () => {
    const problems: string[] = [];
    const groupOf = new Map<string, string>();
    for (const group of SYNONYM_GROUPS) {
      if (new Set(group).size !== group.length || group.length < 2) problems.push(`group ${group[0]}: fewer than two distinct members`);
      for (const member of group) {
        if (normalizeText(member) !== member) problems.push(`${member} is not normalised`);
        if (member.trim() !== member || member.includes('  ')) problems.push(`${member} has stray spaces`);
        const other = groupOf.get(member);
        if (other !== undefined && other !== group[0]) problems.push(`${member} in ${other} and ${group[0]}`);
        groupOf.set(member, group[0]!);
      }
    }
    expect(problems).toEqual([]);
  });

  it('rewrites to different, normalised text and never to a form that is rewritten again', () => {
    for (const rewrites of [CHINESE_REWRITES, ENGLISH_REWRITES]) {
      for (const [from, to] of Object.entries(rewrites)) {
        expect(from).not.toBe(to);
        expect(normalizeText(from)).toBe(from);
        for (const key of Object.keys(rewrites)) if (rewrites === ENGLISH_REWRITES) expect(to.split(' ')).not.toContain(key);
      }
    }
    for (const to of Object.values(CHINESE_REWRITES)) for (const key of Object.keys(CHINESE_REWRITES)) expect(to.includes(key), `${to} holds ${key}`).toBe(false);
  });
});
