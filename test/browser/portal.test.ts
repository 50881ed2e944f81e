import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../src/testing/smtp-relay.ts';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let relay: Relay;
let workspace: SeededWorkspace;
let agent: SeededUser;
let supervisor: SeededUser;
let slug: string;

const CUSTOMER = 'wang.fang@customer.example.cn';

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  relay = await startRelay();
  workspace = await server.createWorkspace({ locale: 'zh-CN', name: '优选商城' });
  agent = await workspace.addUser('agent', '李客服', { locale: 'zh-CN' });
  supervisor = await workspace.addUser('supervisor', '赵主管', { locale: 'zh-CN' });
  slug = (await server.kernel.services.workspaces.getWorkspace(workspace.id)).slug;
  const { email } = server.kernel.services.channels;
  await email.createMailbox(workspace.admin.actor, { address: `support@${slug}.kefu.test`, displayName: '优选商城客服' });
  await email.updateSettings(workspace.admin.actor, { relayUrl: `smtp://127.0.0.1:${relay.port}` });
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await server?.close();
});

/** A phone-sized browser speaking Chinese: the portal is where customers come from their phones. */
const phoneContext = (): Promise<BrowserContext> =>
  browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** The sign-in link of the newest mail the local SMTP sink received for the address (sent by the outbound worker). */
async function signInLinkFromMail(address: string): Promise<string> {
  await expect.poll(() => relay.received.some((mail) => mail.envelope.to.includes(address)), { timeout: 20_000 }).toBe(true);
  const mail = [...relay.received].reverse().find((received) => received.envelope.to.includes(address))!;
  expect(mail.mail.subject).toContain('登录链接');
  const link = /https?:\/\/\S+\/sign-in\?token=\S+/.exec(mail.mail.text)?.[0];
  expect(link, mail.mail.text).toBeTruthy();
  return link!;
}

/** An article the bot may answer with, published through the services (author: the agent, reviewer: the supervisor). */
async function publish(title: string, summary: string, bodyHtml: string, tags: string[]) {
  const { kb } = server.kernel.services;
  const [category] = await kb.listCategories(agent.actor);
  const article = await kb.createArticle(agent.actor, { categoryId: category!.id, title, summary, bodyHtml, tags });
  await kb.moveArticle(agent.actor, article.id, 'submit');
  return kb.moveArticle(supervisor.actor, article.id, 'approve');
}

async function expectNoEnglish(page: import('playwright-core').Page, label: string) {
  expect(findEnglishStrings(await collectVisibleText(page)), label).toEqual([]);
}

describe('customer portal journeys', () => {
  it('a customer signs in by the e-mailed link, replies on their request and sees the agent’s answer', async () => {
    const ticket = await server.kernel.services.tickets.createTicket(agent.actor, { subject: '订单 A123 还没到', description: '我五天前下的单，物流一直没有更新。', customer: { name: '王芳', email: CUSTOMER } });

    const customerContext = await phoneContext();
    customerContext.setDefaultTimeout(15_000);
    const page = await openPage(customerContext, 'portal-customer');
    const problems = watchForErrors(page);
    await page.goto(`/portal/${slug}`);
    await page.getByRole('heading', { name: '查看您的请求进度' }).waitFor();
    await expectNoEnglish(page, 'sign-in');
    await page.getByLabel('电子邮箱').fill(CUSTOMER);
    await page.getByRole('button', { name: '发送登录链接到邮箱' }).click();
    await page.getByTestId('portal-link-sent').waitFor();
    await screenshot(page, 'portal-link-sent');

    const link = await signInLinkFromMail(CUSTOMER);
    await page.goto(link);
    await page.getByRole('heading', { name: '我的请求' }).waitFor();
    await page.getByTestId('portal-signed-in').getByText(CUSTOMER).waitFor();
    await page.getByTestId('portal-tickets').getByRole('link', { name: '订单 A123 还没到' }).click();
    await page.getByTestId('portal-conversation').getByText('我五天前下的单，物流一直没有更新。').waitFor();
    await expectNoEnglish(page, 'ticket');
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const question = '请问今天能发货吗？';
    await page.getByRole('textbox', { name: '回复' }).fill(question);
    await page.getByRole('button', { name: '发送回复' }).click();
    await page.getByTestId('portal-conversation').locator('[data-author="customer"]').filter({ hasText: question }).waitFor();
    await screenshot(page, 'portal-customer-replied');

    // The agent finds the customer's reply on the ticket and answers it.
    const staffContext = await newUserContext(browser, server.url, 'zh-CN');
    const staffPage = await openPage(staffContext, 'portal-agent');
    await signIn(staffPage, agent.email, agent.password);
    await staffPage.goto(`/tickets/${ticket.id}`);
    await staffPage.getByTestId('timeline-message').filter({ hasText: question }).waitFor();
    await staffPage.locator('body').press('r');
    const answer = '您好，仓库已安排今天下午发货，单号稍后短信通知。';
    await staffPage.keyboard.type(answer);
    await staffPage.keyboard.press('Control+Enter');
    await staffPage.getByTestId('timeline-message').filter({ hasText: answer }).waitFor();
    await staffContext.close();

    // The customer's open page shows the answer without a reload.
    await page.getByTestId('portal-conversation').locator('[data-author="agent"]').filter({ hasText: answer }).waitFor({ timeout: 30_000 });
    await page.getByText('李客服').first().waitFor();
    await expectNoEnglish(page, 'answered');
    await screenshot(page, 'portal-agent-answer');

    // The link was good for one sign-in only.
    await page.goto(link);
    await page.getByRole('alert').getByText('此登录链接已使用过，请重新获取。').waitFor();
    expect(problems).toEqual([]);
    await customerContext.close();
  });

  it('a visitor sends the public web form in English and gets the request number', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'portal-web-form');
    const problems = watchForErrors(page);
    await page.goto(`/portal/${slug}/form?embed=1`);
    await page.getByRole('heading', { name: 'Contact us' }).waitFor();
    await page.getByLabel('Your name').fill('Zhou Jie');
    await page.getByLabel('E-mail address').fill('zhou@visitor.example.com');
    await page.getByLabel('Subject').fill('Bulk order quote');
    await page.getByLabel('Your message').fill('We need 200 units by June.');
    // The honeypot is there for programs only: out of sight for people.
    const honeypot = await page.getByLabel('Leave this field empty').boundingBox();
    expect(honeypot!.x + honeypot!.width).toBeLessThan(0);
    // People take a few seconds to fill a form; faster is a program.
    await page.waitForTimeout(3_500);
    await page.getByRole('button', { name: 'Send' }).click();
    const sent = page.getByTestId('web-form-sent');
    await sent.waitFor();
    const number = /registered as (\S+);/.exec(await sent.innerText())?.[1];
    expect(number).toBeTruthy();
    const ticket = await server.kernel.services.tickets.getTicketByNumber(agent.actor, number!);
    expect(ticket).toMatchObject({ subject: 'Bulk order quote', channel: 'web', customer: { name: 'Zhou Jie', email: 'zhou@visitor.example.com' } });
    await screenshot(page, 'portal-web-form-sent');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the bot answers a new request first: “yes” ends it without a ticket, “no” sends it with the bot’s guess', async () => {
    await publish('退货流程', '签收后7天内可在订单页申请退货。', '<p>在订单页点击“申请退货”，填写原因后寄回商品，审核通过后退款原路返回。</p>', ['退货']);
    // The journeys before this one asked the bot too: this one counts what it adds.
    const before = (await server.kernel.services.bot.getBotMetrics(supervisor.actor)).byChannel.portal;
    const address = 'chen.jing@customer.example.cn';
    const context = await phoneContext();
    context.setDefaultTimeout(15_000);
    const page = await openPage(context, 'portal-assistant');
    const problems = watchForErrors(page);
    await page.goto(`/portal/${slug}`);
    await page.getByLabel('电子邮箱').fill(address);
    await page.getByRole('button', { name: '发送登录链接到邮箱' }).click();
    await page.goto(await signInLinkFromMail(address));
    await page.getByRole('heading', { name: '我的请求' }).waitFor();
    const customerTickets = async () => (await server.kernel.services.tickets.listTickets(agent.actor, { view: 'all', limit: 100 })).items.filter((ticket) => ticket.customer?.email === address);

    // The bot's answer comes before anything is sent; "yes" ends the request there.
    await page.getByRole('button', { name: '提交新请求' }).click();
    await page.getByLabel('主题').fill('退货');
    await page.getByLabel('详细描述').fill('我想申请退货');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    const answer = page.getByTestId('portal-assistant');
    await answer.getByText('签收后7天内可在订单页申请退货。').waitFor();
    await answer.getByText('这解决了您的问题吗？').waitFor();
    await expectNoEnglish(page, 'assistant answer');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'portal-assistant-answer');
    await answer.getByRole('button', { name: '是的，问题已解决' }).click();
    await page.getByTestId('portal-assistant-solved').getByText('很高兴帮到您！').waitFor();
    await expectNoEnglish(page, 'assistant solved');
    expect(await customerTickets()).toEqual([]);

    // Asked again, "no" sends the request as before, and the agent sees what the bot thought.
    await page.getByRole('button', { name: '返回我的请求' }).click();
    await page.getByRole('button', { name: '提交新请求' }).click();
    await page.getByLabel('主题').fill('退货');
    await page.getByLabel('详细描述').fill('我想申请退货');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await page.getByTestId('portal-assistant').getByRole('button', { name: '没有，转人工处理' }).click();
    await page.getByTestId('portal-conversation').getByText('我想申请退货').waitFor();
    await screenshot(page, 'portal-assistant-handed-off');
    const [ticket] = await customerTickets();
    expect(ticket).toMatchObject({ subject: '退货', channel: 'web' });
    const messages = await server.kernel.services.tickets.listMessages(agent.actor, ticket!.id);
    const note = messages.items.find((message) => message.kind === 'note');
    expect(note?.body).toContain('客户表示机器人的回答没有解决问题');
    expect(note?.body).toContain('《退货流程》');
    const metrics = await server.kernel.services.bot.getBotMetrics(supervisor.actor);
    expect(metrics.byChannel.portal).toEqual({ conversations: before.conversations + 2, handedOff: before.handedOff + 1, deflected: before.deflected + 1 });
    expect(problems).toEqual([]);
    await context.close();

    // The bot's admin screen shows the portal beside the other channels.
    const adminContext = await newUserContext(browser, server.url, 'zh-CN');
    const adminPage = await openPage(adminContext, 'portal-assistant-admin');
    await signIn(adminPage, workspace.admin.email, workspace.admin.password);
    await adminPage.goto('/admin/bot');
    const portalRow = adminPage.getByTestId('bot-metrics-channels').getByRole('row').filter({ hasText: '客户门户与网页表单' });
    const portal = metrics.byChannel.portal;
    const share = (part: number) => `${part} · ${Math.round((part / portal.conversations) * 100)}%`;
    await portalRow.getByText(share(portal.deflected)).first().waitFor();
    await expect.poll(() => portalRow.getByRole('cell').allInnerTexts()).toEqual(['客户门户与网页表单', String(portal.conversations), share(portal.deflected), share(portal.handedOff)]);
    await screenshot(adminPage, 'bot-metrics-by-channel');
    await adminContext.close();
  });
});
