import { isStopWord, kindOfTerm, TERM_PREFIX, type TextAnalysis } from './analyze.ts';
import { typedPinyinSounds } from './pinyin.ts';
import { stemEnglish } from '../stem.ts';
import type { QueryTermWeightKey } from './search-index.ts';
import type { TypoVocabulary } from './typo.ts';

/**
 * The weighted terms a query is looked up by: its own terms, each weighted by its kind, plus what the
 * index's vocabulary suggests the customer meant when a Latin word is unknown to it:
 *
 * - **typo**: known words one or two edits away (`acount` → `account`), closer ones weighing more;
 * - **split**: a run-together word whose two halves are known (`emailaddress` → `email address`);
 * - **compound**: two neighbouring words that the documents write as one (`git hub` → `github`,
 *   `face book` → `facebook`), looked up whether or not the halves are known;
 * - **pinyin**: Chinese typed as toneless pinyin (`mima` → the sound of 密码), looked up as the sounds of
 *   Chinese character pairs.
 *
 * An expansion never outweighs the term it stands for, and a query term already present is not added twice.
 */

export interface QueryTerm {
  term: string;
  weight: number;
  /** Why the term is asked for: its kind, or the expansion that produced it. */
  source: QueryTermWeightKey;
}

export interface QueryContext {
  weights: Readonly<Record<QueryTermWeightKey, number>>;
  isKnown(term: string): boolean;
  documentFrequency(term: string): number;
  vocabulary(): TypoVocabulary;
}

/** Typo candidates tried per unknown word: more would let a short misspelling match half the vocabulary. */
const MAX_TYPO_CANDIDATES = 3;
const MIN_SPLIT_PART = 3;

export function expandQuery(analysis: TextAnalysis, context: QueryContext): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  const put = (term: string, weight: number, source: QueryTermWeightKey) => {
    const existing = terms.get(term);
    if (!existing || existing.weight < weight) terms.set(term, { term, weight, source });
  };
  for (const term of analysis.terms) {
    const kind = kindOfTerm(term);
    put(term, context.weights[kind], kind);
  }
  const words = analysis.latinWords;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const next = words[index + 1];
    if (next !== undefined) {
      const joined = stemEnglish(word + next);
      if (context.isKnown(joined)) put(joined, context.weights.compound, 'compound');
    }
    const stem = stemEnglish(word);
    if (isStopWord(word) || context.isKnown(stem)) continue;
    for (const part of splitInTwo(word, context)) put(part, context.weights.split, 'split');
    for (const sound of typedPinyinSounds(word)) {
      const term = TERM_PREFIX.sound + sound;
      if (context.isKnown(term)) put(term, context.weights.pinyin, 'pinyin');
    }
    const candidates = context
      .vocabulary()
      .candidates(stem)
      .sort((a, b) => a.distance - b.distance || context.documentFrequency(b.word) - context.documentFrequency(a.word))
      .slice(0, MAX_TYPO_CANDIDATES);
    for (const { word: known, distance } of candidates) put(known, context.weights.typo / distance, 'typo');
  }
  return [...terms.values()];
}

/** The stems of two known words that `word` is written from, if any (the split with the longest first half). */
function splitInTwo(word: string, context: QueryContext): string[] {
  for (let at = word.length - MIN_SPLIT_PART; at >= MIN_SPLIT_PART; at--) {
    const left = word.slice(0, at);
    const right = word.slice(at);
    if (isStopWord(left) || isStopWord(right)) continue;
    const leftStem = stemEnglish(left);
    const rightStem = stemEnglish(right);
    if (context.isKnown(leftStem) && context.isKnown(rightStem)) return [leftStem, rightStem];
  }
  return [];
}
