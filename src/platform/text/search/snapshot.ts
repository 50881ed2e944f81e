import { PostingList } from './postings.ts';
import { SEARCH_INDEX_FORMAT, SearchIndex, type SearchIndexOptions } from './search-index.ts';
import type { Suggestion, SuggestionSource } from './suggest.ts';

/**
 * A search index as plain JSON, so a node can start from a snapshot (a file, a database row) instead of
 * analysing every document again. Postings travel as base64 typed arrays: for 100,000 tickets a JSON array
 * of numbers would be several times larger and slower to parse. A snapshot written by another format
 * version is refused; the caller rebuilds the index from its documents.
 */
export interface SearchIndexSnapshot {
  format: number;
  options: SearchIndexOptions;
  ids: string[];
  /** Float32 field lengths, `ids.length × fields` of them. */
  lengths: string;
  terms: string[];
  /** Int32 offsets: postings of term i are [offsets[i], offsets[i + 1]). */
  offsets: string;
  /** Int32 slots of every posting, term after term. */
  slots: string;
  /** Uint16 per-field counts of every posting. */
  counts: string;
  suggestions: Suggestion[];
  /** Per slot (as a string key), the phrases its fields offered. */
  suggestedBySlot: Record<string, [string, SuggestionSource][]>;
}

const toBase64 = (array: Int32Array | Uint16Array | Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

function fromBase64<T extends Int32Array | Uint16Array | Float32Array>(text: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  // Copy into a fresh, aligned buffer: Buffer's own may start at any byte offset of its pool.
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return make(buffer);
}

export function serializeSearchIndex(index: SearchIndex): SearchIndexSnapshot {
  const state = index.snapshotState();
  const fieldCount = index.fieldNames.length;
  const terms = [...state.postings.keys()];
  const offsets = new Int32Array(terms.length + 1);
  let total = 0;
  terms.forEach((term, at) => {
    offsets[at] = total;
    total += state.postings.get(term)!.length;
  });
  offsets[terms.length] = total;
  const slots = new Int32Array(total);
  const counts = new Uint16Array(total * fieldCount);
  terms.forEach((term, at) => {
    const list = state.postings.get(term)!;
    slots.set(list.slots.subarray(0, list.length), offsets[at]!);
    counts.set(list.counts.subarray(0, list.length * fieldCount), offsets[at]! * fieldCount);
  });
  return {
    format: SEARCH_INDEX_FORMAT,
    options: index.options,
    ids: state.ids,
    lengths: toBase64(state.lengths),
    terms,
    offsets: toBase64(offsets),
    slots: toBase64(slots),
    counts: toBase64(counts),
    suggestions: state.suggestions,
    suggestedBySlot: Object.fromEntries(state.suggestedBySlot),
  };
}

/** The index a snapshot holds; throws on a snapshot of another format (rebuild from the documents then). */
export function deserializeSearchIndex(snapshot: SearchIndexSnapshot): SearchIndex {
  if (snapshot.format !== SEARCH_INDEX_FORMAT) throw new Error(`search index snapshot format ${snapshot.format}, expected ${SEARCH_INDEX_FORMAT}`);
  const index = new SearchIndex(snapshot.options);
  const fieldCount = index.fieldNames.length;
  const offsets = fromBase64(snapshot.offsets, (buffer) => new Int32Array(buffer));
  const slots = fromBase64(snapshot.slots, (buffer) => new Int32Array(buffer));
  const counts = fromBase64(snapshot.counts, (buffer) => new Uint16Array(buffer));
  const postings = new Map<string, PostingList>();
  snapshot.terms.forEach((term, at) => {
    const start = offsets[at]!;
    const end = offsets[at + 1]!;
    const list = new PostingList(fieldCount, Math.max(1, end - start));
    list.slots.set(slots.subarray(start, end));
    list.counts.set(counts.subarray(start * fieldCount, end * fieldCount));
    list.length = end - start;
    postings.set(term, list);
  });
  index.restoreState({
    ids: snapshot.ids,
    lengths: fromBase64(snapshot.lengths, (buffer) => new Float32Array(buffer)),
    postings,
    suggestions: snapshot.suggestions,
    suggestedBySlot: new Map(Object.entries(snapshot.suggestedBySlot).map(([slot, phrases]) => [Number(slot), phrases])),
  });
  return index;
}
