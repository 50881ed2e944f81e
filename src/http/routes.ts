import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';
import { realtimeRoutes } from './realtime.routes.ts';
import { identityRoutes } from '../modules/identity/index.ts';
import { customersRoutes } from '../modules/customers/index.ts';
import { ticketsRoutes } from '../modules/tickets/index.ts';
import { slaRoutes } from '../modules/sla/index.ts';
import { notificationsRoutes } from '../modules/notifications/index.ts';

/** Mounts every module's routes; one line per module. */
export async function registerApiRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const { services, config } = kernel;
  await app.register(identityRoutes, { prefix: '/api/v1', identity: services.identity, workspaces: services.workspaces, audit: services.audit, db: kernel.db, secureCookies: config.secureCookies });
  await app.register(customersRoutes, { prefix: '/api/v1', customers: services.customers });
  await app.register(ticketsRoutes, { prefix: '/api/v1', tickets: services.tickets });
  await app.register(slaRoutes, { prefix: '/api/v1', sla: services.sla });
  await app.register(notificationsRoutes, { prefix: '/api/v1', notifications: services.notifications });
  await app.register(realtimeRoutes, { prefix: '/api/v1', db: kernel.db, clock: kernel.clock, logger: kernel.logger, secureCookies: config.secureCookies, sessionTtlHours: config.KEFU_SESSION_TTL_HOURS });
}
