/** Agent API of articles, their workflow, versions and files, and the category tree (mounted under /api/v1). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ARTICLE_ACTIONS } from '../../contracts/kb.ts';
import { requireActor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { etag, IdParams, IfMatchHeaders, OkSchema, requireIfMatch } from '../../platform/validation/index.ts';
import { contentDisposition, isInlineSafe, servedContentType } from '../tickets/index.ts';
import { CategoryInput, CategoryPatch } from './kb.categories.ts';
import { ArticleCreateBody, ArticleDetailSchema, ArticleListQuery, ArticlePatchBody, ArticleSchema, AttachmentSchema, DiffSchema, VersionSchema, WorkflowBody } from './kb.schemas.ts';
import type { KbService } from './kb.service.ts';

export const CategorySchema = z.object({ id: z.uuid(), parentId: z.uuid().nullable(), slug: z.string(), nameEn: z.string(), nameZh: z.string(), position: z.number().int(), createdAt: z.date(), updatedAt: z.date() });
const VersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) });
const DiffQuery = z.strictObject({ from: z.coerce.number().int().min(1).optional(), to: z.coerce.number().int().min(1).optional() });
const AttachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
const tags = ['kb'];

export const kbArticleRoutes: FastifyPluginAsync<{ kb: KbService }> = async (plugin, { kb }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/kb/categories', { schema: { tags, summary: 'The category tree (product, operation, after-sales by default)', response: { 200: z.object({ items: z.array(CategorySchema) }) } } }, async (request) => ({
    items: await kb.listCategories(requireActor(request)),
  }));
  app.post('/kb/categories', { schema: { tags, summary: 'Add a category (kb.manage)', body: CategoryInput, response: { 201: CategorySchema } } }, async (request, reply) =>
    reply.status(201).send(await kb.createCategory(requireActor(request), request.body)),
  );
  app.patch('/kb/categories/:id', { schema: { tags, summary: 'Rename or move a category (kb.manage)', params: IdParams, body: CategoryPatch, response: { 200: CategorySchema } } }, async (request) =>
    kb.updateCategory(requireActor(request), request.params.id, request.body),
  );
  app.delete('/kb/categories/:id', { schema: { tags, summary: 'Remove an empty category (kb.manage)', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await kb.deleteCategory(requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/kb/articles', { schema: { tags, summary: 'Articles, most recently changed first (keyset cursor)', querystring: ArticleListQuery, response: { 200: z.object({ items: z.array(ArticleSchema), nextCursor: z.string().nullable() }) } } }, async (request) =>
    kb.listArticles(requireActor(request), request.query),
  );
  app.post('/kb/articles', { schema: { tags, summary: 'Write a draft (or the translation of another article)', body: ArticleCreateBody, response: { 201: ArticleSchema } } }, async (request, reply) => {
    const article = await kb.createArticle(requireActor(request), request.body);
    return reply.status(201).header('etag', etag(article.version)).send(article);
  });
  app.get('/kb/articles/:id', { schema: { tags, summary: 'An article with its translations, files and history', params: IdParams, response: { 200: ArticleDetailSchema } } }, async (request, reply) => {
    const article = await kb.getArticle(requireActor(request), request.params.id);
    reply.header('etag', etag(article.version));
    return article;
  });
  app.patch(
    '/kb/articles/:id',
    { schema: { tags, summary: 'Save a new version; needs If-Match (ETag). A published article stays live until the new version is approved', params: IdParams, headers: IfMatchHeaders, body: ArticlePatchBody, response: { 200: ArticleSchema } } },
    async (request, reply) => {
      const article = await kb.updateArticle(requireActor(request), request.params.id, request.body, requireIfMatch(request.headers['if-match']));
      reply.header('etag', etag(article.version));
      return article;
    },
  );
  for (const action of ARTICLE_ACTIONS) {
    app.post(`/kb/articles/:id/${action}`, { schema: { tags, summary: `Workflow: ${action}`, params: IdParams, body: WorkflowBody.optional(), response: { 200: ArticleSchema } } }, async (request) =>
      kb.moveArticle(requireActor(request), request.params.id, action, request.body ?? {}),
    );
  }
  app.get('/kb/articles/:id/versions', { schema: { tags, summary: 'Versions, newest first', params: IdParams, response: { 200: z.object({ items: z.array(VersionSchema) }) } } }, async (request) => ({
    items: await kb.listVersions(requireActor(request), request.params.id),
  }));
  app.get('/kb/articles/:id/versions/:version', { schema: { tags, summary: 'One version in full', params: VersionParams, response: { 200: VersionSchema.extend({ summary: z.string(), bodyHtml: z.string(), bodyText: z.string(), tags: z.array(z.string()) }) } } }, async (request) =>
    kb.getVersion(requireActor(request), request.params.id, request.params.version),
  );
  app.get('/kb/articles/:id/diff', { schema: { tags, summary: 'What changed between two versions (default: published or previous → latest)', params: IdParams, querystring: DiffQuery, response: { 200: DiffSchema } } }, async (request) =>
    kb.diffArticleVersions(requireActor(request), request.params.id, request.query),
  );

  app.post('/kb/articles/:id/attachments', { schema: { tags, summary: 'Attach a file or image (multipart field "file")', params: IdParams, response: { 201: AttachmentSchema } } }, async (request, reply) => {
    const actor = requireActor(request);
    const file = request.isMultipart() ? await request.file() : undefined;
    if (!file) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'file', messageKey: 'kb.file_required' }] });
    return reply.status(201).send(await kb.uploadArticleAttachment(actor, request.params.id, { filename: file.filename, data: await file.toBuffer() }));
  });
  app.delete('/kb/articles/:id/attachments/:attachmentId', { schema: { tags, summary: 'Remove a file', params: AttachmentParams, response: { 200: OkSchema } } }, async (request) => {
    await kb.deleteArticleAttachment(requireActor(request), request.params.id, request.params.attachmentId);
    return { ok: true as const };
  });
  app.get('/kb/attachments/:id', { schema: { tags, summary: 'Download a file of an article', params: IdParams } }, async (request, reply) => {
    const { attachment, stream } = await kb.openArticleAttachment(requireActor(request), request.params.id);
    return sendFile(reply, attachment, stream, 'private, max-age=300');
  });
};

/** A stored file with the headers that keep it from running in the browser. */
export function sendFile(reply: import('fastify').FastifyReply, attachment: { contentType: string; sizeBytes: number; filename: string }, stream: import('node:stream').Readable, cache: string) {
  return reply
    .header('content-type', servedContentType(attachment.contentType))
    .header('content-length', String(attachment.sizeBytes))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('content-disposition', contentDisposition(isInlineSafe(attachment.contentType) ? 'inline' : 'attachment', attachment.filename))
    .header('cache-control', cache)
    .send(stream);
}
