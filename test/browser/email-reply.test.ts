import iconv from 'iconv-lite';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/testing/smtp-relay.ts';
import { launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let relay: Relay;
let workspace: SeededWorkspace;
let agent: SeededUser;
let address: string;

const SUBJECT = '退款请求：订单 20261201 未到账';
const BODY = '您好，我 12 月 1 日申请的退款到现在还没有到账，麻烦帮忙查一下。\n张三';
const CUSTOMER = 'zhangsan@customer.example.cn';
const CUSTOMER_MESSAGE_ID = `<journey.${Date.now()}@customer.example.cn>`;

/** A mail as an older Chinese client writes it: GB2312 subject (RFC 2047) and name, GB2312 body in base64. */
function gb2312Mail(): string {
  const encodedWord = (text: string) => `=?GB2312?B?${iconv.encode(text, 'gb2312').toString('base64')}?=`;
  const body = iconv
    .encode(BODY.replaceAll('\n', '\r\n'), 'gb2312')
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${encodedWord('张三')} <${CUSTOMER}>`,
    `To: ${encodedWord('客服')} <${address}>`,
    `Subject: ${encodedWord(SUBJECT)}`,
    `Message-ID: ${CUSTOMER_MESSAGE_ID}`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="gb2312"',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  relay = await startRelay();
  server = await startKefu({ smtp: true, env: { SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}` } });
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  agent = await workspace.addUser('agent', '李娜', { locale: 'zh-CN' });
  address = `support@${workspace.id.slice(0, 8)}.kefu.test`;
  await server.kernel.services.channels.email.createMailbox(workspace.admin.actor, { address, displayName: 'ACME 客服' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await relay?.close();
});

describe('an agent answers a mail ticket', () => {
  it('receives a GB2312 mail over SMTP, shows it decoded, and sends the reply threaded to the customer through the relay', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort!, secure: false, ignoreTLS: true });
    const accepted = await transport.sendMail({ envelope: { from: CUSTOMER, to: [address] }, raw: gb2312Mail() });
    transport.close();
    expect(accepted.response).toMatch(/^250 /);

    // The customer is acknowledged with the ticket number, as an automatic mail.
    await expect.poll(() => relay.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const acknowledgement = relay.received[0]!;
    expect(acknowledgement.envelope.to).toEqual([CUSTOMER]);
    expect(acknowledgement.mail.headers.get('auto-submitted')).toBe('auto-generated');
    const number = /\[#(\w+)\]/.exec(acknowledgement.mail.subject)?.[1];
    expect(number).toBeTruthy();

    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'email-reply');
    const problems = watchForErrors(page);
    await signIn(page, agent.email, agent.password);
    await page.getByRole('heading', { name: '工单收件箱' }).waitFor();
    // A new mail ticket waits, unassigned, for someone to take it.
    await page.getByText('未分派', { exact: true }).click();
    const inbox = page.getByRole('list', { name: '工单收件箱' }).getByRole('listitem').filter({ hasText: SUBJECT });
    await inbox.first().getByRole('link').click();

    // Subject, sender and body decoded from GB2312.
    await page.getByRole('heading', { name: SUBJECT }).waitFor();
    const customerMail = page.getByTestId('timeline-message').filter({ hasText: '申请的退款到现在还没有到账' });
    await customerMail.waitFor();
    expect(await customerMail.innerText()).toContain('张三');
    expect(await page.content()).not.toContain('\uFFFD');
    await screenshot(page, 'email-reply-ticket-zh');

    const reply = '张三您好，退款已重新提交，预计 1–3 个工作日到账。';
    await page.locator('body').press('r');
    await page.keyboard.type(reply);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('timeline-message').filter({ hasText: reply }).waitFor();

    // The reply leaves after commit through the relay, threaded to the customer's mail.
    // (The acknowledgement answers the customer's mail too, but as an automatic one.)
    const isReply = (entry: Relay['received'][number]) => entry.mail.inReplyTo.includes(CUSTOMER_MESSAGE_ID) && !entry.mail.headers.has('auto-submitted');
    await expect.poll(() => relay.received.filter(isReply).length, { timeout: 20_000 }).toBe(1);
    const { envelope, mail } = relay.received.find(isReply)!;
    expect(envelope).toEqual({ from: address, to: [CUSTOMER] });
    expect(mail.inReplyTo).toEqual([CUSTOMER_MESSAGE_ID]);
    expect(mail.references.at(-1)).toBe(CUSTOMER_MESSAGE_ID);
    expect(mail.subject).toBe(`Re: ${SUBJECT} [#${number}]`);
    expect(mail.from).toEqual({ email: address, name: 'ACME 客服' });
    expect(mail.text.trim()).toBe(reply);
    await screenshot(page, 'email-reply-sent-zh');

    // A progress update from the ticket's side panel reaches the customer as a mail of its own.
    const progress = '退款已提交银行处理，到账后我们会再通知您。';
    const section = page.getByTestId('progress-update-section');
    await section.getByRole('textbox', { name: '进度更新内容' }).fill(progress);
    await section.getByRole('button', { name: '发送进度' }).click();
    await expect.poll(() => relay.received.filter((entry) => entry.mail.text.includes(progress)).length, { timeout: 20_000 }).toBe(1);
    const update = relay.received.find((entry) => entry.mail.text.includes(progress))!;
    expect(update.envelope.to).toEqual([CUSTOMER]);
    expect(update.mail.subject).toContain(`[#${number}]`);
    expect(await section.getByRole('textbox', { name: '进度更新内容' }).inputValue()).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });
});
