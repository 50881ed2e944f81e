/**
 * The public help center API under /api/help/<workspace slug>: no sign-in, public published articles only,
 * rate-limited writes ("was this helpful").
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KB_LOCALES } from '../../contracts/kb.ts';
import { isLocale } from '../../platform/i18n.ts';
import { longText, text } from '../../platform/validation/index.ts';
import { sendFile } from './kb-articles.routes.ts';
import type { KbService } from './kb.service.ts';

const tags = ['help-center'];
const Workspace = { workspace: z.string().min(1).max(100) };
const LocaleQuery = z.strictObject({ locale: z.enum(KB_LOCALES).optional() });
const CategoryParams = z.strictObject({ ...Workspace, category: z.string().min(1).max(100) });
const ArticleParams = z.strictObject({ ...Workspace, article: z.string().min(1).max(200) });
const IdParams = z.strictObject({ ...Workspace, id: z.uuid() });
const CategorySchema = z.object({ id: z.uuid(), slug: z.string(), parentId: z.uuid().nullable(), name: z.string(), articleCount: z.number().int() });
const SummarySchema = z.object({ id: z.uuid(), slug: z.string(), categorySlug: z.string(), title: z.string(), snippet: z.string(), locale: z.enum(KB_LOCALES) });
const FeedbackBody = z.strictObject({ helpful: z.boolean(), comment: longText(1000).optional() });

export const kbHelpRoutes: FastifyPluginAsync<{ kb: KbService }> = async (plugin, { kb }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  // The reader's language: the query's, else Accept-Language's.
  const readingLocale = (query: { locale?: string }, requestLocale: string) => (query.locale && isLocale(query.locale) ? query.locale : isLocale(requestLocale) ? requestLocale : undefined);

  app.get('/api/help/:workspace', { schema: { tags, summary: 'The help center: its categories with their public article counts', params: z.strictObject(Workspace), querystring: LocaleQuery, response: { 200: z.object({ workspace: z.object({ name: z.string(), slug: z.string(), defaultLocale: z.enum(KB_LOCALES) }), locale: z.enum(KB_LOCALES), categories: z.array(CategorySchema) }) } } }, async (request) =>
    kb.getHelpHome(request.params.workspace, request.query.locale),
  );
  app.get('/api/help/:workspace/categories/:category', { schema: { tags, summary: 'The public articles of a category', params: CategoryParams, querystring: LocaleQuery, response: { 200: z.object({ category: CategorySchema, articles: z.array(SummarySchema) }) } } }, async (request) =>
    kb.listHelpCategory(request.params.workspace, request.params.category, request.query.locale),
  );
  app.get(
    '/api/help/:workspace/articles/:article',
    { schema: { tags, summary: 'A public article by its slug (published version)', params: ArticleParams, response: { 200: z.object({ id: z.uuid(), slug: z.string(), locale: z.enum(KB_LOCALES), title: z.string(), summary: z.string(), bodyHtml: z.string(), tags: z.array(z.string()), category: z.object({ slug: z.string(), name: z.string() }), updatedAt: z.date(), translations: z.array(z.object({ locale: z.enum(KB_LOCALES), slug: z.string(), title: z.string() })), attachments: z.array(z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number(), url: z.string(), createdAt: z.date() })) }) } } },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return kb.getHelpArticle(request.params.workspace, request.params.article);
    },
  );
  app.get('/api/help/:workspace/search', { schema: { tags, summary: 'Search public articles', params: z.strictObject(Workspace), querystring: z.strictObject({ q: text(200), locale: z.enum(KB_LOCALES).optional() }), response: { 200: z.object({ items: z.array(SummarySchema) }) } }, config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request) =>
    kb.searchHelp(request.params.workspace, request.query.q, readingLocale(request.query, request.locale)),
  );
  app.get('/api/help/:workspace/suggest', { schema: { tags, summary: 'Suggestions while typing (after two characters)', params: z.strictObject(Workspace), querystring: z.strictObject({ q: text(100), locale: z.enum(KB_LOCALES).optional() }), response: { 200: z.object({ items: z.array(z.object({ text: z.string(), kind: z.enum(['title', 'tag', 'query']) })) }) } }, config: { rateLimit: { max: 300, timeWindow: '1 minute' } } }, async (request) =>
    kb.suggestHelp(request.params.workspace, request.query.q, readingLocale(request.query, request.locale)),
  );
  app.post('/api/help/:workspace/articles/:id/feedback', { schema: { tags, summary: 'Was this helpful?', params: IdParams, body: FeedbackBody, response: { 200: z.object({ helpfulCount: z.number().int(), notHelpfulCount: z.number().int() }) } }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request) =>
    kb.recordHelpFeedback(request.params.workspace, request.params.id, request.body),
  );
  app.get('/api/help/:workspace/attachments/:id', { schema: { tags, summary: 'A file of a public article', params: IdParams } }, async (request, reply) => {
    const { attachment, stream } = await kb.openHelpAttachment(request.params.workspace, request.params.id);
    return sendFile(reply, attachment, stream, 'public, max-age=300');
  });
};
