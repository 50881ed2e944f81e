import { describe, expect, it } from 'vitest';
import { Suggester } from './suggest.ts';

function build(): Suggester {
  const suggester = new Suggester();
  suggester.add('退换货政策', 'title');
  suggester.add('退款多久到账', 'title');
  suggester.add('手机无法开机怎么办', 'title');
  suggester.add('Reset your password', 'title');
  suggester.add('Refund policy', 'title');
  suggester.add('退款', 'tag');
  suggester.add('refunds', 'tag');
  suggester.add('退款进度查询', 'query');
  suggester.add('退款进度查询', 'query');
  return suggester;
}

const texts = (suggester: Suggester, typed: string) => suggester.suggest(typed).map((suggestion) => suggestion.text);

describe('Suggester', () => {
  const suggester = build();

  it.each([
    // Nothing before two characters.
    ['退', []],
    ['r', []],
    // Phrases starting with the typed text first: titles, then tags, then earlier searches; then inner matches.
    ['退款', ['退款多久到账', '退款进度查询']],
    ['退换', ['退换货政策']],
    ['开机', ['手机无法开机怎么办']],
    ['ref', ['Refund policy', 'refunds']],
    ['PASS', ['Reset your password']],
    ['Ｒｅｆ', ['Refund policy', 'refunds']],
    ['退貨', []],
    ['xyz', []],
  ])('%s → %j', (typed, expected) => {
    expect(texts(suggester, typed)).toEqual(expected);
  });

  it('does not suggest a phrase identical to what was typed', () => {
    expect(texts(suggester, '退款进度查询')).toEqual([]);
    expect(texts(suggester, 'refunds')).toEqual([]);
  });

  it('counts occurrences and forgets a phrase once every occurrence is taken back', () => {
    const local = build();
    local.add('退换货政策', 'title');
    local.remove('退换货政策', 'title');
    expect(texts(local, '退换')).toEqual(['退换货政策']);
    local.remove('退换货政策', 'title');
    expect(texts(local, '退换')).toEqual([]);
  });

  it('keeps at most maxQueries earlier searches, dropping the least searched', () => {
    const local = new Suggester({ maxQueries: 2 });
    local.add('order status', 'query', 5);
    local.add('order history', 'query', 1);
    local.add('order cancel', 'query', 2);
    expect(texts(local, 'order')).toEqual(['order status', 'order cancel']);
  });

  it('honours the limit', () => {
    expect(suggester.suggest('re', 1)).toHaveLength(1);
  });
});
