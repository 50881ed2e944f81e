import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedQuery, startFakeWechat, textMessageXml, type FakeWechat } from '../../src/modules/channels/wechat/fake-wechat.testing.ts';
import { launchBrowser, newUserContext, openPage, screenshot, signInInChinese, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededWorkspace } from './support/kefu-server.ts';

const APP_ID = 'wx5e1f0c0ffee12345';
const APP_SECRET = 'journeySecret0123456789ab';
const TOKEN = 'journeyToken88';

let server: KefuServer;
let fake: FakeWechat;
let browser: Browser;
let workspace: SeededWorkspace;

beforeAll(async () => {
  fake = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
  server = await startKefu({ env: { WECHAT_API_BASE_URL: fake.baseUrl } });
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
});

describe('WeChat Official Account', () => {
  it('an admin connects the account, a follower writes, and the agent’s answer reaches WeChat’s customer-service API', async () => {
    // The admin connects the account (in Chinese).
    const adminContext = await newUserContext(browser, server.url, 'zh-CN');
    const admin = await openPage(adminContext, 'wechat-admin');
    const adminProblems = watchForErrors(admin);
    await signInInChinese(admin, workspace.admin.email, workspace.admin.password);
    await admin.goto('/admin/messaging');
    await admin.getByRole('heading', { name: '消息与电话', exact: true }).waitFor();
    const form = admin.getByRole('form', { name: '接入公众号' });
    await form.getByLabel('名称').fill('售后服务号');
    await form.getByLabel('开发者ID（AppID）').fill(APP_ID);
    await form.getByLabel('开发者密码（AppSecret）').fill(APP_SECRET);
    await form.getByLabel('令牌（Token）').fill(TOKEN);
    await form.getByRole('button', { name: '接入公众号' }).click();
    await expect.poll(() => admin.getByTestId('shown-once-value').innerText()).toBe(TOKEN);
    const serverUrl = await admin.getByTestId('wechat-accounts').getByRole('table').getByText('/hooks/wechat/').innerText();
    expect(serverUrl).toMatch(new RegExp(`^${server.url}/hooks/wechat/[0-9a-f-]{36}$`));
    expect(await admin.content()).not.toContain(APP_SECRET);
    await screenshot(admin, 'wechat-admin-connected-zh');

    // WeChat checks the server URL, then posts a follower's message to it.
    const check = await fetch(`${serverUrl}?${signedQuery(TOKEN, new Date(), { echostr: 'echo-42' })}`);
    expect(await check.text()).toBe('echo-42');
    const posted = await fetch(`${serverUrl}?${signedQuery(TOKEN, new Date())}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: textMessageXml({ openId: 'o_journey_follower', content: '你好，我买的耳机有杂音，可以换货吗？🎧', at: new Date() }),
    });
    expect(await posted.text()).toBe('success');

    // The agent finds it in the inbox and answers from the ticket.
    const agent = await workspace.addUser('agent', '李娜', { locale: 'zh-CN' });
    const agentContext = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(agentContext, 'wechat-agent');
    const problems = watchForErrors(page);
    await signInInChinese(page, agent.email, agent.password);
    await page.goto('/inbox?view=all');
    await page.getByRole('link', { name: /耳机有杂音/ }).first().click();
    await page.getByTestId('timeline-message').filter({ hasText: '你好，我买的耳机有杂音，可以换货吗？🎧' }).waitFor();
    await page.getByTestId('wechat-window-open').waitFor();
    await page.locator('body').press('r');
    const answer = '您好，可以换货。请在订单页面申请，我们会安排上门取件。';
    await page.keyboard.type(answer);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('timeline-message').filter({ hasText: answer }).waitFor();

    const [sent] = await fake.waitForSent(1);
    expect(sent).toMatchObject({ touser: 'o_journey_follower', msgtype: 'text', content: answer });
    await screenshot(page, 'wechat-agent-answered-zh');

    // The admin screen shows the account received a message.
    await admin.reload();
    await admin.getByTestId('wechat-accounts').getByText('最近接收').waitFor();
    expect(problems).toEqual([]);
    expect(adminProblems).toEqual([]);
    await adminContext.close();
    await agentContext.close();
  });
});
