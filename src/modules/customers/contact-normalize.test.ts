import { describe, expect, it } from 'vitest';
import { normalizeDomain, normalizeEmail, normalizeIdentity, normalizePhone } from './contact-normalize.ts';

describe('normalizeEmail', () => {
  it.each([
    ['Zhang@Example.COM', 'zhang@example.com'],
    ['  wei.zhang+cs@mail.example.cn\t', 'wei.zhang+cs@mail.example.cn'],
    ['ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'zhang@example.com'],
    ['张伟@例子.中国', '张伟@例子.中国'],
    ["o'brien@example.ie", "o'brien@example.ie"],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeEmail(raw)).toBe(normalized);
  });

  it.each([
    'not-an-email',
    '@example.com',
    'zhang@',
    'zhang@localhost',
    'zhang@example.c',
    'zhang@-example.com',
    'zhang@example..com',
    'zh ang@example.com',
    '.zhang@example.com',
    'zh..ang@example.com',
    'zhang.@example.com',
    'zhang@exa mple.com',
    'zhang\u0000@example.com',
    'a"b@example.com',
    '<script>@example.com',
    `${'a'.repeat(65)}@example.com`,
    `zhang@${'a'.repeat(250)}.com`,
    'zhang@example.123',
  ])('rejects %j', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13912345678', '+8613912345678'],
    ['139-1234-5678', '+8613912345678'],
    ['139 1234 5678', '+8613912345678'],
    ['+86 139 1234 5678', '+8613912345678'],
    ['0086 139 1234 5678', '+8613912345678'],
    ['86 13912345678', '+8613912345678'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['001 415 555 0100', '+14155550100'],
    ['(010) 1234.5678', '01012345678'],
    ['12012345678', '12012345678'],
    ['１３９１２３４５６７８', '+8613912345678'],
    [' 95588 ', '95588'],
    ['110', '110'],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizePhone(raw)).toBe(normalized);
  });

  it.each(['12', 'abc', '139-1234-567x', '1'.repeat(21), '86+13912345678', '', '   ', '13912345678; DROP TABLE customers', '139\u00001234'])('rejects %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['例子.中国', '例子.中国'],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeDomain(raw)).toBe(normalized);
  });

  it.each(['localhost', 'exa mple.com', 'http://example.com', '-a.com', ''])('rejects %j', (raw) => {
    expect(normalizeDomain(raw)).toBeNull();
  });
});

describe('normalizeIdentity', () => {
  it.each([
    ['wechat_openid', '  oAbC123_xyz-9 ', 'oAbC123_xyz-9'],
    ['external_id', 'CRM:42/7', 'CRM:42/7'],
    ['email', 'A@B.CO', 'a@b.co'],
    ['phone', '+1 (555) 010-9999', '+15550109999'],
  ] as const)('%s %j → %j', (kind, raw, normalized) => {
    expect(normalizeIdentity(kind, raw)).toBe(normalized);
  });

  it.each([
    ['wechat_openid', 'has space'],
    ['wechat_openid', 'x'.repeat(129)],
    ['external_id', ''],
    ['external_id', 'x'.repeat(201)],
    ['external_id', 'a\u0007b'],
  ] as const)('rejects %s %j', (kind, raw) => {
    expect(normalizeIdentity(kind, raw)).toBeNull();
  });
});
