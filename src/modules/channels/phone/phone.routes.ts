import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/actor.ts';
import { IdParams, longText, text } from '../../../platform/validation/index.ts';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from './phone.repository.ts';
import type { PhoneService } from './phone.service.ts';

export const CallSchema = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  direction: z.enum(CALL_DIRECTIONS),
  caller: z.string(),
  callee: z.string(),
  agentId: z.uuid().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  durationSeconds: z.number().nullable(),
  outcome: z.enum(CALL_OUTCOMES),
  recordingUrl: z.string().nullable(),
  customerId: z.uuid(),
  ticketId: z.uuid(),
  createdAt: z.date(),
});

/** A call record as the API and the telephony webhook take it. */
export const CallBody = z.strictObject({
  externalId: text(200, 1).optional().describe("The telephony platform's id of the call; the same id twice is one call"),
  direction: z.enum(CALL_DIRECTIONS),
  caller: text(40, 1).describe('The calling number'),
  callee: text(40, 1).describe('The called number'),
  agentId: z.uuid().nullable().optional(),
  startedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
  endedAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)).nullable().optional(),
  outcome: z.enum(CALL_OUTCOMES),
  recordingUrl: z.string().max(2000).nullable().optional(),
  ticketId: z.uuid().nullable().optional().describe('The ticket the call is about; else the customer’s latest active ticket, else a new one'),
  note: longText(10_000).nullable().optional(),
});

const RecordedCallSchema = z.object({ call: CallSchema, isDuplicate: z.boolean() });

export type CallSchema = z.infer<typeof CallSchema>;
export type CallBody = z.input<typeof CallBody>;

export const phoneRoutes: FastifyPluginAsync<{ phone: PhoneService }> = async (plugin, { phone }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['phone'];

  app.post(
    '/calls',
    { schema: { tags, summary: "Record a phone call on the customer's ticket (201; 200 when its externalId was recorded before)", body: CallBody, response: { 200: RecordedCallSchema, 201: RecordedCallSchema } } },
    async (request, reply) => {
      const recorded = await phone.recordCall(requireActor(request), request.body);
      return reply.status(recorded.isDuplicate ? 200 : 201).send(recorded);
    },
  );

  app.get('/tickets/:id/calls', { schema: { tags, summary: "A ticket's phone calls", params: IdParams, response: { 200: z.object({ items: z.array(CallSchema) }) } } }, async (request) => ({
    items: await phone.listTicketCalls(requireActor(request), request.params.id),
  }));
};
