import { analyzeText, kindOfTerm, TERM_KINDS, type TermKind } from './analyze.ts';
import { PostingList } from './postings.ts';
import { expandQuery, type QueryTerm } from './query-terms.ts';
import { Suggester, type Suggestion, type SuggestionSource } from './suggest.ts';
import { TypoVocabulary } from './typo.ts';

/**
 * The in-process search index: BM25F ranking over weighted fields (title, tags, body, example questions …)
 * of Chinese and English documents, with typo, compound, homophone and synonym matching (see analyze.ts and
 * query-terms.ts), and suggestions while typing. Built from the database at start and kept current by the
 * module that owns the documents (add on create and update, remove on delete); `serialize` lets a node start
 * from a snapshot instead of re-analysing every document.
 *
 * BM25F (Robertson & Zaragoza): a term's occurrences are summed across fields, each weighted and normalised by
 * the field's length relative to its average, and the sum is saturated once:
 *   tf~ = Σ_f w_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)        score = Σ_t q_t · idf_t · tf~ (k1 + 1) / (k1 + tf~)
 * with idf_t = ln(1 + (N − df_t + 0.5) / (df_t + 0.5)) and q_t the weight of the query term's kind.
 */

export interface SearchFieldOptions {
  /** How much an occurrence in this field counts relative to others (default 1). */
  weight?: number;
  /** Length normalisation, 0 (none) … 1 (full, default 0.75). */
  b?: number;
  /** Whether the field's text (each element of a list) is offered as a suggestion, and as what. */
  suggest?: SuggestionSource;
  /** The kinds of term the field holds (default: every kind). */
  kinds?: readonly TermKind[];
}

export interface SearchIndexOptions {
  fields: Record<string, SearchFieldOptions>;
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Query weight of each kind of term, and of typo, split and compound expansions (see query-terms.ts). */
  termWeights?: Partial<Record<QueryTermWeightKey, number>>;
  /** Earlier searches kept for suggestions (default 10,000; the least searched gives way). */
  maxSuggestedQueries?: number;
}

export type QueryTermWeightKey = TermKind | 'typo' | 'split' | 'compound' | 'pinyin';

export const DEFAULT_TERM_WEIGHTS: Readonly<Record<QueryTermWeightKey, number>> = {
  word: 1,
  pair: 1,
  // A Chinese character alone often carries the meaning (退, 换, 丢, 扣): on zh-faq, weighing characters as much as
  // words and pairs raised top-1 by 4 points; concepts (synonym groups) outweigh any single lexical match.
  char: 1,
  sound: 0.5,
  concept: 2,
  typo: 0.7,
  split: 0.6,
  compound: 0.8,
  // Typed pinyin gives only sounds (no characters or pairs to meet), so each counts as much as a word.
  pinyin: 1,
};

export type SearchFieldValue = string | readonly string[] | null | undefined;

export interface SearchDocument {
  id: string;
  fields: Readonly<Record<string, SearchFieldValue>>;
}

export interface SearchHit {
  id: string;
  score: number;
  /** The score as a share of the best any document could reach for this query (every term, saturated), 0…1. */
  relevance: number;
  /** The share of the query's weight (term weight × idf) that this document holds at all, 0…1. */
  coverage: number;
}

export interface SearchOptions {
  limit?: number;
  /** Documents to leave out (the caller's permission or status rules), asked only of documents that match. */
  filter?: (id: string) => boolean;
}

/** Bumped whenever analysis or storage changes, so a stale snapshot is rebuilt rather than misread. */
export const SEARCH_INDEX_FORMAT = 3;

export class SearchIndex {
  readonly fieldNames: readonly string[];
  private readonly fieldWeights: Float64Array;
  private readonly fieldB: Float64Array;
  /** Per field, the kinds of term it leaves out (undefined: none). */
  private readonly fieldSkips: (Set<TermKind> | undefined)[];
  private readonly k1: number;
  private readonly termWeights: Record<QueryTermWeightKey, number>;
  private ids: (string | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  /** Per slot, the number of terms in each field. */
  private lengths = new Float32Array(0);
  private readonly totalLengths: Float64Array;
  private readonly postings = new Map<string, PostingList>();
  private removedSlots = 0;
  private typoVocabulary: TypoVocabulary | undefined;
  private readonly suggester: Suggester;
  /** Per slot, the suggestion phrases its fields gave, to take back on removal. */
  private readonly suggestedBySlot = new Map<number, [string, SuggestionSource][]>();
  private scores = new Float64Array(0);
  private matched = new Float64Array(0);

  constructor(readonly options: SearchIndexOptions) {
    this.fieldNames = Object.keys(options.fields);
    if (this.fieldNames.length === 0) throw new Error('a search index needs at least one field');
    this.fieldWeights = Float64Array.from(this.fieldNames, (name) => options.fields[name]!.weight ?? 1);
    this.fieldB = Float64Array.from(this.fieldNames, (name) => options.fields[name]!.b ?? 0.75);
    this.fieldSkips = this.fieldNames.map((name) => {
      const kinds = options.fields[name]!.kinds;
      return kinds ? new Set(TERM_KINDS.filter((kind) => !kinds.includes(kind))) : undefined;
    });
    this.totalLengths = new Float64Array(this.fieldNames.length);
    this.k1 = options.k1 ?? 1.2;
    this.termWeights = { ...DEFAULT_TERM_WEIGHTS, ...options.termWeights };
    this.suggester = new Suggester({ maxQueries: options.maxSuggestedQueries });
  }

  /** The number of documents in the index. */
  get size(): number {
    return this.slotById.size;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  /** Adds a document, or replaces the one with the same id. */
  add(document: SearchDocument): void {
    if (this.slotById.has(document.id)) this.remove(document.id);
    const fieldCount = this.fieldNames.length;
    const countsByTerm = new Map<string, Uint16Array>();
    const slot = this.ids.length;
    this.ensureCapacity(slot + 1);
    const suggested: [string, SuggestionSource][] = [];
    for (let field = 0; field < fieldCount; field++) {
      const name = this.fieldNames[field]!;
      const value = document.fields[name];
      const parts = typeof value === 'string' ? [value] : (value ?? []);
      const skips = this.fieldSkips[field];
      let length = 0;
      for (const part of parts) {
        if (!part) continue;
        const suggestAs = this.options.fields[name]!.suggest;
        if (suggestAs) suggested.push([part, suggestAs]);
        for (const term of analyzeText(part).terms) {
          if (skips?.has(kindOfTerm(term))) continue;
          let counts = countsByTerm.get(term);
          if (!counts) countsByTerm.set(term, (counts = new Uint16Array(fieldCount)));
          counts[field]!++;
          length++;
        }
      }
      this.lengths[slot * fieldCount + field] = length;
      this.totalLengths[field]! += length;
    }
    for (const [term, counts] of countsByTerm) this.postingsOf(term).push(slot, counts);
    this.ids.push(document.id);
    this.slotById.set(document.id, slot);
    for (const [text, source] of suggested) this.suggester.add(text, source);
    if (suggested.length > 0) this.suggestedBySlot.set(slot, suggested);
  }

  /** Removes a document; unknown ids are ignored. */
  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    this.slotById.delete(id);
    this.ids[slot] = undefined;
    const fieldCount = this.fieldNames.length;
    for (let field = 0; field < fieldCount; field++) this.totalLengths[field]! -= this.lengths[slot * fieldCount + field]!;
    for (const [text, source] of this.suggestedBySlot.get(slot) ?? []) this.suggester.remove(text, source);
    this.suggestedBySlot.delete(slot);
    // Postings of removed documents stay until a quarter of the slots are dead, then all are compacted at once.
    this.removedSlots++;
    if (this.removedSlots > 64 && this.removedSlots * 4 > this.ids.length) this.compact();
  }

  /** Documents best matching `query`, best first. */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 10;
    const terms = this.queryTerms(query);
    const live = this.size;
    if (terms.length === 0 || live === 0 || limit <= 0) return [];
    const fieldCount = this.fieldNames.length;
    const averages = Float64Array.from(this.totalLengths, (total) => Math.max(total / live, 1e-9));
    const norms = new Float64Array(fieldCount);
    const scores = this.scores;
    const matched = this.matched;
    const touched: number[] = [];
    let bestPossible = 0;
    let totalWeight = 0;
    for (const { term, weight } of terms) {
      const list = this.postings.get(term);
      const df = Math.min(list?.length ?? 0, live);
      const idf = Math.log(1 + (live - df + 0.5) / (df + 0.5));
      const termWeight = weight * idf;
      bestPossible += termWeight * (this.k1 + 1);
      totalWeight += termWeight;
      if (!list) continue;
      for (let index = 0; index < list.length; index++) {
        const slot = list.slots[index]!;
        if (this.ids[slot] === undefined) continue;
        let tf = 0;
        const base = index * fieldCount;
        for (let field = 0; field < fieldCount; field++) {
          const count = list.counts[base + field]!;
          if (count === 0) continue;
          norms[field] = 1 - this.fieldB[field]! + (this.fieldB[field]! * this.lengths[slot * fieldCount + field]!) / averages[field]!;
          tf += (this.fieldWeights[field]! * count) / norms[field]!;
        }
        if (matched[slot] === 0) touched.push(slot);
        scores[slot]! += (termWeight * tf * (this.k1 + 1)) / (this.k1 + tf);
        matched[slot]! += termWeight;
      }
    }
    const hits = this.topHits(touched, limit, options.filter);
    for (const hit of hits) {
      hit.relevance = bestPossible > 0 ? hit.score / bestPossible : 0;
      hit.coverage = totalWeight > 0 ? Math.min(1, (hit as HitWithSlot).matched / totalWeight) : 0;
      delete (hit as Partial<HitWithSlot>).matched;
    }
    for (const slot of touched) {
      scores[slot] = 0;
      matched[slot] = 0;
    }
    return hits;
  }

  /** The weighted terms a query is looked up by, expansions included (for tests and explanations). */
  queryTerms(query: string): QueryTerm[] {
    return expandQuery(analyzeText(query, 500), {
      weights: this.termWeights,
      isKnown: (term) => this.postings.has(term),
      documentFrequency: (term) => this.postings.get(term)?.length ?? 0,
      vocabulary: () => this.vocabulary(),
    });
  }

  /** Phrases to offer while `typed` is being typed (titles, tags, earlier searches); none below two characters. */
  suggest(typed: string, limit = 8): Suggestion[] {
    return this.suggester.suggest(typed, limit);
  }

  /** Records a search that was made, so later typing can be completed with it. */
  recordQuery(query: string): void {
    this.suggester.add(query, 'query');
  }

  /** Terms of a query kind and how many documents hold them: for tests and statistics. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** @internal For serialisation (search-index-snapshot.ts). */
  snapshotState() {
    this.compact();
    for (const list of this.postings.values()) list.trim();
    return {
      ids: this.ids as string[],
      lengths: this.lengths.subarray(0, this.ids.length * this.fieldNames.length),
      postings: this.postings,
      suggestions: this.suggester.list(),
      suggestedBySlot: this.suggestedBySlot,
    };
  }

  /** @internal Loads state written by `snapshotState` into an empty index. */
  restoreState(state: {
    ids: string[];
    lengths: Float32Array;
    postings: Map<string, PostingList>;
    suggestions: Suggestion[];
    suggestedBySlot: Map<number, [string, SuggestionSource][]>;
  }): void {
    if (this.ids.length > 0) throw new Error('restoreState needs an empty index');
    this.ids = [...state.ids];
    this.ensureCapacity(this.ids.length);
    this.lengths.set(state.lengths);
    const fieldCount = this.fieldNames.length;
    state.ids.forEach((id, slot) => {
      this.slotById.set(id, slot);
      for (let field = 0; field < fieldCount; field++) this.totalLengths[field]! += this.lengths[slot * fieldCount + field]!;
    });
    for (const [term, list] of state.postings) this.postings.set(term, list);
    for (const { text, source, count } of state.suggestions) this.suggester.add(text, source, count);
    for (const [slot, phrases] of state.suggestedBySlot) this.suggestedBySlot.set(slot, phrases);
  }

  private topHits(touched: number[], limit: number, filter: ((id: string) => boolean) | undefined): SearchHit[] {
    // A bounded, sorted list: limits are small (a page of results), candidates many.
    const best: HitWithSlot[] = [];
    for (const slot of touched) {
      const score = this.scores[slot]!;
      if (best.length === limit && score <= best[best.length - 1]!.score) continue;
      const id = this.ids[slot]!;
      if (filter && !filter(id)) continue;
      const hit: HitWithSlot = { id, score, relevance: 0, coverage: 0, matched: this.matched[slot]! };
      let at = best.length;
      while (at > 0 && (best[at - 1]!.score < score || (best[at - 1]!.score === score && best[at - 1]!.id > id))) at--;
      best.splice(at, 0, hit);
      if (best.length > limit) best.pop();
    }
    return best;
  }

  private postingsOf(term: string): PostingList {
    let list = this.postings.get(term);
    if (!list) {
      list = new PostingList(this.fieldNames.length);
      this.postings.set(term, list);
      if (this.typoVocabulary && kindOfTerm(term) === 'word') this.typoVocabulary.add(term);
    }
    return list;
  }

  private vocabulary(): TypoVocabulary {
    if (!this.typoVocabulary) {
      this.typoVocabulary = new TypoVocabulary();
      for (const term of this.postings.keys()) if (kindOfTerm(term) === 'word') this.typoVocabulary.add(term);
    }
    return this.typoVocabulary;
  }

  private ensureCapacity(slots: number): void {
    const fieldCount = this.fieldNames.length;
    if (this.lengths.length >= slots * fieldCount) return;
    const capacity = Math.max(slots, Math.ceil((this.lengths.length / fieldCount) * 1.5), 16);
    const lengths = new Float32Array(capacity * fieldCount);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const scores = new Float64Array(capacity);
    this.scores = scores;
    this.matched = new Float64Array(capacity);
  }

  /** Drops the postings and slots of removed documents and renumbers the rest. */
  private compact(): void {
    if (this.removedSlots === 0) return;
    const fieldCount = this.fieldNames.length;
    const newSlot = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const lengths = new Float32Array(Math.max(16, this.slotById.size) * fieldCount);
    const suggested = new Map<number, [string, SuggestionSource][]>();
    this.ids.forEach((id, slot) => {
      if (id === undefined) return;
      newSlot[slot] = ids.length;
      lengths.set(this.lengths.subarray(slot * fieldCount, (slot + 1) * fieldCount), ids.length * fieldCount);
      const phrases = this.suggestedBySlot.get(slot);
      if (phrases) suggested.set(ids.length, phrases);
      this.slotById.set(id, ids.length);
      ids.push(id);
    });
    for (const [term, list] of this.postings) {
      list.retain((slot) => newSlot[slot]!);
      if (list.length === 0) this.postings.delete(term);
    }
    this.ids = ids;
    this.lengths = lengths;
    this.scores = new Float64Array(lengths.length / fieldCount);
    this.matched = new Float64Array(lengths.length / fieldCount);
    this.suggestedBySlot.clear();
    for (const [slot, phrases] of suggested) this.suggestedBySlot.set(slot, phrases);
    this.removedSlots = 0;
    // Words only in removed documents are no longer typo targets.
    this.typoVocabulary = undefined;
  }
}

interface HitWithSlot extends SearchHit {
  matched: number;
}
