import { segmentTerms } from '../../platform/text/index.ts';

/**
 * The plain BM25 every figure is reported beside: one field, the shared pipeline's terms (ICU words,
 * folding, Porter stems), k1 = 1.2, b = 0.75, no synonyms, no typo tolerance, no character pairs.
 */
export class PlainBm25 {
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  /** term → [document, term frequency] pairs. */
  private readonly postings = new Map<string, [number, number][]>();
  private totalLength = 0;

  add(id: string, text: string): void {
    const terms = segmentTerms(text);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const document = this.ids.length;
    for (const [term, count] of counts) {
      const list = this.postings.get(term);
      if (list) list.push([document, count]);
      else this.postings.set(term, [[document, count]]);
    }
    this.ids.push(id);
    this.lengths.push(terms.length);
    this.totalLength += terms.length;
  }

  /** Ids by score, best first; documents sharing no term are left out. */
  search(query: string, limit = 10): string[] {
    const count = this.ids.length;
    const average = this.totalLength / Math.max(1, count);
    const scores = new Map<number, number>();
    for (const term of new Set(segmentTerms(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (count - list.length + 0.5) / (list.length + 0.5));
      for (const [document, tf] of list) {
        const score = (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * this.lengths[document]!) / average));
        scores.set(document, (scores.get(document) ?? 0) + score);
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || this.ids[a[0]]!.localeCompare(this.ids[b[0]]!))
      .slice(0, limit)
      .map(([document]) => this.ids[document]!);
  }
}
