import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify, uniqueSlug } from './slug.ts';

describe('slugify', () => {
  it.each([
    ['Return & Refund Policy', 'return-refund-policy'],
    ['退换货政策', '退换货政策'],
    ['手机 无法开机？怎么办', '手机-无法开机-怎么办'],
    ['ＳＦ快递 查询', 'sf快递-查询'],
    ['  --  ', 'article'],
    ['帳號凍結', '账号冻结'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(SLUG_PATTERN.test(slug)).toBe(true);
  });

  it('cuts long titles at a character boundary', () => {
    expect([...slugify('很'.repeat(200))]).toHaveLength(80);
  });
});

describe('uniqueSlug', () => {
  it('numbers a taken slug', () => {
    const taken = new Set(['faq', 'faq-2']);
    expect(uniqueSlug('faq', (s) => taken.has(s))).toBe('faq-3');
    expect(uniqueSlug('new', (s) => taken.has(s))).toBe('new');
  });
});
