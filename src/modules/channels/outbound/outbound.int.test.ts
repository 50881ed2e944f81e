import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { ChannelSendError, TEMPLATE_NAMES, type ChannelAdapter, type OutboundDelivery, type QueueOutboundInput } from '../index.ts';
import { startRelay, type Relay } from '../../../testing/smtp-relay.ts';

let t: TestContext;
let a: TestWorkspace;
let address: string;
let relay: Relay;

/** A channel driver registered by a test, as a messaging channel would register its own: it keeps what it is given. */
// A channel no module registers an adapter for, standing in for one another module adds.
const standIn = { received: [] as OutboundDelivery[], fail: null as ChannelSendError | null };
const standInAdapter: ChannelAdapter = {
  kind: 'webform',
  async send(delivery) {
    if (standIn.fail) throw standIn.fail;
    standIn.received.push(delivery);
    return { externalId: `hook-${delivery.id}`, response: '200 OK' };
  },
};

const outbound = () => t.kernel.services.channels.outbound;
const queue = (input: QueueOutboundInput) => t.kernel.db.transaction((tx) => outbound().queue(tx, input));
const rows = (workspaceId: string) =>
  t.kernel.db.query<{ id: string; status: string; attempts: number; template: string | null; locale: string | null; to_address: string | null; last_error: string | null }>(
    `SELECT id, status, attempts, template, locale, to_address, last_error FROM outbound_messages WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
const events = (type: string) => t.kernel.db.query<{ aggregate_type: string; aggregate_id: string; payload: Record<string, unknown> }>(`SELECT aggregate_type, aggregate_id, payload FROM outbox_events WHERE workspace_id = $1 AND type = $2 ORDER BY id`, [a.id, type]);

async function newTicket(subject: string) {
  const response = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject, description: '订单没到', customer: { name: '张三', email: 'zhangsan@customer.example.cn' }, channel: 'web' });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: string };
}

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai', locale: 'en' });
  address = `support@${a.id.slice(0, 8)}.kefu.test`;
  await t.kernel.services.channels.email.createMailbox(a.admin.actor, { address, displayName: 'ACME 客服' });
  relay = await startRelay();
  await t.kernel.services.channels.email.updateSettings(a.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
  outbound().registerAdapter(standInAdapter);
});
beforeEach(() => {
  relay.received.length = 0;
  standIn.received.length = 0;
  standIn.fail = null;
});
afterAll(async () => {
  await relay.close();
  await t.close();
});

describe('the outbound queue', () => {
  it('queues a template notice in the caller’s transaction, sends it after commit in the recipient’s language with its values escaped, and records it on the ticket', async () => {
    const ticket = await newTicket('Order A123');
    await t.kernel.db.transaction(async (tx) => {
      await outbound().queue(tx, {
        workspaceId: a.id,
        channel: 'email',
        to: { email: 'ZhangSan@Customer.example.cn', name: '张三' },
        template: TEMPLATE_NAMES.acknowledged,
        locale: 'zh-CN',
        params: { customerName: '<b>张三</b> & co', ticketNumber: ticket.number, ticketSubject: 'Order A123', portalUrl: 'https://help.example.com/t/1' },
        ticketId: ticket.id,
        dedupeKey: `ack:${ticket.id}`,
      });
      // Inside the transaction nothing can leave: the worker sees only committed rows. (The embedded database has one
      // connection, where the worker would wait for this transaction instead.)
      if (t.kernel.db.kind === 'postgres') expect(await outbound().sendPending()).toBe(0);
    });
    expect(await outbound().sendPending()).toBe(1);

    expect(relay.received).toHaveLength(1);
    const { envelope, mail } = relay.received[0]!;
    expect(envelope.to).toEqual(['zhangsan@customer.example.cn']);
    expect(mail.subject).toBe(`我们已收到您的请求：Order A123 [#${ticket.number}]`);
    expect(mail.text).toContain('<b>张三</b> & co，您好');
    expect(mail.html).toContain('&lt;b&gt;张三&lt;/b&gt; &amp; co，您好');
    expect(mail.html).not.toContain('<b>张三');
    expect(mail.html).toContain('lang="zh-CN"');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-kefu-ticket')).toBe(ticket.number);
    expect(mail.from).toEqual({ email: address, name: 'ACME 客服' });

    expect(await rows(a.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, template: 'ticket.acknowledged', locale: 'zh-CN', to_address: 'zhangsan@customer.example.cn' })]);
    const timeline = await t.kernel.services.tickets.listTimeline(a.admin.actor, ticket.id);
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'customer_notified', details: { channel: 'email', template: 'ticket.acknowledged', to: 'zhangsan@customer.example.cn' } });
    expect((await events('outbound.sent')).at(-1)).toMatchObject({ aggregate_type: 'ticket', aggregate_id: ticket.id, payload: { channel: 'email', template: 'ticket.acknowledged', isProgressUpdate: false } });

    // The same dedupe key again (an event delivered twice) queues nothing.
    const again = await queue({ workspaceId: a.id, channel: 'email', to: { email: 'zhangsan@customer.example.cn' }, template: TEMPLATE_NAMES.acknowledged, params: { ticketNumber: ticket.number }, ticketId: ticket.id, dedupeKey: `ack:${ticket.id}` });
    expect(again.isNew).toBe(false);
    expect(await rows(a.id)).toHaveLength(1);
  });

  it('queues nothing when the caller’s transaction rolls back', async () => {
    const before = (await rows(a.id)).length;
    await expect(
      t.kernel.db.transaction(async (tx) => {
        await outbound().queue(tx, { workspaceId: a.id, channel: 'email', to: { email: 'x@customer.example.cn' }, content: { subject: 'Never', text: 'never sent' } });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await rows(a.id)).toHaveLength(before);
    expect(await outbound().sendPending()).toBe(0);
  });

  it('hands a message of another channel to the adapter registered for it, in the workspace language when none is given', async () => {
    const { id } = await queue({ workspaceId: a.id, channel: 'webform', to: { externalId: 'open-id-42' }, template: TEMPLATE_NAMES.portalSignInLink, params: { customerName: 'Li', link: 'https://help.example.com/s?t=1', expiresMinutes: 15 } });
    await outbound().sendPending();
    expect(standIn.received).toHaveLength(1);
    expect(standIn.received[0]).toMatchObject({ id, channel: 'webform', to: { externalId: 'open-id-42' }, subject: null, html: null, locale: 'en', template: 'portal.sign_in_link', attempt: 1 });
    expect(standIn.received[0]!.text).toContain('https://help.example.com/s?t=1');
    expect((await rows(a.id)).find((row) => row.id === id)).toMatchObject({ status: 'sent', to_address: 'open-id-42' });
  });

  it('fails a permanent refusal at once: the ticket’s timeline shows it and `outbound.failed` says why', async () => {
    const ticket = await newTicket('Bad open id');
    standIn.fail = new ChannelSendError('the provider does not know this open id', true);
    const { id } = await queue({ workspaceId: a.id, channel: 'webform', to: { externalId: 'gone' }, content: { text: 'Hello' }, ticketId: ticket.id });
    await outbound().sendPending();
    expect((await rows(a.id)).find((row) => row.id === id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'the provider does not know this open id' });
    const timeline = await t.kernel.services.tickets.listTimeline(a.admin.actor, ticket.id);
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'delivery_failed', details: expect.objectContaining({ channel: 'webform', permanent: true, attempts: 1 }) });
    expect((await events('outbound.failed')).at(-1)).toMatchObject({ aggregate_id: ticket.id, payload: { outboundId: id, permanent: true, error: 'the provider does not know this open id' } });

    // An admin sends it again once the cause is fixed.
    standIn.fail = null;
    const retried = await t.request(a.admin, 'POST', `/api/v1/outbound-messages/${id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    await outbound().sendPending();
    expect(standIn.received.map((d) => d.id)).toEqual([id]);
    expect((await t.request(a.admin, 'POST', `/api/v1/outbound-messages/${id}/retry`)).statusCode).toBe(409);
  });

  it('retries a temporary failure with back-off, and keeps a channel without an adapter waiting', async () => {
    standIn.fail = new ChannelSendError('gateway timeout', false);
    const { id } = await queue({ workspaceId: a.id, channel: 'webform', to: { externalId: 'x' }, content: { text: 'later' } });
    const { id: chat } = await queue({ workspaceId: a.id, channel: 'chat', to: { externalId: 'visitor-1' }, content: { text: 'no chat adapter here' } });
    await outbound().sendPending();
    const byId = new Map((await rows(a.id)).map((row) => [row.id, row]));
    expect(byId.get(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'gateway timeout' });
    expect(byId.get(chat)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'no adapter is registered for the chat channel' });
    standIn.fail = null;
    t.clock.advanceMs(29_000);
    expect(await outbound().sendPending()).toBe(0);
    t.clock.advanceMs(2_000);
    await outbound().sendPending();
    expect(standIn.received.map((d) => [d.id, d.attempt])).toEqual([[id, 2]]);
  });

  it('shows a ticket’s deliveries to those who may see the ticket, and to no other workspace', async () => {
    const ticket = await newTicket('Deliveries');
    await queue({ workspaceId: a.id, channel: 'email', to: { email: 'zhangsan@customer.example.cn' }, template: TEMPLATE_NAMES.progress, params: { ticketNumber: ticket.number, message: 'Shipped.' }, ticketId: ticket.id });
    const mine = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/deliveries`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([expect.objectContaining({ channel: 'email', template: 'ticket.progress', status: 'queued', toAddress: 'zhangsan@customer.example.cn' })]);

    const b = await t.createWorkspace();
    expect((await t.request(b.admin, 'GET', `/api/v1/tickets/${ticket.id}/deliveries`)).statusCode).toBe(404);
    const [row] = mine.json().items as { id: string }[];
    expect((await t.request(b.admin, 'POST', `/api/v1/outbound-messages/${row!.id}/retry`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'GET', '/api/v1/outbound-messages')).json().items).toEqual([]);
    const list = await t.request(a.admin, 'GET', '/api/v1/outbound-messages?status=queued&limit=1');
    expect(list.json()).toMatchObject({ items: [expect.objectContaining({ status: 'queued' })], nextCursor: expect.any(String) });
    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'GET', '/api/v1/outbound-messages')).statusCode).toBe(403);
    await outbound().sendPending();
  });
});

describe('templates', () => {
  it('lists the shipped templates in both languages, overrides one per workspace with checked placeholders and cleaned HTML, previews and resets it', async () => {
    const list = await t.request(a.admin, 'GET', '/api/v1/outbound-templates');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(Object.values(TEMPLATE_NAMES)));

    const unknown = await t.request(a.admin, 'PUT', '/api/v1/outbound-templates/ticket.solved/zh-CN', { subject: '已解决 {{ticketNumbr}}', body: '{{surveyUrl}}' }, { 'accept-language': 'en' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'subject', message: expect.stringContaining('{{ticketNumbr}}') })]);

    const saved = await t.request(a.admin, 'PUT', '/api/v1/outbound-templates/ticket.solved/zh-CN', {
      subject: '工单 {{ticketNumber}} 已解决',
      body: '{{customerName}}，您好。请评分：{{surveyUrl}}',
      html: '<p onclick="steal()">{{customerName}}，您好。<a href="{{surveyUrl}}">评分</a><script>alert(1)</script><img src="http://tracker.example/x.gif"></p>',
    });
    expect(saved.statusCode).toBe(200);
    const zh = saved.json().locales['zh-CN'];
    expect(zh).toMatchObject({ isCustomized: true, subject: '工单 {{ticketNumber}} 已解决' });
    expect(zh.html).toBe('<p>{{customerName}}，您好。<a href="{{surveyUrl}}">评分</a></p>');
    expect(saved.json().locales.en.isCustomized).toBe(false);

    const preview = await t.request(a.admin, 'POST', '/api/v1/outbound-templates/ticket.solved/preview', { locale: 'zh-CN' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().subject).toBe('工单 CS20260505001 已解决');
    expect(preview.json().html).toContain('<a href="https://help.example.com/portal/tickets/CS20260505001">评分</a>');
    const draft = await t.request(a.admin, 'POST', '/api/v1/outbound-templates/ticket.solved/preview', { locale: 'en', draft: { subject: 'Done: {{ticketSubject}}', body: 'Bye {{customerName}}' } });
    expect(draft.json()).toMatchObject({ subject: 'Done: 订单 A123 还没到 / Order A123 has not arrived', text: 'Bye 张三' });

    // The workspace's wording is what its customers get; another workspace keeps the shipped one.
    const ticket = await newTicket('Solved one');
    await queue({ workspaceId: a.id, channel: 'email', to: { email: 'zhangsan@customer.example.cn' }, template: TEMPLATE_NAMES.solved, locale: 'zh-CN', params: { customerName: '张三', ticketNumber: ticket.number, surveyUrl: 'https://s.example/1' }, ticketId: ticket.id });
    await outbound().sendPending();
    expect(relay.received.at(-1)!.mail.subject).toBe(`工单 ${ticket.number} 已解决`);
    const b = await t.createWorkspace();
    expect((await t.request(b.admin, 'GET', '/api/v1/outbound-templates/ticket.solved')).json().locales['zh-CN'].isCustomized).toBe(false);

    const reset = await t.request(a.admin, 'DELETE', '/api/v1/outbound-templates/ticket.solved/zh-CN');
    expect(reset.json().locales['zh-CN']).toMatchObject({ isCustomized: false, subject: '您的请求已解决：{{ticketSubject}} [#{{ticketNumber}}]' });
    expect((await t.request(a.admin, 'GET', '/api/v1/outbound-templates/no.such')).statusCode).toBe(404);
    const agent = await a.addUser('agent');
    expect((await t.request(agent, 'PUT', '/api/v1/outbound-templates/ticket.solved/en', { subject: 'x', body: 'y' })).statusCode).toBe(403);
  });
});
