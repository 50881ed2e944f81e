import { createRequire } from 'node:module';

/** The part of the `ws` client tests use (the package ships no types of its own). */
interface WsClient {
  readonly readyState: number;
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): void;
  on(event: 'error' | 'unexpected-response', listener: (...args: unknown[]) => void): void;
  close(): void;
}
type WsClientConstructor = new (url: string, options: { headers: Record<string, string> }) => WsClient;

const { WebSocket } = createRequire(import.meta.url)('ws') as { WebSocket: WsClientConstructor };

export interface TestSocket {
  /** Event messages received so far (heartbeats and hello left out). */
  readonly messages: Record<string, unknown>[];
  /** Resolves with the close code once the server has closed the socket. */
  readonly closed: Promise<number>;
  isOpen(): boolean;
  waitFor(count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  close(): void;
}

/** Opens a real WebSocket over TCP (an app listening on 127.0.0.1) with the user's cookie or bearer token. */
export async function openTestSocket(url: string, credentials: { cookie?: string; bearer?: string }): Promise<TestSocket> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
  const socket = new WebSocket(url, { headers });
  const messages: Record<string, unknown>[] = [];
  let hello!: () => void;
  const greeted = new Promise<void>((resolve) => (hello = resolve));
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    if (message.type === 'hello') hello();
    if (message.aggregateType) messages.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('unexpected-response', (_request, response) => reject(new Error(`no upgrade: ${(response as { statusCode?: number }).statusCode}`)));
    socket.on('error', (error) => reject(error as Error));
  });
  // Registered on the server once it has greeted: from then on it receives events.
  await greeted;
  return {
    messages,
    closed,
    isOpen: () => socket.readyState === 1,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} realtime messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    close: () => socket.close(),
  };
}

/** Resolves with the close code, or fails when the socket is still open after the timeout. */
export async function closedWithin(socket: TestSocket, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([socket.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
