/**
 * Search over live articles and cases (and tickets, through the tickets service), keyword suggestions while
 * typing, and the knowledge lookup the bot and the help center use. Searches are recorded: past queries feed the
 * suggestions, and those that found nothing feed the freshness report.
 */
import type { Actor } from '../../platform/actor.ts';
import { newId } from '../../platform/ids.ts';
import { normalizeText } from '../../platform/text/index.ts';
import { SEARCH_SCOPES, type ArticleVisibility, type KbLocale, type SearchScope } from '../../contracts/kb.ts';
import { can } from '../identity/index.ts';
import * as activityRepo from './kb-activity.repository.ts';
import type { IndexedArticle, IndexedDocument, IndexHit, KbSearchIndex } from './kb-search-index.ts';
import { requirePermission, type KbDeps } from './kb.context.ts';
import { suggest, type Suggestion } from './suggestions.ts';

export interface ArticleHit {
  id: string;
  title: string;
  snippet: string;
  score: number;
  coverage: number;
  /** How sure the hit answers the query, 0–1 (see answerConfidence). */
  confidence: number;
  locale: KbLocale;
  slug: string;
  visibility: ArticleVisibility;
  categoryId: string;
  translationGroup: string;
}

export interface CaseHit {
  id: string;
  title: string;
  snippet: string;
  score: number;
  locale: KbLocale;
}

export interface SearchResult {
  articles: ArticleHit[];
  cases: CaseHit[];
  tickets: { id: string; number: string; subject: string; status: string }[];
}

export type SearchSource = 'agent' | 'help' | 'bot';

const MAX_RECORDED_QUERY = 200;
/** A hit that holds less of the query's weight than this is noise (one shared character), not a result. */
export const MIN_RESULT_COVERAGE = 0.05;
/**
 * Below this coverage the engine's answer confidence is not trusted (on a small knowledge base a lone weak hit
 * leads by default): the hit's confidence is its coverage. A search "found something" when a hit reaches it.
 */
export const ANSWERED_COVERAGE = 0.3;

/** How sure a hit answers the query: the engine's calibrated confidence, once the hit holds enough of the query. */
export const answerConfidence = (hit: { coverage: number; confidence: number }) => (hit.coverage >= ANSWERED_COVERAGE ? hit.confidence : hit.coverage);

export function toArticleHit(hit: IndexHit & { document: IndexedArticle }): ArticleHit {
  const { document } = hit;
  return {
    id: document.id, title: document.title, snippet: document.snippet, score: hit.score, coverage: hit.coverage, confidence: answerConfidence(hit), locale: document.locale, slug: document.slug,
    visibility: document.visibility, categoryId: document.categoryId, translationGroup: document.translationGroup,
  };
}

/** One article per translation group: the one in the reader's language when it exists, else the best ranked. */
export function preferLocale(hits: ArticleHit[], locale: KbLocale | undefined): ArticleHit[] {
  if (!locale) return hits;
  const chosen = new Map<string, ArticleHit>();
  for (const hit of hits) {
    const current = chosen.get(hit.translationGroup);
    if (!current || (current.locale !== locale && hit.locale === locale)) chosen.set(hit.translationGroup, current ? { ...hit, score: Math.max(hit.score, current.score) } : hit);
  }
  return [...chosen.values()].sort((a, b) => b.score - a.score);
}

const answeredCount = (hits: readonly { coverage: number }[]) => hits.filter((hit) => hit.coverage >= ANSWERED_COVERAGE).length;

export function parseScopes(value: string | undefined): SearchScope[] {
  if (!value) return [...SEARCH_SCOPES];
  return value.split(',').map((part) => part.trim()).filter((part): part is SearchScope => (SEARCH_SCOPES as readonly string[]).includes(part));
}

export function createSearchOps(deps: KbDeps, index: KbSearchIndex) {
  const { db, clock } = deps;

  async function record(workspaceId: string, query: string, source: SearchSource, resultCount: number): Promise<void> {
    const normalized = normalizeText(query).replace(/\s+/g, ' ').trim();
    if ([...normalized].length < 2) return;
    await activityRepo.insertSearch(db, workspaceId, { id: newId(), query: query.trim().slice(0, MAX_RECORDED_QUERY), normalized: normalized.slice(0, MAX_RECORDED_QUERY), source, resultCount, at: clock.now() });
  }

  async function findArticles(workspaceId: string, query: string, options: { publicOnly: boolean; locale?: KbLocale; limit: number; source?: SearchSource }): Promise<ArticleHit[]> {
    const accept = (document: IndexedDocument) => document.kind === 'article' && (!options.publicOnly || document.visibility === 'public');
    const hits = (await index.search(workspaceId, query, { limit: options.limit * 2, accept })).filter((hit) => hit.coverage >= MIN_RESULT_COVERAGE);
    const articles = preferLocale(hits.map((hit) => toArticleHit(hit as IndexHit & { document: IndexedArticle })), options.locale).slice(0, options.limit);
    if (options.source) await record(workspaceId, query, options.source, answeredCount(articles));
    return articles;
  }

  return {
    findArticles,
    recordSearch: record,

    async searchKnowledge(actor: Actor, query: { q: string; scopes?: string; locale?: KbLocale; limit?: number }): Promise<SearchResult> {
      requirePermission(actor, 'kb.read');
      const scopes = parseScopes(query.scopes);
      const limit = query.limit ?? 10;
      const result: SearchResult = { articles: [], cases: [], tickets: [] };
      if (query.q.trim() === '') return result;
      let answered = 0;
      if (scopes.includes('articles')) {
        result.articles = await findArticles(actor.workspaceId, query.q, { publicOnly: false, locale: query.locale, limit });
        answered += answeredCount(result.articles);
      }
      if (scopes.includes('cases')) {
        const hits = (await index.search(actor.workspaceId, query.q, { limit, accept: (document) => document.kind === 'case' })).filter((hit) => hit.coverage >= MIN_RESULT_COVERAGE);
        answered += answeredCount(hits);
        result.cases = hits.map(({ document, score }) => ({ id: document.id, title: document.title, snippet: document.snippet, score, locale: document.locale }));
      }
      if (scopes.includes('tickets') && can(actor, 'tickets.read')) {
        const page = await deps.tickets.listTickets(actor, { q: query.q, limit });
        result.tickets = page.items.map((ticket) => ({ id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status }));
      }
      // Tickets do not count: a question the knowledge base cannot answer is what the freshness report is after.
      await record(actor.workspaceId, query.q, 'agent', answered);
      return result;
    },

    /** Suggestions while typing, for agents: every live article's title and tags, the cases', and past searches. */
    async suggestForAgent(actor: Actor, typed: string): Promise<Suggestion[]> {
      requirePermission(actor, 'kb.read');
      if ([...typed.trim()].length < 2) return [];
      return suggest(typed, await index.suggestionCandidates(actor.workspaceId, () => true, true));
    },

    /** Suggestions for the help center: public articles' titles and tags only (past searches could echo what visitors typed). */
    async suggestPublic(workspaceId: string, typed: string, locale: KbLocale | undefined): Promise<Suggestion[]> {
      if ([...typed.trim()].length < 2) return [];
      const accept = (document: IndexedDocument) => document.kind === 'article' && document.visibility === 'public' && (!locale || document.locale === locale);
      return suggest(typed, await index.suggestionCandidates(workspaceId, accept, false));
    },
  };
}
