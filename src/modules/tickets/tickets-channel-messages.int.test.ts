import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import * as messagesRepo from './ticket-messages.repository.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;
/** An integration's token that may bring in customers' messages, and one that may not. */
let integration: string;
let plainToken: string;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-03-02T01:00:00Z' });
  a = await t.createWorkspace();
  agent = await a.addUser('agent');
  const token = async (scopes: string[]) => {
    const response = await t.request(a.admin, 'POST', '/api/v1/api-tokens', { name: `Token ${scopes.join(' ')}`, scopes });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().token as string;
  };
  integration = await token(['tickets.read', 'tickets.write', 'messages.customer']);
  plainToken = await token(['tickets.read', 'tickets.write']);
  // Next response within 30 minutes of a customer's message, for every ticket.
  const policy = await t.request(a.admin, 'POST', '/api/v1/sla-policies', {
    name: 'Next response',
    position: 0,
    targets: [
      { metric: 'first_response', minutes: 15 },
      { metric: 'next_response', minutes: 30 },
    ],
  });
  expect(policy.statusCode, policy.body).toBe(201);
});
afterAll(() => t.close());

const withToken = (token: string, method: 'POST' | 'GET', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

const footprint = async (ticketId: string) => ({
  messages: (await t.kernel.db.query(`SELECT id FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = $2`, [a.id, ticketId])).length,
  ticket: (await t.kernel.db.query(`SELECT status, version, updated_at, last_message_at FROM tickets WHERE workspace_id = $1 AND id = $2`, [a.id, ticketId]))[0],
  events: (await t.kernel.db.query(`SELECT id FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2`, [a.id, ticketId])).length,
});

describe('a customer’s message from an integration', () => {
  it('is stored with its channel fields, counts as the customer’s reply for the SLA and reopens a solved ticket', async () => {
    const ticket = await makeTicket(t, agent, { customer: { name: '王芳', email: 'wang.fang@example.com' } });
    await t.settle();
    const url = `/api/v1/tickets/${ticket.id}`;
    const answer = await t.request(agent, 'POST', `${url}/messages`, { kind: 'reply', body: '您好，已为您查询。' });
    expect(answer.statusCode).toBe(201);
    await t.request(agent, 'PATCH', url, { status: 'solved' }, { 'if-match': answer.headers.etag as string });
    await t.settle();

    t.clock.advanceMinutes(10);
    const response = await withToken(integration, 'POST', `${url}/messages`, {
      authorType: 'customer',
      body: '还是没有收到退款。',
      htmlBody: '<p>还是没有收到<b>退款</b>。</p>',
      externalId: '<CAF1234@mail.example.com>',
      from: 'wang.fang@example.com',
      to: ['support@shop.example', 'billing@shop.example'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const { message, ticket: after } = response.json();
    expect(message).toMatchObject({
      kind: 'reply',
      authorType: 'customer',
      author: { id: ticket.customerId, name: '王芳' },
      body: '还是没有收到退款。',
      htmlBody: '<p>还是没有收到<b>退款</b>。</p>',
      externalId: '<CAF1234@mail.example.com>',
      // The token was not granted `contacts.unmasked`: it reads addresses masked, as such a person would.
      from: 'w***@example.com',
      to: ['s***@shop.example', 'b***@shop.example'],
      deliveryStatus: null,
      deliveryError: null,
    });
    expect(after.status).toBe('open');

    const listed = (await t.request(a.admin, 'GET', `${url}/messages`)).json().items.at(-1);
    expect(listed).toMatchObject({ id: message.id, externalId: '<CAF1234@mail.example.com>', from: 'wang.fang@example.com', to: ['support@shop.example', 'billing@shop.example'] });
    const timeline = (await t.request(a.admin, 'GET', `${url}/timeline`)).json().items.at(-1);
    expect(timeline).toMatchObject({ kind: 'reply_added', messageId: message.id, changes: { status: { from: 'solved', to: 'open' } }, details: { authorType: 'customer' } });

    // The SLA engine hears a customer's reply: the next-response clock starts at it.
    await t.settle();
    const sla = (await t.request(agent, 'GET', `${url}/sla`)).json();
    expect(sla.targets.find((target: { metric: string }) => target.metric === 'next_response')).toMatchObject({ status: 'active', dueAt: new Date(t.clock.now().getTime() + 30 * 60_000).toISOString() });

    // A viewer without `contacts.unmasked` sees the addresses masked.
    const specialist = await a.addUser('specialist');
    await t.kernel.services.tickets.updateTicket(systemActor(a.id), ticket.id, { assigneeId: specialist.id });
    const masked = (await t.request(specialist, 'GET', `${url}/messages`)).json().items.at(-1);
    expect(masked).toMatchObject({ from: 'w***@example.com', to: ['s***@shop.example', 'b***@shop.example'] });
  });

  it('is refused for a token without the scope, for a signed-in person, and as an internal note', async () => {
    const ticket = await makeTicket(t, agent);
    const url = `/api/v1/tickets/${ticket.id}/messages`;
    const before = await footprint(ticket.id);

    const noScope = await withToken(plainToken, 'POST', url, { authorType: 'customer', body: 'from elsewhere' });
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json()).toMatchObject({ code: 'forbidden', permission: 'messages.customer' });
    const person = await t.request(a.admin, 'POST', url, { authorType: 'customer', body: 'typed by the admin' });
    expect(person.statusCode).toBe(403);
    expect(person.json().detail).toContain('API token');
    const note = await withToken(integration, 'POST', url, { authorType: 'customer', kind: 'note', body: 'a note' });
    expect(note.statusCode).toBe(400);
    expect(await footprint(ticket.id)).toEqual(before);

    // The same tokens still write as an agent.
    const asAgent = await withToken(plainToken, 'POST', url, { body: 'An update from our system.' });
    expect(asAgent.statusCode).toBe(201);
    expect(asAgent.json().message.authorType).toBe('agent');
  });

  it('stores one message per external id and records a channel’s delivery report', async () => {
    const ticket = await makeTicket(t, agent);
    const other = await makeTicket(t, agent);
    const url = `/api/v1/tickets/${ticket.id}/messages`;
    const first = await withToken(integration, 'POST', url, { authorType: 'customer', body: 'hello', externalId: 'wechat:9001' });
    expect(first.statusCode).toBe(201);
    const before = await footprint(ticket.id);
    const again = await withToken(integration, 'POST', url, { authorType: 'customer', body: 'hello', externalId: 'wechat:9001' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', messageId: first.json().message.id, errors: [{ field: 'externalId' }] });
    // On another ticket the id is refused too, without saying where it is.
    const elsewhere = await withToken(integration, 'POST', `/api/v1/tickets/${other.id}/messages`, { authorType: 'customer', body: 'hello', externalId: 'wechat:9001' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().messageId).toBeUndefined();
    expect(await footprint(ticket.id)).toEqual(before);
    // Two writers racing past the look-up meet the unique index, which reads as the same refusal.
    const race = await t.kernel.db
      .transaction((tx) => messagesRepo.insertMessage(tx, a.id, ticket.id, { id: newId(), kind: 'reply', authorType: 'customer', authorId: null, body: 'race', isAutoReply: false, attachmentIds: [], now: t.clock.now(), externalId: 'wechat:9001' }))
      .catch((error: unknown) => error);
    expect(messagesRepo.isDuplicateExternalId(race)).toBe(true);

    // An outbound reply a channel sends: pending, then sent with the provider's id, then failed with its error.
    const system = systemActor(a.id);
    const { tickets } = t.kernel.services;
    const sent = await t.kernel.db.transaction((tx) => tickets.addMessageInTransaction(tx, system, ticket.id, { kind: 'reply', body: 'Your refund is on its way.', authorType: 'agent', authorId: agent.id, to: ['customer@example.com'], deliveryStatus: 'pending' }));
    expect(sent.message).toMatchObject({ deliveryStatus: 'pending', externalId: null });
    await t.kernel.db.transaction((tx) => tickets.recordDeliveryInTransaction(tx, system, ticket.id, sent.message.id, { status: 'sent', externalId: '<out-1@kefu.example>' }));
    const failed = await t.kernel.db.transaction((tx) => tickets.recordDeliveryInTransaction(tx, system, ticket.id, sent.message.id, { status: 'failed', error: '550 mailbox unavailable' }));
    expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryError: '550 mailbox unavailable', externalId: '<out-1@kefu.example>' });
    const listed = (await t.request(agent, 'GET', url)).json().items.find((m: { id: string }) => m.id === sent.message.id);
    expect(listed).toMatchObject({ deliveryStatus: 'failed', deliveryError: '550 mailbox unavailable', externalId: '<out-1@kefu.example>', to: ['customer@example.com'] });
    await expect(t.kernel.db.transaction((tx) => tickets.recordDeliveryInTransaction(tx, system, other.id, sent.message.id, { status: 'sent' }))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps the external id with the original when tickets are merged', async () => {
    const source = await makeTicket(t, agent);
    const target = await makeTicket(t, agent);
    const posted = await withToken(integration, 'POST', `/api/v1/tickets/${source.id}/messages`, { authorType: 'customer', body: 'merged mail', externalId: '<merge@mail.example>', from: 'x@example.com' });
    expect(posted.statusCode).toBe(201);
    expect((await t.request(agent, 'POST', `/api/v1/tickets/${source.id}/merge`, { targetId: target.id })).statusCode).toBe(200);
    const copy = (await t.request(agent, 'GET', `/api/v1/tickets/${target.id}/messages`)).json().items.find((m: { copiedFromId: string | null }) => m.copiedFromId === posted.json().message.id);
    expect(copy).toMatchObject({ body: 'merged mail', from: 'x@example.com', externalId: null, authorType: 'customer' });
  });
});
