import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { IdParams, LocaleSchema, longText, text } from '../../../platform/validation/index.ts';
import { CHANNEL_KINDS } from '../channel-adapter.ts';
import { OUTBOUND_STATUSES } from './outbound.repository.ts';
import type { OutboundService } from './outbound.service.ts';

export const DeliverySchema = z.object({
  id: z.uuid(),
  channel: z.enum(CHANNEL_KINDS),
  template: z.string().nullable(),
  toAddress: z.string().nullable(),
  subject: z.string().nullable(),
  status: z.enum(OUTBOUND_STATUSES),
  ticketId: z.string().nullable(),
  ticketMessageId: z.string().nullable(),
  externalId: z.string().nullable(),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const TemplateVersionSchema = z.object({
  subject: z.string(),
  body: z.string(),
  html: z.string().nullable(),
  sms: z.string().nullable(),
  isCustomized: z.boolean(),
  updatedAt: z.date().nullable(),
});

export const TemplateSchema = z.object({
  name: z.string(),
  params: z.array(z.string()),
  locales: z.object({ en: TemplateVersionSchema, 'zh-CN': TemplateVersionSchema }),
});

export const RenderedTemplateSchema = z.object({ subject: z.string(), text: z.string(), html: z.string(), sms: z.string() });

const TemplateTextBody = z.strictObject({
  subject: text(300, 1),
  body: longText(20_000, 1),
  html: longText(50_000).nullable().optional().describe('The HTML of the e-mail (cleaned to an allow-list); empty makes it from the text'),
  sms: longText(1_000).nullable().optional().describe('The text sent by SMS; empty sends the body'),
});
const TemplateParams = z.strictObject({ name: z.string().min(1).max(100), locale: LocaleSchema });
const PreviewBody = z.strictObject({ locale: LocaleSchema, draft: TemplateTextBody.optional().describe('Unsaved text to preview; absent previews what the workspace sends today') });
const DeliveriesQuery = z.strictObject({
  status: z.enum(OUTBOUND_STATUSES).optional(),
  channel: z.enum(CHANNEL_KINDS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export type TemplateSchema = z.infer<typeof TemplateSchema>;
export type DeliverySchema = z.infer<typeof DeliverySchema>;
export type RenderedTemplateSchema = z.infer<typeof RenderedTemplateSchema>;
export type TemplateTextBody = z.infer<typeof TemplateTextBody>;

export const outboundRoutes: FastifyPluginAsync<{ outbound: OutboundService }> = async (plugin, { outbound }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['outbound'];

  app.get('/outbound-templates', { schema: { tags, summary: 'The message templates in both languages, as the workspace sends them (admin)', response: { 200: z.object({ items: z.array(TemplateSchema) }) } } }, async (request) => ({
    items: await outbound.listTemplates(requireActor(request)),
  }));

  app.get('/outbound-templates/:name', { schema: { tags, summary: 'One template (admin)', params: z.strictObject({ name: z.string().min(1).max(100) }), response: { 200: TemplateSchema } } }, async (request) =>
    outbound.getTemplate(requireActor(request), request.params.name),
  );

  app.put(
    '/outbound-templates/:name/:locale',
    { schema: { tags, summary: "The workspace's own text of a template in one language (admin); placeholders are checked, HTML is cleaned", params: TemplateParams, body: TemplateTextBody, response: { 200: TemplateSchema } } },
    async (request) => outbound.updateTemplate(requireActor(request), request.params.name, request.params.locale, request.body),
  );

  app.delete('/outbound-templates/:name/:locale', { schema: { tags, summary: 'Back to the shipped text in that language (admin)', params: TemplateParams, response: { 200: TemplateSchema } } }, async (request) =>
    outbound.resetTemplate(requireActor(request), request.params.name, request.params.locale),
  );

  app.post(
    '/outbound-templates/:name/preview',
    { schema: { tags, summary: 'The message rendered with sample values, from unsaved text or the current one (admin); stores nothing', params: z.strictObject({ name: z.string().min(1).max(100) }), body: PreviewBody, response: { 200: RenderedTemplateSchema } } },
    async (request) => outbound.previewTemplate(requireActor(request), request.params.name, request.body.locale, request.body.draft),
  );

  app.get('/outbound-messages', { schema: { tags, summary: "The workspace's outbound messages, newest first (admin)", querystring: DeliveriesQuery, response: { 200: z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }) } } }, async (request) =>
    outbound.listDeliveries(requireActor(request), request.query),
  );

  app.post('/outbound-messages/:id/retry', { schema: { tags, summary: 'Send a failed message again (admin)', params: IdParams, response: { 200: DeliverySchema } } }, async (request) =>
    outbound.retryDelivery(requireActor(request), request.params.id),
  );

  app.get('/tickets/:id/deliveries', { schema: { tags, summary: 'What was sent or is queued on a ticket, on every channel, with its delivery state', params: IdParams, response: { 200: z.object({ items: z.array(DeliverySchema) }) } } }, async (request) => ({
    items: await outbound.listTicketDeliveries(requireActor(request), request.params.id),
  }));
};
