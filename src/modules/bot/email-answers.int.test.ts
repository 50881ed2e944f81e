/** The bot answering new e-mail tickets: a real mail in through the SMTP listener, the answer out through a local relay. */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { publishArticle } from '../../testing/kb-articles.ts';
import { createSmtpListener, type SmtpListener } from '../channels/index.ts';
import { startRelay, type Relay } from '../../testing/smtp-relay.ts';
import { questionLocale } from './email-answers.ts';

let t: TestContext;
let a: TestWorkspace;
let address: string;
let listener: SmtpListener;
let port: number;
let relay: Relay;
let serial = 0;

const services = () => t.kernel.services;

async function mailIn(subject: string, body: string, extraHeaders: string[] = []): Promise<string> {
  t.clock.advanceMs(1_000);
  const messageId = `<q${++serial}.${Date.now()}@customer.example.cn>`;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const raw = ['From: 王芳 <wangfang@customer.example.cn>', `To: ${address}`, `Subject: ${subject}`, `Message-ID: ${messageId}`, ...extraHeaders, 'Content-Type: text/plain; charset=utf-8', '', body, ''];
  try {
    await transport.sendMail({ envelope: { from: 'wangfang@customer.example.cn', to: [address] }, raw: raw.join('\r\n') });
  } finally {
    transport.close();
  }
  await services().channels.email.processPending();
  const [row] = await t.kernel.db.query<{ ticket_id: string }>(`SELECT ticket_id FROM email_inbound WHERE workspace_id = $1 AND message_id = $2`, [a.id, messageId]);
  return row!.ticket_id;
}

/** Delivers events, lets the bot answer, delivers the answer's events and sends what was queued. */
async function settle(): Promise<void> {
  while ((await t.kernel.dispatcher.dispatchBatch()) > 0);
  await services().bot.answerPendingEmails();
  while ((await t.kernel.dispatcher.dispatchBatch()) > 0);
  await services().channels.outbound.sendPending();
}

beforeAll(async () => {
  t = await createTestContext({ start: '2026-03-02T02:00:00Z' });
  a = await t.createWorkspace({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
  const agent = await a.addUser('agent');
  const supervisor = await a.addUser('supervisor');
  await publishArticle(t, agent, supervisor, { title: '退货流程', summary: '签收后7天内可申请退货。', bodyHtml: '<p>在订单页点击“申请退货”，填写原因后寄回商品。</p>', tags: ['退货'] });
  await publishArticle(t, agent, supervisor, { title: '手机无法开机', bodyHtml: '<p>长按电源键10秒强制重启。</p>', tags: ['开机'] });
  await publishArticle(t, agent, supervisor, { title: '物流查询', bodyHtml: '<p>在“我的订单”中查看快递单号和配送进度。</p>', tags: ['快递'] });
  address = `support@${a.id.slice(0, 8)}.kefu.test`;
  await services().channels.email.createMailbox(a.admin.actor, { address, displayName: 'ACME 客服' });
  listener = createSmtpListener({ findMailboxes: services().channels.email.findMailboxes, receive: services().channels.email.receive, maxMessageBytes: 1_048_576, hostname: 'kefu.test' });
  port = await listener.listen(0, '127.0.0.1');
  relay = await startRelay();
  await services().channels.email.updateSettings(a.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
  // These tests count what the bot sends; the acknowledgement of new mail has its own tests.
  await services().channels.notices.updateSettings(a.admin.actor, { acknowledgeNew: false });
});
beforeEach(() => {
  relay.received.length = 0;
});
afterAll(async () => {
  await listener?.close();
  await relay?.close();
  await t?.close();
});

describe('the bot answering e-mail', () => {
  it('leaves new mail alone while e-mail auto-replies are off', async () => {
    const ticketId = await mailIn('退货流程', '请问怎么申请退货？');
    await settle();
    expect(relay.received).toHaveLength(0);
    expect(await services().bot.emailAnswerOf(a.id, ticketId)).toBeUndefined();
  });

  it('mails the article as an automatic answer, threaded, marked Auto-Submitted, and shows it on the ticket', async () => {
    await services().bot.updateBotSettings(a.admin.actor, { emailAutoReply: true });
    const ticketId = await mailIn('申请退货', '您好，我想申请退货。');
    await settle();

    expect(await services().bot.emailAnswerOf(a.id, ticketId)).toMatchObject({ status: 'answered' });
    const messages = (await services().tickets.listMessages(a.admin.actor, ticketId)).items;
    expect(messages.map((message) => message.authorType)).toEqual(['customer', 'bot']);
    expect(messages[1]!.body).toContain('申请退货');

    expect(relay.received).toHaveLength(1);
    const { mail } = relay.received[0]!;
    expect(mail.to).toEqual(['wangfang@customer.example.cn']);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.subject).toMatch(/^回复：申请退货 \[#/);
    expect(mail.text).toContain('在订单页点击“申请退货”');
    expect(mail.text).toContain('转人工');
    expect(mail.inReplyTo).toHaveLength(1);
  });

  it('does not answer a question it is not sure of, nor an auto-reply', async () => {
    const unsure = await mailIn('发票抬头', '公司发票抬头开错了能重开吗？');
    const outOfOffice = await mailIn('自动回复：退货流程', '我正在休假，退货的事回来再说。', ['Auto-Submitted: auto-replied']);
    await settle();
    expect(await services().bot.emailAnswerOf(a.id, unsure)).toMatchObject({ status: 'not_answered' });
    expect(await services().bot.emailAnswerOf(a.id, outOfOffice)).toBeUndefined();
    expect(relay.received).toHaveLength(0);
    expect((await services().tickets.listMessages(a.admin.actor, unsure)).items.map((message) => message.authorType)).toEqual(['customer']);
  });

  it('stays quiet when an agent answered before the bot got to it', async () => {
    const ticketId = await mailIn('退货', '退货流程是怎样的？');
    while ((await t.kernel.dispatcher.dispatchBatch()) > 0);
    const response = await t.request(a.admin, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', body: '您好，请在订单页申请退货。' });
    expect(response.statusCode).toBe(201);
    await settle();
    expect(await services().bot.emailAnswerOf(a.id, ticketId)).toMatchObject({ status: 'not_answered' });
    expect(relay.received.map(({ mail }) => mail.text.trim())).toEqual(['您好，请在订单页申请退货。']);
  });
});

describe('questionLocale', () => {
  it.each([
    ['退货流程', 'zh-CN'],
    ['How do I return an item?', 'en'],
    ['Order A123 还没到', 'zh-CN'],
  ])('%s → %s', (text, locale) => expect(questionLocale(text)).toBe(locale));
});
