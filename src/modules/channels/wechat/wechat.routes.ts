import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { IdParams, OkSchema, text } from '../../../platform/validation/index.ts';
import type { WechatService } from './wechat.service.ts';

export const WechatAccountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  appId: z.string(),
  safeMode: z.boolean(),
  isActive: z.boolean(),
  serverUrl: z.string().describe('The URL to paste as the server address in the WeChat console (a path when KEFU_PUBLIC_URL is unset)'),
  lastMessageAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const CreatedWechatAccountSchema = WechatAccountSchema.extend({ token: z.string().describe('The token for the WeChat console; shown this once') });

/** A string of a fixed shape; the problem says, in the caller's language, what the WeChat console gives. */
const shaped = (pattern: RegExp, messageKey: string, max: number) => z.string().max(max).refine((value) => pattern.test(value), { message: messageKey });
const AppId = shaped(/^wx[0-9a-zA-Z]{6,30}$/, 'channels.wechat.invalid_app_id', 32).describe('The AppID from the WeChat console (wx…)');
const Token = shaped(/^[A-Za-z0-9]{3,32}$/, 'channels.wechat.invalid_token', 32).describe('3–32 letters and digits, as the WeChat console allows');
const Secret = shaped(/^[A-Za-z0-9]{8,64}$/, 'channels.wechat.invalid_secret', 64).describe('The AppSecret from the WeChat console; never shown again');

const CreateWechatAccountBody = z.strictObject({
  name: text(100, 1),
  appId: AppId,
  appSecret: Secret,
  token: Token.optional(),
  encodingAesKey: z.string().max(43).nullable().optional().describe('43 characters for safe mode (AES); empty or null for plain mode'),
});
const UpdateWechatAccountBody = z.strictObject({
  name: text(100, 1).optional(),
  appSecret: Secret.optional(),
  token: Token.optional(),
  encodingAesKey: z.string().max(43).nullable().optional(),
  isActive: z.boolean().optional(),
});

export const WechatConversationSchema = z.object({
  accountId: z.uuid(),
  isSubscribed: z.boolean(),
  lastInboundAt: z.date().nullable(),
  replyWindowEndsAt: z.date().nullable(),
  isReplyWindowOpen: z.boolean(),
});

export type WechatAccountSchema = z.infer<typeof WechatAccountSchema>;
export type CreatedWechatAccountSchema = z.infer<typeof CreatedWechatAccountSchema>;
export type CreateWechatAccountBody = z.infer<typeof CreateWechatAccountBody>;
export type UpdateWechatAccountBody = z.infer<typeof UpdateWechatAccountBody>;
export type WechatConversationSchema = z.infer<typeof WechatConversationSchema>;

export const wechatRoutes: FastifyPluginAsync<{ wechat: WechatService }> = async (plugin, { wechat }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['wechat'];

  app.get('/wechat-accounts', { schema: { tags, summary: 'Connected WeChat Official Accounts and their state (admin)', response: { 200: z.object({ items: z.array(WechatAccountSchema) }) } } }, async (request) => ({
    items: await wechat.listAccounts(requireActor(request)),
  }));

  app.post(
    '/wechat-accounts',
    { schema: { tags, summary: 'Connect a WeChat Official Account (admin); the token is returned once', body: CreateWechatAccountBody, response: { 201: CreatedWechatAccountSchema } } },
    async (request, reply) => reply.status(201).send(await wechat.createAccount(requireActor(request), request.body)),
  );

  app.get('/wechat-accounts/:id', { schema: { tags, summary: 'One WeChat account (admin)', params: IdParams, response: { 200: WechatAccountSchema } } }, async (request) =>
    wechat.getAccount(requireActor(request), request.params.id),
  );

  app.patch(
    '/wechat-accounts/:id',
    { schema: { tags, summary: 'Rename, pause or resume an account, or change its secret, token or AES key (admin)', params: IdParams, body: UpdateWechatAccountBody, response: { 200: WechatAccountSchema } } },
    async (request) => wechat.updateAccount(requireActor(request), request.params.id, request.body),
  );

  app.delete('/wechat-accounts/:id', { schema: { tags, summary: 'Disconnect a WeChat account (admin)', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await wechat.deleteAccount(requireActor(request), request.params.id);
    return { ok: true as const };
  });
};
