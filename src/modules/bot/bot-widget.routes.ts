/**
 * The bot for visitors, under /api/widget/bot/<workspace slug>: start a conversation, send messages, rate answers.
 * No sign-in: a conversation is reached with the token given when it started. Rate-limited.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KB_LOCALES } from '../../contracts/kb.ts';
import { isLocale } from '../../platform/i18n.ts';
import { EmailSchema, text } from '../../platform/validation/index.ts';
import { TurnSchema } from './bot.schemas.ts';
import type { BotService } from './bot.service.ts';

const tags = ['widget'];
const Workspace = { workspace: z.string().min(1).max(100) };
const ConversationParams = z.strictObject({ ...Workspace, id: z.uuid() });
const Token = z.string().min(10).max(100).describe('The token the conversation was started with');

export const botWidgetRoutes: FastifyPluginAsync<{ bot: BotService }> = async (plugin, { bot }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/widget/bot/:workspace/conversations',
    { schema: { tags, summary: 'Start a conversation with the bot', params: z.strictObject(Workspace), body: z.strictObject({ locale: z.enum(KB_LOCALES).optional(), name: text(100).optional(), email: EmailSchema.optional(), channel: z.enum(['widget', 'portal']).optional() }), response: { 201: z.object({ id: z.uuid(), token: z.string(), locale: z.enum(KB_LOCALES), greeting: z.string() }) } }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const locale = request.body.locale ?? (isLocale(request.locale) && request.headers['accept-language'] ? request.locale : undefined);
      return reply.status(201).send(await bot.startConversation(request.params.workspace, { ...request.body, locale }));
    },
  );
  app.post(
    '/api/widget/bot/:workspace/conversations/:id/messages',
    { schema: { tags, summary: 'Ask the bot; the reply is an answer, a lookup, suggestions or a hand-off to a person', params: ConversationParams, body: z.strictObject({ token: Token, text: text(1000, 1) }), response: { 200: TurnSchema } }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request) => bot.sendMessage(request.params.workspace, request.params.id, request.body),
  );
  app.post(
    '/api/widget/bot/:workspace/conversations/:id/turns/:turnId/feedback',
    { schema: { tags, summary: 'Was this answer helpful?', params: ConversationParams.extend({ turnId: z.uuid() }), body: z.strictObject({ token: Token, helpful: z.boolean() }), response: { 200: z.object({ ok: z.literal(true) }) } }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request) => bot.rateTurn(request.params.workspace, request.params.id, request.params.turnId, request.body),
  );
};
