import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from '../kernel.ts';
import { loadConfig } from '../platform/config.ts';
import { openDb } from '../platform/db.ts';
import { silentLogger } from '../platform/logger.ts';
import { createTestContext, type TestContext, type TestWorkspace } from '../testing/test-app.ts';
import { buildApp, type App } from './app.ts';

interface TestSocket {
  on(event: 'message', listener: (data: Buffer) => void): void;
  close(): void;
}

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
});
afterAll(() => t.close());

/** Opens a realtime socket on the app (in-process upgrade) and collects the event messages it receives. */
async function connect(app: App, cookie: string | undefined) {
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  // The in-process upgrade has no TCP socket; the app reads the caller's address from one.
  const upgradeContext = { headers: cookie ? { cookie } : {}, socket: { remoteAddress: '127.0.0.1' } } as unknown as Parameters<App['injectWS']>[1];
  const socket = (await app.injectWS('/api/v1/realtime', upgradeContext)) as unknown as TestSocket;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    if (!message.aggregateType) return;
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = async (count: number, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} realtime messages, got ${messages.length}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return messages;
  };
  return { socket, messages, waitFor };
}

/** A real ticket, so its events carry what their subscribers read (the SLA engine among them). */
async function createTicket(workspace: TestWorkspace): Promise<string> {
  const response = await t.request(workspace.admin, 'POST', '/api/v1/tickets', { subject: 'private', customer: { name: 'Realtime customer' } });
  expect(response.statusCode).toBe(201);
  return (response.json() as { id: string }).id;
}

describe('GET /api/v1/realtime', () => {
  it('pushes the events of the signed-in user’s workspace, ids only', async () => {
    const agent = await a.addUser('agent');
    const client = await connect(t.app, agent.cookie);
    const otherWorkspaceTicket = await createTicket(b);
    const ownTicket = await createTicket(a);
    await t.kernel.dispatcher.drain();
    // Creating a ticket also creates its customer: both announcements arrive, the ticket's among them.
    await client.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.messages).toContainEqual({ type: 'ticket.created', aggregateType: 'ticket', aggregateId: ownTicket, id: expect.any(Number) });
    // Ids only (no subject, no payload), and nothing of the other workspace.
    expect(client.messages.every((received) => Object.keys(received).sort().join() === 'aggregateId,aggregateType,id,type')).toBe(true);
    expect(client.messages.some((received) => received.aggregateId === otherWorkspaceTicket)).toBe(false);
    expect(new Set(client.messages.filter((received) => received.aggregateType === 'ticket').map((received) => received.aggregateId))).toEqual(new Set([ownTicket]));
    client.socket.close();
  });

  it('refuses an upgrade without a session', async () => {
    await expect(connect(t.app, undefined)).rejects.toThrow(/401/);
    await expect(connect(t.app, 'kefu_session=forged')).rejects.toThrow(/401/);
  });

  it('stops at sign-out everywhere: the next upgrade is refused', async () => {
    const agent = await a.addUser('agent');
    const client = await connect(t.app, agent.cookie);
    client.socket.close();
    expect((await t.request(agent, 'POST', '/api/v1/auth/logout-everywhere')).statusCode).toBe(200);
    await expect(connect(t.app, agent.cookie)).rejects.toThrow(/401/);
  });

  // Every socket of a signed-in user (the realtime feed, the chat console) is authenticated by the app, which rotates.
  it.each(['/api/v1/realtime', '/api/v1/chat/socket'])('hands a rotated session cookie to the browser in the 101 response of %s', async (path) => {
    const agent = await a.addUser('agent');
    t.clock.advanceMinutes(31);
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path,
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', cookie: agent.cookie },
      });
      request.on('upgrade', (response, socket) => {
        socket.destroy();
        resolve(response.headers);
      });
      request.on('response', (response) => reject(new Error(`no upgrade: ${response.statusCode}`)));
      request.on('error', reject);
      request.end();
    });
    const setCookie = String(headers['set-cookie']);
    expect(setCookie).toMatch(/^kefu_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    const rotated = /kefu_session=([^;]+)/.exec(setCookie)![1];
    expect(rotated).not.toBe(agent.cookie.split('=')[1]);
    const me = await t.request({ ...agent, cookie: `kefu_session=${rotated}` }, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
  });
});

describe('realtime across Kefu nodes on one PostgreSQL database', () => {
  it('delivers an event dispatched by node A to a WebSocket client of node B', async (context) => {
    // Embedded PGlite is single-node by nature; this runs when the tests use a PostgreSQL server.
    if (!t.testDb.url) context.skip();
    const dbB = await openDb({ databaseUrl: t.testDb.url!, poolSize: 4 });
    const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data' });
    const kernelB = await createKernel({ config, clock: t.clock, db: dbB, logger: silentLogger, runWorkers: false });
    const appB = await buildApp(kernelB);
    try {
      await appB.ready();
      const agent = await a.addUser('agent');
      const client = await connect(appB, agent.cookie);
      const ticketId = await createTicket(a);
      // Node A's dispatcher delivers; node B only listens.
      await t.kernel.dispatcher.drain();
      const messages = await client.waitFor(2);
      expect(messages).toContainEqual(expect.objectContaining({ type: 'ticket.created', aggregateId: ticketId }));
      client.socket.close();
    } finally {
      await appB.close();
      await kernelB.close();
      await dbB.close();
    }
  });
});
