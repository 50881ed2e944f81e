/**
 * INTERIM ranking adapter. The platform's retrieval engine (BM25-style ranking, typo tolerance, suggestions) is
 * being written in src/platform/text; until it lands, the knowledge base ranks with this minimal in-process index
 * so that its search, help center and bot work end to end. It is deliberately small: BM25 over the platform's
 * terms (segmented, folded, stemmed), Chinese words also indexed by their characters (退货 meets 退换货,
 * 开不了机 meets 无法开机), and one-edit typo tolerance for Latin words. Replace its body with the engine's index
 * when it is in main; its interface is what the knowledge base needs from any engine.
 */
import { segmentTerms } from '../../platform/text/index.ts';

export interface RankedFields {
  title: string;
  tags?: readonly string[];
  summary?: string;
  body?: string;
}

export interface RankedHit {
  id: string;
  score: number;
  /** Share of the query's weight (idf) the document matched, 0–1: how much of the question it answers. */
  coverage: number;
}

const FIELD_WEIGHTS = { title: 3, tags: 2, summary: 1.5, body: 1 } as const;
const K1 = 1.2;
const B = 0.75;
/** A character of a Chinese word counts less than the word itself: whole-word matches rank first. */
const CHARACTER_WEIGHT = 0.4;
const HAN = /\p{Script=Han}/u;
/**
 * Words that carry the form of a question, not its subject ("我想", "怎么", "how", "my"): they count a fifth, so
 * "我想退货" is about 退货 and a question is judged by its subject words. Stems, as the pipeline makes them.
 */
const FUNCTION_WORDS = new Set([
  '我', '我想', '想', '我要', '要', '我的', '的', '了', '吗', '呢', '吧', '啊', '呀', '请问', '请', '问', '你好', '您好', '你们', '您', '你', '怎么', '怎么办', '怎样', '如何', '什么', '为什么',
  '可以', '能', '能不能', '可不可以', '是', '是不是', '有', '有没有', '一下', '这个', '那个', '还', '都', '就', '在', '和', '与', '及', '么', '哪', '哪里', '多久', '几', '吗',
  'i', 'my', 'me', 'we', 'our', 'you', 'your', 'a', 'an', 'the', 'to', 'of', 'in', 'on', 'for', 'is', 'are', 'be', 'do', 'doe', 'does', 'did', 'can', 'could', 'how', 'what',
  'when', 'where', 'why', 'which', 'pleas', 'please', 'want', 'would', 'like', 'it', 'thi', 'this', 'that', 'with', 'and', 'or', 'get', 'have', 'ha', 'not',
]);
const FUNCTION_WEIGHT = 0.2;
const LATIN_WORD = /^[a-z]+$/;

interface Posting {
  doc: number;
  tf: number;
}

/** The weighted terms of a text: each word, and each character of a Chinese word of two or more characters. */
export function weightedTerms(text: string, weight: number, into: Map<string, number>): void {
  for (const term of segmentTerms(text)) {
    if (FUNCTION_WORDS.has(term)) {
      into.set(term, (into.get(term) ?? 0) + weight * FUNCTION_WEIGHT);
      continue;
    }
    into.set(term, (into.get(term) ?? 0) + weight);
    if (term.length > 1 && HAN.test(term)) {
      for (const char of term) if (HAN.test(char)) into.set(char, (into.get(char) ?? 0) + weight * CHARACTER_WEIGHT);
    }
  }
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else if (a[i + 1] === b[j] && a[i] === b[j + 1]) {
      // A swap of two neighbours is one typo.
      i += 2;
      j += 2;
    } else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

export class InterimRankingIndex {
  readonly #ids: (string | undefined)[] = [];
  readonly #numbers = new Map<string, number>();
  readonly #lengths: number[] = [];
  readonly #terms: Map<string, number>[] = [];
  readonly #postings = new Map<string, Posting[]>();
  #totalLength = 0;
  #count = 0;

  get size(): number {
    return this.#count;
  }

  upsert(id: string, fields: RankedFields): void {
    this.remove(id);
    const terms = new Map<string, number>();
    weightedTerms(fields.title, FIELD_WEIGHTS.title, terms);
    for (const tag of fields.tags ?? []) weightedTerms(tag, FIELD_WEIGHTS.tags, terms);
    if (fields.summary) weightedTerms(fields.summary, FIELD_WEIGHTS.summary, terms);
    if (fields.body) weightedTerms(fields.body, FIELD_WEIGHTS.body, terms);
    const doc = this.#ids.length;
    let length = 0;
    for (const [term, tf] of terms) {
      length += tf;
      let list = this.#postings.get(term);
      if (!list) this.#postings.set(term, (list = []));
      list.push({ doc, tf });
    }
    this.#ids.push(id);
    this.#numbers.set(id, doc);
    this.#lengths.push(length);
    this.#terms.push(terms);
    this.#totalLength += length;
    this.#count++;
  }

  remove(id: string): void {
    const doc = this.#numbers.get(id);
    if (doc === undefined) return;
    for (const term of this.#terms[doc]!.keys()) {
      const list = this.#postings.get(term)!;
      const at = list.findIndex((posting) => posting.doc === doc);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.#postings.delete(term);
    }
    this.#numbers.delete(id);
    this.#ids[doc] = undefined;
    this.#totalLength -= this.#lengths[doc]!;
    this.#terms[doc] = new Map();
    this.#count--;
  }

  /** Query terms as indexed, a Latin word not in the index replaced by the indexed words one typo away. */
  #expand(query: string): Map<string, number> {
    const raw = new Map<string, number>();
    weightedTerms(query, 1, raw);
    const expanded = new Map<string, number>();
    for (const [term, weight] of raw) {
      if (this.#postings.has(term) || !LATIN_WORD.test(term) || term.length < 4) {
        expanded.set(term, weight);
        continue;
      }
      let found = false;
      for (const candidate of this.#postings.keys()) {
        if (LATIN_WORD.test(candidate) && withinOneEdit(term, candidate)) {
          expanded.set(candidate, Math.max(expanded.get(candidate) ?? 0, weight * 0.8));
          found = true;
        }
      }
      // Kept unmatched so that it still counts against coverage.
      if (!found) expanded.set(term, weight);
    }
    return expanded;
  }

  search(query: string, options: { limit?: number; accept?: (id: string) => boolean } = {}): RankedHit[] {
    if (this.#count === 0) return [];
    const terms = this.#expand(query);
    const averageLength = this.#totalLength / this.#count;
    const scores = new Map<number, { score: number; matched: number }>();
    let totalWeight = 0;
    for (const [term, weight] of terms) {
      const list = this.#postings.get(term) ?? [];
      // An unknown term weighs as much as the rarest: a question about something the index does not hold is not covered.
      const idf = Math.log(1 + (this.#count - list.length + 0.5) / (list.length + 0.5));
      totalWeight += idf * weight;
      for (const { doc, tf } of list) {
        const norm = tf * (K1 + 1) / (tf + K1 * (1 - B + (B * this.#lengths[doc]!) / averageLength));
        const entry = scores.get(doc) ?? { score: 0, matched: 0 };
        entry.score += idf * norm * weight;
        entry.matched += idf * weight;
        scores.set(doc, entry);
      }
    }
    const hits: RankedHit[] = [];
    for (const [doc, entry] of scores) {
      const id = this.#ids[doc];
      if (id === undefined || (options.accept && !options.accept(id))) continue;
      hits.push({ id, score: entry.score, coverage: totalWeight > 0 ? Math.min(1, entry.matched / totalWeight) : 0 });
    }
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return hits.slice(0, options.limit ?? 20);
  }
}
