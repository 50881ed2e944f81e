/**
 * What the chat sockets share: the part of a `ws` socket they use, sending with back-pressure, heartbeats, and
 * handling frames one at a time in arrival order (so a message's ack never overtakes an earlier one).
 */
import type { Locale } from '../../platform/i18n.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Frame } from './chat-hub.ts';
import { errorFrame } from './chat-protocol.ts';
import { CLOSE_TRY_AGAIN_LATER, sendJson, type WebSocketLike } from '../../platform/websocket.ts';

/** The part of a `ws` socket the chat uses. */
export type ChatSocket = WebSocketLike;
export { CLOSE_TRY_AGAIN_LATER };
export const CLOSE_POLICY = 1008;
const HEARTBEAT_MS = 25_000;
/** Frames a client may send per 10 s; past it the socket is closed (the widget reconnects and resumes). */
const FRAMES_PER_WINDOW = 120;
const WINDOW_MS = 10_000;

export interface Session {
  send(frame: Frame): void;
  readonly locale: Locale;
}

/**
 * Runs a socket: each frame goes to `handle` after the previous one finished; a thrown error is answered as an
 * error frame in the client's language (with the client id of the message it concerns), never closing the socket.
 */
export function runSocket(
  socket: ChatSocket,
  options: { locale: () => Locale; logger?: Logger; handle(data: unknown, send: (frame: Frame) => void): Promise<void>; onClose(): void },
): (frame: Frame) => void {
  let alive = true;
  let frames = 0;
  let windowStart = Date.now();
  let chain = Promise.resolve();
  const send = (frame: Frame) => sendJson(socket, frame);
  const heartbeat = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, HEARTBEAT_MS);
  heartbeat.unref();
  socket.on('pong', () => (alive = true));
  socket.on('message', (data: unknown) => {
    const now = Date.now();
    if (now - windowStart > WINDOW_MS) {
      windowStart = now;
      frames = 0;
    }
    if (++frames > FRAMES_PER_WINDOW) return socket.close(CLOSE_POLICY, 'too many frames');
    chain = chain
      .then(() => options.handle(data, send))
      .catch((error: unknown) => {
        const clientId = clientIdOf(data);
        if (!(error instanceof Error && error.name === 'AppError')) options.logger?.error({ err: error }, 'chat: a socket frame failed');
        send(errorFrame(error, options.locale(), clientId));
      });
  });
  socket.on('close', () => {
    clearInterval(heartbeat);
    options.onClose();
  });
  return send;
}

function clientIdOf(data: unknown): string | undefined {
  try {
    const value = JSON.parse(String(data)) as { clientId?: unknown };
    return typeof value.clientId === 'string' && value.clientId.length <= 64 ? value.clientId : undefined;
  } catch {
    return undefined;
  }
}
