/**
 * INTERIM text classifier and sentiment, until the platform engine (src/platform/text: intent classifier,
 * sentiment) is in main. Triage needs: train on the workspace's labelled tickets in process, serialise the model
 * to a row, predict a label with a confidence. This is a multinomial naive Bayes over the platform's search terms
 * (the knowledge base's weighting of Chinese words and their characters) — small on purpose; swap its body for
 * the engine's classifier when it lands, keeping the interface.
 */
import { weightedTerms } from '../kb/index.ts';
import type { Sentiment } from '../../contracts/kb.ts';

export interface ClassifierModel {
  labels: string[];
  /** Documents per label. */
  docs: number[];
  /** Term → count per label (same order as labels). */
  counts: Record<string, number[]>;
  totals: number[];
  vocabulary: number;
}

export interface Prediction {
  label: string;
  confidence: number;
}

const termsOf = (text: string) => {
  const terms = new Map<string, number>();
  weightedTerms(text, 1, terms);
  return terms;
};

export class ClassifierTrainer {
  readonly #labels = new Map<string, number>();
  readonly #docs: number[] = [];
  readonly #counts = new Map<string, number[]>();
  readonly #totals: number[] = [];

  add(text: string, label: string): void {
    let index = this.#labels.get(label);
    if (index === undefined) {
      index = this.#labels.size;
      this.#labels.set(label, index);
      this.#docs.push(0);
      this.#totals.push(0);
      for (const counts of this.#counts.values()) counts.push(0);
    }
    this.#docs[index]!++;
    for (const [term, weight] of termsOf(text)) {
      let counts = this.#counts.get(term);
      if (!counts) this.#counts.set(term, (counts = new Array<number>(this.#labels.size).fill(0)));
      counts[index]! += weight;
      this.#totals[index]! += weight;
    }
  }

  finish(): ClassifierModel {
    return { labels: [...this.#labels.keys()], docs: [...this.#docs], counts: Object.fromEntries(this.#counts), totals: [...this.#totals], vocabulary: this.#counts.size };
  }
}

/** The most probable label and its posterior probability; undefined for a model without labels. */
export function classify(model: ClassifierModel, text: string): Prediction | undefined {
  if (model.labels.length === 0) return undefined;
  const totalDocs = model.docs.reduce((sum, n) => sum + n, 0);
  const logs = model.labels.map((_, index) => Math.log(model.docs[index]! / totalDocs));
  for (const [term, weight] of termsOf(text)) {
    const counts = model.counts[term];
    if (!counts) continue;
    for (let index = 0; index < logs.length; index++) logs[index]! += weight * Math.log(((counts[index] ?? 0) + 1) / (model.totals[index]! + model.vocabulary));
  }
  const max = Math.max(...logs);
  const exps = logs.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const best = exps.indexOf(Math.max(...exps));
  return { label: model.labels[best]!, confidence: exps[best]! / sum };
}

const NEGATIVE = ['投诉', '差评', '垃圾', '骗子', '欺骗', '生气', '愤怒', '失望', '太慢', '很慢', '不满', '无法接受', '恶心', '坑', '态度差', '太差', '最差', '气死', '烂', '退钱', '曝光', '12315', 'terrible', 'awful', 'worst', 'angry', 'furious', 'disappointed', 'unacceptable', 'scam', 'useless', 'ridiculous', 'complaint', 'horrible', 'never again'];
const POSITIVE = ['谢谢', '感谢', '满意', '好评', '很好', '非常好', '赞', '喜欢', '辛苦了', '点赞', 'thanks', 'thank you', 'great', 'excellent', 'love', 'happy', 'awesome', 'perfect', 'appreciate'];

/** Lexicon sentiment: counts of negative and positive cues, with "!" and "？？" as intensity. */
export function predictSentiment(text: string): { label: Sentiment; confidence: number } {
  const lower = text.toLowerCase();
  const count = (words: readonly string[]) => words.reduce((sum, word) => sum + (lower.includes(word) ? 1 : 0), 0);
  const negative = count(NEGATIVE) + Math.min(2, (text.match(/[!！]{2,}|[?？]{2,}/g) ?? []).length * 0.5);
  const positive = count(POSITIVE);
  if (negative === positive) return { label: 'neutral', confidence: negative === 0 ? 0.6 : 0.5 };
  const label: Sentiment = negative > positive ? 'negative' : 'positive';
  const margin = Math.abs(negative - positive);
  return { label, confidence: Math.min(0.95, 0.6 + 0.15 * margin) };
}
