import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { pickOption } from './support/antd.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let agent: SeededUser;
let supervisor: SeededUser;
let slug: string;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  agent = await workspace.addUser('agent', '李客服', { locale: 'zh-CN' });
  supervisor = await workspace.addUser('supervisor', '王主管', { locale: 'zh-CN' });
  slug = (await server.kernel.services.workspaces.getWorkspace(workspace.id)).slug;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** An article published through the services (author: the agent, reviewer: the supervisor). */
async function publish(title: string, bodyHtml: string, extra: { tags?: string[]; file?: { name: string; data: string } } = {}) {
  const { kb } = server.kernel.services;
  const [category] = await kb.listCategories(agent.actor);
  const article = await kb.createArticle(agent.actor, { categoryId: category!.id, title, bodyHtml, tags: extra.tags });
  if (extra.file) await kb.uploadArticleAttachment(agent.actor, article.id, { filename: extra.file.name, data: Buffer.from(extra.file.data) });
  await kb.moveArticle(agent.actor, article.id, 'submit');
  return kb.moveArticle(supervisor.actor, article.id, 'approve');
}

describe('knowledge base journeys', () => {
  it('an agent drafts an article in the editor and submits it; a reviewer publishes it', async () => {
    const authoring = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(authoring, 'kb-author');
    const problems = watchForErrors(page);
    await signIn(page, agent.email, agent.password);
    await page.goto('/kb');
    await page.getByRole('button', { name: '新建文章' }).click();
    await page.getByLabel('标题', { exact: true }).fill('如何修改收货地址');
    await pickOption(page, 'categoryId', '操作类');
    const editor = page.getByTestId('article-body');
    await editor.click();
    await page.keyboard.type('订单发货前，可在订单详情页修改收货地址。');
    await page.getByRole('button', { name: '加粗' }).click();
    await page.keyboard.type('发货后无法修改');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.waitForURL(/\/kb\/articles\/[0-9a-f-]{36}$/);
    await page.getByText('草稿', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('审核中', { exact: true }).first().waitFor();
    // An author may not publish: the reviewer's buttons are not offered.
    expect(await page.getByRole('button', { name: '审核通过并发布' }).count()).toBe(0);
    expect(findEnglishStrings(await page.locator('main').innerText())).toEqual([]);
    await screenshot(page, 'kb-article-in-review');
    const articleUrl = page.url();
    expect(problems).toEqual([]);
    await authoring.close();

    const reviewing = await newUserContext(browser, server.url, 'zh-CN');
    const reviewerPage = await openPage(reviewing, 'kb-reviewer');
    await signIn(reviewerPage, supervisor.email, supervisor.password);
    await reviewerPage.goto('/kb');
    await reviewerPage.getByText('审核中', { exact: true }).first().click();
    await reviewerPage.getByRole('link', { name: '如何修改收货地址' }).click();
    await reviewerPage.waitForURL(articleUrl);
    await reviewerPage.getByRole('button', { name: '审核通过并发布' }).click();
    await reviewerPage.getByText('已发布', { exact: true }).first().waitFor();
    await screenshot(reviewerPage, 'kb-article-published');
    const id = articleUrl.split('/').at(-1)!;
    const stored = await server.kernel.services.kb.getArticle(supervisor.actor, id);
    expect(stored).toMatchObject({ status: 'published', publishedVersion: 1, authorId: agent.id, reviewedBy: supervisor.id });
    expect(stored.bodyHtml).toContain('<b>发货后无法修改</b>');
    await reviewing.close();
  });

  it('a customer searches the public help center with suggestions and rates the article', async () => {
    await publish('退换货政策', '<p>收到商品7天内可申请退换货。</p>', { tags: ['退货'] });
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'help-center');
    const problems = watchForErrors(page);
    await page.goto(`/help/${slug}`);
    await page.getByText('帮助中心').first().waitFor();
    const search = page.getByTestId('help-search').getByRole('combobox');
    await search.fill('退换');
    await page.locator('.ant-select-item-option', { hasText: '退换货政策' }).waitFor();
    await screenshot(page, 'help-suggestions');
    await search.fill('退货');
    await search.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const result = page.getByTestId('help-results').getByRole('link', { name: '退换货政策' });
    await result.click();
    await page.getByRole('heading', { name: '退换货政策' }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/help/${slug}/product/退换货政策`);
    await page.getByRole('button', { name: '有帮助' }).click();
    await page.getByText('感谢您的反馈。').waitFor();
    expect(findEnglishStrings(await collectVisibleText(page))).toEqual([]);
    await screenshot(page, 'help-article');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an agent inserts a suggested article with its file into the reply in one click and sends it', async () => {
    await publish('手机无法开机怎么办', '<p>长按电源键10秒强制重启；仍无法开机请充电30分钟后再试。</p>', { file: { name: '开机指南.txt', data: '1. 长按电源键' } });
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, { subject: '手机开不了机', description: '新买的手机开不了机了', customer: { name: '赵女士' } });
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'kb-insert');
    const problems = watchForErrors(page);
    await signIn(page, agent.email, agent.password);
    await page.goto(`/tickets/${ticket.id}`);
    const assist = page.getByTestId('kb-assist');
    await assist.getByText('手机无法开机怎么办').waitFor();
    await assist.getByRole('button', { name: '一键引用: 手机无法开机怎么办' }).click();
    const composer = page.getByRole('textbox', { name: '公开回复' });
    await expect.poll(() => composer.inputValue()).toBe('长按电源键10秒强制重启；仍无法开机请充电30分钟后再试。');
    await page.getByTestId('composer-inserted-files').getByText('开机指南.txt').waitFor();
    await screenshot(page, 'kb-inserted');
    await page.getByRole('button', { name: '发送回复' }).click();
    await expect.poll(async () => (await server.kernel.services.tickets.listMessages(agent.actor, ticket.id, { kind: 'reply' })).items.length).toBe(2);
    const reply = (await server.kernel.services.tickets.listMessages(agent.actor, ticket.id, { kind: 'reply' })).items[1]!;
    expect(reply.body).toBe('长按电源键10秒强制重启；仍无法开机请充电30分钟后再试。');
    expect(reply.attachments.map((file) => file.filename)).toEqual(['开机指南.txt']);
    expect((await server.kernel.services.kb.freshnessReport(supervisor.actor)).mostUsed[0]).toMatchObject({ title: '手机无法开机怎么办', uses: 1 });
    expect(problems).toEqual([]);
    await context.close();
  });
});
