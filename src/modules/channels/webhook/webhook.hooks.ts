import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { longText, text } from '../../../platform/validation/index.ts';
import { requireSignedConnection, SignatureHeaders, type AuthenticateHook } from '../signed-hook.ts';
import type { WebhookIntake } from './webhook.intake.ts';

const Params = z.object({ id: z.string().max(64) });

export const WebhookMessageBody = z.strictObject({
  id: text(200, 1).describe('Your id of this message, the idempotency key: the same id again is stored once'),
  conversationId: text(200, 1).optional().describe('Your conversation or thread; replies carry it back'),
  sender: z.strictObject({
    id: text(80, 1).describe('Your id of the person; with the connection it finds the customer'),
    name: text(200).optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
  }),
  text: longText(20_000, 1),
  subject: text(200).optional(),
  automated: z.boolean().optional().describe('Machine-written (an auto-reply, a delivery report): kept as a note, never answered'),
});

const Accepted = z.object({ inboundId: z.uuid().describe("Kefu's id of the stored message"), duplicate: z.boolean() });

/** `/hooks/webhook/<connection id>`: messages of a connected messaging app, signed with the connection's secret. */
export const webhookHooks: FastifyPluginAsync<{ authenticate: AuthenticateHook; intake: WebhookIntake }> = async (plugin, { authenticate, intake }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/webhook/:id',
    {
      config: { keepRawBody: true },
      preValidation: requireSignedConnection('webhook', authenticate),
      schema: {
        tags: ['hooks'],
        summary: 'A message from a connected messaging app, signed with the connection secret; stored once per id (202)',
        params: Params,
        headers: SignatureHeaders,
        body: WebhookMessageBody,
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      const stored = await intake.receive(request.hookConnection!, request.body);
      return reply.status(202).send({ inboundId: stored.id, duplicate: stored.isDuplicate });
    },
  );
};
