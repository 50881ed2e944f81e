import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { createSmtpListener, type SmtpListener } from '../index.ts';
import { startRelay, type Relay } from '../../../testing/smtp-relay.ts';

let t: TestContext;
let a: TestWorkspace;
let address: string;
let listener: SmtpListener;
let port: number;
let relay: Relay;
let serial = 0;
const uniqueId = (): string => `<c${++serial}.${Date.now()}@customer.example.cn>`;

async function sendInbound(lines: string[]): Promise<void> {
  t.clock.advanceMs(1_000);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'zhangsan@customer.example.cn', to: [address] }, raw: lines.join('\r\n') });
  } finally {
    transport.close();
  }
  await t.kernel.services.channels.email.processPending();
}

const email = () => t.kernel.services.channels.email;
const send = () => t.kernel.services.channels.outbound.sendPending();
const deliver = async () => {
  while ((await t.kernel.dispatcher.dispatchBatch()) > 0);
};
const outboundRows = (ticketId: string) =>
  t.kernel.db.query<{ status: string; attempts: number; message_id: string | null; last_error: string | null; to_address: string | null; response: string | null }>(
    `SELECT status, attempts, external_id AS message_id, last_error, to_address, response FROM outbound_messages WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at, id`,
    [a.id, ticketId],
  );

async function newMailTicket(subject: string): Promise<{ ticketId: string; number: string; customerMessageId: string }> {
  const customerMessageId = uniqueId();
  await sendInbound(['From: 张三 <zhangsan@customer.example.cn>', `To: ${address}`, `Subject: ${subject}`, `Message-ID: ${customerMessageId}`, 'Content-Type: text/plain; charset=utf-8', '', '我的订单没有到。', '']);
  const [row] = await t.kernel.db.query<{ ticket_id: string }>(`SELECT ticket_id FROM email_inbound WHERE workspace_id = $1 AND message_id = $2`, [a.id, customerMessageId]);
  const ticket = await t.kernel.services.tickets.getTicket(a.admin.actor, row!.ticket_id);
  return { ticketId: ticket.id, number: ticket.number, customerMessageId };
}

async function agentReply(ticketId: string, body: string, kind: 'reply' | 'note' = 'reply'): Promise<string> {
  t.clock.advanceMs(1_000);
  const response = await t.request(a.admin, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind, body });
  expect(response.statusCode).toBe(201);
  return response.json().message.id as string;
}

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  address = `support@${a.id.slice(0, 8)}.kefu.test`;
  await email().createMailbox(a.admin.actor, { address, displayName: 'ACME 客服' });
  listener = createSmtpListener({ findMailboxes: email().findMailboxes, receive: email().receive, maxMessageBytes: 1_048_576, hostname: 'kefu.test' });
  port = await listener.listen(0, '127.0.0.1');
  relay = await startRelay();
  await email().updateSettings(a.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
  // These tests count what replies send; the automatic notices have their own (notices/customer-notices.int.test.ts).
  await t.kernel.services.channels.notices.updateSettings(a.admin.actor, { acknowledgeNew: false, notifySolved: false });
});
beforeEach(() => {
  relay.received.length = 0;
  relay.refuseData.length = 0;
  relay.refuseRcpt = null;
});
afterAll(async () => {
  await listener.close();
  await relay.close();
  await t.close();
});

describe('agent replies leave by e-mail', () => {
  it("sends the reply after commit through the relay, threaded to the customer's mail, and the answer joins the same ticket", async () => {
    const { ticketId, number, customerMessageId } = await newMailTicket('退款请求');
    const replyId = await agentReply(ticketId, '您好，退款已处理，3 个工作日内到账。');
    // Nothing leaves inside the request or before the event is delivered.
    expect(await send()).toBe(0);
    await deliver();
    expect(await send()).toBe(1);

    expect(relay.received).toHaveLength(1);
    const { envelope, mail } = relay.received[0]!;
    expect(envelope).toEqual({ from: address, to: ['zhangsan@customer.example.cn'] });
    expect(mail.messageId).toBe(`<kefu.${replyId}@${address.split('@')[1]}>`);
    expect(mail.inReplyTo).toEqual([customerMessageId]);
    expect(mail.references).toEqual([customerMessageId]);
    expect(mail.subject).toBe(`Re: 退款请求 [#${number}]`);
    expect(mail.from).toEqual({ email: address, name: 'ACME 客服' });
    expect(mail.to).toEqual(['zhangsan@customer.example.cn']);
    expect(mail.text.trim()).toBe('您好，退款已处理，3 个工作日内到账。');
    expect(mail.headers.get('x-kefu-ticket')).toBe(number);
    expect(mail.headers.has('auto-submitted')).toBe(false);
    expect(await outboundRows(ticketId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, message_id: mail.messageId, response: expect.stringContaining('OK queued at the relay') })]);

    // The customer answers our mail with a client that keeps only In-Reply-To.
    await sendInbound(['From: zhangsan@customer.example.cn', `To: ${address}`, 'Subject: Re: 退款', `Message-ID: ${uniqueId()}`, `In-Reply-To: ${mail.messageId}`, '', '收到，谢谢！', '']);
    const messages = await t.kernel.services.tickets.listMessages(a.admin.actor, ticketId);
    expect(messages.items.map((m) => [m.authorType, m.body])).toEqual([
      ['customer', '我的订单没有到。'],
      ['agent', '您好，退款已处理，3 个工作日内到账。'],
      ['customer', '收到，谢谢！'],
    ]);

    // The second reply answers the customer's latest mail and carries the whole thread.
    await agentReply(ticketId, '不客气。');
    await deliver();
    await send();
    const second = relay.received[1]!.mail;
    expect(second.references[0]).toBe(customerMessageId);
    expect(second.references).toContain(mail.messageId);
    expect(second.inReplyTo).toEqual([second.references.at(-1)]);
  });

  it('sends neither internal notes nor replies on tickets of other channels, and queues one send per reply even if the event is delivered twice', async () => {
    const { ticketId } = await newMailTicket('Invoice');
    await agentReply(ticketId, 'internal only', 'note');
    const web = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'Web ticket', description: 'x', customer: { email: 'zhangsan@customer.example.cn' }, channel: 'web' });
    await agentReply(web.json().id, 'web answer');
    const replyId = await agentReply(ticketId, 'The invoice is attached.');
    await deliver();
    // A second delivery of the same event to the subscriber (at-least-once, as after a crash) queues nothing more.
    const [event] = await t.kernel.db.query<{ id: number }>(`SELECT id FROM outbox_events WHERE type = 'message.added' AND payload->>'messageId' = $1`, [replyId]);
    await t.kernel.db.query(`DELETE FROM outbox_deliveries WHERE event_id = $1 AND subscriber = 'channels.email.outbound'`, [event!.id]);
    await t.kernel.db.query(`UPDATE outbox_events SET dispatched_at = NULL WHERE id = $1`, [event!.id]);
    await deliver();
    expect(await send()).toBe(1);
    expect(relay.received.map((r) => r.mail.text.trim())).toEqual(['The invoice is attached.']);
    expect(await outboundRows(ticketId)).toHaveLength(1);
    expect(await outboundRows(web.json().id)).toHaveLength(0);
  });

  it('retries a temporary refusal with back-off and then delivers with the same Message-ID', async () => {
    const { ticketId } = await newMailTicket('Retry me');
    const replyId = await agentReply(ticketId, 'Second time lucky.');
    await deliver();
    relay.refuseData.push(451);
    await send();
    const [first] = await outboundRows(ticketId);
    expect(first).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringContaining('451') });
    expect(relay.received).toHaveLength(0);
    // Not due before the back-off has passed.
    expect(await send()).toBe(0);
    t.clock.advanceMs(31_000);
    expect(await send()).toBe(1);
    expect(relay.received).toHaveLength(1);
    // The id is derived from the reply, so the refused first try carried the same one.
    expect(relay.received[0]!.mail.messageId).toBe(`<kefu.${replyId}@${address.split('@')[1]}>`);
    expect(await outboundRows(ticketId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2, message_id: `<kefu.${replyId}@${address.split('@')[1]}>` })]);
  });

  it('gives up on a permanent refusal at once and shows it on the ticket', async () => {
    const { ticketId } = await newMailTicket('Bad address');
    await agentReply(ticketId, 'Will not arrive.');
    await deliver();
    relay.refuseRcpt = 550;
    await send();
    expect(await outboundRows(ticketId)).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, to_address: 'zhangsan@customer.example.cn', last_error: expect.stringContaining('550') })]);
    const timeline = await t.kernel.services.tickets.listTimeline(a.admin.actor, ticketId);
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'delivery_failed', details: expect.objectContaining({ channel: 'email', permanent: true, attempts: 1 }) });
  });

  it('keeps retrying while the relay is down, and delivers once it is back', async () => {
    const { ticketId } = await newMailTicket('Relay down');
    await email().updateSettings(a.admin.actor, { relayUrl: 'smtp://127.0.0.1:1' });
    try {
      await agentReply(ticketId, 'Queued for later.');
      await deliver();
      await send();
      expect(await outboundRows(ticketId)).toEqual([expect.objectContaining({ status: 'queued', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED|connect/i) })]);
    } finally {
      await email().updateSettings(a.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
    }
    t.clock.advanceMs(31_000);
    await send();
    expect(await outboundRows(ticketId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
  });
});
