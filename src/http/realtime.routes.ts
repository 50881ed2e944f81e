import type { FastifyPluginAsync } from 'fastify';
import type { Actor } from '../platform/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import type { Logger } from '../platform/logger.ts';
import { RealtimeHub, RECIPIENT_AGGREGATE, type RealtimeClient, type RealtimeGate, type RealtimeMessage } from '../platform/realtime.ts';
import { assertCan, can, connectionCredentialOf, CredentialWatch, type IdentityService } from '../modules/identity/index.ts';
import type { TicketsService } from '../modules/tickets/index.ts';
import { canSeeSubtask, DEPARTMENT_AGGREGATE } from '../modules/collaboration/index.ts';
import { requireActor } from '../platform/actor.ts';
import { CLOSE_TRY_AGAIN_LATER, sendJson, type WebSocketLike } from '../platform/websocket.ts';
import { newId } from '../platform/ids.ts';

/** Told of each signed-in user's sockets opening, answering heartbeats and closing (routing's presence by activity). */
export interface SocketActivity {
  socketOpened(owner: { workspaceId: string; userId: string }, socketId: string): Promise<void>;
  socketSeen(owner: { workspaceId: string; userId: string }, socketId: string): Promise<void>;
  socketClosed(owner: { workspaceId: string; userId: string }, socketId: string): Promise<void>;
}

export interface RealtimeRoutesOptions {
  db: Db;
  clock: Clock;
  logger?: Logger;
  identity: IdentityService;
  tickets: Pick<TicketsService, 'loadTicketVisibility'>;
  activity?: SocketActivity;
  /** How often the server pings each client and sends a heartbeat message. */
  heartbeatMs?: number;
  /** How often open sockets are held against the expiry of what they were opened with (a clock comparison, no query). */
  expiryCheckMs?: number;
}

/**
 * Who may receive events of each kind of aggregate: the module's own read rule. Events of an aggregate not
 * listed here reach nobody, so a new module's events stay private until it says who may see them.
 */
type AggregateRule = (viewer: Actor, message: RealtimeMessage, canSeeTicket: (viewer: Actor, ticketId: string) => boolean) => boolean;
const AGGREGATE_RULES: Record<string, AggregateRule> = {
  ticket: (viewer, message, canSeeTicket) => canSeeTicket(viewer, message.aggregateId),
  customer: (viewer) => can(viewer, 'customers.read'),
  organization: (viewer) => can(viewer, 'customers.read'),
  [RECIPIENT_AGGREGATE]: (viewer, message) => viewer.userId !== null && message.aggregateId === viewer.userId,
  // Sub-task events name their department: its specialists hear them, and everyone who sees the whole desk.
  [DEPARTMENT_AGGREGATE]: (viewer, message) => can(viewer, 'tickets.read') && canSeeSubtask(viewer, { departmentId: message.aggregateId, assigneeId: null }),
};

interface Connection extends RealtimeClient<Actor> {
  socket: WebSocketLike;
}

/**
 * GET /api/v1/realtime — a WebSocket for signed-in users (session cookie or API token) that receives
 * `{type, aggregateType, aggregateId, id}` for the events of their workspace they may see (a specialist:
 * only their departments' tickets), plus heartbeats. It is closed with 4401 when its session is signed out
 * (also everywhere), its user deactivated, or its session or token expires — on whichever node it is open.
 */
export const realtimeRoutes: FastifyPluginAsync<RealtimeRoutesOptions> = async (app, options) => {
  const { clock, identity, tickets } = options;
  const heartbeatMs = options.heartbeatMs ?? 25_000;

  // One visibility query per batch of events for all of a workspace's sockets, not one per socket per event.
  const gate: RealtimeGate<Actor> = async (workspaceId, messages, viewers) => {
    const ticketIds = messages.filter((message) => message.aggregateType === 'ticket').map((message) => message.aggregateId);
    const canSeeTicket = ticketIds.length > 0 ? await tickets.loadTicketVisibility(workspaceId, ticketIds, viewers) : () => false;
    return (viewer, message) => AGGREGATE_RULES[message.aggregateType]?.(viewer, message, canSeeTicket) ?? false;
  };
  const hub = new RealtimeHub<Actor>({ db: options.db, logger: options.logger, gate });
  await hub.start();

  const connections = new Set<Connection>();
  // Activity reports still being written, awaited on shutdown so none runs against a closed database.
  const reporting = new Set<Promise<void>>();
  const report = (work: () => Promise<void>, after: Promise<void> = Promise.resolve()): Promise<void> => {
    const done = after
      .then(work)
      .catch((error: unknown) => options.logger?.warn({ err: error }, 'realtime: reporting socket activity failed'))
      .finally(() => reporting.delete(done));
    reporting.add(done);
    return done;
  };
  // Each socket is held to the sign-in it was opened with (identity.watch.ts): closed with 4401 when it no longer
  // stands or lost tickets.read, its viewer following role and team changes.
  const watch = await CredentialWatch.start({ identity, clock, logger: options.logger, permission: 'tickets.read', name: 'realtime', expiryCheckMs: options.expiryCheckMs });

  app.addHook('onClose', async () => {
    for (const connection of connections) connection.socket.close(1001, 'server shutting down');
    await watch.stop();
    await Promise.all([...reporting]);
    await hub.stop();
  });

  app.get(
    '/realtime',
    {
      websocket: true,
      schema: { hide: true },
      preHandler: async (request) => assertCan(requireActor(request), 'tickets.read'),
    },
    (raw, request) => {
      const socket = raw as unknown as WebSocketLike;
      const credential = connectionCredentialOf(request);
      let isAlive = true;

      const connection: Connection = {
        socket,
        viewer: requireActor(request),
        send: (message: RealtimeMessage) => send(message),
        lost: () => socket.close(CLOSE_TRY_AGAIN_LATER, 'missed events'),
      };
      const send = (message: RealtimeMessage | { type: 'heartbeat' | 'hello' }) => sendJson(socket, message);
      connections.add(connection);
      const unsubscribe = hub.subscribe(connection.viewer.workspaceId, connection);
      const activity = options.activity;
      const owner = connection.viewer.userId ? { workspaceId: connection.viewer.workspaceId, userId: connection.viewer.userId } : undefined;
      const socketId = newId();
      // Close is reported after open has been written, so the two never cross.
      const opened = activity && owner ? report(() => activity.socketOpened(owner, socketId)) : undefined;
      const watched = watch.watch({
        credential,
        actor: connection.viewer,
        close: (code, reason) => socket.close(code, reason),
        // Events are judged with who the user is now.
        onActor: (actor) => (connection.viewer = actor),
      });

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
        if (activity && owner) void report(() => activity.socketSeen(owner, socketId), opened);
      });
      // Clients have nothing to say on this channel; whatever they send is ignored.
      socket.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        connections.delete(connection);
        watched.release();
        if (activity && owner) void report(() => activity.socketClosed(owner, socketId), opened);
      });
      send({ type: 'hello' });
    },
  );
};
