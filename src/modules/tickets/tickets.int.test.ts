import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;

const outbox = async (ticketId: string) =>
  t.kernel.db.query<{ type: string; payload: Record<string, unknown> }>(
    `SELECT type, payload FROM outbox_events WHERE aggregate_type = 'ticket' AND aggregate_id = $1 ORDER BY id`,
    [ticketId],
  );

beforeAll(async () => {
  t = await createTestContext({ start: '2026-03-01T16:30:00Z' });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
});
afterAll(() => t.close());

describe('create and read', () => {
  it('registers a ticket with a number in the workspace time zone and a first customer message', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/tickets', {
      subject: '物流信息超过3天未更新',
      description: '我的订单 A123 三天没有物流更新了',
      customer: { name: '张三', phone: '13912345678' },
      priority: 'P1',
      urgency: 'urgent',
      type: 'after_sales',
      channel: 'phone',
      tags: ['物流', 'vip', 'vip'],
    });
    expect(response.statusCode).toBe(201);
    const ticket = response.json();
    expect(ticket.number).toBe('CS20260302001');
    expect(ticket).toMatchObject({ status: 'new', priority: 'P1', urgency: 'urgent', type: 'after_sales', channel: 'phone', tags: ['物流', 'vip'], version: 1 });
    expect(ticket.customer.name).toBe('张三');
    expect(response.headers.etag).toBe('"1"');

    const detail = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.headers.etag).toBe('"1"');
    expect(detail.json()).toMatchObject({ id: ticket.id, links: [], extensions: {} });

    const messages = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/messages`)).json();
    expect(messages.items).toHaveLength(1);
    expect(messages.items[0]).toMatchObject({ kind: 'reply', authorType: 'customer', body: '我的订单 A123 三天没有物流更新了', author: { name: '张三' } });

    const timeline = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json();
    expect(timeline.items).toEqual([expect.objectContaining({ kind: 'created', stage: 'intake', operator: expect.objectContaining({ type: 'user', id: a.admin.id }) })]);

    const byNumber = await t.request(a.admin, 'GET', '/api/v1/tickets/by-number/cs20260302001');
    expect(byNumber.json().id).toBe(ticket.id);

    const events = await outbox(ticket.id);
    expect(events.map((e) => e.type)).toEqual(['ticket.created']);
    expect(events[0]!.payload).toMatchObject({ ticketId: ticket.id, number: 'CS20260302001', status: 'new', priority: 'P1', type: 'after_sales', channel: 'phone', customerId: ticket.customerId, assigneeId: null });
  });

  it('numbers grow past 999 and restart each local day', async () => {
    const ws = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
    await t.kernel.db.query(`INSERT INTO ticket_counters (workspace_id, day, last_seq) VALUES ($1, '2026-03-02', 998)`, [ws.id]);
    expect((await makeTicket(t, ws.admin)).number).toBe('CS20260302999');
    expect((await makeTicket(t, ws.admin)).number).toBe('CS202603021000');
    t.clock.advanceMinutes(24 * 60);
    expect((await makeTicket(t, ws.admin)).number).toBe('CS20260303001');
    t.clock.advanceMinutes(-24 * 60);
  });

  it('gives a rolled-back create its number back', async () => {
    const ws = await t.createWorkspace();
    expect((await makeTicket(t, ws.admin)).number).toMatch(/001$/);
    const bad = await t.request(ws.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: { email: 'not-an-email' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('customer.email');
    expect((await makeTicket(t, ws.admin)).number).toMatch(/002$/);
  });

  it('assigns at creation: the ticket starts open and ticket.assigned is written', async () => {
    const agent = await a.addUser('agent');
    const ticket = await makeTicket(t, a.admin, { assigneeId: agent.id });
    expect(ticket.status).toBe('open');
    expect(ticket.assignee).toEqual({ id: agent.id, name: expect.any(String) });
    expect((await outbox(ticket.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned']);
  });
});

describe('transaction-scoped variants for channels', () => {
  it('creates a ticket and appends a customer reply inside the caller’s transaction, or neither', async () => {
    const ws = await t.createWorkspace();
    const system = { ...ws.admin.actor, kind: 'system' as const, userId: null };
    const tickets = t.kernel.services.tickets;
    const created = await t.kernel.db.transaction(async (tx) => {
      const ticket = await tickets.createTicketInTransaction(tx, system, { subject: 'From e-mail', description: 'first mail', customer: { email: 'mailer@example.com' }, channel: 'email' });
      await tickets.addMessageInTransaction(tx, system, ticket.id, { kind: 'reply', body: 'second mail', authorType: 'customer' });
      return ticket;
    });
    expect(created.number).toMatch(/001$/);
    const messages = (await t.request(ws.admin, 'GET', `/api/v1/tickets/${created.id}/messages`)).json().items;
    expect(messages.map((m: { body: string }) => m.body)).toEqual(['first mail', 'second mail']);

    await expect(
      t.kernel.db.transaction(async (tx) => {
        await tickets.createTicketInTransaction(tx, system, { subject: 'Rolled back', customer: { email: 'other@example.com' } });
        throw new Error('channel failed after creating the ticket');
      }),
    ).rejects.toThrow('channel failed');
    expect((await makeTicket(t, ws.admin)).number).toMatch(/002$/);
  });
});

describe('status machine and optimistic concurrency', () => {
  it('requires If-Match, rejects a stale version and leaves the ticket unchanged', async () => {
    const ticket = await makeTicket(t, a.admin);
    const url = `/api/v1/tickets/${ticket.id}`;
    const missing = await t.request(a.admin, 'PATCH', url, { priority: 'P1' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition_required');

    const first = await t.request(a.admin, 'PATCH', url, { priority: 'P1' }, { 'if-match': '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');

    const stale = await t.request(a.admin, 'PATCH', url, { priority: 'P3', subject: 'overwritten' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'conflict', currentVersion: 2 });
    const stored = (await t.request(a.admin, 'GET', url)).json();
    expect(stored).toMatchObject({ priority: 'P1', subject: ticket.subject, version: 2 });

    const badHeader = await t.request(a.admin, 'PATCH', url, { priority: 'P3' }, { 'if-match': 'banana' });
    expect(badHeader.statusCode).toBe(400);
  });

  it('walks new → open → pending → open → solved → closed, and refuses illegal moves with a translated reason', async () => {
    const agent = await a.addUser('agent');
    const ticket = await makeTicket(t, a.admin);
    const url = `/api/v1/tickets/${ticket.id}`;
    let version = 1;
    const patch = async (body: object, headers: Record<string, string> = {}) => {
      const response = await t.request(a.admin, 'PATCH', url, body, { 'if-match': `"${version}"`, ...headers });
      if (response.statusCode === 200) version = response.json().version;
      return response;
    };

    const illegal = await patch({ status: 'closed' }, { 'accept-language': 'zh-CN' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({ code: 'invalid_state', from: 'new', to: 'closed' });
    expect(illegal.json().detail).toBe('工单状态不能从“待分派”变为“已关闭”。');

    expect((await patch({ assigneeId: agent.id })).json()).toMatchObject({ status: 'open', assignee: { id: agent.id } });
    expect((await patch({ status: 'pending' })).json().status).toBe('pending');
    expect((await patch({ status: 'open' })).json().status).toBe('open');
    const solved = (await patch({ status: 'solved', csat: 5 })).json();
    expect(solved).toMatchObject({ status: 'solved', csat: 5 });
    expect(solved.actualCompletionAt).not.toBeNull();
    expect((await patch({ status: 'closed' })).json().closedAt).not.toBeNull();
    const reopen = await patch({ status: 'open' });
    expect(reopen.statusCode).toBe(409);
    const edit = await patch({ subject: 'changed after close' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('invalid_state');

    const events = await outbox(ticket.id);
    expect(events.map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.updated',
      'ticket.status_changed',
      'ticket.assigned',
      'ticket.updated',
      'ticket.status_changed',
      'ticket.updated',
      'ticket.status_changed',
      'ticket.updated',
      'ticket.status_changed',
      'ticket.updated',
      'ticket.status_changed',
    ]);
    expect(events[1]!.payload.changes).toEqual({ assigneeId: { from: null, to: agent.id }, status: { from: 'new', to: 'open' } });
    const timeline = (await t.request(a.admin, 'GET', `${url}/timeline`)).json().items;
    expect(timeline.map((e: { kind: string; stage: string }) => `${e.kind}:${e.stage}`)).toEqual([
      'created:intake',
      'assigned:assignment',
      'status_changed:waiting',
      'status_changed:handling',
      'status_changed:resolution',
      'status_changed:closure',
    ]);
  });

  it('routes a ticket inside another module’s transaction, with the same events and timeline', async () => {
    const agent = await a.addUser('agent');
    const ticket = await makeTicket(t, a.admin);
    const system = { ...a.admin.actor, kind: 'system' as const, userId: null };
    await t.kernel.db.transaction(async (tx) => {
      const routed = await t.kernel.services.tickets.routeTicketInTransaction(tx, system, ticket.id, { assigneeId: agent.id, priority: 'P1', nextStep: 'escalated' });
      expect(routed).toMatchObject({ status: 'open', assigneeId: agent.id, priority: 'P1', version: 2 });
    });
    expect((await outbox(ticket.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'ticket.priority_changed']);
    const timeline = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items;
    expect(timeline.at(-1)).toMatchObject({ kind: 'assigned', operator: { type: 'system' }, nextStep: 'escalated' });
  });

  it('refuses a satisfaction score before the ticket is solved', async () => {
    const ticket = await makeTicket(t, a.admin);
    const response = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { csat: 4 }, { 'if-match': '"1"' });
    expect(response.statusCode).toBe(409);
  });

  it('does not bump the version or write events when nothing changes', async () => {
    const ticket = await makeTicket(t, a.admin);
    const response = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { priority: ticket.priority, tags: [] }, { 'if-match': '"1"' });
    expect(response.json().version).toBe(1);
    expect((await outbox(ticket.id)).map((e) => e.type)).toEqual(['ticket.created']);
  });
});

describe('conversation', () => {
  it('records replies and notes; a customer reply reopens a pending ticket; first response is stamped once', async () => {
    const agent = await a.addUser('agent');
    const ticket = await makeTicket(t, a.admin, { assigneeId: agent.id });
    const url = `/api/v1/tickets/${ticket.id}`;
    t.clock.advanceMinutes(3);
    const reply = await t.request(agent, 'POST', `${url}/messages`, { body: '您好，我们正在查询物流。', nextStep: '联系快递公司' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().message).toMatchObject({ kind: 'reply', authorType: 'agent', author: { id: agent.id } });
    const firstResponseAt = reply.json().ticket.firstResponseAt;
    expect(firstResponseAt).toBe(t.clock.now().toISOString());
    expect(reply.json().ticket.version).toBe(1);

    const note = await t.request(agent, 'POST', `${url}/messages`, { kind: 'note', body: 'internal: courier says Friday' });
    expect(note.json().message.kind).toBe('note');

    const pending = await t.request(agent, 'PATCH', url, { status: 'pending' }, { 'if-match': '"1"' });
    expect(pending.json().status).toBe('pending');

    const customer = await t.kernel.services.tickets.addMessage(
      { ...a.admin.actor, kind: 'system' },
      ticket.id,
      { kind: 'reply', body: '还没收到', authorType: 'customer' },
    );
    expect(customer.ticket.status).toBe('open');
    expect(customer.ticket.firstResponseAt?.toISOString()).toBe(firstResponseAt);

    const types = (await outbox(ticket.id)).map((e) => e.type);
    expect(types.filter((type) => type === 'message.added')).toHaveLength(3);
    expect(types.slice(-3)).toEqual(['message.added', 'ticket.updated', 'ticket.status_changed']);
    const timeline = (await t.request(a.admin, 'GET', `${url}/timeline`)).json().items;
    const replyStep = timeline.find((e: { messageId: string | null }) => e.messageId === reply.json().message.id);
    expect(replyStep).toMatchObject({ kind: 'reply_added', stage: 'handling', nextStep: '联系快递公司' });

    const messages = (await t.request(a.admin, 'GET', `${url}/messages?limit=2`)).json();
    expect(messages.items).toHaveLength(2);
    const rest = (await t.request(a.admin, 'GET', `${url}/messages?cursor=${messages.nextCursor}`)).json();
    expect(rest.items.map((m: { body: string }) => m.body)).toEqual(['internal: courier says Friday', '还没收到']);
  });

  it('refuses messages on a closed ticket and honours If-Match when sent', async () => {
    const ticket = await makeTicket(t, a.admin);
    const url = `/api/v1/tickets/${ticket.id}`;
    expect((await t.request(a.admin, 'POST', `${url}/messages`, { body: 'hi' }, { 'if-match': '"7"' })).statusCode).toBe(409);
    await t.request(a.admin, 'PATCH', url, { status: 'solved' }, { 'if-match': '"1"' });
    await t.request(a.admin, 'PATCH', url, { status: 'closed' }, { 'if-match': '"2"' });
    const response = await t.request(a.admin, 'POST', `${url}/messages`, { body: 'hello?' });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('invalid_state');
  });
});
