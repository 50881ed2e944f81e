/**
 * Keyword suggestions while typing (关键词智能联想), from article titles, tags and past searches. A candidate is
 * offered when the typed text (two characters or more, normalised like search) starts it, starts one of its words,
 * or — for Chinese — appears in it; then by how often it was used. Pure.
 */
import { normalizeText } from '../../platform/text/index.ts';

export const MIN_SUGGEST_CHARS = 2;

export interface SuggestionCandidate {
  text: string;
  kind: 'title' | 'tag' | 'query';
  /** How often it was used (past searches) or how important it is (titles, tags). */
  weight: number;
}

export interface Suggestion {
  text: string;
  kind: SuggestionCandidate['kind'];
}

const compact = (value: string) => normalizeText(value).replace(/\s+/g, ' ').trim();

export function suggest(typed: string, candidates: readonly SuggestionCandidate[], limit = 8): Suggestion[] {
  const query = compact(typed);
  if ([...query].length < MIN_SUGGEST_CHARS) return [];
  const ranked: { candidate: SuggestionCandidate; rank: number }[] = [];
  for (const candidate of candidates) {
    const text = compact(candidate.text);
    if (text === query) continue;
    let rank: number;
    if (text.startsWith(query)) rank = 3;
    else if (text.split(/[\s\-/]+/).some((word) => word.startsWith(query))) rank = 2;
    else if (text.includes(query)) rank = 1;
    else continue;
    ranked.push({ candidate, rank });
  }
  ranked.sort((a, b) => b.rank - a.rank || b.candidate.weight - a.candidate.weight || a.candidate.text.length - b.candidate.text.length);
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const { candidate } of ranked) {
    const key = compact(candidate.text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: candidate.text, kind: candidate.kind });
    if (out.length >= limit) break;
  }
  return out;
}
