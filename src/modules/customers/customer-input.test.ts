import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { cleanIntakeName, cleanTags, normalizeIdentityList, sameTags } from './customer-input.ts';

describe('cleanIntakeName', () => {
  it.each([
    [undefined, ''],
    ['  张伟  ', '张伟'],
    ['Li\u0000Lei', 'Li Lei'],
    ['"Wang Fang"\r\n<via support>', '"Wang Fang" <via support>'],
    ['a\u2028b', 'a b'],
    ['名'.repeat(250), '名'.repeat(200)],
  ])('%j → %j', (raw, cleaned) => {
    expect(cleanIntakeName(raw)).toBe(cleaned);
  });
});

describe('cleanTags', () => {
  it.each([
    [[], []],
    [[' vip ', 'VIP', '物流', '', '  '], ['vip', '物流']],
    [['B', 'a', 'b'], ['B', 'a']],
  ])('%j → %j', (raw, cleaned) => {
    expect(cleanTags(raw)).toEqual(cleaned);
  });

  it('compares tag lists by order and spelling', () => {
    expect(sameTags(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameTags(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameTags(['a'], ['a', 'b'])).toBe(false);
  });
});

describe('normalizeIdentityList', () => {
  it('normalises every identity in order', () => {
    expect(
      normalizeIdentityList([
        { kind: 'email', value: ' A@Example.com' },
        { kind: 'phone', value: '139-1234-5678' },
      ]),
    ).toEqual([
      { kind: 'email', value: 'a@example.com' },
      { kind: 'phone', value: '+8613912345678' },
    ]);
  });

  it.each([
    [[{ kind: 'email' as const, value: 'nope' }], 'identities[0].value', 'customers.invalid_email'],
    [[{ kind: 'phone' as const, value: '1' }], 'identities[0].value', 'customers.invalid_phone'],
    [[{ kind: 'email' as const, value: 'a@example.com' }, { kind: 'email' as const, value: 'A@EXAMPLE.COM' }], 'identities[1].value', 'customers.duplicate_identity'],
  ])('reports %j at %s', (identities, field, messageKey) => {
    const error = (() => {
      try {
        normalizeIdentityList(identities);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toEqual([{ field, messageKey, params: undefined }]);
  });
});
