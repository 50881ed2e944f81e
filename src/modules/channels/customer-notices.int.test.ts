import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { createSmtpListener, type SmtpListener } from './index.ts';
import { startRelay, type Relay } from '../../testing/smtp-relay.ts';
import { startFakeSmsGateway, type FakeSmsGateway } from './sms/fake-sms-gateway.testing.ts';

const TICKETS_PER_SENDER = 3;

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agentA: TestUser;
let agentB: TestUser;
let address: string;
let listener: SmtpListener;
let port: number;
let relay: Relay;
let gateway: FakeSmsGateway;
let serial = 0;
const uniqueId = (): string => `<n${++serial}.${Date.now()}@customer.example.cn>`;

const email = () => t.kernel.services.channels.email;
const deliver = async () => {
  while ((await t.kernel.dispatcher.dispatchBatch()) > 0);
};
/** Delivers events and sends what they queued, until both are quiet (a sent notice's event may queue more). */
const flush = async () => {
  for (let round = 0; round < 5; round++) {
    await deliver();
    if ((await t.kernel.services.channels.outbound.sendPending()) === 0) break;
  }
  await deliver();
};

async function sendInbound(from: string, lines: string[]): Promise<string> {
  t.clock.advanceMs(1_000);
  const messageId = uniqueId();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from, to: [address] }, raw: [`From: ${from}`, `To: ${address}`, `Message-ID: ${messageId}`, ...lines].join('\r\n') });
  } finally {
    transport.close();
  }
  await email().processPending();
  return messageId;
}

async function ticketOf(messageId: string): Promise<{ id: string; number: string; customerId: string } | null> {
  const [row] = await t.kernel.db.query<{ ticket_id: string | null }>(`SELECT ticket_id FROM email_inbound WHERE workspace_id = $1 AND message_id = $2`, [a.id, messageId]);
  if (!row?.ticket_id) return null;
  const ticket = await t.kernel.services.tickets.getTicket(a.admin.actor, row.ticket_id);
  return { id: ticket.id, number: ticket.number, customerId: ticket.customerId };
}

const mailTo = (recipient: string) => relay.received.filter((r) => r.envelope.to.includes(recipient)).map((r) => r.mail);

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z', env: { KEFU_MAIL_TICKETS_PER_SENDER: String(TICKETS_PER_SENDER), KEFU_PUBLIC_URL: 'https://help.acme.example' } });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agentA = await a.addUser('agent');
  agentB = await b.addUser('agent');
  address = `support@${a.id.slice(0, 8)}.kefu.test`;
  await email().createMailbox(a.admin.actor, { address, displayName: 'ACME 客服' });
  listener = createSmtpListener({ findMailboxes: email().findMailboxes, receive: email().receive, maxMessageBytes: 1_048_576, hostname: 'kefu.test' });
  port = await listener.listen(0, '127.0.0.1');
  relay = await startRelay();
  gateway = await startFakeSmsGateway();
  await email().updateSettings(a.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
});
beforeEach(() => {
  relay.received.length = 0;
  gateway.received.length = 0;
  gateway.failWith.length = 0;
});
afterAll(async () => {
  await listener.close();
  await relay.close();
  await gateway.close();
  await t.close();
});

describe('auto-acknowledgement', () => {
  it("acknowledges a customer's new mail once, in the workspace's language, marked as automatic; the customer's answer gets none", async () => {
    const customer = 'li.si@customer.example.cn';
    const first = await sendInbound(customer, ['Subject: 发票问题', 'Content-Type: text/plain; charset=utf-8', '', '请帮我开发票。', '']);
    await flush();
    const ticket = (await ticketOf(first))!;
    const acks = mailTo(customer);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.subject).toBe(`We received your request: 发票问题 [#${ticket.number}]`);
    expect(acks[0]!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(acks[0]!.text).toContain(ticket.number);

    // The same event delivered again, and the customer answering the acknowledgement: no second acknowledgement.
    const [created] = await t.kernel.db.query<{ id: string; type: string; aggregate_type: string; aggregate_id: string; payload: object; occurred_at: Date }>(
      `SELECT id, type, aggregate_type, aggregate_id, payload, occurred_at FROM outbox_events WHERE workspace_id = $1 AND type = 'ticket.created' AND aggregate_id = $2`,
      [a.id, ticket.id],
    );
    const acknowledge = t.kernel.services.channels.notices.subscribers.find((s) => s.name === 'channels.notices.acknowledge')!;
    const redelivered = { workspaceId: a.id, id: Number(created!.id), type: created!.type, aggregateType: created!.aggregate_type, aggregateId: created!.aggregate_id, actorId: null, payload: created!.payload as Record<string, unknown>, occurredAt: created!.occurred_at };
    await t.kernel.db.transaction((tx) => acknowledge.handle(redelivered, tx));
    await sendInbound(customer, ['Subject: Re: 发票问题', `In-Reply-To: ${acks[0]!.messageId}`, '', '补充：抬头是某某公司。', '']);
    await flush();
    expect(mailTo(customer)).toHaveLength(1);
    expect((await ticketOf(first))!.id).toBe(ticket.id);
    const rows = await t.kernel.db.query(`SELECT id FROM outbound_messages WHERE workspace_id = $1 AND ticket_id = $2 AND template = 'ticket.acknowledged'`, [a.id, ticket.id]);
    expect(rows).toHaveLength(1);
  });

  it('never answers an out-of-office reply, a bounce or list mail', async () => {
    await sendInbound('ooo@customer.example.cn', ['Subject: Automatic reply: 不在办公室', 'Auto-Submitted: auto-replied', '', '我休假到下周。', '']);
    await sendInbound('MAILER-DAEMON@customer.example.cn', ['Subject: Undelivered Mail Returned to Sender', 'Content-Type: multipart/report; report-type=delivery-status; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'failed', '--b--', '']);
    await sendInbound('news@list.example.cn', ['Subject: 本周新闻', 'List-Id: <news.list.example.cn>', 'Precedence: bulk', '', '新闻', '']);
    await flush();
    expect(relay.received).toEqual([]);
  });

  it("the customer's language decides the words; a workspace that turned acknowledgements off sends none", async () => {
    const customer = 'wang.wu@customer.example.cn';
    const first = await sendInbound(customer, ['Subject: 第一次', '', '你好', '']);
    await flush();
    const ticket = (await ticketOf(first))!;
    const current = await t.kernel.services.customers.getCustomer(a.admin.actor, ticket.customerId);
    await t.kernel.services.customers.updateCustomer(a.admin.actor, ticket.customerId, { locale: 'zh-CN' }, current.version);
    relay.received.length = 0;
    await sendInbound(customer, ['Subject: 第二次', '', '你好', '']);
    await flush();
    expect(mailTo(customer).map((m) => m.subject)).toEqual([expect.stringMatching(/^我们已收到您的请求：第二次 \[#/)]);

    const off = await t.request(a.admin, 'PATCH', '/api/v1/customer-notice-settings', { acknowledgeNew: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ acknowledgeNew: false, notifySolved: true, smsNotices: false });
    relay.received.length = 0;
    await sendInbound(customer, ['Subject: 第三次', '', '你好', '']);
    await flush();
    expect(relay.received).toEqual([]);
    await t.request(a.admin, 'PATCH', '/api/v1/customer-notice-settings', { acknowledgeNew: true });
  });
});

describe('per-sender limit on new mail tickets', () => {
  it('opens at most the limit of tickets an hour; more mail joins the latest ticket as a note and is not answered', async () => {
    const flooder = 'flood@customer.example.cn';
    const ids: string[] = [];
    for (let i = 0; i < TICKETS_PER_SENDER + 2; i++) ids.push(await sendInbound(flooder, [`Subject: 第 ${i} 封`, '', `内容 ${i}`, '']));
    await flush();
    const tickets = await Promise.all(ids.map((id) => ticketOf(id)));
    const distinct = [...new Set(tickets.map((ticket) => ticket!.id))];
    expect(distinct).toHaveLength(TICKETS_PER_SENDER);
    const held = await t.kernel.db.query<{ outcome: string; automated: string; ticket_id: string }>(
      `SELECT outcome, automated, ticket_id FROM email_inbound WHERE workspace_id = $1 AND message_id = ANY($2) AND automated = 'rate_limited'`,
      [a.id, ids],
    );
    expect(held).toHaveLength(2);
    expect(held.every((row) => row.outcome === 'note_added' && row.ticket_id === tickets[TICKETS_PER_SENDER - 1]!.id)).toBe(true);
    // Only the tickets opened are acknowledged.
    expect(mailTo(flooder)).toHaveLength(TICKETS_PER_SENDER);
    const notes = await t.kernel.services.tickets.listMessages(a.admin.actor, tickets[TICKETS_PER_SENDER - 1]!.id);
    expect(notes.items.filter((m) => m.kind === 'note').map((m) => m.body)).toEqual([expect.stringContaining(`内容 ${TICKETS_PER_SENDER}`), expect.stringContaining(`内容 ${TICKETS_PER_SENDER + 1}`)]);

    // An hour later the sender may open tickets again.
    t.clock.advanceMs(3_600_000);
    const later = await sendInbound(flooder, ['Subject: 一小时后', '', '新问题', '']);
    expect(distinct).not.toContain((await ticketOf(later))!.id);
  });
});

describe('progress updates and the solved notice', () => {
  async function p2TicketWithPhone(customer: string, phone: string) {
    const first = await sendInbound(customer, ['Subject: 设备故障', '', '设备无法开机。', '']);
    await flush();
    const ticket = (await ticketOf(first))!;
    const current = await t.kernel.services.customers.getCustomer(a.admin.actor, ticket.customerId);
    await t.kernel.services.customers.updateCustomer(a.admin.actor, ticket.customerId, { identities: [...current.identities, { kind: 'phone', value: phone }] }, current.version);
    const detail = await t.kernel.services.tickets.getTicket(a.admin.actor, ticket.id);
    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { priority: 'P2' }, { ifMatch: detail.version });
    return ticket;
  }

  it('sends the update by e-mail and SMS and the SLA progress target counts it; a failed gateway call is retried', async () => {
    const put = await t.request(a.admin, 'PUT', '/api/v1/sms-gateway', { url: gateway.url, apiKey: 'gw-secret-123', sender: 'ACME' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ url: gateway.url, sender: 'ACME', hasApiKey: true, updatedAt: expect.any(String) });
    expect(JSON.stringify((await t.request(a.admin, 'GET', '/api/v1/sms-gateway')).json())).not.toContain('gw-secret-123');
    await t.request(a.admin, 'PATCH', '/api/v1/customer-notice-settings', { smsNotices: true });

    const ticket = await p2TicketWithPhone('zhao.liu@customer.example.cn', '+8613800138000');
    t.clock.advanceMs(60_000);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', body: '我们正在排查。' })).statusCode).toBe(201);
    await flush();
    const progressBefore = await t.kernel.db.query<{ cycle: number; status: string }>(`SELECT cycle, status FROM ticket_sla_targets WHERE workspace_id = $1 AND ticket_id = $2 AND metric = 'progress_update' ORDER BY cycle`, [a.id, ticket.id]);
    expect(progressBefore).toEqual([{ cycle: 1, status: 'active' }]);

    relay.received.length = 0;
    gateway.received.length = 0;
    gateway.failWith.push(503);
    t.clock.advanceMs(3_600_000);
    const update = await t.request(agentA, 'POST', `/api/v1/tickets/${ticket.id}/progress-updates`, { message: '工程师明天上门。' });
    expect(update.statusCode).toBe(202);
    expect(update.json().items.map((item: { channel: string }) => item.channel).sort()).toEqual(['email', 'sms']);
    await flush();
    expect(mailTo('zhao.liu@customer.example.cn').map((m) => m.text)).toEqual([expect.stringContaining('工程师明天上门。')]);
    // The gateway was busy: the SMS waits for its retry.
    expect(gateway.received).toEqual([]);
    t.clock.advanceMs(60_000);
    await flush();
    expect(gateway.received).toEqual([{ authorization: 'Bearer gw-secret-123', body: { to: '+8613800138000', text: expect.stringContaining('工程师明天上门。'), sender: 'ACME', reference: expect.any(String) } }]);

    const progress = await t.kernel.db.query<{ cycle: number; status: string; met_at: Date | null; started_at: Date }>(
      `SELECT cycle, status, met_at, started_at FROM ticket_sla_targets WHERE workspace_id = $1 AND ticket_id = $2 AND metric = 'progress_update' ORDER BY cycle`,
      [a.id, ticket.id],
    );
    expect(progress[0]).toMatchObject({ cycle: 1, status: 'met' });
    expect(progress.at(-1)!.status).toBe('active');
    expect(progress.at(-1)!.started_at.getTime()).toBe(progress[0]!.met_at!.getTime());
    const timeline = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/deliveries`);
    expect(timeline.json().items.filter((d: { template: string }) => d.template === 'ticket.progress').map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
  });

  it('refuses an empty update, one to a solved ticket, and one to a customer with no address, in the user language', async () => {
    const ticket = (await ticketOf(await sendInbound('sun.qi@customer.example.cn', ['Subject: x', '', 'y', ''])))!;
    const empty = await t.request(agentA, 'POST', `/api/v1/tickets/${ticket.id}/progress-updates`, { message: '' }, { 'accept-language': 'zh-CN' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors?.[0]?.field ?? empty.json().fields?.[0]?.field).toBe('message');
    const noContact = await t.kernel.services.tickets.createTicket(a.admin.actor, { subject: '电话来电', customer: { name: '匿名' }, channel: 'phone' });
    const refused = await t.request(agentA, 'POST', `/api/v1/tickets/${noContact.id}/progress-updates`, { message: '进展' });
    expect(refused.statusCode).toBe(409);
    // Another workspace's ticket does not exist for this one.
    const foreign = await t.request(b.admin, 'POST', `/api/v1/tickets/${ticket.id}/progress-updates`, { message: '进展' });
    expect(foreign.statusCode).toBe(404);
  });

  it('tells the customer the ticket is solved: a plain notice with CSAT off, one mail with the survey link with CSAT on', async () => {
    const ticket = await p2TicketWithPhone('qian.ba@customer.example.cn', '+8613900139000');
    const csat = (await t.request(a.admin, 'GET', '/api/v1/survey-settings')).json() as { csatEnabled: boolean; reminderHours: number };
    expect((await t.request(a.admin, 'PUT', '/api/v1/survey-settings', { ...csat, csatEnabled: false })).statusCode).toBe(200);
    relay.received.length = 0;
    const solve = async () => {
      const detail = await t.kernel.services.tickets.getTicket(a.admin.actor, ticket.id);
      await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { status: 'solved' }, { ifMatch: detail.version });
      await flush();
    };
    await solve();
    const plain = mailTo('qian.ba@customer.example.cn');
    expect(plain).toHaveLength(1);
    expect(plain[0]!.subject).toBe(`Your request is solved: 设备故障 [#${ticket.number}]`);
    expect(plain[0]!.text).not.toContain('Rate our service');
    // The sender gave no display name: the customer is still addressed properly.
    expect(plain[0]!.text).toMatch(/^Dear customer,/);

    expect((await t.request(a.admin, 'PUT', '/api/v1/survey-settings', { ...csat, csatEnabled: true })).statusCode).toBe(200);
    const detail = await t.kernel.services.tickets.getTicket(a.admin.actor, ticket.id);
    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticket.id, { status: 'open' }, { ifMatch: detail.version });
    relay.received.length = 0;
    gateway.received.length = 0;
    await solve();
    const withLink = mailTo('qian.ba@customer.example.cn');
    expect(withLink).toHaveLength(1);
    expect(withLink[0]!.text).toContain('Rate our service');
    expect(withLink[0]!.text).toMatch(/https:\/\/help\.acme\.example\/survey\/\S+/);
    // The survey invitation is the solved notice, on one channel: no second message by SMS.
    expect(gateway.received).toEqual([]);
  });
});

describe('SMS gateway settings', () => {
  it('keeps the key on the server, refuses bad input, and one workspace never sees another one’s gateway', async () => {
    const bad = await t.request(b.admin, 'PUT', '/api/v1/sms-gateway', { url: 'ftp://gw.example' , apiKey: 'k' }, { 'accept-language': 'zh-CN' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('url');
    expect(JSON.stringify(bad.json())).toContain('网关地址');
    const noKey = await t.request(b.admin, 'PUT', '/api/v1/sms-gateway', { url: 'https://gw.example/send' });
    expect(noKey.statusCode).toBe(400);
    expect((await t.request(b.admin, 'GET', '/api/v1/sms-gateway')).json()).toEqual({ gateway: null });
    expect((await t.request(agentB, 'GET', '/api/v1/sms-gateway')).statusCode).toBe(403);
    expect((await t.request(b.admin, 'PUT', '/api/v1/sms-gateway', { url: 'https://gw.example/send', apiKey: 'b-key' })).statusCode).toBe(200);
    // Changing the address without the key keeps the stored key.
    expect((await t.request(b.admin, 'PUT', '/api/v1/sms-gateway', { url: 'https://gw2.example/send' })).json()).toMatchObject({ url: 'https://gw2.example/send', hasApiKey: true });
    expect((await t.request(a.admin, 'GET', '/api/v1/sms-gateway')).json().gateway.url).toBe(gateway.url);
    expect((await t.request(b.admin, 'DELETE', '/api/v1/sms-gateway')).statusCode).toBe(200);
    expect((await t.request(a.admin, 'GET', '/api/v1/sms-gateway')).json().gateway.url).toBe(gateway.url);
  });
});
