import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readSurveyToken, signSurveyToken, verifySurveyToken } from './survey-link.ts';
import { isSampled, nextRunAfter, npsGroupOf, summarizeScores, commentThemes } from './survey-rules.ts';

const claims = { workspaceId: randomUUID(), invitationId: randomUUID() };
const key = 'k'.repeat(43);

describe('survey links', () => {
  const token = signSurveyToken(key, claims);
  it('round-trips and stays short', () => {
    expect(verifySurveyToken(key, token)).toEqual(claims);
    expect(token.length).toBeLessThanOrEqual(68);
  });
  const swap = (index: number, value: string) => token.split('.').map((part, i) => (i === index ? value : part)).join('.');
  const other = signSurveyToken(key, { workspaceId: randomUUID(), invitationId: randomUUID() }).split('.');
  it.each([
    ['another key', () => verifySurveyToken('x'.repeat(43), token)],
    ['another workspace', () => verifySurveyToken(key, swap(0, other[0]!))],
    ['another invitation', () => verifySurveyToken(key, swap(1, other[1]!))],
    ['another signature', () => verifySurveyToken(key, swap(2, other[2]!))],
    ['a cut token', () => verifySurveyToken(key, token.slice(0, -1))],
    ['garbage', () => verifySurveyToken(key, 'a.b.c')],
  ])('refuses %s', (_label, attempt) => {
    expect(attempt()).toBeUndefined();
  });
  it('reads the claims before the key is known', () => {
    expect(readSurveyToken(token)).toMatchObject(claims);
  });
});

describe('survey rules', () => {
  it('samples the same customers for a run every time, about the asked share', () => {
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    const first = ids.filter((id) => isSampled('run-1', id, 25));
    expect(ids.filter((id) => isSampled('run-1', id, 25))).toEqual(first);
    expect(first.length).toBeGreaterThan(400);
    expect(first.length).toBeLessThan(600);
    expect(ids.every((id) => isSampled('run-1', id, 100))).toBe(true);
  });
  it.each([
    ['2026-01-31T04:00:00Z', 1, '2026-02-28T04:00:00.000Z'],
    ['2026-03-02T04:00:00Z', 3, '2026-06-02T04:00:00.000Z'],
    ['2026-11-30T00:00:00Z', 3, '2027-02-28T00:00:00.000Z'],
  ])('after %s, every %i months, runs at %s', (at, months, next) => {
    expect(nextRunAfter(new Date(at), months).toISOString()).toBe(next);
  });
  it.each([
    [10, 'promoter'],
    [9, 'promoter'],
    [8, 'passive'],
    [7, 'passive'],
    [6, 'detractor'],
    [0, 'detractor'],
  ] as const)('NPS %i is a %s', (score, group) => {
    expect(npsGroupOf(score)).toBe(group);
  });
  it('summarises CSAT as the share of 4–5 and NPS as promoters minus detractors', () => {
    expect(summarizeScores('csat', [5, 4, 3, 1])).toEqual({ answered: 4, average: 3.25, headline: 50 });
    expect(summarizeScores('nps', [10, 9, 8, 3])).toEqual({ answered: 4, average: 7.5, headline: 25 });
    expect(summarizeScores('nps', [])).toEqual({ answered: 0, average: null, headline: null });
  });
  it('groups comments by their frequent terms in both languages', () => {
    const themes = commentThemes([
      { comment: '物流太慢了', score: 2 },
      { comment: '物流很慢', score: 1 },
      { comment: 'The delivery was slow', score: 2 },
      { comment: 'Slow delivery again', score: 3 },
      { comment: '客服很好', score: 5 },
    ]);
    expect(themes.map((theme) => theme.term)).toEqual(expect.arrayContaining(['物流', 'deliveri', 'slow']));
    expect(themes.find((theme) => theme.term === '物流')).toMatchObject({ count: 2, averageScore: 1.5 });
    expect(themes.some((theme) => theme.term === 'the' || theme.term === 'wa')).toBe(false);
  });
});
