import { describe, expect, it } from 'vitest';
import { ClassifierTrainer, classify, predictSentiment } from './interim-classifier.ts';

describe('interim classifier', () => {
  const trainer = new ClassifierTrainer();
  for (const [text, label] of [
    ['我要投诉你们的客服态度', 'complaint'],
    ['投诉快递员态度差', 'complaint'],
    ['再次投诉，问题一直没解决', 'complaint'],
    ['耳机坏了申请维修', 'after_sales'],
    ['收到的商品有破损要退货', 'after_sales'],
    ['手机屏幕坏了能保修吗', 'after_sales'],
    ['请问你们几点上班', 'consultation'],
    ['这款有没有黑色的', 'consultation'],
    ['How do I change my password', 'consultation'],
  ] as const) trainer.add(text, label);
  const model = trainer.finish();

  it.each([
    ['我要投诉', 'complaint'],
    ['商品破损，申请退货', 'after_sales'],
    ['请问有没有白色的', 'consultation'],
  ])('%s → %s', (text, label) => {
    expect(classify(model, text)?.label).toBe(label);
  });

  it('gives a probability, and survives a round trip through JSON', () => {
    const prediction = classify(JSON.parse(JSON.stringify(model)), '投诉客服态度');
    expect(prediction!.label).toBe('complaint');
    expect(prediction!.confidence).toBeGreaterThan(0.5);
    expect(prediction!.confidence).toBeLessThanOrEqual(1);
  });

  it('has nothing to say without labels', () => {
    expect(classify(new ClassifierTrainer().finish(), 'x')).toBeUndefined();
  });
});

describe('predictSentiment', () => {
  it.each([
    ['你们太慢了，我要投诉！！', 'negative'],
    ['This is unacceptable, worst service ever', 'negative'],
    ['谢谢，问题解决了，非常满意', 'positive'],
    ['请问发票怎么开', 'neutral'],
  ])('%s → %s', (text, label) => {
    expect(predictSentiment(text).label).toBe(label);
  });
});
