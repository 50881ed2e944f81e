/**
 * How feedback moves the bot's confidence in an article or intent, per workspace: "helpful" raises it, "not
 * helpful", a hand-off right after its answer and an agent's correction lower it. A smoothed share of good
 * outcomes (two imagined good and two bad to start), mapped to a factor between 0.5 and 1.3; no data is 1.
 */

export interface LearningCounts {
  helpful: number;
  notHelpful: number;
  handoffs: number;
  corrections: number;
}

export const MIN_FACTOR = 0.5;
export const MAX_FACTOR = 1.3;

export function learnedFactor(counts: LearningCounts | undefined): number {
  if (!counts) return 1;
  // A correction says outright the answer was wrong: it weighs double.
  const bad = counts.notHelpful + counts.handoffs + 2 * counts.corrections;
  const good = counts.helpful;
  const share = (good + 2) / (good + bad + 4);
  return Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, 0.5 + share));
}

/** Confidence after learning, never above 1. */
export const adjustConfidence = (confidence: number, counts: LearningCounts | undefined) => Math.min(1, confidence * learnedFactor(counts));
