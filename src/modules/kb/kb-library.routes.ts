/** Agent API of search, suggestions, agent assist, the case library and the freshness report (mounted under /api/v1). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ARTICLE_STATUSES } from '../../contracts/kb.ts';
import { requireActor } from '../../platform/actor.ts';
import { IdParams, OkSchema } from '../../platform/validation/index.ts';
import { ArticleSchema, CaseBody, CaseDraftSchema, CaseSchema, SearchQuery, SearchResultSchema, SuggestionsSchema, SuggestQuery } from './kb.schemas.ts';
import type { KbService } from './kb.service.ts';

const tags = ['kb'];
const TicketParams = z.strictObject({ ticketId: z.uuid() });
const ArticleHitSchema = SearchResultSchema.shape.articles.element.extend({ coverage: z.number(), confidence: z.number() });
const CaseCreateBody = CaseBody.extend({ ticketId: z.uuid().optional().describe('The solved ticket the case retells') });
const InsertBody = z.strictObject({ ticketId: z.uuid() });
const ListQuery = z.strictObject({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
const FreshnessSchema = z.object({
  months: z.array(z.object({ month: z.string(), created: z.number().int(), revised: z.number().int(), total: z.number().int(), target: z.number().int(), met: z.boolean() })),
  counts: z.object(Object.fromEntries(ARTICLE_STATUSES.map((status) => [status, z.number().int()])) as Record<(typeof ARTICLE_STATUSES)[number], z.ZodNumber>),
  stale: z.array(ArticleSchema),
  mostUsed: z.array(z.object({ articleId: z.uuid(), title: z.string(), uses: z.number().int() })),
  unanswered: z.array(z.object({ query: z.string(), searches: z.number().int(), lastAt: z.date() })),
});

export const kbLibraryRoutes: FastifyPluginAsync<{ kb: KbService }> = async (plugin, { kb }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/kb/search', { schema: { tags, summary: 'Search articles, cases and tickets (Chinese segmented, English stemmed, ranked, typo tolerant)', querystring: SearchQuery, response: { 200: SearchResultSchema } } }, async (request) =>
    kb.searchKnowledge(requireActor(request), request.query),
  );
  app.get('/kb/suggest', { schema: { tags, summary: 'Keyword suggestions while typing (after two characters), from titles, tags and past searches', querystring: SuggestQuery, response: { 200: SuggestionsSchema } } }, async (request) => ({
    items: await kb.suggestForAgent(requireActor(request), request.query.q),
  }));
  app.get('/kb/assist/tickets/:ticketId', { schema: { tags, summary: 'Articles and cases suggested for a ticket', params: TicketParams, response: { 200: z.object({ query: z.string(), articles: z.array(ArticleHitSchema), cases: z.array(z.object({ id: z.uuid(), title: z.string(), snippet: z.string(), score: z.number() })) }) } } }, async (request) =>
    kb.suggestForTicket(requireActor(request), request.params.ticketId),
  );
  app.post(
    '/kb/articles/:id/insert',
    { schema: { tags, summary: "One-click insert: the article's text and copies of its files for a reply on the ticket; records the use", params: IdParams, body: InsertBody, response: { 200: z.object({ articleId: z.uuid(), title: z.string(), text: z.string(), attachments: z.array(z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() })) }) } } },
    async (request) => kb.insertArticleIntoReply(requireActor(request), request.params.id, request.body.ticketId),
  );
  app.get('/kb/freshness', { schema: { tags, summary: 'Freshness: new and revised articles per month against the target, stale articles, most used in replies, searches that found nothing', querystring: z.strictObject({ months: z.coerce.number().int().min(1).max(24).optional() }), response: { 200: FreshnessSchema } } }, async (request) =>
    kb.freshnessReport(requireActor(request), request.query),
  );

  app.get('/kb/cases', { schema: { tags, summary: 'The case library, newest first', querystring: ListQuery, response: { 200: z.object({ items: z.array(CaseSchema), nextCursor: z.string().nullable() }) } } }, async (request) =>
    kb.listCases(requireActor(request), request.query),
  );
  app.get('/kb/cases/draft/:ticketId', { schema: { tags, summary: 'A case drafted from a solved ticket, personal data removed', params: TicketParams, response: { 200: CaseDraftSchema } } }, async (request) =>
    kb.draftCaseFromTicket(requireActor(request), request.params.ticketId),
  );
  app.get('/kb/cases/by-ticket/:ticketId', { schema: { tags, summary: 'The case made from a ticket, if any', params: TicketParams, response: { 200: z.object({ case: CaseSchema.nullable() }) } } }, async (request) => ({
    case: await kb.findCaseOfTicket(requireActor(request), request.params.ticketId),
  }));
  app.post('/kb/cases', { schema: { tags, summary: 'Add a case (personal data is removed again on save)', body: CaseCreateBody, response: { 201: CaseSchema } } }, async (request, reply) =>
    reply.status(201).send(await kb.createCase(requireActor(request), request.body)),
  );
  app.get('/kb/cases/:id', { schema: { tags, params: IdParams, response: { 200: CaseSchema } } }, async (request) => kb.getCase(requireActor(request), request.params.id));
  app.put('/kb/cases/:id', { schema: { tags, summary: 'Rewrite a case', params: IdParams, body: CaseBody, response: { 200: CaseSchema } } }, async (request) => kb.updateCase(requireActor(request), request.params.id, request.body));
  app.delete('/kb/cases/:id', { schema: { tags, summary: 'Remove a case (kb.review)', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await kb.deleteCase(requireActor(request), request.params.id);
    return { ok: true as const };
  });
};
