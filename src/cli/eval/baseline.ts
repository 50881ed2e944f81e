import { segmentTerms } from '../../platform/text/index.ts';

/**
 * The plain BM25 every figure is reported beside: one field, the shared pipeline's terms (ICU words,
 * folding, Porter stems), k1 = 1.2, b = 0.75, no synonyms, no typo tolerance, no character pairs.
 */
export class PlainBm25 {
  private readonly documents: { id: string; counts: Map<string, number>; length: number }[] = [];
  private readonly documentFrequency = new Map<string, number>();
  private totalLength = 0;

  add(id: string, text: string): void {
    const terms = segmentTerms(text);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const term of counts.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    this.documents.push({ id, counts, length: terms.length });
    this.totalLength += terms.length;
  }

  /** Ids by score, best first; documents sharing no term are left out. */
  search(query: string, limit = 10): string[] {
    const terms = [...new Set(segmentTerms(query))];
    const count = this.documents.length;
    const average = this.totalLength / Math.max(1, count);
    const scored: { id: string; score: number }[] = [];
    for (const document of this.documents) {
      let score = 0;
      for (const term of terms) {
        const tf = document.counts.get(term);
        if (!tf) continue;
        const df = this.documentFrequency.get(term)!;
        const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
        score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * document.length) / average));
      }
      if (score > 0) scored.push({ id: document.id, score });
    }
    return scored
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((hit) => hit.id);
  }
}
