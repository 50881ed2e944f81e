/** The pure rules of surveys: sampling, scores and their summaries, comment themes. */
import { createHash } from 'node:crypto';
import { segmentTerms } from '../../platform/text/index.ts';

/**
 * Whether a customer falls in a run's sample: a hash of (run, customer) against the percentage, so a run's sample
 * is the same however often it is computed, and different runs take different customers.
 */
export function isSampled(runKey: string, customerId: string, samplePercent: number): boolean {
  if (samplePercent >= 100) return true;
  if (samplePercent <= 0) return false;
  const bucket = createHash('sha256').update(`${runKey}:${customerId}`).digest().readUInt32BE(0) % 10_000;
  return bucket < samplePercent * 100;
}

/** The next run of a recurring campaign: the same day `months` later (clamped to the month's last day). */
export function nextRunAfter(at: Date, months: number): Date {
  const next = new Date(at);
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

export type NpsGroup = 'promoter' | 'passive' | 'detractor';
export const npsGroupOf = (score: number): NpsGroup => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

export interface ScoreSummary {
  answered: number;
  average: number | null;
  /** CSAT: the share of 4 and 5, in percent. NPS: promoters minus detractors, in percent. */
  headline: number | null;
}

export function summarizeScores(kind: 'csat' | 'nps', scores: readonly number[]): ScoreSummary {
  if (scores.length === 0) return { answered: 0, average: null, headline: null };
  const average = Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 100) / 100;
  const share = (count: number) => Math.round((count / scores.length) * 1000) / 10;
  if (kind === 'csat') return { answered: scores.length, average, headline: share(scores.filter((score) => score >= 4).length) };
  const promoters = scores.filter((score) => npsGroupOf(score) === 'promoter').length;
  const detractors = scores.filter((score) => npsGroupOf(score) === 'detractor').length;
  return { answered: scores.length, average, headline: Math.round(((promoters - detractors) / scores.length) * 1000) / 10 };
}

// Words that carry no theme in either language (the segmenter keeps them as terms).
const STOP_TERMS = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'is', 'are', 'was', 'were', 'be', 'to', 'of', 'in', 'on', 'for', 'it', 'this', 'that', 'with', 'my', 'i', 'me', 'we', 'you', 'your', 'very', 'so', 'not', 'no', 'too', 'at', 'have', 'has', 'had', 'wa', 'do', 'did',
  '的', '了', '是', '我', '你', '很', '也', '都', '就', '在', '和', '有', '不', '没', '太', '非常', '我们', '还', '吗', '呢', '啊', '吧',
]);

export interface CommentTheme {
  term: string;
  count: number;
  averageScore: number;
  examples: string[];
}

/**
 * Groups comments by their frequent terms (the platform's segmentation: Chinese words and stemmed English): each
 * term that at least `minCount` comments use, with how many, their average score and a few examples.
 */
export function commentThemes(comments: readonly { comment: string; score: number }[], options: { limit?: number; minCount?: number } = {}): CommentTheme[] {
  const byTerm = new Map<string, { count: number; scoreSum: number; examples: string[] }>();
  for (const { comment, score } of comments) {
    const terms = new Set(segmentTerms(comment).filter((term) => !STOP_TERMS.has(term) && (term.length > 1 || /\p{Script=Han}/u.test(term)) && !/^\d+$/.test(term)));
    for (const term of terms) {
      const entry = byTerm.get(term) ?? { count: 0, scoreSum: 0, examples: [] };
      entry.count += 1;
      entry.scoreSum += score;
      if (entry.examples.length < 3) entry.examples.push(comment);
      byTerm.set(term, entry);
    }
  }
  return [...byTerm.entries()]
    .filter(([, entry]) => entry.count >= (options.minCount ?? 2))
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, options.limit ?? 20)
    .map(([term, entry]) => ({ term, count: entry.count, averageScore: Math.round((entry.scoreSum / entry.count) * 100) / 100, examples: entry.examples }));
}
