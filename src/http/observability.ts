import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Kernel } from '../kernel.ts';

export function registerObservability(app: FastifyInstance, kernel: Kernel): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kefu_' });
  const httpDuration = new Histogram({
    name: 'kefu_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  kernel.metrics.registerOn(registry);

  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (kernel.isShuttingDown()) return reply.status(503).send({ status: 'shutting_down' });
    try {
      await kernel.db.query('SELECT 1');
      return { status: 'ready', database: kernel.db.kind };
    } catch {
      return reply.status(503).send({ status: 'database_unavailable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
