/** What Kefu's WebSocket endpoints (realtime updates, live chat) share about a `ws` socket. */

/** The part of a `ws` socket the endpoints use (the package ships no types of its own). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'pong' | 'close' | 'error' | 'message', listener: (...args: unknown[]) => void): void;
}

const OPEN = 1;
/** A client this far behind is better served by reconnecting (it then refetches or resumes). */
const MAX_BUFFERED_BYTES = 1_048_576;
export const CLOSE_TRY_AGAIN_LATER = 1013;
/** In the application range (4000–4999): the credential the socket was opened with no longer stands. */
export const CLOSE_SIGNED_OUT = 4401;

/** Sends one JSON frame to an open socket; a socket too far behind is closed instead, so it reconnects. */
export function sendJson(socket: WebSocketLike, frame: unknown): void {
  if (socket.readyState !== OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(CLOSE_TRY_AGAIN_LATER, 'too far behind');
    return;
  }
  socket.send(JSON.stringify(frame));
}
