import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKernel } from '../kernel.ts';
import type { Actor } from '../platform/actor.ts';
import { loadConfig } from '../platform/config.ts';
import { openDb } from '../platform/db.ts';
import { silentLogger } from '../platform/logger.ts';
import { emitEvent } from '../platform/outbox.ts';
import { RECIPIENT_AGGREGATE } from '../platform/realtime.ts';
import { createTestContext, type TestContext, type TestWorkspace } from '../testing/test-app.ts';
import { closedWithin, openTestSocket } from '../testing/ws-client.ts';
import { buildApp } from './app.ts';
import { CLOSE_SIGNED_OUT } from '../platform/websocket.ts';

// Real WebSockets over TCP on 127.0.0.1, against the app as it serves.
let t: TestContext;
let a: TestWorkspace;
let url: string;
let system: Actor;
let departmentOne: string;
let departmentTwo: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  system = { workspaceId: a.id, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'en' };
  departmentOne = (await t.kernel.services.identity.createTeam(system, { name: 'After-sales', kind: 'department' })).id;
  departmentTwo = (await t.kernel.services.identity.createTeam(system, { name: 'Billing', kind: 'department' })).id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(() => t.close());

const createTicket = async (subject: string, input: { departmentId?: string; assigneeId?: string } = {}) =>
  (await t.kernel.services.tickets.createTicket(system, { subject, customer: { name: `Customer of ${subject}` }, ...input })).id;

describe('realtime respects who may open a ticket', () => {
  it('a specialist’s socket gets its departments’ and its own tickets’ events, never another department’s', async () => {
    const specialist = await a.addUser('specialist', { teamIds: [departmentOne] });
    const agent = await a.addUser('agent');
    const specialistSocket = await openTestSocket(url, { cookie: specialist.cookie });
    const agentSocket = await openTestSocket(url, { cookie: agent.cookie });

    const own = await createTicket('Broken kettle', { departmentId: departmentOne });
    const other = await createTicket('Double charge', { departmentId: departmentTwo });
    const assigned = await createTicket('Refund for a specialist', { departmentId: departmentTwo, assigneeId: specialist.id });
    const nobody = await createTicket('No department');
    await t.kernel.dispatcher.drain();

    // The agent sees the whole workspace: once it has all four, the specialist's share has been sent too.
    const agentTickets = (await agentSocket.waitFor(4)).filter((m) => m.aggregateType === 'ticket').map((m) => m.aggregateId);
    expect(new Set(agentTickets)).toEqual(new Set([own, other, assigned, nobody]));
    await specialistSocket.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = specialistSocket.messages.filter((m) => m.aggregateType === 'ticket').map((m) => m.aggregateId);
    expect(new Set(seen)).toEqual(new Set([own, assigned]));
    expect(seen).not.toContain(other);
    expect(seen).not.toContain(nobody);
    specialistSocket.close();
    agentSocket.close();
  });

  it('judges a burst of events for every socket with one visibility look-up per batch', async () => {
    const specialists = await Promise.all([1, 2, 3].map(() => a.addUser('specialist', { teamIds: [departmentOne] })));
    const sockets = await Promise.all(specialists.map((user) => openTestSocket(url, { cookie: user.cookie })));
    const spy = vi.spyOn(t.kernel.services.tickets, 'loadTicketVisibility');
    try {
      const ids: string[] = [];
      for (let index = 0; index < 20; index++) ids.push(await createTicket(`Burst ${index}`, { departmentId: index % 2 === 0 ? departmentOne : departmentTwo }));
      await t.kernel.dispatcher.drain();
      const created = (socket: (typeof sockets)[number]) => socket.messages.filter((m) => m.type === 'ticket.created').map((m) => m.aggregateId);
      await expect.poll(() => sockets.map((socket) => created(socket).length)).toEqual([10, 10, 10]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const socket of sockets) expect(created(socket)).toEqual(ids.filter((_, index) => index % 2 === 0));
      // Every other ticket event of the burst (SLA clocks) concerns the same tickets.
      const ticketEvents = (socket: (typeof sockets)[number]) => socket.messages.filter((m) => m.aggregateType === 'ticket').map((m) => m.aggregateId);
      for (const socket of sockets) expect(new Set(ticketEvents(socket))).toEqual(new Set(created(socket)));
      // 20 events × 3 sockets judged per NOTIFY batch, not 60 look-ups.
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      spy.mockRestore();
      for (const socket of sockets) socket.close();
    }
  });

  it('follows a change of the specialist’s departments while the socket is open', async () => {
    const specialist = await a.addUser('specialist', { teamIds: [departmentOne] });
    const socket = await openTestSocket(url, { cookie: specialist.cookie });
    const response = await t.request(a.admin, 'PATCH', `/api/v1/users/${specialist.id}`, { teamIds: [departmentTwo] });
    expect(response.statusCode).toBe(200);
    // The change is announced at commit and the socket re-checked right after; events dispatched later see it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = await createTicket('Now theirs', { departmentId: departmentTwo });
    const notAnyMore = await createTicket('Not theirs any more', { departmentId: departmentOne });
    await t.kernel.dispatcher.drain();
    await expect.poll(() => socket.messages.some((m) => m.aggregateId === before)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ticketEvents = socket.messages.filter((m) => m.aggregateType === 'ticket').map((m) => m.aggregateId);
    expect(new Set(ticketEvents)).toEqual(new Set([before]));
    expect(ticketEvents).not.toContain(notAnyMore);
    socket.close();
  });
});

describe('events of other aggregates', () => {
  it('an event addressed to one user reaches only that user; an aggregate nobody claims reaches nobody', async () => {
    const ana = await a.addUser('agent');
    const ben = await a.addUser('agent');
    const anaSocket = await openTestSocket(url, { cookie: ana.cookie });
    const benSocket = await openTestSocket(url, { cookie: ben.cookie });
    await t.kernel.db.transaction(async (tx) => {
      await emitEvent(tx, t.clock, { workspaceId: a.id, type: 'notification.created', aggregateType: RECIPIENT_AGGREGATE, aggregateId: ana.id, payload: {} });
      await emitEvent(tx, t.clock, { workspaceId: a.id, type: 'secret.changed', aggregateType: 'unclaimed', aggregateId: 'x', payload: {} });
      await emitEvent(tx, t.clock, { workspaceId: a.id, type: 'customer.updated', aggregateType: 'customer', aggregateId: ben.id, payload: {} });
    });
    await t.kernel.dispatcher.drain();
    await anaSocket.waitFor(2);
    await benSocket.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(anaSocket.messages.map((m) => m.type)).toEqual(['notification.created', 'customer.updated']);
    expect(benSocket.messages.map((m) => m.type)).toEqual(['customer.updated']);
    anaSocket.close();
    benSocket.close();
  });
});

describe('an open socket ends with its sign-in', () => {
  it('sign-out everywhere closes it', async () => {
    const agent = await a.addUser('agent');
    const socket = await openTestSocket(url, { cookie: agent.cookie });
    const other = await openTestSocket(url, { cookie: (await a.addUser('agent')).cookie });
    expect((await t.request(agent, 'POST', '/api/v1/auth/logout-everywhere')).statusCode).toBe(200);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
    // Somebody else's socket stays.
    expect(other.isOpen()).toBe(true);
    other.close();
  });

  it('deactivating the user closes it', async () => {
    const agent = await a.addUser('agent');
    const socket = await openTestSocket(url, { cookie: agent.cookie });
    expect((await t.request(a.admin, 'PATCH', `/api/v1/users/${agent.id}`, { isActive: false })).statusCode).toBe(200);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
  });

  it('revoking the API token it was opened with closes it', async () => {
    const created = await t.request(a.admin, 'POST', '/api/v1/api-tokens', { name: 'dashboard', scopes: ['tickets.read'] });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json() as { token: string; apiToken: { id: string } };
    const socket = await openTestSocket(url, { bearer: token });
    expect((await t.request(a.admin, 'DELETE', `/api/v1/api-tokens/${apiToken.id}`)).statusCode).toBe(200);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
  });

  it('the session’s expiry closes it (on the injected clock)', async () => {
    const agent = await a.addUser('agent');
    const socket = await openTestSocket(url, { cookie: agent.cookie });
    t.clock.advanceMinutes(t.kernel.config.KEFU_SESSION_TTL_HOURS * 60 - 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(socket.isOpen()).toBe(true);
    t.clock.advanceMinutes(2);
    expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
  });
});

describe('sign-out across Kefu nodes on one PostgreSQL database', () => {
  it('sign-out everywhere on node A closes a socket open on node B', async (context) => {
    // Embedded PGlite is single-node by nature; this runs when the tests use a PostgreSQL server.
    if (!t.testDb.url) context.skip();
    const dbB = await openDb({ databaseUrl: t.testDb.url!, poolSize: 4 });
    const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data' });
    const kernelB = await createKernel({ config, clock: t.clock, db: dbB, logger: silentLogger, runWorkers: false });
    const appB = await buildApp(kernelB);
    try {
      await appB.listen({ port: 0, host: '127.0.0.1' });
      const urlB = `ws://127.0.0.1:${(appB.server.address() as AddressInfo).port}/api/v1/realtime`;
      const agent = await a.addUser('agent');
      const socket = await openTestSocket(urlB, { cookie: agent.cookie });
      expect((await t.request(agent, 'POST', '/api/v1/auth/logout-everywhere')).statusCode).toBe(200);
      expect(await closedWithin(socket, 3000)).toBe(CLOSE_SIGNED_OUT);
    } finally {
      await appB.close();
      await kernelB.close();
      await dbB.close();
    }
  });
});
