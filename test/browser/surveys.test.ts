import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let supervisor: SeededUser;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  supervisor = await workspace.addUser('supervisor', '陈静', { locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an NPS campaign in Chinese', () => {
  it('a supervisor creates and runs an NPS campaign, a customer answers 0–10 and why from the link, the score shows on the campaign', async () => {
    await server.kernel.services.customers.createCustomer(workspace.system, { name: '周杰', locale: 'zh-CN', tags: ['会员'], identities: [{ kind: 'email', value: 'zhoujie@example.com' }] });

    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'surveys-supervisor');
    const problems = watchForErrors(page);
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/supervisor/surveys');
    await page.getByRole('button', { name: '新建 NPS 调研' }).click();
    await page.locator('#nps-campaign_name').fill('会员季度 NPS');
    await page.locator('#nps-campaign_segmentTag').fill('会员');
    expect(findEnglishStrings(await page.locator('.ant-modal').innerText())).toEqual([]);
    await page.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('NPS 调研已创建。').waitFor();
    const row = page.getByTestId('nps-campaigns').locator('tr').filter({ hasText: '会员季度 NPS' });
    await row.getByText('每季度').waitFor();
    await row.getByRole('button', { name: '立即发送' }).click();
    // Left without a first-run time the campaign also runs from its timer at once: whichever run comes first asks the
    // customer, and the window keeps the other from asking again.
    await page.getByText(/已发送 [01] 份邀请/).waitFor();
    await page.reload();
    await row.locator('td').filter({ hasText: /^1$/ }).first().waitFor();
    await screenshot(page, 'surveys-campaign-run');

    // The customer opens the invitation's signed link, in the language it was sent in.
    const [campaign] = await server.kernel.services.surveys.listCampaigns(workspace.system);
    const [link] = await server.kernel.services.surveys.campaignLinks(workspace.system, campaign!.id, 1);
    const customerContext = await newUserContext(browser, server.url, 'en');
    const customer = await openPage(customerContext, 'surveys-customer');
    const customerProblems = watchForErrors(customer);
    await customer.goto(link!.slice(link!.indexOf('/survey/')));
    await customer.getByText(/您有多大可能向朋友或同事推荐/).waitFor();
    expect(findEnglishStrings(await customer.locator('body').innerText())).toEqual([]);
    await customer.locator('label.ant-radio-button-wrapper').filter({ hasText: /^9$/ }).click();
    await customer.getByLabel('您打这个分数的主要原因是什么？（选填）').fill('客服回复及时，问题一次解决');
    await customer.getByRole('button', { name: /^提\s?交$/ }).click();
    await customer.getByText('感谢您的评价！').waitFor();
    await screenshot(customer, 'surveys-customer-answered');
    await customer.reload();
    await customer.getByText('该问卷已提交过，感谢您的反馈！').waitFor();
    // A link whose signature was changed says so plainly, in the browser's language (a bad link names no invitation).
    await customer.goto(`${link!.slice(link!.indexOf('/survey/'), -4)}AAAA`);
    await customer.getByText('This survey link is not valid').waitFor();

    await page.reload();
    await row.getByTestId('nps-score').getByText('100').waitFor();
    expect(findEnglishStrings(await page.locator('main').innerText())).toEqual([]);
    await screenshot(page, 'surveys-campaign-score');
    expect(problems).toEqual([]);
    expect(customerProblems.filter((problem) => !problem.includes('404'))).toEqual([]);
    await context.close();
    await customerContext.close();
  }, 300_000);
});
