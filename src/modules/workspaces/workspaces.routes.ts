import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { LocaleSchema, text } from '../../platform/validation/index.ts';
import type { WorkspacesService } from './workspaces.service.ts';

export const WorkspaceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  defaultLocale: LocaleSchema,
  timezone: z.string(),
  ticketPrefix: z.string(),
});

export const workspacesRoutes: FastifyPluginAsync<{ workspaces: WorkspacesService }> = async (plugin, { workspaces }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/workspace', { schema: { tags: ['workspace'], response: { 200: WorkspaceSchema } } }, async (request) =>
    workspaces.getWorkspace(requireActor(request).workspaceId),
  );

  app.patch(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        body: z.strictObject({ name: text(100, 1).optional(), defaultLocale: LocaleSchema.optional(), timezone: text(64, 1).optional(), ticketPrefix: z.string().regex(/^[A-Z]{1,6}$/).optional() }),
        response: { 200: WorkspaceSchema },
      },
    },
    async (request) => workspaces.updateWorkspace(requireActor(request), request.body),
  );
};
