/**
 * Search text for tickets: PostgreSQL's own parser cannot split Chinese into words, so text is
 * segmented here with ICU (Intl.Segmenter), and the database only sees space-separated terms.
 * Documents and queries go through the same function, so they always agree on what a term is.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Terms are reduced to letters, marks and digits: anything else (dots, apostrophes, @) would make
// PostgreSQL's parser split or reinterpret the term, and the query would no longer match the document.
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;
/** PostgreSQL ignores words longer than 2047 bytes; such "words" are noise (hashes, base64) anyway. */
const MAX_TERM_CHARS = 100;
/** Half of a surrogate pair on its own is not text; the database would reject it. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Splits text into lower-case search terms, in order (Chinese by words, other scripts by words). */
export function segmentTerms(text: string, maxChars = 20_000): string[] {
  const normalized = text.slice(0, maxChars).replace(LONE_SURROGATES, '').normalize('NFKC').toLowerCase();
  const terms: string[] = [];
  for (const part of segmenter.segment(normalized)) {
    if (!part.isWordLike) continue;
    for (const piece of part.segment.split(NON_WORD)) {
      if (piece && piece.length <= MAX_TERM_CHARS) terms.push(piece);
    }
  }
  return terms;
}

/** The text stored in the ticket's tsvector: segmented terms joined by spaces. */
export function buildSearchDocument(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .map((part) => segmentTerms(part).join(' '))
    .filter(Boolean)
    .join(' ');
}

/**
 * A to_tsquery('simple', …) expression: every term must match (AND); the last one also matches as a
 * prefix, so results follow what is being typed. Undefined when the query has no searchable term.
 * `prefix: false` is for viewers who see contacts masked: prefix matching on a phone number or an
 * e-mail address would let them recover the hidden characters one query at a time.
 */
export function buildSearchQuery(query: string, options: { prefix?: boolean; maxTerms?: number } = {}): string | undefined {
  const unique = [...new Set(segmentTerms(query, 500))].slice(0, options.maxTerms ?? 12);
  if (unique.length === 0) return undefined;
  const prefix = options.prefix ?? true;
  // Terms hold only letters, marks and digits, so quoting cannot be broken out of.
  return unique.map((term, index) => `'${term}'${prefix && index === unique.length - 1 ? ':*' : ''}`).join(' & ');
}
