import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let slug: string;
let agent: SeededUser;

/** A shop's own web server (another origin) whose page embeds the widget, as a customer's website would. */
let shop: Server;
let shopUrl: string;

async function openShop(context: BrowserContext, name: string): Promise<Page> {
  const page = await openPage(context, name);
  await page.goto(shopUrl);
  return page;
}

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  slug = (await server.kernel.services.workspaces.getWorkspace(workspace.id)).slug;
  agent = await workspace.addUser('agent', '李娜', { locale: 'zh-CN' });
  shop = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>小店</title></head><body><h1>欢迎光临</h1>
      <script src="${server.url}/widget.js" data-workspace="${slug}" data-open></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  shop?.close();
});

describe('live chat', () => {
  it('with nobody online, the visitor leaves a message that becomes a ticket', async () => {
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openShop(context, 'chat-offline');
    const problems = watchForErrors(page);
    await page.getByText('暂时没有客服在线，请留言，我们会尽快回复您。').waitFor();
    await page.getByPlaceholder('您的称呼').fill('赵敏');
    await page.getByPlaceholder('手机号码').fill('+86 139 0000 1111');
    await page.getByPlaceholder('留言内容').fill('想咨询批量采购的报价，请回电。');
    await page.getByRole('button', { name: '提交留言' }).click();
    const thanks = page.getByText(/感谢您的留言，工单号 \w+。/);
    await thanks.waitFor();
    const number = /工单号 (\w+)。/.exec(await thanks.innerText())![1]!;
    const ticket = await server.kernel.services.tickets.getTicketByNumber(workspace.system, number);
    expect(ticket).toMatchObject({ channel: 'chat', tags: ['chat-offline'] });
    await screenshot(page, 'chat-offline-left');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a visitor chats in Chinese with an agent in the console', async () => {
    const agentContext = await newUserContext(browser, server.url, 'zh-CN');
    const agentPage = await openPage(agentContext, 'chat-agent');
    const agentProblems = watchForErrors(agentPage);
    await signIn(agentPage, agent.email, agent.password);
    await agentPage.goto('/chat');
    await agentPage.getByText('已连接').waitFor();
    await agentPage.getByText('在线', { exact: true }).click();
    await agentPage.getByText('正在接待 0 / 3 个会话').waitFor();

    const visitorContext = await newUserContext(browser, server.url, 'zh-CN');
    const visitorPage = await openShop(visitorContext, 'chat-visitor');
    const visitorProblems = watchForErrors(visitorPage);
    await visitorPage.getByPlaceholder('您的称呼').fill('王芳');
    await visitorPage.getByPlaceholder('电子邮箱').fill('wangfang@example.com');
    await visitorPage.getByRole('button', { name: '开始咨询' }).click();
    await visitorPage.getByText(/您排在第 1 位，预计等待/).waitFor();
    await screenshot(visitorPage, 'chat-visitor-queued');

    // The console hears of the new chat without a reload, and the agent accepts it.
    const waiting = agentPage.locator('[data-chat-id]').filter({ hasText: '王芳' });
    await waiting.waitFor();
    await agentPage.getByRole('button', { name: /^接\s?入$/ }).click();
    await visitorPage.getByText('李娜 正在为您服务。').waitFor();

    await visitorPage.getByPlaceholder('请输入消息…').fill('你好，我的订单 8812 还没到。');
    await visitorPage.getByPlaceholder('请输入消息…').press('Enter');
    await agentPage.getByTestId('chat-messages').getByText('你好，我的订单 8812 还没到。').waitFor();
    // The agent has it on screen: the visitor sees it marked read.
    await visitorPage.locator('.msg.visitor .meta').filter({ hasText: '已读' }).waitFor();

    const reply = agentPage.getByPlaceholder('输入回复（回车发送，Shift+回车换行）');
    await reply.fill('您好，我查一下物流。');
    await agentPage.getByText('访客正在输入…').count();
    await reply.press('Enter');
    await visitorPage.getByText('您好，我查一下物流。').waitFor();
    await agentPage.getByTestId('chat-messages').getByText('您好，我查一下物流。').waitFor();

    // The customer's card beside the chat.
    await agentPage.getByText('wangfang@example.com').waitFor();
    // The console and the widget speak Chinese (the header's language switch names "English" on purpose).
    expect(findEnglishStrings(await agentPage.locator('#main').innerText())).toEqual([]);
    expect(findEnglishStrings((await collectVisibleText(agentPage)).replace(/^English$/gm, ''))).toEqual([]);
    expect(await visitorPage.locator('.panel').innerText()).not.toMatch(/[A-Za-z]{3,}/);
    await screenshot(agentPage, 'chat-agent-console');
    await screenshot(visitorPage, 'chat-visitor-chatting');

    await agentPage.getByRole('button', { name: '结束会话' }).click();
    await visitorPage.getByText('会话已结束。').waitFor();

    // The transcript is on the chat's ticket.
    const [conversation] = await server.kernel.services.chat.listConsoleConversations(agent.actor);
    await expect
      .poll(async () => (await server.kernel.services.tickets.listMessages(agent.actor, conversation!.ticketId)).items.map((message) => message.body), { timeout: 15_000 })
      .toEqual(['你好，我的订单 8812 还没到。', '您好，我查一下物流。', '客服已结束会话。']);
    expect(agentProblems).toEqual([]);
    expect(visitorProblems).toEqual([]);
  });
});
