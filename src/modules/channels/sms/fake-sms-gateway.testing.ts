import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An SMS gateway started by a test: a real HTTP server that keeps what it is sent, or answers with the statuses queued. */
export interface FakeSmsGateway {
  url: string;
  received: { authorization: string | undefined; body: { to: string; text: string; sender?: string; reference: string } }[];
  /** Statuses for the next requests, in order; an empty list accepts with 200 and an id. */
  failWith: number[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSmsGateway(): Promise<FakeSmsGateway> {
  const gateway: FakeSmsGateway = { url: '', received: [], failWith: [], close: async () => undefined };
  let serial = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const status = gateway.failWith.shift();
      if (status) {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: status >= 500 ? 'busy' : 'invalid number' }));
        return;
      }
      gateway.received.push({ authorization: request.headers.authorization, body: JSON.parse(text) as FakeSmsGateway['received'][number]['body'] });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${++serial}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  gateway.close = () => new Promise((resolve) => server.close(() => resolve()));
  return gateway;
}
