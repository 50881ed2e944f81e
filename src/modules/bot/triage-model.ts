/**
 * Triage's model: the platform engine's intent classifier (linear SVMs over TF-IDF n-grams, calibrated) trained
 * once for the ticket type and once for the priority on the workspace's own tickets, stored as one JSON snapshot;
 * sentiment from the engine's bilingual scorer. Pure apart from the training's event-loop yields.
 */
import { IntentClassifier, scoreSentiment, trainIntentClassifier, type IntentClassifierSnapshot } from '../../platform/text/index.ts';
import type { Sentiment } from '../../contracts/kb.ts';

export interface TriageSnapshot {
  type: IntentClassifierSnapshot | null;
  priority: IntentClassifierSnapshot | null;
}

export interface TriageSample {
  text: string;
  type: string;
  priority: string;
}

export interface LabelGuess {
  label: string;
  confidence: number;
}

async function trainField(samples: readonly TriageSample[], field: 'type' | 'priority', onProgress: (share: number) => void): Promise<IntentClassifier | null> {
  const examples = samples.map((sample) => ({ text: sample.text, label: sample[field] }));
  if (new Set(examples.map((example) => example.label)).size < 2) return null;
  return trainIntentClassifier(examples, { onProgress, outOfScopeThreshold: 0 });
}

/** Trains both fields; `onProgress` gets the share done, 0…1. A field with fewer than two labels in use has no model. */
export async function trainTriage(samples: readonly TriageSample[], onProgress: (share: number) => void = () => undefined): Promise<{ snapshot: TriageSnapshot; metrics: Record<string, unknown> }> {
  const type = await trainField(samples, 'type', (share) => onProgress(share / 2));
  const priority = await trainField(samples, 'priority', (share) => onProgress(0.5 + share / 2));
  onProgress(1);
  return {
    snapshot: { type: type?.snapshot() ?? null, priority: priority?.snapshot() ?? null },
    metrics: { samples: samples.length, typeAccuracy: type?.snapshot().quality?.accuracy ?? null, priorityAccuracy: priority?.snapshot().quality?.accuracy ?? null },
  };
}

export interface LoadedTriage {
  type: IntentClassifier | null;
  priority: IntentClassifier | null;
}

export const loadTriage = (snapshot: TriageSnapshot): LoadedTriage => ({
  type: snapshot.type ? IntentClassifier.fromSnapshot(snapshot.type) : null,
  priority: snapshot.priority ? IntentClassifier.fromSnapshot(snapshot.priority) : null,
});

/** The most probable label and its calibrated probability. */
export function guess(classifier: IntentClassifier | null, text: string): LabelGuess | undefined {
  const best = classifier?.predict(text, 1).ranking[0];
  return best ? { label: best.label, confidence: best.probability } : undefined;
}

/** The engine's sentiment with a confidence: how far the score is past the neutral band (or inside it). */
export function predictSentiment(text: string): { label: Sentiment; confidence: number } {
  const { score, label } = scoreSentiment(text);
  const strength = Math.abs(score);
  return { label, confidence: Math.round((label === 'neutral' ? 1 - strength : 0.5 + strength / 2) * 1000) / 1000 };
}
