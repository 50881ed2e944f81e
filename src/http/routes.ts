import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';
import { identityRoutes } from '../modules/identity/index.ts';

/** Mounts every module's routes; one line per module. */
export async function registerApiRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const { services, config } = kernel;
  await app.register(identityRoutes, { prefix: '/api/v1', identity: services.identity, workspaces: services.workspaces, audit: services.audit, db: kernel.db, secureCookies: config.secureCookies });
}
