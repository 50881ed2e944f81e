import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './sentiment.ts';
import { CHINESE_VALENCE, ENGLISH_VALENCE } from './sentiment-lexicon.ts';
import { stemEnglish } from '../stem.ts';

describe('scoreSentiment', () => {
  it.each([
    // Chinese
    ['非常满意，谢谢！', 'positive'],
    ['客服态度还不错', 'positive'],
    ['我想查一下订单', 'neutral'],
    ['请问发票怎么开', 'neutral'],
    ['不太满意', 'negative'],
    ['一点都不好用', 'negative'],
    ['物流太慢了，再也不买了！！！', 'negative'],
    ['退款到现在还没到账，我要投诉', 'negative'],
    ['東西不錯，但是物流太慢了', 'negative'],
    ['虽然等了很久，但是问题解决了，谢谢', 'positive'],
    ['不差', 'positive'],
    // English
    ['Thanks, great service', 'positive'],
    ['where is my order?', 'neutral'],
    ['I am not happy with this', 'negative'],
    ["I'm not very satisfied", 'negative'],
    ["It's not bad", 'positive'],
    ['the app is fine but support is terrible', 'negative'],
    ['This is the worst experience ever, absolutely unacceptable', 'negative'],
    ['Took a while, but you resolved it. Thank you!', 'positive'],
    // Mixed
    ['refund 还没到, very disappointed', 'negative'],
  ])('%s → %s', (text, label) => {
    expect(scoreSentiment(text).label).toBe(label);
  });

  it('negation flips a cue and softens it; an intensifier strengthens it', () => {
    const plain = scoreSentiment('满意').score;
    expect(scoreSentiment('不满意').score).toBeLessThan(0);
    expect(scoreSentiment('非常满意').score).toBeGreaterThan(plain);
    expect(scoreSentiment('happy').score).toBeGreaterThan(0);
    expect(scoreSentiment('not happy').score).toBeLessThan(0);
    expect(Math.abs(scoreSentiment('not happy').score)).toBeLessThan(scoreSentiment('happy').score);
    expect(scoreSentiment('extremely slow').score).toBeLessThan(scoreSentiment('slow').score);
  });

  it('exclamation marks push the score further the way it leans, and leave neutral text neutral', () => {
    expect(scoreSentiment('太慢了!!!').score).toBeLessThan(scoreSentiment('太慢了').score);
    expect(scoreSentiment('订单号是多少!!!').score).toBe(0);
  });

  it('stays between −1 and 1 and names its cues', () => {
    const furious = scoreSentiment('垃圾 骗子 黑店 投诉 差评 '.repeat(50));
    expect(furious.score).toBeGreaterThan(-1);
    expect(furious.score).toBeLessThan(-0.95);
    expect(scoreSentiment('谢谢').cues).toEqual([{ cue: '谢谢', valence: 1.5 }]);
  });

  it('reads English cues by their stems, and keeps valences within −3 … 3', () => {
    expect(scoreSentiment('disappointing').score).toBe(scoreSentiment('disappointed').score);
    expect(new Set(Object.keys(ENGLISH_VALENCE).map(stemEnglish)).size).toBe(Object.keys(ENGLISH_VALENCE).length);
    for (const valence of [...Object.values(ENGLISH_VALENCE), ...Object.values(CHINESE_VALENCE)]) expect(Math.abs(valence)).toBeLessThanOrEqual(3);
  });
});
