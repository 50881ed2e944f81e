import { describe, expect, it } from 'vitest';
import { checkFormToken, isOverLimit, issueFormToken, MIN_FILL_SECONDS, secondsLeftInWindow, windowStartOf } from './abuse-limits.ts';

const SECRET = 'a-workspace-form-secret';
const WS = '7f1c2a52-2f7b-4d7e-9d2a-6f1b1c2d3e4f';
const at = (iso: string) => new Date(iso);

describe('fixed windows', () => {
  it.each([
    ['2026-05-05T10:00:00.000Z', 3600, '2026-05-05T10:00:00.000Z', 3600],
    ['2026-05-05T10:59:59.500Z', 3600, '2026-05-05T10:00:00.000Z', 1],
    ['2026-05-05T10:20:00.000Z', 3600, '2026-05-05T10:00:00.000Z', 2400],
    ['2026-05-05T10:20:00.000Z', 900, '2026-05-05T10:15:00.000Z', 600],
  ])('at %s a %is window starts at %s, %is left', (now, size, start, left) => {
    expect(windowStartOf(at(now), size).toISOString()).toBe(start);
    expect(secondsLeftInWindow(at(now), size)).toBe(left);
  });

  it.each([
    [5, false],
    [6, true],
  ])('hit %i of at most 5 is over the limit: %s', (hits, over) => {
    expect(isOverLimit(hits, { scope: 's', max: 5, windowSeconds: 60 })).toBe(over);
  });
});

describe('the web form token', () => {
  const opened = at('2026-05-05T10:00:00Z');
  const token = issueFormToken(SECRET, WS, opened);
  const after = (seconds: number) => new Date(opened.getTime() + seconds * 1000);

  it.each([
    ['sent at once', 0, 'too_fast'],
    ['sent just under the minimum', MIN_FILL_SECONDS - 0.1, 'too_fast'],
    ['sent after the minimum', MIN_FILL_SECONDS, 'ok'],
    ['sent an hour later', 3600, 'ok'],
    ['sent two days later', 48 * 3600, 'stale'],
  ] as const)('%s: %s', (_label, seconds, verdict) => {
    expect(checkFormToken(SECRET, WS, token, after(seconds))).toBe(verdict);
  });

  it.each([
    ['of another workspace', () => checkFormToken(SECRET, '00000000-0000-4000-8000-000000000000', token, after(60))],
    ['signed with another secret', () => checkFormToken('another-secret', WS, token, after(60))],
    ['backdated', () => checkFormToken(SECRET, WS, `${opened.getTime() - 60_000}.${token.split('.')[1]}`, after(60))],
    ['malformed', () => checkFormToken(SECRET, WS, 'not-a-token', after(60))],
    ['empty', () => checkFormToken(SECRET, WS, '', after(60))],
  ])('refuses a token %s', (_label, check) => {
    expect(check()).toBe('invalid');
  });
});
