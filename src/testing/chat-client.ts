/**
 * A chat socket client for tests and the benchmark: a real WebSocket over TCP that records every frame and can
 * wait for one that matches. The visitor's resume logic (last seen seq, resend of unacknowledged messages) lives
 * in the tests that exercise it, on top of this.
 */
import { createRequire } from 'node:module';

interface WsClient {
  readonly readyState: number;
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(event: 'error' | 'unexpected-response', listener: (...args: unknown[]) => void): void;
  send(data: string): void;
  close(): void;
  terminate(): void;
}
type WsClientConstructor = new (url: string, options: { headers: Record<string, string> }) => WsClient;
const { WebSocket } = createRequire(import.meta.url)('ws') as { WebSocket: WsClientConstructor };

export type ChatFrame = Record<string, unknown> & { type: string };

export interface ChatClient {
  readonly frames: ChatFrame[];
  readonly closed: Promise<number>;
  isOpen(): boolean;
  send(frame: Record<string, unknown>): void;
  /** The first frame (from `from` on) that matches; fails after the timeout. */
  waitFor(match: (frame: ChatFrame) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<ChatFrame>;
  /** Calls back on every frame as it arrives. */
  onFrame(listener: (frame: ChatFrame) => void): void;
  close(): void;
  terminate(): void;
}

export async function openChatClient(url: string, headers: Record<string, string> = {}): Promise<ChatClient> {
  const socket = new WebSocket(url, { headers });
  const frames: ChatFrame[] = [];
  const listeners: ((frame: ChatFrame) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ChatFrame;
    frames.push(frame);
    for (const listener of listeners) listener(frame);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('unexpected-response', (_request, response) => reject(new Error(`no upgrade: ${(response as { statusCode?: number }).statusCode}`)));
    socket.on('error', (error) => reject(error as Error));
  });
  return {
    frames,
    closed,
    isOpen: () => socket.readyState === 1,
    send: (frame) => socket.send(JSON.stringify(frame)),
    onFrame: (listener) => listeners.push(listener),
    async waitFor(match, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      let index = options.from ?? 0;
      for (;;) {
        for (; index < frames.length; index++) if (match(frames[index]!)) return frames[index]!;
        if (Date.now() > deadline) throw new Error(`no matching chat frame; got ${JSON.stringify(frames.slice(-5))}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => socket.close(),
    terminate: () => socket.terminate(),
  };
}
