import { describe, expect, it } from 'vitest';
import { guess, loadTriage, predictSentiment, trainTriage } from './triage-model.ts';

const HISTORY: [string, string, string][] = [
  ['我要投诉你们的客服态度', 'complaint', 'P1'],
  ['投诉快递员态度差', 'complaint', 'P1'],
  ['再次投诉，问题一直没解决', 'complaint', 'P1'],
  ['耳机坏了申请维修', 'after_sales', 'P2'],
  ['收到的商品有破损要退货', 'after_sales', 'P2'],
  ['手机屏幕坏了能保修吗', 'after_sales', 'P2'],
  ['请问你们几点上班', 'consultation', 'P3'],
  ['这款有没有黑色的', 'consultation', 'P3'],
  ['请问支持花呗付款吗', 'consultation', 'P3'],
];

describe('triage model', () => {
  it('learns type and priority from labelled tickets and survives a round trip through JSON', async () => {
    const samples = Array.from({ length: 4 }, (_, round) => HISTORY.map(([text, type, priority]) => ({ text: `${text} ${round}`, type, priority }))).flat();
    const shares: number[] = [];
    const { snapshot, metrics } = await trainTriage(samples, (share) => shares.push(share));
    expect(shares.at(-1)).toBe(1);
    expect(metrics.samples).toBe(36);
    const model = loadTriage(JSON.parse(JSON.stringify(snapshot)));
    expect(guess(model.type, '我要投诉')?.label).toBe('complaint');
    expect(guess(model.priority, '商品破损，申请退货')?.label).toBe('P2');
    expect(guess(model.type, '请问有没有白色的')!.confidence).toBeGreaterThan(0);
  });

  it('has no model for a field with one label', async () => {
    const { snapshot } = await trainTriage([{ text: 'a', type: 'x', priority: 'P1' }, { text: 'b', type: 'y', priority: 'P1' }]);
    expect(snapshot.priority).toBeNull();
    expect(guess(loadTriage(snapshot).priority, 'a')).toBeUndefined();
  });

  it.each([
    ['你们太慢了，我要投诉！！', 'negative'],
    ['This is unacceptable, worst service ever', 'negative'],
    ['谢谢，问题解决了，非常满意', 'positive'],
    ['请问发票怎么开', 'neutral'],
  ])('sentiment of %s is %s', (text, label) => {
    expect(predictSentiment(text).label).toBe(label);
  });
});
