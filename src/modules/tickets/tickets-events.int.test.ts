import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { TICKET_EVENTS, ticketsOutbox } from './index.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
});
afterAll(() => t.close());

describe('ticket event payloads', () => {
  it('carry the ticket as it is after the change, and a message event its message, to a typed subscriber', async () => {
    const seen: Record<string, unknown>[] = [];
    t.kernel.dispatcher.subscribe(
      ticketsOutbox.subscriber({
        name: 'test.rules-probe',
        types: [TICKET_EVENTS.created, TICKET_EVENTS.updated, TICKET_EVENTS.messageAdded],
        async handle(event) {
          const { subject, tags, customFields, priority, urgency, status, teamId, assigneeId } = event.payload;
          const ticket = { type: event.type, subject, tags, customFields, priority, urgency, status, teamId, assigneeId };
          if (event.type === TICKET_EVENTS.messageAdded) {
            const { body, kind, authorType, authorId, attachmentIds } = event.payload;
            seen.push({ ...ticket, message: { body, kind, authorType, authorId, attachmentIds } });
          } else seen.push(ticket);
        },
      }),
    );
    expect((await t.request(a.admin, 'POST', '/api/v1/custom-fields', { key: 'order_no', labels: { en: 'Order number', 'zh-CN': '订单号' }, type: 'text' })).statusCode).toBe(201);
    const team = await t.kernel.services.identity.createTeam(a.admin.actor, { name: 'Frontline', kind: 'team' });
    const agent = await a.addUser('agent', { teamIds: [team.id] });
    const created = await t.request(a.admin, 'POST', '/api/v1/tickets', {
      subject: '退款没有到账',
      description: 'Paid twice.',
      customer: { name: 'Li Lei' },
      priority: 'P2',
      urgency: 'urgent',
      tags: ['refund'],
      customFields: { order_no: 'A-1001' },
      teamId: team.id,
    });
    expect(created.statusCode).toBe(201);
    const ticket = created.json();
    const patched = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { tags: ['refund', 'vip'], assigneeId: agent.id, status: 'open' }, { 'if-match': created.headers.etag as string });
    expect(patched.statusCode, patched.body).toBe(200);
    await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'We are on it. 已经在处理。' });
    await t.kernel.dispatcher.drain();

    const facts = { subject: '退款没有到账', customFields: { order_no: 'A-1001' }, priority: 'P2', urgency: 'urgent', teamId: team.id };
    expect(seen).toEqual([
      { type: 'ticket.created', ...facts, tags: ['refund'], status: 'new', assigneeId: null },
      { type: 'ticket.updated', ...facts, tags: ['refund', 'vip'], status: 'open', assigneeId: agent.id },
      {
        type: 'message.added',
        ...facts,
        tags: ['refund', 'vip'],
        status: 'open',
        assigneeId: agent.id,
        message: { body: 'We are on it. 已经在处理。', kind: 'reply', authorType: 'agent', authorId: agent.id, attachmentIds: [] },
      },
    ]);
  });
});

describe('reads on the caller’s transaction', () => {
  it('see the transaction’s own writes and take no second connection (embedded, one would wait forever)', async () => {
    const { tickets, customers } = t.kernel.services;
    const ticket = await makeTicket(t, a.admin, { customer: { name: 'Han Meimei', email: 'han@example.com' } });
    const system = systemActor(a.id);
    const seen = await t.kernel.db.transaction(async (tx) => {
      await tickets.addMessageInTransaction(tx, system, ticket.id, { kind: 'reply', body: 'Still waiting.', authorType: 'customer' });
      const [view, messages, customer] = await Promise.all([
        tickets.getTicketInTransaction(tx, system, ticket.id),
        tickets.listMessagesInTransaction(tx, system, ticket.id, { kind: 'reply' }),
        customers.getCustomerInTransaction(tx, system, ticket.customerId),
      ]);
      return { lastMessageAt: view.lastMessageAt, bodies: messages.items.map((m) => m.body), customer: customer.name, email: customer.identities[0]?.value };
    });
    expect(seen).toEqual({ lastMessageAt: expect.any(Date), bodies: ['Something needs attention.', 'Still waiting.'], customer: 'Han Meimei', email: 'han@example.com' });
  });

  it('check the actor like the other reads do', async () => {
    const other = await t.createWorkspace();
    const ticket = await makeTicket(t, a.admin);
    await expect(t.kernel.db.transaction((tx) => t.kernel.services.tickets.getTicketInTransaction(tx, other.admin.actor, ticket.id))).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.kernel.db.transaction((tx) => t.kernel.services.customers.getCustomerInTransaction(tx, other.admin.actor, ticket.customerId))).rejects.toMatchObject({ code: 'not_found' });
  });
});
