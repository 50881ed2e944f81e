import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { OkSchema, text } from '../../../platform/validation/index.ts';
import type { SmsService } from './sms.service.ts';

export const SmsGatewaySchema = z.object({
  url: z.string(),
  sender: z.string(),
  hasApiKey: z.boolean().describe('The key is never returned, only whether one is stored'),
  updatedAt: z.date(),
});

const PutSmsGatewayBody = z.strictObject({
  url: text(500).describe('The gateway send endpoint (http or https); each SMS is POSTed to it as JSON'),
  apiKey: text(500).optional().describe('Sent as a bearer token; omitted or empty keeps the stored key'),
  sender: text(50).optional(),
});

export type SmsGatewaySchema = z.infer<typeof SmsGatewaySchema>;
export type PutSmsGatewayBody = z.infer<typeof PutSmsGatewayBody>;

export const smsRoutes: FastifyPluginAsync<{ sms: SmsService }> = async (plugin, { sms }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/sms-gateway', { schema: { tags: ['sms'], summary: "The workspace's SMS gateway, key hidden (admin)", response: { 200: z.object({ gateway: SmsGatewaySchema.nullable() }) } } }, async (request) => ({
    gateway: await sms.getGateway(requireActor(request)),
  }));

  app.put('/sms-gateway', { schema: { tags: ['sms'], summary: 'Set the SMS gateway notices are sent through (admin)', body: PutSmsGatewayBody, response: { 200: SmsGatewaySchema } } }, async (request) =>
    sms.putGateway(requireActor(request), request.body),
  );

  app.delete('/sms-gateway', { schema: { tags: ['sms'], summary: 'Remove the SMS gateway (admin); SMS wait until one is set', response: { 200: OkSchema } } }, async (request) => {
    await sms.deleteGateway(requireActor(request));
    return { ok: true as const };
  });
};
