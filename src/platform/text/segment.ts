/**
 * Word segmentation. PostgreSQL's parser cannot split Chinese into words, so text is segmented here
 * with ICU (Intl.Segmenter, whose Chinese dictionary ships with Node) and the database only sees
 * space-separated terms. Latin-script text is split at ICU's word boundaries too, so one rule covers
 * mixed text such as "退款 refund".
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Terms are reduced to letters, marks and digits: anything else (dots, apostrophes, @) would make
// PostgreSQL's parser split or reinterpret the term, and the query would no longer match the document.
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;
/** PostgreSQL ignores words longer than 2047 bytes; such "words" are noise (hashes, base64) anyway. */
export const MAX_TERM_CHARS = 100;

// Scripts written without spaces between words need ICU's dictionaries; text without them splits at the
// same places by a regular expression, ten times faster (ICU's word iterator allocates per segment).
const NEEDS_DICTIONARY = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of already normalised text, in order; punctuation and spaces are dropped. */
export function segmentWords(normalized: string): string[] {
  if (!NEEDS_DICTIONARY.test(normalized)) {
    const words: string[] = [];
    for (const [word] of normalized.matchAll(WORD_RUN)) if (word.length <= MAX_TERM_CHARS) words.push(word);
    return words;
  }
  const words: string[] = [];
  for (const part of segmenter.segment(normalized)) {
    if (!part.isWordLike) continue;
    for (const piece of part.segment.split(NON_WORD)) {
      if (piece && piece.length <= MAX_TERM_CHARS) words.push(piece);
    }
  }
  return words;
}
