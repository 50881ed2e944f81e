/**
 * The workspace's search index of live articles and cases, held in process and kept current from the database's
 * change numbers: before each search a node asks for the workspace's latest change number (one index probe) and
 * loads only the rows changed since it last looked, so an edit on any node is searchable on every node at once,
 * and nothing is rebuilt. Suggestion candidates (titles, tags, past searches) live beside it.
 */
import type { Db } from '../../platform/db.ts';
import type { ArticleVisibility, KbLocale } from '../../contracts/kb.ts';
import { RankingIndex, type RankedHit } from './ranking-index.ts';
import * as activityRepo from './kb-activity.repository.ts';
import type { SuggestionCandidate } from './suggestions.ts';

export interface IndexedArticle {
  kind: 'article';
  id: string;
  locale: KbLocale;
  slug: string;
  categoryId: string;
  visibility: ArticleVisibility;
  translationGroup: string;
  title: string;
  tags: string[];
  snippet: string;
}

export interface IndexedCase {
  kind: 'case';
  id: string;
  locale: KbLocale;
  title: string;
  tags: string[];
  snippet: string;
}

export type IndexedDocument = IndexedArticle | IndexedCase;

export interface IndexHit extends RankedHit {
  document: IndexedDocument;
}

const PAGE = 2_000;
const SNIPPET_CHARS = 200;
/** Past searches are re-read for suggestions at most this often. */
const QUERIES_TTL_MS = 60_000;
const QUERY_WINDOW_DAYS = 90;
const QUERY_CANDIDATES = 500;
/** Workspaces whose index a node keeps; the least recently searched is dropped past it. */
const MAX_WORKSPACES = 64;

const docKey = (kind: 'article' | 'case', id: string) => `${kind === 'article' ? 'a' : 'c'}:${id}`;
const snippetOf = (...texts: string[]) => {
  const text = texts.find((value) => value.trim().length > 0) ?? '';
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
};

class WorkspaceIndex {
  seq = 0;
  readonly ranking = new RankingIndex();
  readonly documents = new Map<string, IndexedDocument>();
  queries: SuggestionCandidate[] = [];
  queriesLoadedAt = -Infinity;

  apply(articles: activityRepo.IndexedArticleRow[], cases: activityRepo.IndexedCaseRow[]): void {
    for (const row of articles) {
      const key = docKey('article', row.id);
      if (!row.live) {
        this.ranking.remove(key);
        this.documents.delete(key);
        continue;
      }
      this.ranking.upsert(key, { title: row.title, tags: row.tags, summary: row.summary, body: row.bodyText });
      this.documents.set(key, {
        kind: 'article', id: row.id, locale: row.locale, slug: row.slug, categoryId: row.categoryId, visibility: row.visibility,
        translationGroup: row.translationGroup, title: row.title, tags: row.tags, snippet: snippetOf(row.summary, row.bodyText),
      });
    }
    for (const row of cases) {
      const key = docKey('case', row.id);
      if (!row.live) {
        this.ranking.remove(key);
        this.documents.delete(key);
        continue;
      }
      this.ranking.upsert(key, { title: row.title, tags: row.tags, body: row.text });
      this.documents.set(key, { kind: 'case', id: row.id, locale: row.locale, title: row.title, tags: row.tags, snippet: snippetOf(row.text) });
    }
  }
}

export class KbSearchIndex {
  readonly #db: Db;
  readonly #now: () => Date;
  readonly #workspaces = new Map<string, WorkspaceIndex>();
  readonly #refreshing = new Map<string, Promise<WorkspaceIndex>>();

  constructor(deps: { db: Db; now: () => Date }) {
    this.#db = deps.db;
    this.#now = deps.now;
  }

  /** The workspace's index with every committed change applied. */
  async current(workspaceId: string): Promise<WorkspaceIndex> {
    // One refresh per workspace at a time: searches arriving together share it.
    const running = this.#refreshing.get(workspaceId);
    if (running) return running;
    const refresh = this.#refresh(workspaceId).finally(() => this.#refreshing.delete(workspaceId));
    this.#refreshing.set(workspaceId, refresh);
    return refresh;
  }

  async #refresh(workspaceId: string): Promise<WorkspaceIndex> {
    let index = this.#workspaces.get(workspaceId);
    if (index) this.#workspaces.delete(workspaceId);
    else index = new WorkspaceIndex();
    // Most recently used last: the first entry is the one to drop.
    this.#workspaces.set(workspaceId, index);
    if (this.#workspaces.size > MAX_WORKSPACES) this.#workspaces.delete(this.#workspaces.keys().next().value!);

    const latest = await activityRepo.selectLatestChange(this.#db, workspaceId);
    while (index.seq < latest) {
      const [articles, cases] = [await activityRepo.selectChangedArticles(this.#db, workspaceId, index.seq, PAGE), await activityRepo.selectChangedCases(this.#db, workspaceId, index.seq, PAGE)];
      // Both feeds share one sequence: apply up to the lower of the two pages' ends, so neither skips a row.
      const articleEnd = articles.length === PAGE ? articles.at(-1)!.changeSeq : latest;
      const caseEnd = cases.length === PAGE ? cases.at(-1)!.changeSeq : latest;
      const end = Math.min(articleEnd, caseEnd);
      index.apply(articles.filter((row) => row.changeSeq <= end), cases.filter((row) => row.changeSeq <= end));
      index.seq = end;
    }
    const now = this.#now().getTime();
    if (now - index.queriesLoadedAt > QUERIES_TTL_MS) {
      const since = new Date(now - QUERY_WINDOW_DAYS * 86_400_000);
      const rows = await activityRepo.selectPopularQueries(this.#db, workspaceId, since, QUERY_CANDIDATES);
      index.queries = rows.map((row) => ({ text: row.query, kind: 'query', weight: row.uses }));
      index.queriesLoadedAt = now;
    }
    return index;
  }

  async search(workspaceId: string, query: string, options: { limit: number; accept?: (document: IndexedDocument) => boolean }): Promise<IndexHit[]> {
    const index = await this.current(workspaceId);
    const hits = index.ranking.search(query, {
      limit: options.limit,
      accept: (key) => {
        const document = index.documents.get(key);
        return document !== undefined && (!options.accept || options.accept(document));
      },
    });
    return hits.map((hit) => ({ ...hit, document: index.documents.get(hit.id)! }));
  }

  /** Titles and tags of the documents that pass `accept`, and past searches. */
  async suggestionCandidates(workspaceId: string, accept: (document: IndexedDocument) => boolean, includeQueries: boolean): Promise<SuggestionCandidate[]> {
    const index = await this.current(workspaceId);
    const candidates: SuggestionCandidate[] = [];
    const tagUses = new Map<string, number>();
    for (const document of index.documents.values()) {
      if (!accept(document)) continue;
      candidates.push({ text: document.title, kind: 'title', weight: 2 });
      for (const tag of document.tags) tagUses.set(tag, (tagUses.get(tag) ?? 0) + 1);
    }
    for (const [tag, uses] of tagUses) candidates.push({ text: tag, kind: 'tag', weight: uses });
    if (includeQueries) candidates.push(...index.queries);
    return candidates;
  }

  /** Forgets a workspace (tests that rewrite rows behind the change numbers). */
  forget(workspaceId: string): void {
    this.#workspaces.delete(workspaceId);
  }
}
