import { analyzePrepared, kindOfTerm, prepareText } from '../search/analyze.ts';

/**
 * What a classifier sees in a text: a sparse TF-IDF vector over several views of it, each catching what
 * the others miss.
 *
 * - `w:` every word's stem, stop words included ("why", "not" and "how" tell intents apart);
 * - `b:` pairs of neighbouring stems ("top up", "not arrived");
 * - `c:` letter n-grams (3 and 4) of each Latin word with its edges marked, so a misspelt word still
 *   shares most of its n-grams with the word meant;
 * - the search terms of Chinese text (character pairs, single characters, their sounds) and the synonym
 *   groups of both languages (analyze.ts);
 * - numbers by their length only (`w:#6`): an order number says "this is about an order", its digits nothing.
 *
 * Counts are damped (1 + ln tf), weighted by idf and the vector scaled to unit length.
 */

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const LATIN_WORD = /^[a-z]+$/;
const DIGITS = /^\d+$/;
const MAX_CHARS = 5_000;
// Letter n-grams of 3 and 4: 5-grams added nothing measurable on banking77 and cost a third more time.
const NGRAM_MIN = 3;
const NGRAM_MAX = 4;

/** The features of a text with their counts. */
export function extractFeatures(text: string): Map<string, number> {
  const prepared = prepareText(text, MAX_CHARS);
  const features = new Map<string, number>();
  const add = (feature: string) => features.set(feature, (features.get(feature) ?? 0) + 1);
  const stems = prepared.stems.map((stem) => (DIGITS.test(stem) ? `#${Math.min(stem.length, 12)}` : stem));
  stems.forEach((stem, index) => {
    add(`w:${stem}`);
    if (index > 0) add(`b:${stems[index - 1]} ${stem}`);
  });
  for (const word of prepared.words) {
    if (!LATIN_WORD.test(word) || word.length < 2) continue;
    const padded = ` ${word} `;
    for (let n = NGRAM_MIN; n <= NGRAM_MAX; n++) for (let at = 0; at + n <= padded.length; at++) add(`c:${padded.slice(at, at + n)}`);
  }
  for (const term of analyzePrepared(prepared, { keepFunctionWords: true }).terms) if (kindOfTerm(term) !== 'word') add(term);
  return features;
}

export interface FeatureSpaceSnapshot {
  features: string[];
  idf: number[];
}

/** The features seen in training, each with its idf; unseen features of later texts are ignored. */
export class FeatureSpace {
  private readonly indexOf: Map<string, number>;

  private constructor(
    readonly features: string[],
    readonly idf: Float32Array,
  ) {
    this.indexOf = new Map(features.map((feature, index) => [feature, index]));
  }

  get size(): number {
    return this.features.length;
  }

  /** Learns the features of training texts: those in at least `minCount` texts. */
  static fit(featureCounts: readonly Map<string, number>[], minCount = 1): FeatureSpace {
    const documentFrequency = new Map<string, number>();
    for (const counts of featureCounts) for (const feature of counts.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    const features = [...documentFrequency.entries()].filter(([, count]) => count >= minCount).map(([feature]) => feature).sort();
    const total = featureCounts.length;
    const idf = Float32Array.from(features, (feature) => Math.log((1 + total) / (1 + documentFrequency.get(feature)!)) + 1);
    return new FeatureSpace(features, idf);
  }

  static fromSnapshot(snapshot: FeatureSpaceSnapshot): FeatureSpace {
    return new FeatureSpace(snapshot.features, Float32Array.from(snapshot.idf));
  }

  snapshot(): FeatureSpaceSnapshot {
    return { features: this.features, idf: [...this.idf] };
  }

  vectorize(counts: Map<string, number>): SparseVector {
    const entries: [number, number][] = [];
    let norm = 0;
    for (const [feature, count] of counts) {
      const index = this.indexOf.get(feature);
      if (index === undefined) continue;
      const value = (1 + Math.log(count)) * this.idf[index]!;
      entries.push([index, value]);
      norm += value * value;
    }
    entries.sort((a, b) => a[0] - b[0]);
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { indices: Int32Array.from(entries, (entry) => entry[0]), values: Float32Array.from(entries, (entry) => entry[1] * scale) };
  }
}
