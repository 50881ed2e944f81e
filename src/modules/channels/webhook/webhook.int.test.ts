import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { ChannelSendError } from '../channel-adapter.ts';
import { signatureHeader, verifySignature } from '../hook-signature.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let connection: { id: string; secret: string; inboundUrl: string };
let receiver: Server;
let receiverUrl = '';
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let nextStatus = 200;

const send = (body: unknown, options: { secret?: string; at?: Date; id?: string } = {}) => {
  const raw = JSON.stringify(body);
  return t.app.inject({
    method: 'POST',
    url: `/hooks/webhook/${options.id ?? connection.id}`,
    headers: { 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(options.secret ?? connection.secret, options.at ?? t.clock.now(), raw) },
    payload: raw,
  });
};
const inboundCount = async (workspaceId: string) => (await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM channel_inbound WHERE workspace_id = $1`, [workspaceId]))[0]!.n;
const webhookTickets = async (ws: TestWorkspace) => (await t.request(ws.admin, 'GET', '/api/v1/tickets?view=all&channel=webhook')).json().items as { id: string; subject: string; number: string; customerId: string }[];
const messagesOf = async (ticketId: string) => (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/messages`)).json().items as { id: string; body: string; kind: string }[];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(nextStatus, { 'content-type': 'application/json' }).end(nextStatus < 300 ? '{"ok":true}' : '{"error":"nope"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/replies`;
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  const created = await t.request(a.admin, 'POST', '/api/v1/hook-connections', { kind: 'webhook', name: 'LINE bridge', replyUrl: receiverUrl });
  expect(created.statusCode, created.body).toBe(201);
  connection = created.json();
  expect(connection.secret).toMatch(/^whsec_/);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('signed inbound webhook', () => {
  const first = { id: 'evt-1', conversationId: 'conv-9', sender: { id: 'u-42', name: '王五', email: 'wangwu@example.cn' }, text: '我想改一下收货地址' };
  let ticketId = '';

  it('never shows the secret again', async () => {
    const listed = (await t.request(a.admin, 'GET', '/api/v1/hook-connections')).json().items;
    expect(JSON.stringify(listed)).not.toContain(connection.secret);
    expect(listed[0].inboundUrl).toBe(`/hooks/webhook/${connection.id}`);
  });

  it('files a signed message as a webhook ticket for the customer it names', async () => {
    const response = await send(first);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().duplicate).toBe(false);
    expect(await t.kernel.services.channels.processInbound()).toBe(1);
    const [ticket] = await webhookTickets(a);
    expect(ticket!.subject).toBe('我想改一下收货地址');
    ticketId = ticket!.id;
    const customer = (await t.request(a.admin, 'GET', `/api/v1/customers/${ticket!.customerId}`)).json();
    expect(customer.name).toBe('王五');
    expect(customer.identities.map((identity: { kind: string }) => identity.kind).sort()).toEqual(['email', 'external_id']);
  });

  it('stores a replayed delivery (same id) once', async () => {
    const replay = await send(first);
    expect(replay.statusCode).toBe(202);
    expect(replay.json().duplicate).toBe(true);
    expect(await t.kernel.services.channels.processInbound()).toBe(0);
    expect(await messagesOf(ticketId)).toHaveLength(1);
  });

  it('files the next message of the conversation on the same ticket', async () => {
    await send({ ...first, id: 'evt-2', text: '新地址是上海市浦东新区' });
    await t.kernel.services.channels.processInbound();
    expect(await webhookTickets(a)).toHaveLength(1);
    expect((await messagesOf(ticketId)).map((message) => message.body)).toEqual(['我想改一下收货地址', '新地址是上海市浦东新区']);
  });

  it.each([
    ['no signature', (raw: string) => ({ 'content-type': 'application/json', _raw: raw })],
    ['another secret', (raw: string) => ({ 'content-type': 'application/json', 'x-kefu-signature': signatureHeader('whsec_other', t.clock.now(), raw) })],
    ['a timestamp ten minutes old', (raw: string) => ({ 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(connection.secret, new Date(t.clock.now().getTime() - 600_000), raw) })],
    ['a signature over another body', () => ({ 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(connection.secret, t.clock.now(), '{}') })],
  ])('answers 401 to %s and stores nothing', async (_name, headersFor) => {
    const before = await inboundCount(a.id);
    const raw = JSON.stringify({ ...first, id: 'evt-forged' });
    const { _raw: _unused, ...headers } = headersFor(raw) as Record<string, string>;
    const response = await t.app.inject({ method: 'POST', url: `/hooks/webhook/${connection.id}`, headers, payload: raw });
    expect(response.statusCode).toBe(401);
    expect(await inboundCount(a.id)).toBe(before);
  });

  it('refuses a signed body that breaks the schema with a 400 naming the field', async () => {
    const response = await send({ id: 'evt-bad', sender: { id: 'u-1' }, text: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('text');
  });

  it('refuses requests for a paused connection', async () => {
    await t.request(a.admin, 'PATCH', `/api/v1/hook-connections/${connection.id}`, { isActive: false });
    expect((await send({ ...first, id: 'evt-paused' })).statusCode).toBe(404);
    await t.request(a.admin, 'PATCH', `/api/v1/hook-connections/${connection.id}`, { isActive: true });
  });

  it('posts a reply to the reply URL, signed the same way, and classifies failures', async () => {
    const messages = await messagesOf(ticketId);
    const delivery = { workspaceId: a.id, ticketId, ticketMessageId: messages[0]!.id, text: '好的，已为您修改地址。' };
    const result = await t.kernel.services.channels.webhooks.sendReply(delivery);
    expect(result.response).toMatch(/^200/);
    const [call] = received;
    const body = JSON.parse(call!.body);
    expect(body).toMatchObject({ type: 'reply', conversationId: 'conv-9', recipient: { id: 'u-42' }, text: '好的，已为您修改地址。' });
    expect(verifySignature({ header: call!.headers['x-kefu-signature'] as string, body: call!.body, secrets: [connection.secret], now: t.clock.now() })).toEqual({ ok: true });
    expect(call!.headers['idempotency-key']).toBe(messages[0]!.id);

    nextStatus = 503;
    await expect(t.kernel.services.channels.webhooks.sendReply(delivery)).rejects.toMatchObject({ permanent: false });
    nextStatus = 400;
    const refused = await t.kernel.services.channels.webhooks.sendReply(delivery).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChannelSendError);
    expect((refused as ChannelSendError).permanent).toBe(true);
    nextStatus = 200;
    const state = (await t.request(a.admin, 'GET', `/api/v1/hook-connections/${connection.id}`)).json();
    expect(state.lastError).toContain('400');
    expect(state.lastReceivedAt).not.toBeNull();
  });
});

describe('an agent’s reply through the outbound queue', () => {
  it('is posted to the reply URL after commit and marked sent on the message', async () => {
    received.length = 0;
    const [ticket] = await webhookTickets(a);
    const response = await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket!.id}/messages`, { kind: 'reply', body: '地址已更新 ✅' });
    expect(response.statusCode).toBe(201);
    await t.kernel.dispatcher.drain();
    expect(await t.kernel.services.channels.outbound.sendPending()).toBe(1);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ id: response.json().message.id, conversationId: 'conv-9', recipient: { id: 'u-42' }, text: '地址已更新 ✅', ticket: { number: ticket!.number } });
    const sent = (await messagesOf(ticket!.id)).find((message) => message.id === response.json().message.id) as unknown as { deliveryStatus: string };
    expect(sent.deliveryStatus).toBe('sent');
  });
});

describe('tenancy', () => {
  it('keeps one workspace from reading, changing, rotating or removing another’s connection', async () => {
    expect((await t.request(b.admin, 'GET', `/api/v1/hook-connections/${connection.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', `/api/v1/hook-connections/${connection.id}`, { name: 'mine now' })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'POST', `/api/v1/hook-connections/${connection.id}/rotate-secret`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'DELETE', `/api/v1/hook-connections/${connection.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'GET', '/api/v1/hook-connections')).json().items).toEqual([]);
    expect(await webhookTickets(b)).toEqual([]);
  });

  it('does not take a workspace’s connection as another kind (a webhook id on the phone hook)', async () => {
    const raw = JSON.stringify({ direction: 'inbound', caller: '13912345678', callee: '4008001234', startedAt: '2026-05-06T03:00:00Z', outcome: 'answered' });
    const response = await t.app.inject({ method: 'POST', url: `/hooks/phone/${connection.id}`, headers: { 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(connection.secret, t.clock.now(), raw) }, payload: raw });
    expect(response.statusCode).toBe(404);
  });
});

// Last: it moves the clock past the sessions' lifetime.
describe('secret rotation', () => {
  it('accepts the previous secret for a day after a rotation, then only the new one', async () => {
    const rotated = (await t.request(a.admin, 'POST', `/api/v1/hook-connections/${connection.id}/rotate-secret`)).json();
    expect(rotated.secret).not.toBe(connection.secret);
    expect((await send({ conversationId: 'conv-rot', sender: { id: 'u-7' }, text: 'rotation', id: 'evt-old-secret' })).statusCode).toBe(202);
    expect((await send({ conversationId: 'conv-rot', sender: { id: 'u-7' }, text: 'rotation', id: 'evt-new-secret' }, { secret: rotated.secret })).statusCode).toBe(202);
    t.clock.advanceMs(25 * 3_600_000);
    expect((await send({ conversationId: 'conv-rot', sender: { id: 'u-7' }, text: 'rotation', id: 'evt-old-secret-late' })).statusCode).toBe(401);
    expect((await send({ conversationId: 'conv-rot', sender: { id: 'u-7' }, text: 'rotation', id: 'evt-new-secret-late' }, { secret: rotated.secret })).statusCode).toBe(202);
    connection = { ...connection, secret: rotated.secret };
    await t.kernel.services.channels.processInbound();
  });
});
