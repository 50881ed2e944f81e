/** Presence by activity, over real WebSockets: the last socket closing sets away, then offline (work handed on); a socket opening restores the agent's choice. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { openTestSocket } from '../../testing/ws-client.ts';

let t: TestContext;
let a: TestWorkspace;
let team: string;
let ann: TestUser;
let bob: TestUser;
let url: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  team = (await t.kernel.services.identity.createTeam(systemActor(a.id), { name: 'Night shift', kind: 'team' })).id;
  ann = await a.addUser('agent', { teamIds: [team], name: 'Ann' });
  bob = await a.addUser('agent', { teamIds: [team], name: 'Bob' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(() => t.close());

const presenceOf = async (user: TestUser) => (await t.kernel.services.identity.getUsersByIds(a.id, [user.id]))[0]!.presence;
const setPresence = (user: TestUser, presence: string) => t.request(user, 'PATCH', '/api/v1/me', { presence });
const openSockets = async (user: TestUser) =>
  (await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM routing_sockets WHERE workspace_id = $1 AND user_id = $2`, [a.id, user.id]))[0]!.n;
const idleTimerArmed = async (user: TestUser) =>
  (await t.kernel.db.query(`SELECT 1 FROM timers WHERE workspace_id = $1 AND key LIKE $2 AND fired_at IS NULL`, [a.id, `routing:idle:${user.id}%`])).length === 1;
const assigneeOf = async (ticketId: string) =>
  (await t.kernel.db.query<{ assignee_id: string | null }>(`SELECT assignee_id FROM tickets WHERE workspace_id = $1 AND id = $2`, [a.id, ticketId]))[0]!.assignee_id;

async function connect(user: TestUser) {
  const before = await openSockets(user);
  const socket = await openTestSocket(url, { cookie: user.cookie });
  await expect.poll(() => openSockets(user)).toBe(before + 1);
  return socket;
}

async function disconnect(user: TestUser, socket: Awaited<ReturnType<typeof openTestSocket>>) {
  const before = await openSockets(user);
  socket.close();
  await expect.poll(() => openSockets(user)).toBe(before - 1);
}

describe('presence by activity', () => {
  it('keeps an agent online while another of their sockets is open, and sets away only once the last has been closed for a while', async () => {
    expect((await setPresence(ann, 'online')).statusCode).toBe(200);
    const first = await connect(ann);
    const second = await connect(ann);
    await disconnect(ann, first);
    expect(await idleTimerArmed(ann)).toBe(false);
    t.clock.advanceMinutes(10);
    await t.settle();
    expect(await presenceOf(ann)).toBe('online');

    await disconnect(ann, second);
    expect(await idleTimerArmed(ann)).toBe(true);
    t.clock.advanceMinutes(4);
    await t.settle();
    expect(await presenceOf(ann)).toBe('online');
    t.clock.advanceMinutes(2);
    await t.settle();
    expect(await presenceOf(ann)).toBe('away');

    // Back within the half hour: online again, and the offline step is called off.
    const back = await connect(ann);
    expect(await presenceOf(ann)).toBe('online');
    expect(await idleTimerArmed(ann)).toBe(false);
    await disconnect(ann, back);
  });

  it('sets offline after longer and hands the open work on; the chosen presence returns with the next socket', async () => {
    await t.request(a.admin, 'PUT', `/api/v1/routing/teams/${team}`, { strategy: 'least_loaded' });
    expect((await setPresence(bob, 'offline')).statusCode).toBe(200);
    expect((await setPresence(ann, 'online')).statusCode).toBe(200);
    await t.settle();
    const created = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'Parcel never came 包裹没到', customer: { name: '李雷' }, teamId: team });
    const ticketId = (created.json() as { id: string }).id;
    await t.settle();
    expect(await assigneeOf(ticketId)).toBe(ann.id);

    const socket = await connect(ann);
    await disconnect(ann, socket);
    t.clock.advanceMinutes(6);
    await t.settle();
    expect(await presenceOf(ann)).toBe('away');
    // Away keeps the work.
    expect(await assigneeOf(ticketId)).toBe(ann.id);
    t.clock.advanceMinutes(25);
    await t.settle();
    expect(await presenceOf(ann)).toBe('offline');
    // Nobody else online: the ticket waits in the queue.
    expect(await assigneeOf(ticketId)).toBeNull();

    // Bob comes online and takes it; Ann's socket reopens and she is online again (her own choice), taking nothing yet.
    expect((await setPresence(bob, 'online')).statusCode).toBe(200);
    await t.settle();
    expect(await assigneeOf(ticketId)).toBe(bob.id);
    const again = await connect(ann);
    expect(await presenceOf(ann)).toBe('online');
    await disconnect(ann, again);
  });

  it('leaves a chosen away as it is until offline, and brings back away, not online, on return', async () => {
    expect((await setPresence(ann, 'away')).statusCode).toBe(200);
    const socket = await connect(ann);
    await disconnect(ann, socket);
    t.clock.advanceMinutes(6);
    await t.settle();
    expect(await presenceOf(ann)).toBe('away');
    t.clock.advanceMinutes(30);
    await t.settle();
    expect(await presenceOf(ann)).toBe('offline');
    const back = await connect(ann);
    expect(await presenceOf(ann)).toBe('away');
    await disconnect(ann, back);
  });

  it('does not bring back a presence the agent changed by hand while away', async () => {
    expect((await setPresence(ann, 'online')).statusCode).toBe(200);
    const socket = await connect(ann);
    await disconnect(ann, socket);
    t.clock.advanceMinutes(6);
    await t.settle();
    expect(await presenceOf(ann)).toBe('away');
    // Signed in from a phone without the live socket, they chose offline themselves.
    expect((await setPresence(ann, 'offline')).statusCode).toBe(200);
    const back = await connect(ann);
    expect(await presenceOf(ann)).toBe('offline');
    await disconnect(ann, back);
  });
});
