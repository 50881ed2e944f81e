/**
 * The knowledge base's ranking over the platform's retrieval engine (src/platform/text: BM25F over weighted fields,
 * Chinese words, character pairs and homophones, synonyms, typo tolerance): titles weigh most, then tags, the
 * summary, the body. A hit carries the engine's coverage (how much of the query's weight the document holds),
 * which search uses to drop noise and the bot as the base of its confidence.
 */
import { SearchIndex } from '../../platform/text/index.ts';
// The answer confidence the engine fits in `npm run eval` (not yet re-exported by the text door).
import { confidenceFeatures, FAQ_CONFIDENCE_WEIGHTS } from '../../platform/text/answer/faq-matcher.ts';
import { predictLogistic } from '../../platform/text/classify/calibration.ts';

export interface RankedFields {
  title: string;
  tags?: readonly string[];
  summary?: string;
  body?: string;
}

export interface RankedHit {
  id: string;
  score: number;
  /** Share of the query's weight the document matched, 0–1: how much of the question it answers. */
  coverage: number;
  /** The score as a share of the best any document could reach for this query, 0–1. */
  relevance: number;
  /**
   * Calibrated probability that this document answers the query, from its relevance, coverage and lead over the
   * next hit (the engine's FAQ confidence curve): what the bot's threshold is compared with.
   */
  confidence: number;
}

const FIELDS = { title: { weight: 3 }, tags: { weight: 2 }, summary: { weight: 1.5 }, body: { weight: 1 } };

export class RankingIndex {
  readonly #index = new SearchIndex({ fields: FIELDS });

  get size(): number {
    return this.#index.size;
  }

  upsert(id: string, fields: RankedFields): void {
    this.#index.add({ id, fields: { title: fields.title, tags: fields.tags ?? [], summary: fields.summary ?? '', body: fields.body ?? '' } });
  }

  remove(id: string): void {
    this.#index.remove(id);
  }

  search(query: string, options: { limit?: number; accept?: (id: string) => boolean } = {}): RankedHit[] {
    const hits = this.#index.search(query, { limit: options.limit ?? 20, filter: options.accept });
    return hits.map((hit, index) => ({
      id: hit.id,
      score: hit.score,
      coverage: hit.coverage,
      relevance: hit.relevance,
      confidence: predictLogistic(FAQ_CONFIDENCE_WEIGHTS, confidenceFeatures(hits.slice(index))),
    }));
  }
}
