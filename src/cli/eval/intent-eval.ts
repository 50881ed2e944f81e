import { trainIntentClassifier, type LabelledText } from '../../platform/text/index.ts';
import { PlainBm25 } from './baseline.ts';
import { classificationMetrics, round, type ClassificationMetrics } from './metrics.ts';

/**
 * Intent classification beside a plain-BM25 nearest-neighbour baseline (the label of the training text
 * that BM25 ranks first, the most frequent training label when nothing matches).
 */

export interface IntentEvalResult extends ClassificationMetrics {
  train: number;
  test: number;
  labels: number;
  /** Share of test texts the classifier would label (confidence ≥ its out-of-scope threshold), and its accuracy there. */
  answered: number;
  answeredAccuracy: number;
  trainSeconds: number;
  msPerText: number;
  baseline: ClassificationMetrics;
  split: string;
}

export async function evaluateIntents(train: readonly LabelledText[], test: readonly LabelledText[], split: string): Promise<IntentEvalResult> {
  const started = performance.now();
  const classifier = await trainIntentClassifier(train, { yieldToEventLoop: false });
  const trainSeconds = (performance.now() - started) / 1000;
  const predictStarted = performance.now();
  const predictions = test.map((example) => classifier.predict(example.text, 1));
  const msPerText = (performance.now() - predictStarted) / Math.max(1, test.length);
  const truth = test.map((example) => example.label);
  const engine = classificationMetrics(truth, predictions.map((prediction) => prediction.ranking[0]!.label));
  let answered = 0;
  let answeredRight = 0;
  predictions.forEach((prediction, index) => {
    if (prediction.label === null) return;
    answered++;
    if (prediction.label === truth[index]) answeredRight++;
  });

  const baseline = new PlainBm25();
  train.forEach((example, index) => baseline.add(String(index), example.text));
  const counts = new Map<string, number>();
  for (const example of train) counts.set(example.label, (counts.get(example.label) ?? 0) + 1);
  const mostFrequent = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const baselineGuesses = test.map((example) => {
    const [best] = baseline.search(example.text, 1);
    return best === undefined ? mostFrequent : train[Number(best)]!.label;
  });
  const baselineMetrics = classificationMetrics(truth, baselineGuesses);

  return {
    accuracy: round(engine.accuracy),
    macroF1: round(engine.macroF1),
    train: train.length,
    test: test.length,
    labels: new Set(truth).size,
    answered: round(answered / Math.max(1, test.length)),
    answeredAccuracy: round(answeredRight / Math.max(1, answered)),
    trainSeconds: round(trainSeconds, 2),
    msPerText: round(msPerText, 3),
    baseline: { accuracy: round(baselineMetrics.accuracy), macroF1: round(baselineMetrics.macroF1) },
    split,
  };
}
