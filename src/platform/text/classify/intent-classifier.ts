import { fitCorrectness, fitTemperature, predictCorrectness, PRIOR_CORRECTNESS, softmaxInPlace, type CorrectnessModel } from './calibration.ts';
import { extractFeatures, FeatureSpace, type FeatureSpaceSnapshot, type SparseVector } from './features.ts';
import { scoreMargins, trainLinearSvm, type LinearModel } from './linear-svm.ts';
import { stratifiedSplit } from './random.ts';

/**
 * A text classifier trained in process from labelled examples: intents of the bot (from their example
 * phrases), and ticket triage (type, priority) from a workspace's own history. Linear SVMs over TF-IDF word,
 * word-pair and letter n-gram features (features.ts, linear-svm.ts), with confidences calibrated on held-out
 * examples (calibration.ts) and an out-of-scope threshold: below it, `predict` names no label, and the caller
 * hands off instead of guessing.
 *
 * Two calibrated numbers come out: the ranking's probabilities (softmax of the margins at a fitted temperature:
 * how the labels share the belief) and `confidence`, the probability that the top label is right, from the
 * top margin and its lead (a text unlike every label has a low one even when one label leads the others).
 *
 * Training: a share of the examples (default 15 %, by label) is held out, a model is trained on the rest, its
 * margins on the held-out examples fit both calibrations and give the expected accuracy; then the final model
 * is trained on every example and keeps them. Deterministic for a seed.
 */

export interface LabelledText {
  text: string;
  label: string;
}

export interface TrainIntentClassifierOptions {
  /** SVM penalty (default 2; see linear-svm.ts). */
  c?: number;
  /** Share of examples held out to calibrate (default 0.15); 0 keeps the temperature at 1 and trains once. */
  calibrationShare?: number;
  /** Confidence below which a text is out of scope (default 0.5). */
  outOfScopeThreshold?: number;
  seed?: number;
  /** The share of training done, 0…1, as it progresses (for a progress bar). */
  onProgress?: (done: number) => void;
  /** Yield to the event loop between classes, so a server keeps answering while a model trains (default true). */
  yieldToEventLoop?: boolean;
}

export interface IntentPrediction {
  /** The most probable label, or null when its confidence is below the out-of-scope threshold. */
  label: string | null;
  /** Calibrated probability that `ranking[0]` is the right label. */
  confidence: number;
  /** Labels by probability, best first (at most `limit`). */
  ranking: { label: string; probability: number }[];
}

export interface IntentClassifierQuality {
  /** Held-out examples the calibration was measured on. */
  examples: number;
  /** Share of them the calibration model labelled correctly. */
  accuracy: number;
  /** Share of them at or above the out-of-scope threshold, and the accuracy on those. */
  answered: number;
  answeredAccuracy: number;
}

export interface IntentClassifierSnapshot {
  format: number;
  labels: string[];
  featureSpace: FeatureSpaceSnapshot;
  /** Float32 weights, base64. */
  weights: string;
  temperature: number;
  correctness: CorrectnessModel;
  outOfScopeThreshold: number;
  quality: IntentClassifierQuality | null;
}

export const INTENT_CLASSIFIER_FORMAT = 1;
const MIN_CALIBRATION_EXAMPLES = 20;

export class IntentClassifier {
  constructor(
    readonly labels: readonly string[],
    private readonly featureSpace: FeatureSpace,
    private readonly model: LinearModel,
    readonly temperature: number,
    private readonly correctness: CorrectnessModel,
    public outOfScopeThreshold: number,
    /** Measured on the held-out share during training; null when nothing was held out. */
    readonly quality: IntentClassifierQuality | null,
  ) {}

  /** The probabilities of every label, in `labels` order. */
  probabilities(text: string): Float64Array {
    return softmaxInPlace(scoreMargins(this.model, this.vectorize(text)), this.temperature);
  }

  predict(text: string, limit = 5): IntentPrediction {
    const margins = scoreMargins(this.model, this.vectorize(text));
    const { margin, lead } = topMargin(margins);
    const confidence = predictCorrectness(this.correctness, margin, lead);
    const probabilities = softmaxInPlace(margins, this.temperature);
    const ranking = Array.from(probabilities, (probability, index) => ({ label: this.labels[index]!, probability }))
      .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label))
      .slice(0, Math.max(1, limit));
    return { label: confidence >= this.outOfScopeThreshold ? ranking[0]!.label : null, confidence, ranking };
  }

  snapshot(): IntentClassifierSnapshot {
    const { weights } = this.model;
    return {
      format: INTENT_CLASSIFIER_FORMAT,
      labels: [...this.labels],
      featureSpace: this.featureSpace.snapshot(),
      weights: Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString('base64'),
      temperature: this.temperature,
      correctness: this.correctness,
      outOfScopeThreshold: this.outOfScopeThreshold,
      quality: this.quality,
    };
  }

  static fromSnapshot(snapshot: IntentClassifierSnapshot): IntentClassifier {
    if (snapshot.format !== INTENT_CLASSIFIER_FORMAT) throw new Error(`intent classifier snapshot format ${snapshot.format}, expected ${INTENT_CLASSIFIER_FORMAT}`);
    const featureSpace = FeatureSpace.fromSnapshot(snapshot.featureSpace);
    const bytes = Buffer.from(snapshot.weights, 'base64');
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    const weights = new Float32Array(buffer);
    const classCount = snapshot.labels.length;
    if (weights.length !== (featureSpace.size + 1) * classCount) throw new Error('intent classifier snapshot: weights do not match its features and labels');
    const model: LinearModel = { classCount, featureCount: featureSpace.size, weights };
    return new IntentClassifier(snapshot.labels, featureSpace, model, snapshot.temperature, snapshot.correctness, snapshot.outOfScopeThreshold, snapshot.quality);
  }

  private vectorize(text: string): SparseVector {
    return this.featureSpace.vectorize(extractFeatures(text));
  }
}

/** Trains a classifier on labelled texts (at least two labels). */
export async function trainIntentClassifier(examples: readonly LabelledText[], options: TrainIntentClassifierOptions = {}): Promise<IntentClassifier> {
  const labels = [...new Set(examples.map((example) => example.label))].sort();
  if (labels.length < 2) throw new Error('a classifier needs examples of at least two labels');
  const seed = options.seed ?? 1;
  const threshold = options.outOfScopeThreshold ?? 0.5;
  const share = options.calibrationShare ?? 0.15;
  const featuresOf = new Map<LabelledText, Map<string, number>>(examples.map((example) => [example, extractFeatures(example.text)]));
  const split = share > 0 ? stratifiedSplit(examples, (example) => example.label, share, seed) : { train: [...examples], heldOut: [] };
  const calibrate = split.heldOut.length >= MIN_CALIBRATION_EXAMPLES;
  // Progress: the calibration model is trained on most of the data, the final one on all of it.
  const stages = calibrate ? 2 : 1;
  let stage = 0;
  const fit = async (items: readonly LabelledText[]) => {
    const space = FeatureSpace.fit(items.map((item) => featuresOf.get(item)!));
    const vectors = items.map((item) => space.vectorize(featuresOf.get(item)!));
    const labelIndex = new Map(labels.map((label, index) => [label, index]));
    const model = await trainLinearSvm(vectors, Int32Array.from(items, (item) => labelIndex.get(item.label)!), labels.length, space.size, {
      c: options.c,
      seed,
      onProgress: (done) => options.onProgress?.((stage + done) / stages),
      betweenClasses: options.yieldToEventLoop === false ? undefined : () => new Promise<void>((resolve) => setImmediate(resolve)),
    });
    stage++;
    return { space, model };
  };

  let temperature = 1;
  let correctness = PRIOR_CORRECTNESS;
  let quality: IntentClassifierQuality | null = null;
  if (calibrate) {
    const { space, model } = await fit(split.train);
    const margins = split.heldOut.map((item) => scoreMargins(model, space.vectorize(featuresOf.get(item)!)));
    const truth = split.heldOut.map((item) => labels.indexOf(item.label));
    temperature = fitTemperature(margins, truth);
    const samples = margins.map((row, index) => ({ ...topMargin(row), correct: topMargin(row).label === truth[index] }));
    correctness = fitCorrectness(samples);
    quality = measureQuality(samples, correctness, threshold);
  }
  const { space, model } = await fit(calibrate ? examples : split.train.concat(split.heldOut));
  options.onProgress?.(1);
  return new IntentClassifier(labels, space, model, temperature, correctness, threshold, quality);
}

/** The winning label, its margin and its lead over the runner-up. */
function topMargin(margins: Float64Array): { label: number; margin: number; lead: number } {
  let best = 0;
  let second = -Infinity;
  for (let label = 1; label < margins.length; label++) {
    if (margins[label]! > margins[best]!) {
      second = margins[best]!;
      best = label;
    } else if (margins[label]! > second) second = margins[label]!;
  }
  return { label: best, margin: margins[best]!, lead: margins.length > 1 ? margins[best]! - second : 0 };
}

function measureQuality(samples: readonly { margin: number; lead: number; correct: boolean }[], correctness: CorrectnessModel, threshold: number): IntentClassifierQuality {
  let correct = 0;
  let answered = 0;
  let answeredCorrect = 0;
  for (const sample of samples) {
    if (sample.correct) correct++;
    if (predictCorrectness(correctness, sample.margin, sample.lead) >= threshold) {
      answered++;
      if (sample.correct) answeredCorrect++;
    }
  }
  const margins = samples;
  const total = Math.max(1, margins.length);
  return { examples: margins.length, accuracy: correct / total, answered: answered / total, answeredAccuracy: answered > 0 ? answeredCorrect / answered : 0 };
}
