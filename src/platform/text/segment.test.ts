import { describe, expect, it } from 'vitest';
import { segmentWords } from './segment.ts';

describe('segmentWords', () => {
  it.each([
    ['物流信息超过3天未更新', ['物流', '信息', '超过', '3', '天', '未', '更新']],
    ['蓝牙耳机一直连不上', ['蓝牙', '耳机', '一直', '连不上']],
    ['refund not received', ['refund', 'not', 'received']],
    ['我的订单abc123还没到', ['我的', '订单', 'abc123', '还', '没', '到']],
    ['退款 refund,谢谢!', ['退款', 'refund', '谢谢']],
    ['foo@bar.com 139-1234-5678', ['foo', 'bar', 'com', '139', '1234', '5678']],
    ["o'neil's order", ['o', 'neil', 's', 'order']],
    ['café naïve', ['café', 'naïve']],
    ['   ', []],
    ['!!! ??? ...', []],
  ])('%s', (text, expected) => {
    expect(segmentWords(text)).toEqual(expected);
  });

  it('drops absurdly long words', () => {
    expect(segmentWords(`${'x'.repeat(500)} ok`)).toEqual(['ok']);
  });
});
