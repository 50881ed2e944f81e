/**
 * Typo tolerance for Latin-script words: which words of the index a misspelt query word was meant to be.
 * Candidates come from a deletion neighbourhood (each word is filed under itself and every form with one
 * letter deleted; a query word looks up the same forms), which finds every word one edit away and most two
 * edits away without comparing the query with the whole vocabulary; each candidate is then checked with the
 * true edit distance. Chinese typos are homophones and are handled by sound terms instead (analyze.ts).
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), or `max + 1` once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, index) => index);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** How many edits a word of this length may hold and still be recognised: none below 4 letters, 2 from 8. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

function deletionsOf(word: string): string[] {
  const forms: string[] = [];
  for (let index = 0; index < word.length; index++) forms.push(word.slice(0, index) + word.slice(index + 1));
  return forms;
}

const LATIN_WORD = /^[a-z][a-z0-9]*$/;

/** The vocabulary a query word is corrected against. Words are added as the index learns them. */
export class TypoVocabulary {
  private readonly byForm = new Map<string, string[]>();
  private readonly words = new Set<string>();

  add(word: string): void {
    if (word.length < 4 || this.words.has(word) || !LATIN_WORD.test(word)) return;
    this.words.add(word);
    for (const form of [word, ...deletionsOf(word)]) {
      const list = this.byForm.get(form);
      if (list) list.push(word);
      else this.byForm.set(form, [word]);
    }
  }

  get size(): number {
    return this.words.size;
  }

  /** Known words within the allowed edits of `word` (not the word itself), closest first. */
  candidates(word: string): { word: string; distance: number }[] {
    const max = allowedEdits(word.length);
    if (max === 0 || !LATIN_WORD.test(word)) return [];
    const seen = new Set<string>([word]);
    const found: { word: string; distance: number }[] = [];
    for (const form of [word, ...deletionsOf(word)]) {
      for (const known of this.byForm.get(form) ?? []) {
        if (seen.has(known)) continue;
        seen.add(known);
        const distance = editDistance(word, known, max);
        if (distance <= max) found.push({ word: known, distance });
      }
    }
    return found.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  }
}
