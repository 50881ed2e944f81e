import { describe, expect, it } from 'vitest';
import { classificationMetrics, rankingMetrics } from './metrics.ts';

describe('rankingMetrics', () => {
  it.each([
    [[0, 0, 0, 0], { top1: 1, mrr: 1, recall5: 1 }],
    [[0, 1, -1, 4], { top1: 0.25, mrr: (1 + 0.5 + 0 + 0.2) / 4, recall5: 0.75 }],
    [[5, -1], { top1: 0, mrr: 1 / 12, recall5: 0 }],
    [[], { top1: 0, mrr: 0, recall5: 0 }],
  ])('%j', (ranks, expected) => {
    const metrics = rankingMetrics(ranks);
    expect(metrics.top1).toBeCloseTo(expected.top1, 9);
    expect(metrics.mrr).toBeCloseTo(expected.mrr, 9);
    expect(metrics.recall5).toBeCloseTo(expected.recall5, 9);
  });
});

describe('classificationMetrics', () => {
  it.each([
    [['a', 'b'], ['a', 'b'], 1, 1],
    // a: P 1/2 R 1 → 2/3; b: P 0 R 0 → 0; macro 1/3.
    [['a', 'b'], ['a', 'a'], 0.5, 1 / 3],
    // A predicted label that never occurs counts too (F1 0).
    [['a', 'a'], ['a', 'c'], 0.5, (2 / 3 + 0) / 2],
    [[], [], 0, 0],
  ])('%j vs %j', (truth, predicted, accuracy, macroF1) => {
    const metrics = classificationMetrics(truth, predicted);
    expect(metrics.accuracy).toBeCloseTo(accuracy, 9);
    expect(metrics.macroF1).toBeCloseTo(macroF1, 9);
  });
});
