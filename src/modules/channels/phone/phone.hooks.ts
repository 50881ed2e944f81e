import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemActor } from '../../../platform/actor.ts';
import { requireSignedConnection, SignatureHeaders, type AuthenticateHook } from '../signed-hook.ts';
import { CallBody } from './phone.routes.ts';
import type { PhoneService } from './phone.service.ts';

const Params = z.object({ id: z.string().max(64) });
const RecordedCall = z.object({ id: z.uuid(), ticketId: z.uuid(), duplicate: z.boolean() });

/** `/hooks/phone/<connection id>`: call records from a telephony platform, signed like webhooks. */
export const phoneHooks: FastifyPluginAsync<{ authenticate: AuthenticateHook; phone: PhoneService; recordReceived: (workspaceId: string, connectionId: string) => Promise<void> }> = async (
  plugin,
  { authenticate, phone, recordReceived },
) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/phone/:id',
    {
      config: { keepRawBody: true },
      preValidation: requireSignedConnection('phone', authenticate),
      schema: {
        tags: ['hooks'],
        summary: "A call record from a telephony platform, signed like webhooks; joins or opens the customer's ticket (201; 200 when its externalId was recorded before)",
        params: Params,
        headers: SignatureHeaders,
        body: CallBody,
        response: { 200: RecordedCall, 201: RecordedCall },
      },
    },
    async (request, reply) => {
      const connection = request.hookConnection!;
      const recorded = await phone.recordCall(systemActor(connection.workspaceId), request.body, { connectionId: connection.id });
      await recordReceived(connection.workspaceId, connection.id);
      return reply.status(recorded.isDuplicate ? 200 : 201).send({ id: recorded.call.id, ticketId: recorded.call.ticketId, duplicate: recorded.isDuplicate });
    },
  );
};
