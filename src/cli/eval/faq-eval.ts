import { confidenceFeatures, FaqMatcher, type FaqEntry } from '../../platform/text/answer/faq-matcher.ts';
import { PlainBm25 } from './baseline.ts';
import type { FaqQuery } from './data.ts';
import { rankingMetrics, round, type RankingMetrics } from './metrics.ts';

/**
 * FAQ retrieval, scored three ways in one run:
 *
 * - **engine**: the FAQ matcher over the bank plus learned phrasings (`examples`: labelled questions from the
 *   development file). When the file scored is the examples file itself, every question is scored by a bank
 *   that learned only the *other* folds' questions (7 folds, by position within each FAQ), never itself.
 * - **bankOnly**: the same matcher with no learned phrasings, what a fresh knowledge base gets.
 * - **baseline**: plain BM25 over question + answer (baseline.ts).
 *
 * Out of scope: questions with `faq_id: null` must be handed off; the share the engine would answer instead is
 * reported. The development files hold none, so the same is also simulated: each FAQ in turn is taken out of
 * the bank and its own questions become out of scope.
 */

export interface FaqEvalInput {
  faqs: FaqEntry[];
  queries: FaqQuery[];
  /** Labelled questions to learn from, and whether they are the scored file (then folds keep them apart). */
  examples: { queries: FaqQuery[]; isScoredFile: boolean } | null;
  answerThreshold?: number;
  confidenceWeights?: readonly number[];
}

export interface OutOfScopeFigures {
  queries: number;
  answered: number;
  rate: number;
}

export interface FaqEvalResult extends RankingMetrics {
  queries: number;
  /** In-scope questions answered (confidence at or above the threshold), and the share of those answered right. */
  answered: number;
  answeredAccuracy: number;
  outOfScope: OutOfScopeFigures;
  simulatedOutOfScope: OutOfScopeFigures;
  bankOnly: RankingMetrics;
  baseline: RankingMetrics;
  examples: string;
  /** Every scored question's confidence features and whether it should be answered (for --fit-confidence). */
  calibrationSamples: { features: number[]; positive: boolean }[];
  msPerQuery: number;
}

const FOLDS = 7;

export function evaluateFaq(input: FaqEvalInput): FaqEvalResult {
  const inScope = input.queries.filter((query) => query.faqId !== null);
  const outOfScope = input.queries.filter((query) => query.faqId === null);
  const threshold = input.answerThreshold ?? 0.5;
  const makeMatcher = () => new FaqMatcher({ answerThreshold: threshold, confidenceWeights: input.confidenceWeights });
  const calibrationSamples: { features: number[]; positive: boolean }[] = [];

  // Which fold each scored question belongs to (-1: the examples are another file, all of them are learned).
  const foldOf = new Map<FaqQuery, number>();
  const position = new Map<string, number>();
  const folds = input.examples?.isScoredFile ? FOLDS : 1;
  for (const query of input.queries) {
    const at = position.get(query.faqId ?? '') ?? 0;
    position.set(query.faqId ?? '', at + 1);
    foldOf.set(query, input.examples?.isScoredFile ? at % FOLDS : 0);
  }
  const learnedFor = (fold: number) => {
    const byFaq = new Map<string, string[]>();
    for (const example of input.examples?.queries ?? []) {
      if (!example.faqId || (input.examples!.isScoredFile && foldOf.get(example) === fold)) continue;
      byFaq.set(example.faqId, [...(byFaq.get(example.faqId) ?? []), example.query]);
    }
    return byFaq;
  };

  const ranks = new Map<FaqQuery, number>();
  let answered = 0;
  let answeredRight = 0;
  let outOfScopeAnswered = 0;
  let simulatedAnswered = 0;
  let simulatedTotal = 0;
  const started = performance.now();
  for (let fold = 0; fold < folds; fold++) {
    const matcher = makeMatcher();
    const learned = learnedFor(fold);
    for (const faq of input.faqs) matcher.add({ ...faq, examples: learned.get(faq.id) ?? [] });
    const scored = input.queries.filter((query) => foldOf.get(query) === fold);
    for (const query of scored) {
      const match = matcher.match(query.query, 10);
      if (query.faqId === null) {
        if (match.id !== null) outOfScopeAnswered++;
        calibrationSamples.push({ features: confidenceFeatures(match.candidates), positive: false });
        continue;
      }
      const rank = match.candidates.findIndex((candidate) => candidate.id === query.faqId);
      ranks.set(query, rank);
      calibrationSamples.push({ features: confidenceFeatures(match.candidates), positive: rank === 0 });
      if (match.id !== null) {
        answered++;
        if (rank === 0) answeredRight++;
      }
    }
    // Simulated out of scope: each FAQ leaves the bank in turn; its questions must now be handed off.
    for (const faq of input.faqs) {
      const own = scored.filter((query) => query.faqId === faq.id);
      if (own.length === 0) continue;
      matcher.remove(faq.id);
      for (const query of own) {
        const match = matcher.match(query.query, 2);
        simulatedTotal++;
        if (match.id !== null) simulatedAnswered++;
        calibrationSamples.push({ features: confidenceFeatures(match.candidates), positive: false });
      }
      matcher.add({ ...faq, examples: learned.get(faq.id) ?? [] });
    }
  }
  const msPerQuery = (performance.now() - started) / Math.max(1, input.queries.length * 2);

  const bankOnly = makeMatcher();
  for (const faq of input.faqs) bankOnly.add({ ...faq, examples: [] });
  const baseline = new PlainBm25();
  for (const faq of input.faqs) baseline.add(faq.id, `${faq.question}\n${faq.answer ?? ''}`);

  const engine = rankingMetrics(inScope.map((query) => ranks.get(query) ?? -1));
  return {
    ...roundMetrics(engine),
    queries: inScope.length,
    answered: round(answered / Math.max(1, inScope.length)),
    answeredAccuracy: round(answeredRight / Math.max(1, answered)),
    outOfScope: figures(outOfScope.length, outOfScopeAnswered),
    simulatedOutOfScope: figures(simulatedTotal, simulatedAnswered),
    bankOnly: roundMetrics(rankingMetrics(inScope.map((query) => bankOnly.match(query.query, 10).candidates.findIndex((hit) => hit.id === query.faqId)))),
    baseline: roundMetrics(rankingMetrics(inScope.map((query) => baseline.search(query.query).indexOf(query.faqId!)))),
    examples: !input.examples ? 'none' : input.examples.isScoredFile ? `learned from the other ${FOLDS - 1} of ${FOLDS} folds` : `learned from ${input.examples.queries.length} questions`,
    calibrationSamples,
    msPerQuery: round(msPerQuery, 3),
  };
}

const figures = (queries: number, answered: number): OutOfScopeFigures => ({ queries, answered, rate: round(answered / Math.max(1, queries)) });

const roundMetrics = (metrics: RankingMetrics): RankingMetrics => ({ top1: round(metrics.top1), mrr: round(metrics.mrr), recall5: round(metrics.recall5) });
