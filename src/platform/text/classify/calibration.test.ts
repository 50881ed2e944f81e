import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitCorrectness, fitTemperature, negativeLogLikelihood, predictCorrectness, PRIOR_CORRECTNESS, softmaxInPlace } from './calibration.ts';
import { seededRandom } from './random.ts';

describe('softmaxInPlace', () => {
  it.each([
    [[0, 0], 1, [0.5, 0.5]],
    [[1000, 0], 1, [1, 0]],
    [[Math.log(3), 0], 1, [0.75, 0.25]],
    [[2 * Math.log(3), 0], 2, [0.75, 0.25]],
  ])('%j at T=%d → %j', (scores, temperature, expected) => {
    const result = softmaxInPlace(Float64Array.from(scores), temperature);
    expected.forEach((value, index) => expect(result[index]).toBeCloseTo(value, 9));
  });
});

describe('fitTemperature', () => {
  it.each([0.5, 1, 3])('recovers the temperature %d that generated the labels', (truth) => {
    const random = seededRandom(7);
    const margins: Float64Array[] = [];
    const labels: number[] = [];
    for (let n = 0; n < 4000; n++) {
      const row = Float64Array.from({ length: 4 }, () => random() * 6 - 3);
      const probabilities = softmaxInPlace(Float64Array.from(row), truth);
      let draw = random();
      let label = 0;
      while (label < 3 && draw > probabilities[label]!) draw -= probabilities[label++]!;
      margins.push(row);
      labels.push(label);
    }
    const fitted = fitTemperature(margins, labels);
    expect(fitted).toBeGreaterThan(truth * 0.85);
    expect(fitted).toBeLessThan(truth * 1.15);
    expect(negativeLogLikelihood(margins, labels, fitted)).toBeLessThanOrEqual(negativeLogLikelihood(margins, labels, truth) + 1e-9);
  });

  it('is 1 without examples', () => {
    expect(fitTemperature([], [])).toBe(1);
  });
});

describe('expectedCalibrationError', () => {
  it.each([
    [[{ confidence: 0.9, correct: true }], 0.1],
    [[{ confidence: 0.95, correct: true }, { confidence: 0.95, correct: false }], 0.45],
    [[{ confidence: 0.55, correct: true }, { confidence: 0.55, correct: false }], 0.05],
    [[], 0],
  ])('%j → %d', (predictions, error) => {
    expect(expectedCalibrationError(predictions)).toBeCloseTo(error, 9);
  });
});

describe('fitCorrectness', () => {
  it('recovers the logistic curve that generated correct and wrong predictions', () => {
    const random = seededRandom(11);
    const truth = { weights: [-1, 3, 0.5] as [number, number, number] };
    const samples = Array.from({ length: 5000 }, () => {
      const margin = random() * 3 - 1;
      const lead = random() * 2;
      return { margin, lead, correct: random() < predictCorrectness(truth, margin, lead) };
    });
    const fitted = fitCorrectness(samples);
    fitted.weights.forEach((weight, index) => expect(weight).toBeCloseTo(truth.weights[index]!, 0));
  });

  it('stays near the prior when the examples are few or all correct, and never diverges', () => {
    expect(fitCorrectness([]).weights).toEqual(PRIOR_CORRECTNESS.weights);
    const allCorrect = Array.from({ length: 50 }, (_, n) => ({ margin: 1 + n / 50, lead: 2, correct: true }));
    const fitted = fitCorrectness(allCorrect);
    for (const weight of fitted.weights) expect(Math.abs(weight)).toBeLessThan(20);
    expect(predictCorrectness(fitted, -0.5, 0)).toBeLessThan(0.5);
    expect(predictCorrectness(fitted, 1.2, 2)).toBeGreaterThan(0.9);
  });
});
