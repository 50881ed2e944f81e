import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { text } from '../../platform/validation/index.ts';
import type { OperationsService } from './operations.service.ts';

export const DeadDeliverySchema = z.object({
  eventId: z.number().int(),
  eventType: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  subscriber: z.string(),
  attempts: z.number().int(),
  lastError: z.string(),
  occurredAt: z.date(),
  deadAt: z.date(),
});

export const DeadTimerSchema = z.object({
  key: z.string(),
  kind: z.string(),
  attempts: z.number().int(),
  lastError: z.string(),
  dueAt: z.date(),
  deadAt: z.date(),
});

export const DeadLettersSchema = z.object({
  deliveries: z.array(DeadDeliverySchema),
  timers: z.array(DeadTimerSchema),
  counts: z.object({ deliveries: z.number().int(), timers: z.number().int() }),
});

export const RequeuedSchema = z.object({ deliveries: z.number().int(), timers: z.number().int() });

export const RetryDeliveryBody = z.strictObject({ eventId: z.number().int().positive(), subscriber: text(200, 1) });
export const RetryTimerBody = z.strictObject({ key: text(500, 1) });

export const operationsRoutes: FastifyPluginAsync<{ operations: OperationsService }> = async (plugin, { operations }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/operations/dead-letters',
    {
      schema: {
        tags: ['operations'],
        summary: 'Event deliveries and timers that failed too often and are no longer retried, newest first (admin)',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }),
        response: { 200: DeadLettersSchema },
      },
    },
    async (request) => operations.listDeadLetters(requireActor(request), request.query),
  );

  app.post(
    '/operations/dead-letters/deliveries/retry',
    { schema: { tags: ['operations'], summary: 'Deliver a dead event delivery again, with a fresh count of attempts (admin)', body: RetryDeliveryBody, response: { 200: RequeuedSchema } } },
    async (request) => operations.retryDelivery(requireActor(request), request.body),
  );

  app.post(
    '/operations/dead-letters/timers/retry',
    { schema: { tags: ['operations'], summary: 'Fire a dead timer again now, with a fresh count of attempts (admin)', body: RetryTimerBody, response: { 200: RequeuedSchema } } },
    async (request) => operations.retryTimer(requireActor(request), request.body),
  );

  app.post(
    '/operations/dead-letters/retry-all',
    { schema: { tags: ['operations'], summary: "Retry every dead delivery and timer of the workspace (admin)", response: { 200: RequeuedSchema } } },
    async (request) => operations.retryAll(requireActor(request)),
  );
};
