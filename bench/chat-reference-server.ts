/**
 * The floor under the chat figures: a bare `ws` server speaking just enough of the chat protocol for the same
 * load (hello → welcome; a message → ack, then the message to the visitor and to the agent holding the chat),
 * with nothing stored. Loaded by the same client process at the same socket count and rate, it shows what
 * WebSocket, JSON and TCP cost on this machine at this moment, so Kefu's figure can be read as a ratio to it on
 * a machine others are loading too.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface ReferenceSocket {
  send(data: string): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: () => void): void;
}
interface ReferenceServer {
  on(event: 'connection', listener: (socket: ReferenceSocket, request: { url?: string; headers: Record<string, string | undefined> }) => void): void;
  on(event: 'listening', listener: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
  clients: Set<{ terminate(): void }>;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as { WebSocketServer: new (options: { port: number; host: string }) => ReferenceServer };

export interface ReferenceChat {
  base: string;
  close(): Promise<void>;
}

/** `holders` maps each conversation id to the session cookie of the agent holding it. */
export async function startReferenceChat(holders: Map<string, string>): Promise<ReferenceChat> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.on('listening', resolve));
  const visitors = new Map<string, ReferenceSocket>();
  const agents = new Map<string, ReferenceSocket>();
  let seq = 0;
  server.on('connection', (socket, request) => {
    if (request.url?.startsWith('/api/v1/chat/socket')) {
      const cookie = request.headers.cookie ?? '';
      agents.set(cookie, socket);
      socket.send(JSON.stringify({ type: 'hello' }));
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { conversationId: string; clientId: string; text: string };
        const message = { seq: ++seq, id: String(seq), authorType: 'agent', body: frame.text, attachments: [], clientId: frame.clientId, createdAt: new Date() };
        socket.send(JSON.stringify({ type: 'ack', conversationId: frame.conversationId, clientId: frame.clientId, seq: message.seq }));
        visitors.get(frame.conversationId)?.send(JSON.stringify({ type: 'message', message }));
      });
      return;
    }
    let conversationId = '';
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; conversationId?: string; clientId: string; text: string };
      if (frame.type === 'hello') {
        conversationId = frame.conversationId ?? '';
        visitors.set(conversationId, socket);
        socket.send(JSON.stringify({ type: 'welcome', open: true, reason: null, botFirst: false, conversation: { id: conversationId, status: 'active' } }));
        return;
      }
      const message = { seq: ++seq, id: String(seq), authorType: 'visitor', body: frame.text, attachments: [], clientId: frame.clientId, createdAt: new Date() };
      socket.send(JSON.stringify({ type: 'ack', clientId: frame.clientId, seq: message.seq }));
      socket.send(JSON.stringify({ type: 'message', message }));
      agents.get(holders.get(conversationId) ?? '')?.send(JSON.stringify({ type: 'message', conversationId, message }));
    });
    socket.on('close', () => visitors.delete(conversationId));
  });
  return {
    base: `ws://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
