/** Request and response contracts of the knowledge base's agent API (Zod: validated, serialised and documented at once). */
import { z } from 'zod';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES, KB_LOCALES, SEARCH_SCOPES } from '../../contracts/kb.ts';
import { longText, text, textProblem, userLength } from '../../platform/validation/index.ts';

/**
 * Article HTML: the text rule (valid Unicode, no control characters) and a length, but not compared as sent — the
 * server keeps only the allow-listed subset of it (`x-kefu-text: html`).
 */
export const htmlText = (max: number) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
      else if (userLength(value) > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value });
    })
    .meta({ maxLength: max, 'x-kefu-text': 'html' });

/** Case text: the text rule, but personal data is removed on save, so it is not read back as sent (`x-kefu-text: redacted`). */
const redacted = <T extends z.ZodString>(schema: T, max: number) => schema.meta({ maxLength: max, 'x-kefu-text': 'redacted' });

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'validation.invalid' });
const Tags = z.array(text(50, 1)).max(20);

export const ArticleCreateBody = z.strictObject({
  title: text(200, 1),
  summary: longText(1000).optional(),
  bodyHtml: htmlText(200_000),
  tags: Tags.optional(),
  categoryId: z.uuid(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
  locale: z.enum(KB_LOCALES).optional(),
  slug: text(80).optional(),
  reviewBy: DateOnly.nullable().optional().describe('When the article should be reviewed again (YYYY-MM-DD); default six months after publishing'),
  translationOf: z.uuid().optional().describe('Create it as the translation of this article (in another language)'),
  note: text(500).optional().describe('What changed, kept with the version'),
});
export const ArticlePatchBody = ArticleCreateBody.omit({ translationOf: true, bodyHtml: true, title: true, categoryId: true }).extend({
  title: text(200, 1).optional(),
  bodyHtml: htmlText(200_000).optional(),
  categoryId: z.uuid().optional(),
});
export const WorkflowBody = z.strictObject({ note: text(500).optional(), reviewBy: DateOnly.nullable().optional() });

export const AttachmentSchema = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number(), url: z.string(), createdAt: z.date() });

export const ArticleSchema = z.object({
  id: z.uuid(),
  translationGroup: z.uuid(),
  locale: z.enum(KB_LOCALES),
  slug: z.string(),
  categoryId: z.uuid(),
  title: z.string(),
  summary: z.string(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  tags: z.array(z.string()),
  visibility: z.enum(ARTICLE_VISIBILITIES),
  status: z.enum(ARTICLE_STATUSES),
  version: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.date().nullable(),
  reviewBy: z.string().nullable(),
  isStale: z.boolean().describe('Live and past its review-by date'),
  authorId: z.uuid().nullable(),
  submittedBy: z.uuid().nullable(),
  submittedAt: z.date().nullable(),
  reviewedBy: z.uuid().nullable(),
  reviewNote: z.string().nullable(),
  helpfulCount: z.number().int(),
  notHelpfulCount: z.number().int(),
  useCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const ArticleDetailSchema = ArticleSchema.extend({
  translations: z.array(z.object({ id: z.uuid(), locale: z.enum(KB_LOCALES), title: z.string(), status: z.enum(ARTICLE_STATUSES) })),
  attachments: z.array(AttachmentSchema),
  history: z.array(z.object({ action: z.string(), version: z.number().int(), actorId: z.uuid().nullable(), note: z.string().nullable(), at: z.date() })),
});
export const ArticleListQuery = z.strictObject({
  status: z.enum(ARTICLE_STATUSES).optional(),
  categoryId: z.uuid().optional(),
  locale: z.enum(KB_LOCALES).optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
  mine: z.enum(['true', 'false']).optional(),
  stale: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const VersionSchema = z.object({ version: z.number().int(), title: z.string(), editedBy: z.uuid().nullable(), note: z.string().nullable(), createdAt: z.date() });
const DiffRunSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export const DiffSchema = z.object({ from: z.number().int(), to: z.number().int(), changedFields: z.array(z.string()), title: z.array(DiffRunSchema), body: z.array(DiffRunSchema) });

export const CaseBody = z.strictObject({
  title: redacted(text(200, 1), 200),
  problem: redacted(longText(5000, 1), 5000),
  cause: redacted(longText(5000), 5000).optional(),
  resolution: redacted(longText(5000, 1), 5000),
  compensation: redacted(longText(2000), 2000).optional(),
  tags: Tags.optional(),
  categoryId: z.uuid().nullable().optional(),
  locale: z.enum(KB_LOCALES).optional(),
});
export const CaseSchema = z.object({
  id: z.uuid(),
  source: z.enum(['ticket', 'complaint', 'manual']),
  sourceId: z.uuid().nullable(),
  sourceNumber: z.string().nullable(),
  locale: z.enum(KB_LOCALES),
  title: z.string(),
  problem: z.string(),
  cause: z.string(),
  resolution: z.string(),
  compensation: z.string(),
  tags: z.array(z.string()),
  categoryId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const CaseDraftSchema = CaseBody.required({ cause: true, compensation: true, tags: true, locale: true }).extend({
  sourceNumber: z.string(),
  masked: z.record(z.string(), z.number()).describe('How many personal details of each kind were removed'),
});

export const SearchQuery = z.strictObject({
  q: text(200),
  scopes: z.string().max(100).optional().describe(`Comma-separated: ${SEARCH_SCOPES.join(', ')} (default all)`),
  locale: z.enum(KB_LOCALES).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});
const HitBase = { id: z.uuid(), title: z.string(), snippet: z.string(), score: z.number() };
export const SearchResultSchema = z.object({
  articles: z.array(z.object({ ...HitBase, locale: z.enum(KB_LOCALES), slug: z.string(), visibility: z.enum(ARTICLE_VISIBILITIES), categoryId: z.uuid() })),
  cases: z.array(z.object({ ...HitBase, locale: z.enum(KB_LOCALES) })),
  tickets: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string(), status: z.string() })),
});
export const SuggestQuery = z.strictObject({ q: text(100), locale: z.enum(KB_LOCALES).optional() });
export const SuggestionsSchema = z.object({ items: z.array(z.object({ text: z.string(), kind: z.enum(['title', 'tag', 'query']) })) });
