import { describe, expect, it } from 'vitest';
import { IntentClassifier, trainIntentClassifier, type LabelledText } from './intent-classifier.ts';

/** Phrasings of four intents, in both languages, combined from parts so there are enough to hold some out. */
function examples(): LabelledText[] {
  const intents: Record<string, { en: string[]; zh: string[] }> = {
    track_order: { en: ['where is my order', 'track my package', 'my parcel has not arrived', 'delivery status of my order'], zh: ['我的快递到哪了', '查一下物流', '包裹还没到', '订单什么时候送到'] },
    refund: { en: ['i want my money back', 'refund my purchase', 'how long does a refund take', 'return the item for a refund'], zh: ['我要退款', '退款多久到账', '申请退钱', '退货退款怎么操作'] },
    reset_password: { en: ['forgot my password', 'reset my password', 'cannot log in to my account', 'change my login password'], zh: ['忘记密码了', '怎么重置密码', '登录不了账号', '修改登录密码'] },
    invoice: { en: ['i need an invoice', 'send me a receipt', 'download my invoice', 'invoice for my order'], zh: ['我要开发票', '发票怎么开', '电子发票在哪下载', '需要增值税发票'] },
  };
  const openers = { en: ['', 'hi, ', 'please ', 'hello, can you help: '], zh: ['', '你好，', '请问', '麻烦问下，'] };
  const closers = { en: ['', '?', ' thanks', ' asap'], zh: ['', '？', '，谢谢', '，急'] };
  const all: LabelledText[] = [];
  for (const [label, phrasings] of Object.entries(intents)) {
    for (const language of ['en', 'zh'] as const) {
      for (const phrase of phrasings[language]) for (let n = 0; n < 4; n++) all.push({ label, text: `${openers[language][n]}${phrase}${closers[language][(n + 1) % 4]}` });
    }
  }
  return all;
}

describe('trainIntentClassifier', async () => {
  const progress: number[] = [];
  const classifier = await trainIntentClassifier(examples(), { onProgress: (done) => progress.push(done), seed: 3 });

  it.each([
    ['Where is my parcel? It still has not arrived', 'track_order'],
    ['快递怎么还没到啊', 'track_order'],
    ['I would like a refund please', 'refund'],
    ['退款什么时候到账', 'refund'],
    ['I forgot my pasword', 'reset_password'],
    ['密码忘了登录不了', 'reset_password'],
    ['can you send the invoice for order 12345', 'invoice'],
    ['發票怎麼開', 'invoice'],
  ])('%s → %s', (text, label) => {
    expect(classifier.predict(text).ranking[0]!.label).toBe(label);
  });

  it('answers phrasings close to its examples with confidence', () => {
    for (const [text, label] of [['where is my order?', 'track_order'], ['我要退款', 'refund'], ['reset my password', 'reset_password']]) {
      const prediction = classifier.predict(text!);
      expect(prediction.label).toBe(label);
      expect(prediction.confidence).toBeGreaterThan(0.8);
    }
  });

  it('names no label for text unlike any intent, and ranks every label by probability', () => {
    const prediction = classifier.predict('the weather on mars is cold');
    expect(prediction.label).toBeNull();
    expect(prediction.confidence).toBeLessThan(0.5);
    expect(classifier.predict('退款', 10).ranking).toHaveLength(4);
    const sum = classifier.probabilities('refund').reduce((total, p) => total + p, 0);
    expect(sum).toBeCloseTo(1);
  });

  it('reports held-out quality and progress up to 1', () => {
    expect(classifier.quality!.examples).toBeGreaterThanOrEqual(20);
    expect(classifier.quality!.accuracy).toBeGreaterThan(0.8);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(classifier.temperature).toBeGreaterThan(0);
  });

  it('answers the same after a snapshot round trip', () => {
    const restored = IntentClassifier.fromSnapshot(JSON.parse(JSON.stringify(classifier.snapshot())));
    for (const text of ['where is my order', '我要开发票', 'zzz']) expect(restored.predict(text)).toEqual(classifier.predict(text));
    expect(() => IntentClassifier.fromSnapshot({ ...classifier.snapshot(), format: 99 })).toThrow(/format/);
  });

  it('is deterministic for a seed, and trains once without calibration', async () => {
    const again = await trainIntentClassifier(examples(), { seed: 3 });
    expect(again.predict('where is my order')).toEqual(classifier.predict('where is my order'));
    const uncalibrated = await trainIntentClassifier(examples(), { calibrationShare: 0 });
    expect(uncalibrated.quality).toBeNull();
    expect(uncalibrated.temperature).toBe(1);
  });

  it('refuses examples of fewer than two labels', async () => {
    await expect(trainIntentClassifier([{ text: 'a', label: 'x' }])).rejects.toThrow(/two labels/);
  });
});
