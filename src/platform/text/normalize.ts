import { TRADITIONAL_TO_SIMPLIFIED } from './traditional-simplified.ts';

/**
 * Character-level normalisation shared by documents and queries: whatever two texts a reader would
 * call the same word must come out as the same characters here, or search misses it.
 */

/** Half of a surrogate pair on its own is not text; PostgreSQL would reject the string. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
// Only characters the table knows; a cheap test lets text without traditional characters skip the walk.
const HAN = /\p{Script=Han}/u;

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
  if (!HAN.test(text)) return text;
  let folded = '';
  for (const char of text) folded += TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char;
  return folded;
}

/** Lone surrogates removed, full-width → half-width, NFKC, lower case, traditional → simplified. */
export function normalizeText(text: string): string {
  return foldTraditional(toHalfWidth(removeLoneSurrogates(text)).normalize('NFKC').toLowerCase());
}
