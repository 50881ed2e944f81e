/**
 * Turning a classifier's margins into probabilities that mean what they say: softmax of the margins divided
 * by a temperature, the temperature chosen to minimise the negative log-likelihood of examples the model did
 * not train on (Guo et al., "On Calibration of Modern Neural Networks", 2017 — one parameter, so a few hundred
 * examples fix it well and it cannot change which label wins).
 */

/** Softmax of `scores / temperature`, in place. */
export function softmaxInPlace(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const value of scores) if (value > max) max = value;
  let sum = 0;
  for (let index = 0; index < scores.length; index++) {
    scores[index] = Math.exp((scores[index]! - max) / temperature);
    sum += scores[index]!;
  }
  for (let index = 0; index < scores.length; index++) scores[index]! /= sum;
  return scores;
}

/** Mean negative log-likelihood of the true labels under softmax(margins / temperature). */
export function negativeLogLikelihood(margins: readonly Float64Array[], labels: ArrayLike<number>, temperature: number): number {
  let total = 0;
  for (let index = 0; index < margins.length; index++) {
    const probabilities = softmaxInPlace(Float64Array.from(margins[index]!), temperature);
    total -= Math.log(Math.max(probabilities[labels[index]!]!, 1e-12));
  }
  return total / Math.max(1, margins.length);
}

/** The temperature (between 0.01 and 100) that minimises the held-out negative log-likelihood. */
export function fitTemperature(margins: readonly Float64Array[], labels: ArrayLike<number>): number {
  if (margins.length === 0) return 1;
  // Golden-section search on log T: the likelihood is smooth and has one minimum in T.
  let low = Math.log(0.01);
  let high = Math.log(100);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = negativeLogLikelihood(margins, labels, Math.exp(a));
  let fb = negativeLogLikelihood(margins, labels, Math.exp(b));
  for (let step = 0; step < 40; step++) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - ratio * (high - low);
      fa = negativeLogLikelihood(margins, labels, Math.exp(a));
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + ratio * (high - low);
      fb = negativeLogLikelihood(margins, labels, Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

/**
 * Expected calibration error: the gap between confidence and accuracy, averaged over equal-width confidence
 * bins weighted by their size (0 = perfectly calibrated).
 */
export function expectedCalibrationError(predictions: readonly { confidence: number; correct: boolean }[], bins = 10): number {
  const counts = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  for (const prediction of predictions) {
    const bin = Math.min(bins - 1, Math.floor(prediction.confidence * bins));
    counts[bin]!++;
    confidence[bin]! += prediction.confidence;
    if (prediction.correct) correct[bin]!++;
  }
  let error = 0;
  for (let bin = 0; bin < bins; bin++) if (counts[bin]! > 0) error += Math.abs(confidence[bin]! - correct[bin]!) ;
  return error / Math.max(1, predictions.length);
}

/**
 * Probability that a prediction is right, from the winning class's margin and its lead over the runner-up:
 * logistic regression on held-out predictions, P = σ(w₀ + w₁·margin + w₂·lead). Softmax shares alone cannot
 * say "none of these": a text unlike every class gets small, similar margins that a sharp temperature still
 * turns into one confident share. The margin itself can: a one-vs-rest SVM puts its own class at ≥ 1 and the
 * others at ≤ −1, so a winner below 0 is claimed by nothing. Fitted by Newton's method with a Gaussian prior
 * centred on that reading, which also holds the fit when the held-out examples are few
 * or all correct. The prior puts P = ½ at a margin of ½ (halfway to where the SVM places its own examples).
 */
export interface CorrectnessModel {
  weights: [number, number, number];
}

export const PRIOR_CORRECTNESS: CorrectnessModel = { weights: [-3, 6, 0.5] };
const PRIOR_VARIANCE = 2;

export function predictCorrectness(model: CorrectnessModel, margin: number, lead: number): number {
  const [w0, w1, w2] = model.weights;
  return 1 / (1 + Math.exp(-(w0 + w1 * margin + w2 * lead)));
}

export function fitCorrectness(samples: readonly { margin: number; lead: number; correct: boolean }[]): CorrectnessModel {
  const samplesAsFeatures = samples.map((sample) => ({ features: [sample.margin, sample.lead], positive: sample.correct }));
  const [w0, w1, w2] = fitLogistic(samplesAsFeatures, PRIOR_CORRECTNESS.weights, PRIOR_VARIANCE);
  return { weights: [w0!, w1!, w2!] };
}

/**
 * Logistic regression with a Gaussian prior (MAP), by damped Newton steps: P(y) = σ(w · [1, x…]). For the
 * handful of features a calibration uses; `prior` is both the starting point and where few examples leave it.
 */
export function fitLogistic(samples: readonly { features: readonly number[]; positive: boolean }[], prior: readonly number[], priorVariance: number): number[] {
  const size = prior.length;
  const w = [...prior];
  const probability = (weights: readonly number[], features: readonly number[]) => {
    let z = weights[0]!;
    for (let index = 1; index < size; index++) z += weights[index]! * features[index - 1]!;
    return 1 / (1 + Math.exp(-z));
  };
  const objective = (weights: readonly number[]) => {
    let total = 0;
    for (let index = 0; index < size; index++) total -= (weights[index]! - prior[index]!) ** 2 / (2 * priorVariance);
    for (const sample of samples) {
      const p = probability(weights, sample.features);
      total += Math.log(Math.max(sample.positive ? p : 1 - p, 1e-300));
    }
    return total;
  };
  for (let iteration = 0; iteration < 30; iteration++) {
    const gradient = w.map((value, index) => -(value - prior[index]!) / priorVariance);
    const hessian = w.map((_, row) => w.map((__, column) => (row === column ? -1 / priorVariance : 0)));
    for (const sample of samples) {
      const z = [1, ...sample.features];
      const p = probability(w, sample.features);
      const error = (sample.positive ? 1 : 0) - p;
      for (let row = 0; row < size; row++) {
        gradient[row]! += error * z[row]!;
        for (let column = 0; column < size; column++) hessian[row]![column]! -= p * (1 - p) * z[row]! * z[column]!;
      }
    }
    const step = solveLinear(hessian, gradient);
    const before = objective(w);
    let scale = 1;
    let next = w.map((value, index) => value - step[index]!);
    while (objective(next) < before && scale > 1e-4) {
      scale /= 2;
      next = w.map((value, index) => value - scale * step[index]!);
    }
    const moved = Math.max(...next.map((value, index) => Math.abs(value - w[index]!)));
    w.splice(0, size, ...next);
    if (moved < 1e-8) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting (small, well-conditioned systems). */
function solveLinear(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const a = matrix.map((row, index) => [...row, vector[index]!]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < size; row++) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let c = column; c <= size; c++) a[row]![c]! -= factor * a[column]![c]!;
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    let sum = a[row]![size]!;
    for (let c = row + 1; c < size; c++) sum -= a[row]![c]! * solution[c]!;
    solution[row] = sum / a[row]![row]!;
  }
  return solution;
}

/** σ(w · [1, features…]). */
export function predictLogistic(weights: readonly number[], features: readonly number[]): number {
  let z = weights[0]!;
  for (let index = 1; index < weights.length; index++) z += weights[index]! * (features[index - 1] ?? 0);
  return 1 / (1 + Math.exp(-z));
}
