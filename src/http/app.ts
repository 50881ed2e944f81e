import type { IncomingMessage } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../platform/errors.ts';
import { localeFromAcceptLanguage } from '../platform/i18n.ts';
import { newId } from '../platform/ids.ts';
import type { Kernel } from '../kernel.ts';
import { authenticate } from './auth.ts';
import { registerObservability } from './observability.ts';
import { discardRequestBody, parseJsonBody, rejectUnstorableText } from './json-body.ts';
import { sendProblem, toAppError } from './problem.ts';
import { registerApiRoutes } from './routes.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
/** Beyond this an oversized upload is cut off (the socket closes) rather than read to the end. */
const OVERSIZED_BODY_DRAIN_BYTES = 256 * 1024 * 1024;
const OVERSIZED_BODY_DRAIN_MS = 30_000;

export type App = FastifyInstance;

export async function buildApp(kernel: Kernel): Promise<App> {
  const { config, services, logger } = kernel;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.KEFU_MAX_BODY_BYTES,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : newId();
    },
    trustProxy: true,
    return503OnClosing: true,
    // A cold start on a busy machine (embedded database recovery, first sync) can exceed the 10 s default.
    pluginTimeout: 120_000,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('locale', 'en');
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('rawBody', null);

  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.config.keepRawBody) request.rawBody = body as Buffer;
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  await app.register(cookie, { secret: kernel.secret });
  await app.register(multipart, { limits: { fileSize: config.KEFU_MAX_ATTACHMENT_BYTES, files: 10, fields: 20 } });
  await app.register(rateLimit, { global: false });
  await app.register(websocket);
  // A session rotated while authenticating a WebSocket upgrade reaches the browser in the 101 response, which `ws`
  // writes, not the reply; otherwise the browser would keep a token that is being replaced.
  const upgradeCookies = new WeakMap<IncomingMessage, string>();
  const addUpgradeCookie = (headers: string[], raw: IncomingMessage) => {
    const cookie = upgradeCookies.get(raw);
    if (cookie) headers.push(`Set-Cookie: ${cookie}`);
  };
  app.websocketServer.on('headers', addUpgradeCookie);
  app.addHook('onClose', async () => {
    app.websocketServer.off('headers', addUpgradeCookie);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kefu API', description: 'Omnichannel customer-service platform', version: '1.0.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kefu_session' },
          bearer: { type: 'http', scheme: 'bearer' },
          platform: { type: 'http', scheme: 'bearer', description: 'The operator token of KEFU_PLATFORM_TOKEN (platform API only)' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  app.addHook('onRequest', async (request, reply) => {
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'en';
    reply.header('x-request-id', request.id);
  });
  // Query strings and path segments meet the same text rule as bodies, whatever the route's schema says.
  app.addHook('preValidation', async (request) => {
    rejectUnstorableText(request.query, 'query');
    rejectUnstorableText(request.params, 'params');
  });

  // Before validation, so an anonymous caller gets 401 rather than a field error, and errors speak the user's language.
  app.addHook('preValidation', async (request, reply) => {
    if (!request.url.startsWith('/api/v1') && !request.url.startsWith('/api/portal')) return;
    request.actor = (await authenticate(services.identity, request, reply, config.secureCookies, (cookie) => upgradeCookies.set(request.raw, cookie))) ?? null;
    if (request.actor && !request.headers['accept-language']) request.locale = request.actor.locale;
    if (!request.actor && !request.routeOptions.config.public) throw new AppError('unauthenticated', 'errors.unauthenticated');
    // Account and token management belong to a person signed in, never to an integration's token.
    if (request.actor?.kind === 'token' && request.routeOptions.config.sessionOnly) throw new AppError('forbidden', 'errors.session_only');
  });

  app.setErrorHandler(async (error, request, reply) => {
    // Answering while the client is still sending makes Node close the socket under it (EPIPE, no answer):
    // read and drop the rest of an oversized body first, so the 413 always arrives.
    if (toAppError(error)?.code === 'payload_too_large') {
      const readToEnd = await discardRequestBody(request.raw, OVERSIZED_BODY_DRAIN_BYTES, OVERSIZED_BODY_DRAIN_MS);
      // Fastify closes the connection after a body error in case more data follows; none does once it is read.
      if (readToEnd) reply.removeHeader('connection');
    }
    return sendProblem(request, reply, error);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api') && !request.url.startsWith('/hooks') && existsSync(WEB_DIST)) {
      return reply.sendFile('index.html', WEB_DIST);
    }
    return sendProblem(request, reply, new AppError('not_found', 'errors.route_not_found', { params: { method: request.method, url: request.url.split('?')[0] } }));
  });

  registerObservability(app, kernel);
  await registerApiRoutes(app, kernel);

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br/.gz siblings (web/vite.config.ts); a browser that accepts them gets those.
      preCompressed: true,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}
