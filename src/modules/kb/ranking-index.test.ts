import { describe, expect, it } from 'vitest';
import { RankingIndex } from './ranking-index.ts';
import { suggest } from './suggestions.ts';

function indexOf(docs: Record<string, string>) {
  const index = new RankingIndex();
  for (const [id, title] of Object.entries(docs)) index.upsert(id, { title });
  return index;
}

const KB = {
  returns: '退换货政策',
  boot: '手机无法开机怎么办',
  refund: '退款多久到账',
  shipping: '订单什么时候发货',
  password: 'How to reset your password',
  refundEn: 'Refund policy for damaged items',
};

describe('RankingIndex (the engine, as the knowledge base weighs fields)', () => {
  it.each([
    ['退货', 'returns'],
    ['开不了机', 'boot'],
    ['退款多久能到账', 'refund'],
    ['我的订单还没发货', 'shipping'],
    ['reset password', 'password'],
    ['refunded items', 'refundEn'],
    ['pasword reset', 'password'],
    ['退換貨', 'returns'],
  ])('%s finds %s first', (query, id) => {
    expect(indexOf(KB).search(query)[0]?.id).toBe(id);
  });

  it('covers a question it answers well and one it does not hold poorly', () => {
    const index = indexOf(KB);
    expect(index.search('退款多久到账')[0]!.coverage).toBeGreaterThan(0.9);
    const weather = index.search('今天天气怎么样')[0];
    expect(weather === undefined || weather.coverage < 0.3).toBe(true);
  });

  it('forgets removed documents and replaces updated ones', () => {
    const index = indexOf(KB);
    index.remove('returns');
    expect(index.search('退换货').map((hit) => hit.id)).not.toContain('returns');
    index.upsert('boot', { title: '屏幕碎了' });
    expect(index.search('开机').map((hit) => hit.id)).not.toContain('boot');
    expect(index.size).toBe(5);
  });

  it('filters candidates', () => {
    expect(indexOf(KB).search('退', { accept: (id) => id !== 'returns' }).map((hit) => hit.id)).not.toContain('returns');
  });
});

describe('suggest', () => {
  const candidates = [
    { text: '退换货政策', kind: 'title' as const, weight: 1 },
    { text: '退款多久到账', kind: 'title' as const, weight: 1 },
    { text: '退货', kind: 'tag' as const, weight: 1 },
    { text: '退货地址', kind: 'query' as const, weight: 9 },
    { text: 'Refund policy', kind: 'title' as const, weight: 1 },
    { text: 'How to get a refund', kind: 'query' as const, weight: 3 },
  ];

  it('offers nothing before two characters', () => {
    expect(suggest('退', candidates)).toEqual([]);
  });

  it('offers what starts with the text first, then by use', () => {
    expect(suggest('退货', candidates).map((s) => s.text)).toEqual(['退货地址']);
    expect(suggest('退款', candidates).map((s) => s.text)).toEqual(['退款多久到账']);
    expect(suggest('re', candidates).map((s) => s.text)).toEqual(['Refund policy', 'How to get a refund']);
  });

  it('finds Chinese text inside a title', () => {
    expect(suggest('换货', candidates).map((s) => s.text)).toEqual(['退换货政策']);
  });
});
