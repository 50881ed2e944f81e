import { describe, expect, it } from 'vitest';
import { buildSearchDocument, buildSearchQuery, segmentTerms } from './search-text.ts';

describe('segmentTerms', () => {
  it.each([
    ['物流信息超过3天未更新', ['物流', '信息', '超过', '3', '天', '未', '更新']],
    ['Refund not received', ['refund', 'not', 'received']],
    ['我的订单ABC123还没到', ['我的', '订单', 'abc123', '还', '没', '到']],
    ['退款 refund，谢谢!', ['退款', 'refund', '谢谢']],
    ['foo@bar.com 139-1234-5678', ['foo', 'bar', 'com', '139', '1234', '5678']],
    ['ＡＢＣ全角', ['abc', '全角']],
    ["O'Neil's order", ['o', 'neil', 's', 'order']],
    ['   ', []],
    ['bad\ud800text 物流', ['badtext', '物流']],
    ['!!! ??? ...', []],
  ])('%s', (text, expected) => {
    expect(segmentTerms(text)).toEqual(expected);
  });

  it('drops absurdly long terms and caps the text length', () => {
    expect(segmentTerms(`${'x'.repeat(500)} ok`)).toEqual(['ok']);
    expect(segmentTerms('word '.repeat(10_000), 100).length).toBeLessThanOrEqual(20);
  });
});

describe('buildSearchDocument', () => {
  it('joins segmented parts and skips empty ones', () => {
    expect(buildSearchDocument('物流信息', null, '', 'Refund please')).toBe('物流 信息 refund please');
  });
});

describe('buildSearchQuery', () => {
  it('ANDs the terms and matches the last as a prefix', () => {
    expect(buildSearchQuery('物流')).toBe("'物流':*");
    expect(buildSearchQuery('Refund not')).toBe("'refund' & 'not':*");
    expect(buildSearchQuery('退款 refund')).toBe("'退款' & 'refund':*");
  });

  it('removes duplicates and characters that would break the query syntax', () => {
    expect(buildSearchQuery("a' | b & a")).toBe("'a' & 'b':*");
    expect(buildSearchQuery("x'):* | !y")).toBe("'x' & 'y':*");
  });

  it('can match whole terms only', () => {
    expect(buildSearchQuery('139 1234', { prefix: false })).toBe("'139' & '1234'");
  });

  it('is undefined without searchable terms', () => {
    expect(buildSearchQuery('  ... ')).toBeUndefined();
    expect(buildSearchQuery('')).toBeUndefined();
  });
});
