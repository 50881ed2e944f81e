import { normalizeText } from '../normalize.ts';

/**
 * Suggestions while typing (关键词智能联想): phrases (article titles, tags, earlier searches) that start with
 * what has been typed, or hold it at the start of one of their words (any character of a Chinese phrase
 * starts a word, so 开机 suggests 无法开机怎么办). Nothing is suggested before two characters: one
 * character matches too much to help.
 *
 * Phrases are filed under the first two characters of every place a match may start, so a lookup reads one
 * bucket instead of every phrase, and adding or removing a phrase costs a few map updates (no re-sort).
 */

export type SuggestionSource = 'title' | 'tag' | 'query';

export interface Suggestion {
  text: string;
  source: SuggestionSource;
  /** How many documents hold the phrase, or how often it was searched. */
  count: number;
}

interface Entry extends Suggestion {
  key: string;
}

const SOURCE_WEIGHT: Record<SuggestionSource, number> = { title: 3, tag: 2, query: 1 };
export const MIN_SUGGEST_CHARS = 2;
const MAX_PHRASE_CHARS = 120;
const WORD_START = /(?:^|[\s\p{P}\p{S}])([\p{L}\p{N}])|(\p{Script=Han})/gu;

/** The form phrases and typed text are compared in: normalised (case, width, simplified), spaces collapsed. */
export function suggestionKey(text: string): string {
  return normalizeText(text).replace(/\s+/g, ' ').trim();
}

/** Where a typed prefix may start matching a phrase: its start, each word's start, each Chinese character. */
function matchStarts(key: string): number[] {
  const starts = new Set<number>([0]);
  for (const match of key.matchAll(WORD_START)) starts.add(match.index + (match[1] ? match[0].length - match[1].length : 0));
  return [...starts].filter((start) => start + MIN_SUGGEST_CHARS <= key.length);
}

export class Suggester {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, Set<Entry>>();
  private queries = 0;

  constructor(private readonly options: { maxQueries?: number } = {}) {}

  /** Adds one occurrence of a phrase (a title or tag of one more document, or one more search). */
  add(text: string, source: SuggestionSource, count = 1): void {
    const key = suggestionKey(text).slice(0, MAX_PHRASE_CHARS);
    if (key.length < MIN_SUGGEST_CHARS) return;
    const id = `${source}\u0000${key}`;
    const existing = this.entries.get(id);
    if (existing) {
      existing.count += count;
      return;
    }
    if (source === 'query') {
      this.makeRoomForQuery();
      this.queries++;
    }
    const entry: Entry = { key, text: text.trim().replace(/\s+/g, ' ').slice(0, MAX_PHRASE_CHARS), source, count };
    this.entries.set(id, entry);
    for (const start of matchStarts(key)) {
      const bucketKey = key.slice(start, start + MIN_SUGGEST_CHARS);
      const bucket = this.buckets.get(bucketKey);
      if (bucket) bucket.add(entry);
      else this.buckets.set(bucketKey, new Set([entry]));
    }
  }

  /** Takes back occurrences given to `add`; the phrase goes when none are left. */
  remove(text: string, source: SuggestionSource, count = 1): void {
    const key = suggestionKey(text).slice(0, MAX_PHRASE_CHARS);
    const id = `${source}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.count -= count;
    if (entry.count > 0) return;
    this.entries.delete(id);
    if (source === 'query') this.queries--;
    for (const start of matchStarts(key)) {
      const bucketKey = key.slice(start, start + MIN_SUGGEST_CHARS);
      const bucket = this.buckets.get(bucketKey);
      bucket?.delete(entry);
      if (bucket?.size === 0) this.buckets.delete(bucketKey);
    }
  }

  /**
   * Phrases matching what has been typed, best first: phrases that start with it before those with a word
   * that does, then titles before tags before earlier searches (weighted by how often each occurs), then
   * shorter phrases. Empty below two characters.
   */
  suggest(typed: string, limit = 8): Suggestion[] {
    const prefix = suggestionKey(typed);
    if ([...prefix].length < MIN_SUGGEST_CHARS) return [];
    const bucket = this.buckets.get(prefix.slice(0, MIN_SUGGEST_CHARS));
    if (!bucket) return [];
    const ranked: { entry: Entry; rank: number }[] = [];
    for (const entry of bucket) {
      // What has been typed in full is no suggestion.
      if (entry.key === prefix) continue;
      const at = entry.key.startsWith(prefix) ? 0 : matchStarts(entry.key).some((start) => entry.key.startsWith(prefix, start)) ? 1 : -1;
      if (at < 0) continue;
      ranked.push({ entry, rank: at * 1000 - SOURCE_WEIGHT[entry.source] * (1 + Math.log(entry.count)) });
    }
    ranked.sort((a, b) => a.rank - b.rank || a.entry.key.length - b.entry.key.length || a.entry.key.localeCompare(b.entry.key));
    const seen = new Set<string>();
    const suggestions: Suggestion[] = [];
    for (const { entry } of ranked) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      suggestions.push({ text: entry.text, source: entry.source, count: entry.count });
      if (suggestions.length === limit) break;
    }
    return suggestions;
  }

  /** Every phrase with its source and count, for serialisation. */
  list(): Suggestion[] {
    return [...this.entries.values()].map(({ text, source, count }) => ({ text, source, count }));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Earlier searches are capped: past the cap, the least searched one gives way. */
  private makeRoomForQuery(): void {
    if (this.queries < (this.options.maxQueries ?? 10_000)) return;
    let least: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.source === 'query' && (!least || entry.count < least.count)) least = entry;
    }
    if (least) this.remove(least.text, 'query', least.count);
  }
}
