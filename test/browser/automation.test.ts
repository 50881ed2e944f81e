import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let admin: SeededUser;
let agent: SeededUser;

/** Opens an antd Select found by its accessible name and picks the option with this visible title. */
async function pick(page: Page, select: Locator, title: string): Promise<void> {
  await select.click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`).click();
}

/** The 10th of the previous calendar month, 10:00 in Shanghai, so it falls inside "last month" in the browser too. */
function lastMonth(day: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day, 2, 0, 0));
}

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  admin = await workspace.addUser('admin', '管理员', { locale: 'zh-CN' });
  agent = await workspace.addUser('agent', '李娜', { locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('automation', () => {
  it('an admin builds a rule, dry-runs it on last month without changing anything, and enables it', async () => {
    const { tickets } = server.kernel.services;
    const history = [
      { subject: '商品破损要求赔偿', type: 'complaint' },
      { subject: '快递员态度差', type: 'complaint' },
      { subject: '发票抬头怎么改', type: 'consultation' },
      { subject: '退款一直没到账', type: 'complaint' },
    ];
    const created = [];
    for (const [index, item] of history.entries()) {
      created.push(await tickets.createTicket(workspace.system, { ...item, priority: 'P3', customer: { name: `客户${index}` } }));
    }
    // Last month's tickets: the fixture moves their creation back (the server runs on the real clock).
    for (const [index, ticket] of created.entries()) {
      await server.kernel.db.query(`UPDATE tickets SET created_at = $3 WHERE workspace_id = $1 AND id = $2`, [workspace.id, ticket.id, lastMonth(5 + index)]);
    }

    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'automation-admin');
    const problems = watchForErrors(page);
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/automation');
    await page.getByRole('button', { name: '新建规则' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('textbox', { name: '名称' }).fill('投诉自动提级');
    await drawer.getByRole('button', { name: '添加条件' }).click();
    await drawer.getByRole('textbox', { name: '值' }).fill('complaint');
    await pick(page, drawer.getByRole('combobox', { name: '操作' }), '设置字段');
    await pick(page, drawer.getByRole('combobox', { name: '值' }), '一般咨询');
    expect(findEnglishStrings(await drawer.innerText())).toEqual([]);

    await drawer.getByRole('button', { name: '试运行' }).click();
    await expect.poll(() => drawer.getByTestId('dry-run-summary').innerText()).toBe('4 个工单中有 3 个会命中。未做任何修改。');
    const preview = drawer.getByTestId('dry-run-panel');
    for (const ticket of created.filter((_, index) => history[index]!.type === 'complaint')) await preview.getByRole('link', { name: ticket.number }).waitFor();
    expect(await preview.getByRole('link', { name: created[2]!.number }).count()).toBe(0);
    await screenshot(page, 'automation-dry-run');
    // The dry run changed nothing.
    const untouched = await server.kernel.db.query<{ priority: string }>(`SELECT priority FROM tickets WHERE workspace_id = $1`, [workspace.id]);
    expect(untouched.map((row) => row.priority)).toEqual(['P3', 'P3', 'P3', 'P3']);

    await drawer.getByRole('switch', { name: '启用' }).click();
    await drawer.getByRole('button', { name: /^保\s?存$/ }).click();
    const row = page.getByRole('row').filter({ hasText: '投诉自动提级' });
    await row.waitFor();
    expect(await row.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    expect(findEnglishStrings(await page.locator('.ant-table').first().innerText())).toEqual([]);
    await screenshot(page, 'automation-rule-enabled');

    // Live from now on: a new complaint gets the rule's priority.
    const fresh = await tickets.createTicket(workspace.system, { subject: '又一单投诉', type: 'complaint', priority: 'P3', customer: { name: '新客户' } });
    await expect.poll(async () => (await tickets.getTicket(workspace.system, fresh.id)).priority, { timeout: 15_000 }).toBe('P2');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an agent applies a macro from the composer after its preview', async () => {
    const { tickets, automation } = server.kernel.services;
    await automation.createMacro(admin.actor, { name: '请客户补充照片', isShared: true, actions: [{ type: 'set_field', field: 'status', value: 'pending' }, { type: 'add_tags', tags: ['待补充'] }, { type: 'add_reply', body: '您好，请上传商品破损的照片，我们会尽快处理。' }] });
    const ticket = await tickets.createTicket(workspace.system, { subject: '收到的杯子碎了', customer: { name: '王芳' }, assigneeId: agent.id });

    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'automation-agent');
    const problems = watchForErrors(page);
    await signIn(page, agent.email, agent.password);
    await page.goto(`/tickets/${ticket.id}`);
    await page.getByRole('button', { name: '宏' }).click();
    const modal = page.getByRole('dialog');
    const preview = modal.getByTestId('macro-preview');
    const previewed = preview.getByText('回复：您好，请上传商品破损的照片，我们会尽快处理。');
    // Chosen by keyboard: the ticket's own events refresh the page's queries as it opens and re-render the list under
    // the pointer, and the only macro is the active option when the list opens.
    const chooser = modal.getByRole('combobox', { name: '选择一个宏' });
    await chooser.click();
    await page.locator('.ant-select-item-option-active[title="请客户补充照片"]').waitFor();
    await chooser.press('Enter');
    await previewed.waitFor();
    expect(findEnglishStrings(await modal.innerText())).toEqual([]);
    await screenshot(page, 'automation-macro-preview');
    expect((await tickets.getTicket(workspace.system, ticket.id)).status).toBe('open');

    await modal.getByRole('button', { name: /^执\s?行$/ }).click();
    await page.getByText('宏已执行。').waitFor();
    await page.getByText('李娜 执行了宏“请客户补充照片”').waitFor();
    await page.getByText('您好，请上传商品破损的照片，我们会尽快处理。').first().waitFor();
    const after = await tickets.getTicket(workspace.system, ticket.id);
    expect({ status: after.status, tags: after.tags }).toEqual({ status: 'pending', tags: ['待补充'] });
    await screenshot(page, 'automation-macro-applied');
    expect(problems).toEqual([]);
    await context.close();
  });
});
