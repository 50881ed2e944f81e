/** Ranking and classification metrics of the evaluation, each a plain function of predictions and truth. */

export interface RankingMetrics {
  top1: number;
  mrr: number;
  recall5: number;
}

/** From the 0-based rank of the right answer in each result list (-1 when absent). */
export function rankingMetrics(ranks: readonly number[]): RankingMetrics {
  if (ranks.length === 0) return { top1: 0, mrr: 0, recall5: 0 };
  let top1 = 0;
  let reciprocal = 0;
  let recall5 = 0;
  for (const rank of ranks) {
    if (rank < 0) continue;
    if (rank === 0) top1++;
    if (rank < 5) recall5++;
    reciprocal += 1 / (rank + 1);
  }
  return { top1: top1 / ranks.length, mrr: reciprocal / ranks.length, recall5: recall5 / ranks.length };
}

export interface ClassificationMetrics {
  accuracy: number;
  /** The unweighted mean over labels (of the truth or the predictions) of each label's F1. */
  macroF1: number;
}

export function classificationMetrics(truth: readonly string[], predicted: readonly string[]): ClassificationMetrics {
  if (truth.length === 0) return { accuracy: 0, macroF1: 0 };
  const labels = new Set([...truth, ...predicted]);
  let correct = 0;
  const truePositives = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const actualCount = new Map<string, number>();
  truth.forEach((label, index) => {
    const guess = predicted[index]!;
    actualCount.set(label, (actualCount.get(label) ?? 0) + 1);
    predictedCount.set(guess, (predictedCount.get(guess) ?? 0) + 1);
    if (guess === label) {
      correct++;
      truePositives.set(label, (truePositives.get(label) ?? 0) + 1);
    }
  });
  let f1Sum = 0;
  for (const label of labels) {
    const tp = truePositives.get(label) ?? 0;
    const precision = tp / Math.max(1, predictedCount.get(label) ?? 0);
    const recall = tp / Math.max(1, actualCount.get(label) ?? 0);
    f1Sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return { accuracy: correct / truth.length, macroF1: f1Sum / labels.size };
}

export const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
