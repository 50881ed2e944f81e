import { describe, expect, it } from 'vitest';
import { extractFeatures, FeatureSpace } from './features.ts';

describe('extractFeatures', () => {
  it.each([
    ['Refunds not received', ['w:refund', 'w:not', 'w:receiv', 'b:refund not', 'b:not receiv', 'c: re', 'c:fund', 'c:nds ', '=refund']],
    // Numbers count by their length, not their digits.
    ['order 20240611083315', ['w:order', 'w:#12', 'b:order #12']],
    // Chinese text gives its search terms; stop words are kept as words.
    ['我要退款', ['w:我要', 'w:退款', '2:退款', 'p:tui kuan', '=退款']],
  ])('%s', (text, expected) => {
    expect([...extractFeatures(text).keys()]).toEqual(expect.arrayContaining(expected));
  });

  it('counts repeated features', () => {
    expect(extractFeatures('refund refund').get('w:refund')).toBe(2);
  });
});

describe('FeatureSpace', () => {
  const texts = ['refund my order', 'track my order', 'reset my password'].map(extractFeatures);
  const space = FeatureSpace.fit(texts);

  it('vectorises to unit length, sorted indices, rare features weighing more', () => {
    const vector = space.vectorize(extractFeatures('refund my order'));
    const norm = Math.sqrt(vector.values.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect([...vector.indices]).toEqual([...vector.indices].sort((a, b) => a - b));
    const weightOf = (feature: string) => vector.values[[...vector.indices].indexOf(space.features.indexOf(feature))]!;
    expect(weightOf('w:refund')).toBeGreaterThan(weightOf('w:my'));
  });

  it('ignores features not seen in training; an empty vector for unseen text', () => {
    expect(space.vectorize(extractFeatures('zzzz qqqq')).indices.length).toBe(0);
  });

  it('keeps only features in at least minCount texts', () => {
    const frequent = FeatureSpace.fit(texts, 2);
    expect(frequent.features).toContain('w:my');
    expect(frequent.features).not.toContain('w:refund');
  });

  it('survives a snapshot round trip', () => {
    const restored = FeatureSpace.fromSnapshot(JSON.parse(JSON.stringify(space.snapshot())));
    expect(restored.vectorize(extractFeatures('refund order'))).toEqual(space.vectorize(extractFeatures('refund order')));
  });
});
