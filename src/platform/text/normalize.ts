import { TRADITIONAL_TO_SIMPLIFIED } from './traditional-simplified.ts';

/**
 * Character-level normalisation shared by documents and queries: whatever two texts a reader would
 * call the same word must come out as the same characters here, or search misses it.
 */

/** Half of a surrogate pair on its own is not text; PostgreSQL would reject the string. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
// Folding runs on every document and query, so it is a lookup by UTF-16 code unit (128 KiB): thirty
// times faster than a regex of the table's characters. Every pair of the table is in the BMP.
const FOLDED = new Uint16Array(0x10000);
for (const [from, to] of TRADITIONAL_TO_SIMPLIFIED) {
  if (from.length !== 1 || to.length !== 1) throw new Error(`folding pair outside the BMP: ${from} → ${to}`);
  FOLDED[from.charCodeAt(0)] = to.charCodeAt(0);
}

export function removeLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATES, '');
}

/**
 * Full-width ASCII (ＡＢＣ１２３！, typed with a Chinese input method) and the ideographic space become
 * their half-width forms. NFKC does the same; doing it explicitly keeps the rule visible and independent
 * of which Unicode version the runtime's NFKC tables follow.
 */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (char) => (char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)));
}

/** Folds traditional Chinese characters (and a few variants) to the simplified form, one character at a time. */
export function foldTraditional(text: string): string {
  const length = text.length;
  let index = 0;
  while (index < length && FOLDED[text.charCodeAt(index)] === 0) index++;
  if (index === length) return text;
  let folded = '';
  let copyFrom = 0;
  for (; index < length; index++) {
    const to = FOLDED[text.charCodeAt(index)]!;
    if (to === 0) continue;
    folded += text.slice(copyFrom, index) + String.fromCharCode(to);
    copyFrom = index + 1;
  }
  return folded + text.slice(copyFrom);
}

/** Lone surrogates removed, full-width → half-width, NFKC, lower case, traditional → simplified. */
export function normalizeText(text: string): string {
  return foldTraditional(toHalfWidth(removeLoneSurrogates(text)).normalize('NFKC').toLowerCase());
}
