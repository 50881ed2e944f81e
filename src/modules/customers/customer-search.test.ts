import { describe, expect, it } from 'vitest';
import { buildSearchTerms, decodeCursor, encodeCursor, escapeLike } from './customer-search.ts';

describe('escapeLike', () => {
  it.each([
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
    ['张伟', '张伟'],
  ])('%s → %s', (raw, escaped) => {
    expect(escapeLike(raw)).toBe(escaped);
  });
});

describe('buildSearchTerms', () => {
  it('is empty without a query', () => {
    expect(buildSearchTerms(undefined, true)).toEqual({ identityPatterns: [], identityValues: [] });
    expect(buildSearchTerms('   ', true)).toEqual({ identityPatterns: [], identityValues: [] });
  });

  it('matches names by substring in any script', () => {
    expect(buildSearchTerms(' 张 ', true).namePattern).toBe('%张%');
    expect(buildSearchTerms('50%_off', false).namePattern).toBe('%50\\%\\_off%');
  });

  it('searches contacts by substring for viewers who see them', () => {
    const terms = buildSearchTerms('139-1234', true);
    expect(terms.identityPatterns).toContainEqual({ kind: 'phone', pattern: '%1391234%' });
    expect(buildSearchTerms('Zhang@Exa', true).identityPatterns).toContainEqual({ kind: 'email', pattern: '%zhang@exa%' });
  });

  it('lets masked viewers find contacts only by the complete value', () => {
    const terms = buildSearchTerms('139 1234 5678', false);
    expect(terms.identityPatterns).toEqual([]);
    expect(terms.identityValues).toContainEqual({ kind: 'phone', value: '+8613912345678' });
    expect(buildSearchTerms('Zhang@Example.com', false).identityValues).toContainEqual({ kind: 'email', value: 'zhang@example.com' });
    expect(buildSearchTerms('oWx_1', false).identityValues).toEqual([
      { kind: 'wechat_openid', value: 'oWx_1' },
      { kind: 'external_id', value: 'oWx_1' },
    ]);
  });
});

describe('cursor', () => {
  it('round-trips a position', () => {
    const position = { createdAt: new Date('2026-03-02T01:00:00.123Z'), id: '0b7e2c1e-8f4a-4d7e-9c2a-1f0e3d4c5b6a' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each(['', 'garbage', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["2026-03-02T01:00:00.000Z","x"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])(
    'rejects %j',
    (cursor) => {
      expect(decodeCursor(cursor)).toBeNull();
    },
  );
});
