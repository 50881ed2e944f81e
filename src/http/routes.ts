import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';
import { platformRoutes } from './platform.routes.ts';
import { realtimeRoutes } from './realtime.routes.ts';

/**
 * Mounts every module's routes in module order (the inbound providers' hooks under /hooks, public routes at the root),
 * then the realtime socket (which belongs to the app, not a module) and the platform operator's API.
 */
export async function registerApiRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const { services, config } = kernel;
  for (const module of Object.values(kernel.modules)) await app.register(module.routes, { prefix: '/api/v1' });
  for (const module of Object.values(kernel.modules)) if (module.hooks) await app.register(module.hooks, { prefix: '/hooks' });
  // Outside /api/v1: each names its own audience's prefix (/api/help, /api/widget).
  for (const module of Object.values(kernel.modules)) if (module.publicRoutes) await app.register(module.publicRoutes);
  await app.register(realtimeRoutes, {
    prefix: '/api/v1',
    db: kernel.db,
    clock: kernel.clock,
    logger: kernel.logger,
    identity: services.identity,
    tickets: services.tickets,
    activity: services.routing,
  });
  await app.register(platformRoutes, { prefix: '/api/platform/v1', identity: services.identity, workspaces: services.workspaces, platformToken: config.KEFU_PLATFORM_TOKEN });
}
