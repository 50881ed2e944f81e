import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { IdParams, OkSchema, text } from '../../../platform/validation/index.ts';
import type { HookConnections } from './hook-connections.service.ts';

export const HookConnectionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['webhook', 'phone']),
  name: z.string(),
  inboundUrl: z.string().describe('Where the provider posts, signed with the secret (a path when KEFU_PUBLIC_URL is unset)'),
  replyUrl: z.string().nullable(),
  isActive: z.boolean(),
  previousSecretValidUntil: z.date().nullable(),
  lastReceivedAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const WithSecretSchema = HookConnectionSchema.extend({ secret: z.string().describe('The signing secret; shown this once') });

const CreateHookConnectionBody = z.strictObject({
  kind: z.enum(['webhook', 'phone']).describe('webhook: a messaging app (messages in, replies out); phone: call records from a telephony platform'),
  name: text(100, 1),
  replyUrl: z.string().max(2000).nullable().optional().describe('webhook: where agent replies are posted, signed the same way'),
});
const UpdateHookConnectionBody = z.strictObject({
  name: text(100, 1).optional(),
  replyUrl: z.string().max(2000).nullable().optional(),
  isActive: z.boolean().optional(),
});

export type HookConnectionSchema = z.infer<typeof HookConnectionSchema>;
export type HookConnectionWithSecret = z.infer<typeof WithSecretSchema>;
export type CreateHookConnectionBody = z.infer<typeof CreateHookConnectionBody>;
export type UpdateHookConnectionBody = z.infer<typeof UpdateHookConnectionBody>;

export const hookConnectionRoutes: FastifyPluginAsync<{ connections: HookConnections }> = async (plugin, { connections }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];

  app.get('/hook-connections', { schema: { tags, summary: 'Signed webhook and telephony connections (admin); secrets are never shown', response: { 200: z.object({ items: z.array(HookConnectionSchema) }) } } }, async (request) => ({
    items: await connections.listConnections(requireActor(request)),
  }));

  app.post(
    '/hook-connections',
    { schema: { tags, summary: 'Create a connection (admin); its secret is returned once', body: CreateHookConnectionBody, response: { 201: WithSecretSchema } } },
    async (request, reply) => reply.status(201).send(await connections.createConnection(requireActor(request), request.body)),
  );

  app.get('/hook-connections/:id', { schema: { tags, summary: 'One connection (admin)', params: IdParams, response: { 200: HookConnectionSchema } } }, async (request) =>
    connections.getConnection(requireActor(request), request.params.id),
  );

  app.patch(
    '/hook-connections/:id',
    { schema: { tags, summary: 'Rename, pause or resume a connection, or change its reply URL (admin)', params: IdParams, body: UpdateHookConnectionBody, response: { 200: HookConnectionSchema } } },
    async (request) => connections.updateConnection(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/hook-connections/:id/rotate-secret',
    { schema: { tags, summary: 'A new secret, returned once; the previous one is accepted for 24 hours more (admin)', params: IdParams, response: { 200: WithSecretSchema } } },
    async (request) => connections.rotateSecret(requireActor(request), request.params.id),
  );

  app.delete('/hook-connections/:id', { schema: { tags, summary: 'Remove a connection (admin); its requests are refused from then on', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await connections.deleteConnection(requireActor(request), request.params.id);
    return { ok: true as const };
  });
};
