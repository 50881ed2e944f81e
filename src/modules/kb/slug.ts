/**
 * Readable URL segments: `/help/<workspace>/<category>/<article>`. Letters of any script are kept (a Chinese title
 * gives a Chinese slug, which browsers show as written), everything else becomes a hyphen.
 */
import { normalizeText } from '../../platform/text/index.ts';

export const MAX_SLUG_CHARS = 80;
export const SLUG_PATTERN = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

export function slugify(title: string): string {
  const slug = normalizeText(title)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...slug].slice(0, MAX_SLUG_CHARS).join('').replace(/-+$/, '') || 'article';
}

/** The slug, or the slug with the smallest number suffix (`-2`, `-3` …) that is not taken. */
export function uniqueSlug(base: string, isTaken: (candidate: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}
