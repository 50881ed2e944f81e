/** Sub-tasks end to end through the API: hand-off, the department's queue, completion back on the parent, progress. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

// 2026-03-02 is a Monday, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let logistics: string;
let finance: string;
let frontline: string;
let agent: TestUser;
let shipper: TestUser;
let shipperTwo: TestUser;
let accountant: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  const { identity } = t.kernel.services;
  logistics = (await identity.createTeam(systemActor(a.id), { name: 'Logistics', kind: 'department' })).id;
  finance = (await identity.createTeam(systemActor(a.id), { name: 'Finance', kind: 'department' })).id;
  frontline = (await identity.createTeam(systemActor(a.id), { name: 'Frontline', kind: 'team' })).id;
  agent = await a.addUser('agent', { teamIds: [frontline] });
  shipper = await a.addUser('specialist', { teamIds: [logistics] });
  shipperTwo = await a.addUser('specialist', { teamIds: [logistics] });
  accountant = await a.addUser('specialist', { teamIds: [finance] });
});
afterAll(() => t.close());

async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) {
    if ((await t.kernel.dispatcher.drain()) + (await t.kernel.timers.drain()) === 0) return;
  }
}

async function newTicket(subject = 'Parcel lost 包裹丢失') {
  const response = await t.request(agent, 'POST', '/api/v1/tickets', { subject, description: 'Order 8812 never arrived.', customer: { name: '王芳', email: 'wang@example.com' }, teamId: frontline });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: string };
}

async function timelineKinds(ticketId: string): Promise<{ kind: string; content: string | null; details: Record<string, unknown> }[]> {
  const response = await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/timeline`);
  return (response.json().items as { kind: string; content: string | null; details: Record<string, unknown> }[]).filter((item) => item.kind.startsWith('subtask.'));
}

describe('sub-tasks', () => {
  it('hands part of a ticket to a department, which sees only its work, completes it, and the parent hears of it', async () => {
    t.clock.set(START);
    const ticket = await newTicket();
    const created = await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/subtasks`, {
      departmentId: logistics,
      title: 'Trace parcel 追踪包裹',
      description: 'Check the carrier scan history.',
      dueAt: '2026-03-02T05:00:00Z',
      notifyCustomer: true,
    });
    expect(created.statusCode).toBe(201);
    const subtask = created.json();
    expect(subtask).toMatchObject({ status: 'open', department: { id: logistics, name: 'Logistics' }, assignee: null, slaState: 'active', ticketNumber: ticket.number });
    // Warned at 80% of the time between creation and due.
    expect(subtask.warnAt).toBe('2026-03-02T04:12:00.000Z');

    // The department's specialists see it in their queue, with the parent's context but not the parent itself.
    const queue = await t.request(shipper, 'GET', '/api/v1/subtasks');
    expect(queue.json().items.map((item: { id: string }) => item.id)).toEqual([subtask.id]);
    const detail = (await t.request(shipper, 'GET', `/api/v1/subtasks/${subtask.id}`)).json();
    expect(detail.parent).toMatchObject({ number: ticket.number, subject: 'Parcel lost 包裹丢失', description: 'Order 8812 never arrived.', customerName: '王芳', canOpen: false });
    expect((await t.request(shipper, 'GET', `/api/v1/tickets/${ticket.id}`)).statusCode).toBe(404);
    expect((await t.request(shipper, 'GET', `/api/v1/tickets/${ticket.id}/subtasks`)).statusCode).toBe(404);
    // Another department sees nothing of it.
    expect((await t.request(accountant, 'GET', '/api/v1/subtasks')).json().items).toEqual([]);
    expect((await t.request(accountant, 'GET', `/api/v1/subtasks/${subtask.id}`)).statusCode).toBe(404);
    expect((await t.request(accountant, 'POST', `/api/v1/subtasks/${subtask.id}/complete`, { resolution: 'x' })).statusCode).toBe(404);
    // Nobody assigned: the department's members were told.
    await settle();
    const notices = await t.kernel.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE workspace_id = $1 AND source_key = $2`, [a.id, `subtask:${subtask.id}:created`]);
    expect(notices.map((n) => n.user_id).sort()).toEqual([shipper.id, shipperTwo.id].sort());

    // The specialist takes it and completes it.
    const taken = await t.request(shipper, 'PATCH', `/api/v1/subtasks/${subtask.id}`, { assigneeId: shipper.id, status: 'in_progress' }, { 'if-match': `"${subtask.version}"` });
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'in_progress', assignee: { id: shipper.id } });
    t.clock.advanceMinutes(30);
    const done = await t.request(shipper, 'POST', `/api/v1/subtasks/${subtask.id}/complete`, { resolution: 'Found at the depot; redelivery tomorrow.' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', slaState: 'met', completedBy: { id: shipper.id }, resolution: 'Found at the depot; redelivery tomorrow.' });
    await settle();

    const steps = await timelineKinds(ticket.id);
    expect(steps.map((step) => step.kind)).toEqual(['subtask.created', 'subtask.started', 'subtask.completed']);
    expect(steps[2]).toMatchObject({ content: 'Found at the depot; redelivery tomorrow.', details: { subtaskId: subtask.id, summaryKey: 'collaboration.timeline.completed' } });
    const list = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/subtasks`)).json();
    expect(list.progress).toEqual({ done: 1, total: 1 });
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}`)).json().extensions.collaboration).toEqual({ done: 1, total: 1 });

    const events = await t.kernel.db.query<{ type: string; aggregate_type: string; payload: Record<string, unknown> }>(
      `SELECT type, aggregate_type, payload FROM outbox_events WHERE workspace_id = $1 AND type LIKE 'subtask.%' AND (payload->>'subtaskId') = $2 ORDER BY id`,
      [a.id, subtask.id],
    );
    expect(events.map((e) => e.type)).toEqual(['subtask.created', 'subtask.updated', 'subtask.completed', 'subtask.customer_update']);
    expect(events[2]).toMatchObject({ aggregate_type: 'department', payload: { notifyCustomer: true, progress: { done: 1, total: 1 } } });
    expect(events[3]).toMatchObject({ aggregate_type: 'ticket', payload: { ticketId: ticket.id, resolution: 'Found at the depot; redelivery tomorrow.', progress: { done: 1, total: 1 } } });
    // The agent who asked hears it is done; the specialist does not hear of their own completion.
    const completedNotices = await t.kernel.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE workspace_id = $1 AND source_key LIKE $2`, [a.id, `subtask:${subtask.id}:completed:%`]);
    expect(completedNotices.map((n) => n.user_id)).toEqual([agent.id]);
  });

  it('counts progress over several departments and leaves cancelled ones out', async () => {
    t.clock.set(START);
    const ticket = await newTicket('Refund for damaged goods');
    const create = async (departmentId: string, title: string) => (await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/subtasks`, { departmentId, title })).json();
    const ship = await create(logistics, 'Collect the damaged item');
    const pay = await create(finance, 'Refund 120 CNY');
    const spare = await create(finance, 'Duplicate request');
    expect((await t.request(accountant, 'POST', `/api/v1/subtasks/${spare.id}/cancel`, { reason: 'duplicate' })).statusCode).toBe(403);
    expect((await t.request(agent, 'POST', `/api/v1/subtasks/${spare.id}/cancel`, { reason: 'Duplicate of the refund' })).json().status).toBe('cancelled');
    await t.request(accountant, 'POST', `/api/v1/subtasks/${pay.id}/complete`, { resolution: 'Refunded.' });
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/subtasks`)).json().progress).toEqual({ done: 1, total: 2 });
    // A cancelled one is final; a completed one can be reopened by the asking side only.
    expect((await t.request(agent, 'PATCH', `/api/v1/subtasks/${spare.id}`, { status: 'open' })).statusCode).toBe(409);
    expect((await t.request(accountant, 'PATCH', `/api/v1/subtasks/${pay.id}`, { status: 'open' })).statusCode).toBe(403);
    const reopened = await t.request(agent, 'PATCH', `/api/v1/subtasks/${pay.id}`, { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', resolution: null, completedAt: null });
    expect(ship.status).toBe('open');
  });

  it('refuses what a department cannot take, naming the field', async () => {
    t.clock.set(START);
    const ticket = await newTicket();
    const post = (body: object) => t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/subtasks`, { title: 'Check', ...body });
    const fieldOf = async (body: object) => {
      const response = await post(body);
      expect(response.statusCode).toBe(400);
      return response.json().errors[0].field;
    };
    expect(await fieldOf({ departmentId: frontline })).toBe('departmentId');
    expect(await fieldOf({ departmentId: logistics, assigneeId: accountant.id })).toBe('assigneeId');
    expect(await fieldOf({ departmentId: logistics, dueAt: '2026-03-01T00:00:00Z' })).toBe('dueAt');
    expect(await fieldOf({ departmentId: logistics, title: '' })).toBe('title');
    const count = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM subtasks WHERE workspace_id = $1 AND ticket_id = $2`, [a.id, ticket.id]);
    expect(count[0]!.n).toBe(0);

    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { status: 'solved' });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { status: 'closed' });
    expect((await post({ departmentId: logistics })).statusCode).toBe(409);
  });

  it('withdraws the open sub-tasks of a ticket that is closed', async () => {
    t.clock.set(START);
    const ticket = await newTicket();
    const open = (await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/subtasks`, { departmentId: logistics, title: 'Still open' })).json();
    const finished = (await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/subtasks`, { departmentId: finance, title: 'Done already' })).json();
    await t.request(accountant, 'POST', `/api/v1/subtasks/${finished.id}/complete`, { resolution: 'ok' });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { status: 'solved' });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { status: 'closed' });
    await settle();
    const items = (await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/subtasks`)).json().items as { id: string; status: string; cancelReason: string | null }[];
    expect(items.find((item) => item.id === open.id)).toMatchObject({ status: 'cancelled', cancelReason: 'The ticket was closed.' });
    expect(items.find((item) => item.id === finished.id)?.status).toBe('done');
  });

  it('creates once per source key, inside the caller’s transaction', async () => {
    t.clock.set(START);
    const ticket = await newTicket();
    const input = { ticketId: ticket.id, departmentId: finance, title: 'Pay compensation 50 CNY', origin: 'complaint', sourceKey: `compensation:${ticket.id}` };
    const first = await t.kernel.db.transaction((tx) => t.kernel.services.collaboration.createSubtaskInTransaction(tx, systemActor(a.id), input));
    const second = await t.kernel.db.transaction((tx) => t.kernel.services.collaboration.createSubtaskInTransaction(tx, systemActor(a.id), input));
    expect(first.created).toBe(true);
    expect(second).toEqual({ subtask: first.subtask, created: false });
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/subtasks`)).json().items).toHaveLength(1);
  });
});
