/**
 * The bilingual search-text pipeline: normalise (full-width, NFKC, case, traditional → simplified),
 * segment (ICU words, Chinese and Latin alike), stem (English, Porter). Documents and queries go
 * through the same steps, so they always agree on what a term is. The output is plain text for
 * PostgreSQL's `to_tsvector('simple', …)` / `to_tsquery('simple', …)`, which then only split at spaces.
 */
import { normalizeText } from './normalize.ts';
import { segmentWords } from './segment.ts';
import { stemEnglish } from './stem.ts';

export { foldTraditional, normalizeText, removeLoneSurrogates, toHalfWidth } from './normalize.ts';
export { MAX_TERM_CHARS, segmentWords } from './segment.ts';
export { stemEnglish } from './stem.ts';

// The offline retrieval engine (docs/search.md, "The in-process engine").
export { analyzeText, type TextAnalysis } from './search/analyze.ts';
export {
  DEFAULT_TERM_WEIGHTS,
  SearchIndex,
  type SearchDocument,
  type SearchFieldOptions,
  type SearchFieldValue,
  type SearchHit,
  type SearchIndexOptions,
  type SearchOptions,
} from './search/search-index.ts';
export { deserializeSearchIndex, serializeSearchIndex, type SearchIndexSnapshot } from './search/snapshot.ts';
export { MIN_SUGGEST_CHARS, Suggester, type Suggestion, type SuggestionSource } from './search/suggest.ts';

/**
 * Which pipeline produced a stored document. Anything that changes the terms of a text (a new folding
 * pair, another stemmer rule) must bump it, so stored documents are rebuilt (see docs/search.md).
 * 1: segmentation and lower case only; 2: folding and English stemming.
 */
export const SEARCH_TEXT_VERSION = 2;

/** The normalised words of a text, in order (before stemming). Only the first `maxChars` characters count. */
function wordsOf(text: string, maxChars: number): string[] {
  // Cutting may split a surrogate pair; normalising removes the half left over.
  return segmentWords(normalizeText(text.slice(0, maxChars)));
}

/** Splits text into search terms, in order: Chinese by words, other scripts by words, English words stemmed. */
export function segmentTerms(text: string, maxChars = 20_000): string[] {
  return wordsOf(text, maxChars).map(stemEnglish);
}

/**
 * The text stored in a tsvector: each word's term, followed by the word itself when stemming changed
 * it, so a query still being typed ("runn") prefix-matches the whole word ("running") while a finished
 * one ("runs") meets the stem ("run").
 */
export function buildSearchDocument(...parts: (string | null | undefined)[]): string {
  const terms: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string' || part.length === 0) continue;
    for (const word of wordsOf(part, 20_000)) {
      const stem = stemEnglish(word);
      terms.push(stem);
      if (stem !== word) terms.push(word);
    }
  }
  return terms.join(' ');
}

/**
 * A to_tsquery('simple', …) expression: every term must match (AND); the last one also matches as a
 * prefix, so results follow what is being typed. Undefined when the query has no searchable term.
 * `prefix: false` is for viewers who see contacts masked: prefix matching on a phone number or an
 * e-mail address would let them recover the hidden characters one query at a time. Whole stems do
 * not: a query must still name the word (less an English suffix), and words with digits are never stemmed.
 */
export function buildSearchQuery(query: string, options: { prefix?: boolean; maxTerms?: number } = {}): string | undefined {
  // One clause per stem, in order of first appearance; for the last clause the word as typed is kept too.
  const wordByStem = new Map<string, string>();
  for (const word of wordsOf(query, 500)) wordByStem.set(stemEnglish(word), word);
  const stems = [...wordByStem.keys()].slice(0, options.maxTerms ?? 12);
  if (stems.length === 0) return undefined;
  const prefix = options.prefix ?? true;
  // Terms hold only letters, marks and digits, so quoting cannot be broken out of.
  return stems
    .map((stem, index) => {
      if (!prefix || index < stems.length - 1) return `'${stem}'`;
      const word = wordByStem.get(stem)!;
      // A stem that is not the start of the typed word ("happi" for "happy") would miss a longer word being typed.
      return word.startsWith(stem) ? `'${stem}':*` : `( '${stem}':* | '${word}':* )`;
    })
    .join(' & ');
}

// Classification (intents, triage) and sentiment (docs/search.md, "Classification" and "Sentiment").
export {
  INTENT_CLASSIFIER_FORMAT,
  IntentClassifier,
  trainIntentClassifier,
  type IntentClassifierQuality,
  type IntentClassifierSnapshot,
  type IntentPrediction,
  type LabelledText,
  type TrainIntentClassifierOptions,
} from './classify/intent-classifier.ts';
export { stratifiedSplit } from './classify/random.ts';
export { scoreSentiment, SENTIMENT_THRESHOLD, type Sentiment, type SentimentCue, type SentimentLabel } from './sentiment/sentiment.ts';
