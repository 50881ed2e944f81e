import { describe, expect, it } from 'vitest';
import { diffText, diffVersions } from './version-diff.ts';

describe('diffText', () => {
  it('compares Chinese by words', () => {
    expect(diffText('收到商品后7天内可以退货', '收到商品后15天内可以申请退货')).toEqual([
      { op: 'equal', text: '收到商品后' },
      { op: 'delete', text: '7' },
      { op: 'insert', text: '15' },
      { op: 'equal', text: '天内可以' },
      { op: 'insert', text: '申请' },
      { op: 'equal', text: '退货' },
    ]);
  });

  it('compares English by words and keeps the spaces', () => {
    expect(diffText('Refunds take 3 days.', 'Refunds take 5 working days.')).toEqual([
      { op: 'equal', text: 'Refunds take ' },
      { op: 'delete', text: '3' },
      { op: 'insert', text: '5' },
      { op: 'equal', text: ' ' },
      { op: 'insert', text: 'working ' },
      { op: 'equal', text: 'days.' },
    ]);
  });

  it('rebuilds both sides', () => {
    const runs = diffText('a b c 退 货', 'a c d 退换货');
    expect(runs.filter((r) => r.op !== 'insert').map((r) => r.text).join('')).toBe('a b c 退 货');
    expect(runs.filter((r) => r.op !== 'delete').map((r) => r.text).join('')).toBe('a c d 退换货');
  });
});

describe('diffVersions', () => {
  it('names the changed fields', () => {
    const base = { title: 'T', summary: 'S', bodyText: 'B', tags: ['a'], categoryId: 'c', visibility: 'public' };
    expect(diffVersions(base, { ...base, tags: ['a', 'b'], visibility: 'internal' }).changedFields).toEqual(['tags', 'visibility']);
  });
});
