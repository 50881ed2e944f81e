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

describe('segmentWords without dictionary scripts', () => {
  // The fast path must split exactly where ICU's word boundaries (less punctuation) do.
  const icu = new Intl.Segmenter('zh', { granularity: 'word' });
  const icuWords = (text: string) =>
    [...icu.segment(text)].filter((part) => part.isWordLike).flatMap((part) => part.segment.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean));

  it.each([
    "o'neil's order #12.50, e-mail foo_bar@x.com!",
    'café naïve résumé — 3,000.5 ok?',
    'snake_case and dots.in.words 1.2.3 v2.0-beta',
    'Привет, мир. Ελληνικά 123abc',
    'tab\tnew\nline\u00a0nbsp',
    "don't can't won't",
  ])('%s', (text) => {
    expect(segmentWords(text)).toEqual(icuWords(text));
  });
});
