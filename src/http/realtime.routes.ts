import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { RealtimeHub, type RealtimeMessage } from '../platform/realtime.ts';
import { assertCan } from '../modules/identity/index.ts';
import { requireActor } from '../platform/actor.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../modules/identity/index.ts';

/** The part of a `ws` socket this route uses (the package ships no types of its own). */
interface RealtimeSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'pong' | 'close' | 'error' | 'message', listener: (...args: unknown[]) => void): void;
}

const OPEN = 1;
// A client this far behind is better served by reconnecting (it then refetches everything).
const MAX_BUFFERED_BYTES = 1_048_576;
const CLOSE_TRY_AGAIN_LATER = 1013;

export interface RealtimeRoutesOptions {
  db: Db;
  clock: Clock;
  logger?: Logger;
  secureCookies: boolean;
  sessionTtlHours: number;
  /** How often the server pings each client and sends a heartbeat message. */
  heartbeatMs?: number;
}

/**
 * GET /api/v1/realtime — a WebSocket for signed-in users (session cookie or API token) that receives
 * `{type, aggregateType, aggregateId, id}` for every event of their workspace (those addressed to one user only to
 * that user), plus heartbeats.
 */
export const realtimeRoutes: FastifyPluginAsync<RealtimeRoutesOptions> = async (app, options) => {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const hub = new RealtimeHub({ db: options.db, logger: options.logger });
  await hub.start();

  // The session preHandler may rotate the session token; the upgrade reply is written by `ws`, not
  // Fastify, so the new cookie is added to the 101 response here or the browser would keep a dying token.
  const rotatedCookies = new WeakMap<IncomingMessage, string>();
  const addRotatedCookie = (headers: string[], request: IncomingMessage) => {
    const cookie = rotatedCookies.get(request);
    if (cookie) headers.push(`Set-Cookie: ${cookie}`);
  };
  app.websocketServer.on('headers', addRotatedCookie);

  const sockets = new Set<RealtimeSocket>();
  app.addHook('onClose', async () => {
    app.websocketServer.off('headers', addRotatedCookie);
    for (const socket of sockets) socket.close(1001, 'server shutting down');
    await hub.stop();
  });

  app.get(
    '/realtime',
    {
      websocket: true,
      schema: { hide: true },
      preHandler: async (request) => {
        const actor = requireActor(request);
        assertCan(actor, 'tickets.read');
        const cookie = request.cookies[SESSION_COOKIE];
        if (request.sessionToken && cookie && request.sessionToken !== cookie) {
          const expiresAt = new Date(options.clock.now().getTime() + options.sessionTtlHours * 3_600_000);
          rotatedCookies.set(request.raw, app.serializeCookie(SESSION_COOKIE, request.sessionToken, sessionCookieOptions(expiresAt, options.secureCookies)));
        }
      },
    },
    (connection, request) => {
      const socket = connection as unknown as RealtimeSocket;
      const actor = requireActor(request);
      sockets.add(socket);
      let isAlive = true;

      const send = (message: RealtimeMessage | { type: 'heartbeat' | 'hello' }) => {
        if (socket.readyState !== OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(CLOSE_TRY_AGAIN_LATER, 'too far behind');
          return;
        }
        socket.send(JSON.stringify(message));
      };
      const unsubscribe = hub.subscribe(actor.workspaceId, send, actor.userId);
      const heartbeat = setInterval(() => {
        if (!isAlive) {
          socket.terminate();
          return;
        }
        isAlive = false;
        socket.ping();
        send({ type: 'heartbeat' });
      }, heartbeatMs);
      heartbeat.unref();

      socket.on('pong', () => {
        isAlive = true;
      });
      // Clients have nothing to say on this channel; whatever they send is ignored.
      socket.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        sockets.delete(socket);
      });
      send({ type: 'hello' });
    },
  );
};
