import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemActor } from '../../../platform/actor.ts';
import { longText, text } from '../../../platform/validation/index.ts';
import { CallBody } from '../phone/phone.routes.ts';
import type { PhoneService } from '../phone/phone.service.ts';
import { SIGNATURE_HEADER } from '../hook-signature.ts';
import type { HookConnectionRecord } from './hook-connections.repository.ts';
import type { HookConnections } from './hook-connections.service.ts';
import type { WebhookIntake } from './webhook.intake.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed connection an inbound hook request authenticated as. */
    hookConnection: HookConnectionRecord | null;
  }
}

const Params = z.object({ id: z.string().max(64) });
const SignatureHeaders = z.object({ [SIGNATURE_HEADER]: z.string().max(1000).optional().describe('t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">') });

export const WebhookMessageBody = z.strictObject({
  id: text(200, 1).describe('Your id of this message, the idempotency key: the same id again is stored once'),
  conversationId: text(200, 1).optional().describe('Your conversation or thread; replies carry it back'),
  sender: z.strictObject({
    id: text(80, 1).describe("Your id of the person; with the connection it finds the customer"),
    name: text(200).optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
  }),
  text: longText(20_000, 1),
  subject: text(200).optional(),
  automated: z.boolean().optional().describe('Machine-written (an auto-reply, a delivery report): kept as a note, never answered'),
});

const RecordedCall = z.object({ id: z.uuid(), ticketId: z.uuid(), duplicate: z.boolean() });
const Accepted = z.object({ id: z.uuid().describe("Kefu's id of the stored message"), duplicate: z.boolean() });

/** Inbound requests of signed connections: `/hooks/webhook/<id>` (messages) and `/hooks/phone/<id>` (call records). */
export const signedHooks: FastifyPluginAsync<{ connections: HookConnections; intake: WebhookIntake; phone: PhoneService }> = async (plugin, { connections, intake, phone }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  app.decorateRequest('hookConnection', null);

  app.post(
    '/webhook/:id',
    {
      config: { keepRawBody: true },
      // The signature is checked before the body's fields: an unsigned caller learns nothing about the schema.
      preValidation: async (request) => {
        const { id } = request.params as { id: string };
        request.hookConnection = await connections.authenticate('webhook', id, { signature: request.headers[SIGNATURE_HEADER] as string | undefined, body: request.rawBody });
      },
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
      return reply.status(202).send({ id: stored.id, duplicate: stored.isDuplicate });
    },
  );

  app.post(
    '/phone/:id',
    {
      config: { keepRawBody: true },
      preValidation: async (request) => {
        const { id } = request.params as { id: string };
        request.hookConnection = await connections.authenticate('phone', id, { signature: request.headers[SIGNATURE_HEADER] as string | undefined, body: request.rawBody });
      },
      schema: {
        tags: ['hooks'],
        summary: "A call record from a telephony platform, signed like webhooks; joins or opens the customer's ticket",
        params: Params,
        headers: SignatureHeaders,
        body: CallBody,
        response: { 200: RecordedCall, 201: RecordedCall },
      },
    },
    async (request, reply) => {
      const connection = request.hookConnection!;
      const recorded = await phone.recordCall(systemActor(connection.workspaceId), request.body, { connectionId: connection.id });
      await connections.recordReceived(connection.workspaceId, connection.id);
      return reply.status(recorded.isDuplicate ? 200 : 201).send({ id: recorded.call.id, ticketId: recorded.call.ticketId, duplicate: recorded.isDuplicate });
    },
  );
};
