/** Fakes of third parties for the bot's tests: real HTTP servers on 127.0.0.1 with a port of their choosing. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

async function serve(handle: (request: { method: string; url: string; body: string }) => { status: number; json?: unknown }): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body });
      const answer = handle({ method: request.method ?? 'GET', url: request.url ?? '/', body });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A company's order system: GET /orders/<number> → its status, 404 for unknown numbers. */
export function startFakeOrderSystem(orders: Record<string, { status: string; delivery: { eta: string } }>): Promise<FakeServer> {
  return serve(({ url }) => {
    const number = decodeURIComponent(/^\/orders\/([^/?]+)/.exec(url)?.[1] ?? '');
    const order = orders[number];
    return order ? { status: 200, json: { number, ...order } } : { status: 404, json: { error: 'not found' } };
  });
}

/**
 * An OpenAI-compatible endpoint: embeddings that count a few topic words (so "refund" texts point one way), and a
 * chat completion that answers "DRAFT: <first line of the article>".
 */
export function startFakeOpenAi(): Promise<FakeServer> {
  const topics = ['退', '款', '货', '开机', '发票', 'refund'];
  const embed = (text: string) => topics.map((topic) => text.split(topic).length - 1 + 0.01);
  return serve(({ url, body }) => {
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (url === '/v1/embeddings') {
      const texts = input.input as string[];
      return { status: 200, json: { data: texts.map((text, index) => ({ index, embedding: embed(text) })) } };
    }
    if (url === '/v1/chat/completions') {
      const messages = input.messages as { content: string }[];
      const article = /Help article "([^"]*)"/.exec(messages[1]!.content)?.[1] ?? '';
      return { status: 200, json: { choices: [{ message: { role: 'assistant', content: `DRAFT: ${article}` } }] } };
    }
    return { status: 404, json: {} };
  });
}
