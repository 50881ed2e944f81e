import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import type { AuditService } from './audit.service.ts';

const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.date(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const auditRoutes: FastifyPluginAsync<{ audit: AuditService }> = async (plugin, { audit }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        querystring: z.strictObject({ entityType: z.string().max(50).optional(), entityId: z.string().max(100).optional(), before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
        response: { 200: z.object({ items: z.array(AuditEntrySchema) }) },
      },
    },
    async (request) => {
      const { entityType, entityId, before, limit } = request.query;
      return { items: await audit.listEntries(requireActor(request), { entityType, entityId, beforeId: before, limit }) };
    },
  );
};
