/** Routing end to end: presence, strategies, capacity, the P1 lane, skills, offline hand-on, reminders, transfer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let frontline: string;
let vipDesk: string;
let ann: TestUser;
let bob: TestUser;
let cat: TestUser;
let sue: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  const { identity } = t.kernel.services;
  frontline = (await identity.createTeam(systemActor(a.id), { name: 'Frontline', kind: 'team' })).id;
  vipDesk = (await identity.createTeam(systemActor(a.id), { name: 'VIP desk', kind: 'team' })).id;
  ann = await a.addUser('agent', { teamIds: [frontline], name: 'Ann' });
  bob = await a.addUser('agent', { teamIds: [frontline], name: 'Bob' });
  cat = await a.addUser('agent', { teamIds: [vipDesk], name: 'Cat' });
  sue = await a.addUser('supervisor', { teamIds: [frontline, vipDesk], name: 'Sue' });
  outsider = b.admin;
});
afterAll(() => t.close());

const presence = (user: TestUser, value: 'online' | 'away' | 'offline') => t.request(user, 'PATCH', '/api/v1/me', { presence: value });

async function newTicket(input: { teamId?: string; priority?: 'P1' | 'P2' | 'P3'; tags?: string[]; subject?: string; channel?: string } = {}) {
  const response = await t.request(a.admin, 'POST', '/api/v1/tickets', {
    subject: input.subject ?? 'Where is my order 我的订单在哪',
    description: 'Order 8812',
    customer: { name: '王芳', email: 'wang@example.com' },
    teamId: input.teamId ?? frontline,
    priority: input.priority ?? 'P3',
    tags: input.tags ?? [],
    ...(input.channel ? { channel: input.channel } : {}),
  });
  expect(response.statusCode).toBe(201);
  await t.settle();
  return (response.json() as { id: string }).id;
}

async function assigneeOf(ticketId: string): Promise<string | null> {
  const rows = await t.kernel.db.query<{ assignee_id: string | null }>(`SELECT assignee_id FROM tickets WHERE workspace_id = $1 AND id = $2`, [a.id, ticketId]);
  return rows[0]!.assignee_id;
}

async function solve(user: TestUser, ticketId: string) {
  await t.kernel.services.tickets.updateTicket(user.actor, ticketId, { status: 'solved' });
  await t.settle();
}

const setTeam = async (teamId: string, body: object, user: TestUser = sue) => {
  const response = await t.request(user, 'PUT', `/api/v1/routing/teams/${teamId}`, body);
  await t.settle();
  return response;
};
const setCapacity = async (user: TestUser, body: object) => {
  const response = await t.request(sue, 'PUT', `/api/v1/routing/agents/${user.id}`, body);
  expect(response.statusCode).toBe(200);
  await t.settle();
  return response.json();
};

async function timeline(ticketId: string) {
  const response = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/timeline`);
  return response.json().items as { kind: string; content: string | null; details: Record<string, unknown> }[];
}

describe('routing', () => {
  it('leaves a manual team alone, and serves its queue once a supervisor picks a strategy', async () => {
    for (const user of [ann, bob]) expect((await presence(user, 'online')).statusCode).toBe(200);
    await t.settle();
    const waiting = await newTicket();
    expect(await assigneeOf(waiting)).toBeNull();
    const queues = (await t.request(sue, 'GET', '/api/v1/routing/queues')).json().items;
    expect(queues.find((q: { teamId: string }) => q.teamId === frontline)).toMatchObject({ strategy: 'manual', waiting: 1, agentsOnline: 2 });

    // An agent may not change routing; a supervisor may.
    expect((await setTeam(frontline, { strategy: 'round_robin' }, ann)).statusCode).toBe(403);
    const set = await setTeam(frontline, { strategy: 'round_robin', reminderMinutes: 10 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ teamId: frontline, teamName: 'Frontline', strategy: 'round_robin', reminderMinutes: 10 });
    expect([ann.id, bob.id]).toContain(await assigneeOf(waiting));
    expect((await timeline(waiting)).map((step) => step.kind)).toContain('routing.assigned');
    await solve(a.admin, waiting);
  });

  it('spreads tickets round-robin evenly (max − min ≤ 1) and keeps the load counters true', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push(await newTicket({ subject: `Round ${i}` }));
    const counts = new Map<string | null, number>();
    for (const id of ids) {
      const who = await assigneeOf(id);
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([ann.id, bob.id].sort());
    expect(Math.abs(counts.get(ann.id)! - counts.get(bob.id)!)).toBeLessThanOrEqual(1);
    const agents = (await t.request(sue, 'GET', '/api/v1/routing/agents')).json().items as { userId: string; openTickets: number }[];
    expect(agents.find((x) => x.userId === ann.id)!.openTickets).toBe(counts.get(ann.id));
    expect(agents.find((x) => x.userId === bob.id)!.openTickets).toBe(counts.get(bob.id));
    for (const id of ids) await solve(a.admin, id);
    const after = (await t.request(sue, 'GET', '/api/v1/routing/agents')).json().items as { userId: string; openTickets: number }[];
    expect(after.filter((x) => x.userId === ann.id || x.userId === bob.id).map((x) => x.openTickets)).toEqual([0, 0]);
  });

  it('never goes past capacity; freed capacity takes the queue in order, P1 first (green lane)', async () => {
    await setTeam(frontline, { strategy: 'least_loaded' });
    await setCapacity(ann, { ticketCapacity: 1 });
    await setCapacity(bob, { ticketCapacity: 1 });
    const first = await newTicket();
    const second = await newTicket();
    expect(new Set([await assigneeOf(first), await assigneeOf(second)])).toEqual(new Set([ann.id, bob.id]));
    const older = await newTicket({ subject: 'older P3' });
    t.clock.advanceMs(60_000);
    const urgent = await newTicket({ subject: 'urgent P1', priority: 'P1' });
    expect(await assigneeOf(older)).toBeNull();
    expect(await assigneeOf(urgent)).toBeNull();
    const queue = (await t.request(sue, 'GET', `/api/v1/routing/queues/${frontline}`)).json();
    expect(queue.tickets.map((x: { ticketId: string }) => x.ticketId)).toEqual([urgent, older]);

    // The agent who solves one gets the P1, although the P3 waited longer.
    const annTicket = (await assigneeOf(first)) === ann.id ? first : second;
    await solve(ann, annTicket);
    expect(await assigneeOf(urgent)).toBe(ann.id);
    expect(await assigneeOf(older)).toBeNull();
    // Raising a capacity serves the queue at once.
    await setCapacity(bob, { ticketCapacity: 2 });
    expect(await assigneeOf(older)).toBe(bob.id);
    for (const id of [first, second, urgent, older].filter((id) => id !== annTicket)) await solve(a.admin, id);
    await setCapacity(ann, { ticketCapacity: 20 });
    await setCapacity(bob, { ticketCapacity: 20 });
  });

  it('routes by skills: never to an agent lacking a required skill at its level', async () => {
    await setTeam(vipDesk, { strategy: 'skills', skillRules: [{ field: 'tag', value: 'vip', skill: 'vip', minLevel: 3 }] });
    const { identity } = t.kernel.services;
    await identity.updateUser(a.admin.actor, cat.id, { skills: [{ skill: 'vip', level: 2 }] });
    await identity.updateUser(a.admin.actor, sue.id, { skills: [{ skill: 'vip', level: 4 }] });
    await presence(cat, 'online');
    await t.settle();
    const vip = await newTicket({ teamId: vipDesk, tags: ['vip'] });
    // Cat is online with room but only at level 2; Sue is not online: it waits.
    expect(await assigneeOf(vip)).toBeNull();
    await presence(sue, 'online');
    await t.settle();
    expect(await assigneeOf(vip)).toBe(sue.id);
    // A ticket without the tag needs no skill: the least loaded takes it.
    const plain = await newTicket({ teamId: vipDesk });
    expect(await assigneeOf(plain)).toBe(cat.id);
    await presence(sue, 'away');
    await t.settle();
  });

  it('hands an offline agent’s open work to the team, or back to the queue, with the reason on the timeline', async () => {
    await setTeam(frontline, { strategy: 'round_robin', reminderMinutes: 10 });
    const one = await newTicket();
    const two = await newTicket();
    expect(new Set([await assigneeOf(one), await assigneeOf(two)])).toEqual(new Set([ann.id, bob.id]));
    await presence(ann, 'offline');
    await t.settle();
    expect(await assigneeOf(one)).toBe(bob.id);
    expect(await assigneeOf(two)).toBe(bob.id);
    const moved = [one, two];
    const kinds = (await Promise.all(moved.map(timeline))).flat().map((step) => step.kind);
    expect(kinds).toContain('routing.reassigned');

    // Nobody left online: Bob's work goes back to the queue, and the supervisors hear of it after 10 minutes.
    await presence(bob, 'offline');
    await t.settle();
    expect(await assigneeOf(one)).toBeNull();
    expect((await timeline(one)).map((step) => step.kind)).toContain('routing.requeued');
    t.clock.advanceMs(11 * 60_000);
    await t.settle();
    const notices = await t.kernel.db.query<{ user_id: string; ticket_id: string }>(`SELECT user_id, ticket_id FROM notifications WHERE workspace_id = $1 AND kind = 'routing.unassigned'`, [a.id]);
    expect(notices.filter((n) => n.ticket_id === one).map((n) => n.user_id)).toEqual([sue.id]);
    const inbox = (await t.request(sue, 'GET', '/api/v1/notifications')).json().items as { title: string }[];
    expect(inbox.some((n) => n.title.includes('Frontline'))).toBe(true);

    // Coming back online takes the queue again.
    await presence(ann, 'online');
    await t.settle();
    expect(await assigneeOf(one)).toBe(ann.id);
    expect(await assigneeOf(two)).toBe(ann.id);
    await presence(bob, 'online');
    for (const id of moved) await solve(a.admin, id);
  });

  it('assigns and transfers by hand with a reason on the timeline', async () => {
    const id = await newTicket();
    const transfer = await t.request(sue, 'POST', `/api/v1/tickets/${id}/transfer`, { assigneeId: cat.id, teamId: vipDesk, reason: 'Customer asked for 粤语 support' });
    expect(transfer.statusCode).toBe(200);
    expect(transfer.json()).toMatchObject({ assigneeId: cat.id, teamId: vipDesk });
    await t.settle();
    const step = (await timeline(id)).find((entry) => entry.kind === 'routing.transferred')!;
    expect(step.content).toBe('Customer asked for 粤语 support');
    // Sent to a routed team without a person: routed there.
    const back = await t.request(sue, 'POST', `/api/v1/tickets/${id}/transfer`, { assigneeId: null, teamId: frontline, reason: 'Back to the front line' });
    expect(back.statusCode).toBe(200);
    expect([ann.id, bob.id]).toContain(back.json().assigneeId);
    const none = await t.request(sue, 'POST', `/api/v1/tickets/${id}/transfer`, { reason: 'nothing' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'assigneeId' });
  });

  it('refuses bad input with the field and reason, in the user’s language', async () => {
    const bad = await t.request(sue, 'PUT', `/api/v1/routing/teams/${frontline}`, { strategy: 'fastest' }, { 'accept-language': 'zh-CN' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('strategy');
    const duplicate = await t.request(sue, 'PUT', `/api/v1/routing/teams/${frontline}`, {
      strategy: 'skills',
      skillRules: [
        { field: 'tag', value: 'vip', skill: 'vip', minLevel: 3 },
        { field: 'tag', value: 'vip', skill: 'vip', minLevel: 4 },
      ],
    }, { 'accept-language': 'zh-CN' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0]).toMatchObject({ field: 'skillRules[1]', message: '该规则重复了。' });
    expect((await t.request(sue, 'PUT', `/api/v1/routing/agents/${ann.id}`, { chatCapacity: -1 })).statusCode).toBe(400);
    const config = (await t.request(sue, 'GET', '/api/v1/routing/teams')).json().items.find((x: { teamId: string }) => x.teamId === frontline);
    expect(config.strategy).toBe('round_robin');
  });

  it('keeps workspaces apart: another workspace can neither read nor change routing here', async () => {
    const id = await newTicket();
    expect((await t.request(outsider, 'PUT', `/api/v1/routing/teams/${frontline}`, { strategy: 'manual' })).statusCode).toBe(400);
    expect((await t.request(outsider, 'GET', `/api/v1/routing/queues/${frontline}`)).statusCode).toBe(400);
    expect((await t.request(outsider, 'PUT', `/api/v1/routing/agents/${ann.id}`, { chatCapacity: 9 })).statusCode).toBe(404);
    expect((await t.request(outsider, 'POST', `/api/v1/tickets/${id}/transfer`, { assigneeId: null, reason: 'mine now' })).statusCode).toBe(404);
    const theirs = await t.request(outsider, 'GET', '/api/v1/routing/teams');
    expect(theirs.json().items).toEqual([]);
    expect((await t.request(outsider, 'GET', '/api/v1/routing/agents')).json().items.map((x: { userId: string }) => x.userId)).not.toContain(ann.id);
    const config = (await t.request(sue, 'GET', '/api/v1/routing/teams')).json().items.find((x: { teamId: string }) => x.teamId === frontline);
    expect(config.strategy).toBe('round_robin');
    const agents = (await t.request(sue, 'GET', '/api/v1/routing/agents')).json().items;
    expect(agents.find((x: { userId: string }) => x.userId === ann.id).chatCapacity).toBe(3);
  });
});
