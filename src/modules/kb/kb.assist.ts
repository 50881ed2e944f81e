/**
 * Agent assist: articles and cases suggested beside a ticket (from its subject and the customer's last message),
 * one-click insert of an article into the reply with its files, and the freshness report that counts those uses.
 */
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { assertCan } from '../identity/index.ts';
import type { KbLocale } from '../../contracts/kb.ts';
import * as activityRepo from './kb-activity.repository.ts';
import * as repo from './kb-articles.repository.ts';
import { isLive, toArticleView, type ArticleOps, type ArticleView } from './kb.articles.ts';
import type { KbAttachmentOps } from './kb.attachments.ts';
import { requirePermission, type KbDeps } from './kb.context.ts';
import { KB_EVENTS, kbOutbox } from './kb.events.ts';
import type { KbSearchIndex } from './kb-search-index.ts';
import type { ArticleHit, createSearchOps } from './kb.search.ts';
import { lastMonths, monthIn, monthlyFreshness, type MonthActivity } from './freshness.ts';

const HAN = /\p{Script=Han}/u;
const QUERY_CHARS = 500;

export interface InsertedArticle {
  articleId: string;
  title: string;
  text: string;
  /** Copies of the article's files, uploaded for this reply: send their ids with the message. */
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number }[];
}

export interface FreshnessReport {
  months: MonthActivity[];
  counts: Record<repo.ArticleRecord['status'], number>;
  stale: ArticleView[];
  mostUsed: { articleId: string; title: string; uses: number }[];
  unanswered: { query: string; searches: number; lastAt: Date }[];
}

export function createAssistOps(deps: KbDeps, ops: { articles: ArticleOps; attachments: KbAttachmentOps; search: ReturnType<typeof createSearchOps>; index: KbSearchIndex }) {
  const { db, clock } = deps;

  return {
    async suggestForTicket(actor: Actor, ticketId: string): Promise<{ query: string; articles: ArticleHit[]; cases: { id: string; title: string; snippet: string; score: number }[] }> {
      requirePermission(actor, 'kb.read');
      const ticket = await deps.tickets.getTicket(actor, ticketId);
      const replies = (await deps.tickets.listMessages(actor, ticket.id, { limit: 100, kind: 'reply' })).items;
      const lastFromCustomer = replies.filter((message) => message.authorType === 'customer').at(-1)?.body ?? ticket.description;
      const query = `${ticket.subject}\n${lastFromCustomer}`.slice(0, QUERY_CHARS);
      const locale: KbLocale = HAN.test(query) ? 'zh-CN' : 'en';
      const articles = await ops.search.findArticles(actor.workspaceId, query, { publicOnly: false, locale, limit: 5 });
      const cases = (await ops.index.search(actor.workspaceId, query, { limit: 3, accept: (document) => document.kind === 'case' })).map(({ document, score }) => ({ id: document.id, title: document.title, snippet: document.snippet, score }));
      return { query, articles, cases };
    },

    /** The published text of the article and copies of its files for a reply on the ticket; the use is recorded once per ticket. */
    async insertArticleIntoReply(actor: Actor, articleId: string, ticketId: string): Promise<InsertedArticle> {
      requirePermission(actor, 'kb.read');
      assertCan(actor, 'tickets.write');
      const article = await ops.articles.requireArticle(db, actor, articleId);
      if (!isLive(article)) throw new AppError('invalid_state', 'kb.not_live');
      const ticket = await deps.tickets.getTicket(actor, ticketId);
      const version = (await repo.selectVersion(db, actor.workspaceId, article.id, article.publishedVersion!))!;
      const attachments: InsertedArticle['attachments'] = [];
      for (const file of await ops.attachments.readArticleFiles(actor.workspaceId, article.id)) {
        const upload = await deps.tickets.uploadAttachment(actor, { filename: file.filename, data: file.data });
        attachments.push({ id: upload.id, filename: upload.filename, contentType: upload.contentType, sizeBytes: upload.sizeBytes });
      }
      await db.transaction(async (tx) => {
        const isNew = await activityRepo.insertUse(tx, actor.workspaceId, { articleId: article.id, ticketId: ticket.id, userId: actor.userId, at: clock.now() });
        if (!isNew) return;
        await repo.bumpArticleCounter(tx, actor.workspaceId, article.id, 'use_count');
        await kbOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: KB_EVENTS.used, aggregateType: 'kb_article', aggregateId: article.id, actorId: actor.userId, payload: { articleId: article.id, ticketId: ticket.id, userId: actor.userId } });
      });
      return { articleId: article.id, title: version.title, text: version.bodyText, attachments };
    },

    async freshnessReport(actor: Actor, options: { months?: number } = {}): Promise<FreshnessReport> {
      requirePermission(actor, 'kb.read');
      const workspace = await deps.workspaces.getWorkspace(actor.workspaceId);
      const now = clock.now();
      const months = lastMonths(monthIn(now, workspace.timezone), options.months ?? 6);
      // The report's period, from a little before its first month (the query groups by the workspace's months);
      // most used and unanswered count over the same period.
      const since = new Date(Date.UTC(Number(months[0]!.slice(0, 4)), Number(months[0]!.slice(5, 7)) - 1, 1) - 86_400_000);
      const [activity, counts, stale, used, unanswered] = await Promise.all([
        activityRepo.selectMonthlyActivity(db, actor.workspaceId, since, workspace.timezone),
        repo.countArticlesByStatus(db, actor.workspaceId),
        repo.selectArticlePage(db, actor.workspaceId, { staleOn: now.toISOString().slice(0, 10) }, { limit: 50 }),
        activityRepo.selectMostUsed(db, actor.workspaceId, since, 10),
        activityRepo.selectUnansweredSearches(db, actor.workspaceId, since, 20),
      ]);
      const titles = new Map((await repo.selectArticlesByIds(db, actor.workspaceId, used.map((row) => row.articleId))).map((article) => [article.id, article.title]));
      return {
        months: monthlyFreshness(months, activity),
        counts,
        stale: stale.map((article) => toArticleView(article, now)),
        mostUsed: used.map((row) => ({ articleId: row.articleId, title: titles.get(row.articleId) ?? '', uses: row.uses })),
        unanswered,
      };
    },
  };
}
