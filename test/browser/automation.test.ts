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
  it('an admin builds a rule with a nested group, dry-runs it on last month without changing anything, and enables it', async () => {
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
    // All of: a complaint, and any of (subject has 破损, subject has 退款).
    await drawer.getByRole('button', { name: '添加条件', exact: true }).click();
    await drawer.getByRole('textbox', { name: '值' }).fill('complaint');
    await drawer.getByRole('button', { name: '添加条件组' }).click();
    const group = drawer.getByTestId('condition-group');
    await group.getByText('满足任一').waitFor();
    await group.getByRole('button', { name: '添加条件', exact: true }).click();
    for (const [index, word] of ['破损', '退款'].entries()) {
      const row = group.getByTestId('condition-row').nth(index);
      await pick(page, row.getByRole('combobox', { name: '字段' }), '主题');
      await pick(page, row.getByRole('combobox', { name: '运算' }), '包含');
      await row.getByRole('textbox', { name: '值' }).fill(word);
    }
    await pick(page, drawer.getByRole('combobox', { name: '操作' }), '设置字段');
    await pick(page, drawer.getByRole('combobox', { name: '值' }), '一般咨询');
    expect(findEnglishStrings(await drawer.innerText())).toEqual([]);
    await screenshot(page, 'automation-nested-group');

    await drawer.getByRole('button', { name: '试运行' }).click();
    await expect.poll(() => drawer.getByTestId('dry-run-summary').innerText()).toBe('4 个工单中有 2 个会命中。未做任何修改。');
    const preview = drawer.getByTestId('dry-run-panel');
    for (const ticket of [created[0]!, created[3]!]) await preview.getByRole('link', { name: ticket.number }).waitFor();
    // A complaint outside the group, and a consultation, stay out.
    for (const ticket of [created[1]!, created[2]!]) expect(await preview.getByRole('link', { name: ticket.number }).count()).toBe(0);
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
    // The saved rule is the one dry-run, nested group and all.
    const [saved] = (await server.kernel.services.automation.listRules(admin.actor)).filter((rule) => rule.name === '投诉自动提级');
    expect(saved!.conditions).toEqual({
      match: 'all',
      conditions: [
        { field: 'ticket.type', op: 'is', value: 'complaint' },
        { match: 'any', conditions: [{ field: 'ticket.subject', op: 'contains', value: '破损' }, { field: 'ticket.subject', op: 'contains', value: '退款' }] },
      ],
    });
    const fresh = await tickets.createTicket(workspace.system, { subject: '又一单投诉：退款未到', type: 'complaint', priority: 'P3', customer: { name: '新客户' } });
    await expect.poll(async () => (await tickets.getTicket(workspace.system, fresh.id)).priority, { timeout: 15_000 }).toBe('P2');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the admin edits the rule once, sees both versions in its history and restores the first', async () => {
    const { automation } = server.kernel.services;
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'automation-history');
    const problems = watchForErrors(page);
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/automation');
    await page.getByRole('row').filter({ hasText: '投诉自动提级' }).getByRole('button', { name: /^编\s?辑$/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('textbox', { name: '名称' }).fill('投诉自动提级（含丢件）');
    const group = drawer.getByTestId('condition-group');
    await group.getByRole('button', { name: '添加条件', exact: true }).click();
    const added = group.getByTestId('condition-row').nth(2);
    await pick(page, added.getByRole('combobox', { name: '字段' }), '主题');
    await pick(page, added.getByRole('combobox', { name: '运算' }), '包含');
    await added.getByRole('textbox', { name: '值' }).fill('丢件');
    await drawer.getByRole('button', { name: /^保\s?存$/ }).click();
    const row = page.getByRole('row').filter({ hasText: '投诉自动提级（含丢件）' });
    await row.waitFor();
    expect(await row.getByRole('cell', { name: '2', exact: true }).count()).toBe(1);

    await row.getByRole('button', { name: /^历\s?史$/ }).click();
    const history = page.getByTestId('rule-history');
    const versions = history.getByTestId('rule-version');
    await expect.poll(() => versions.count()).toBe(2);
    // Ticket types are named once the workspace's types have loaded.
    await expect.poll(() => versions.nth(1).innerText()).toContain('工单类型 等于 投诉');
    const [newest, first] = [await versions.nth(0).innerText(), await versions.nth(1).innerText()];
    expect(newest).toContain('版本 2');
    expect(newest).toContain('当前');
    expect(newest).toContain('投诉自动提级（含丢件）');
    expect(newest).toContain('主题 包含 丢件');
    expect(first).toContain('版本 1');
    expect(first).toContain('管理员 保存于');
    expect(first).toContain('满足任一');
    expect(first).toContain('主题 包含 破损');
    expect(first).toContain('设置字段：优先级 → 一般咨询');
    expect(first).not.toContain('丢件');
    expect(findEnglishStrings(await history.innerText())).toEqual([]);
    await screenshot(page, 'automation-rule-history');

    await versions.nth(1).getByRole('button', { name: /^恢\s?复$/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /^恢\s?复$/ }).click();
    await page.getByText('已恢复该版本。').waitFor();
    await expect.poll(() => versions.count()).toBe(3);
    expect(await versions.nth(0).innerText()).toContain('版本 3');
    const [restored] = (await automation.listRules(admin.actor)).filter((rule) => rule.name === '投诉自动提级');
    const [firstVersion] = (await automation.listRuleVersions(admin.actor, restored!.id)).filter((version) => version.version === 1);
    expect({ version: restored!.version, conditions: restored!.conditions, actions: restored!.actions }).toEqual({ version: 3, conditions: firstVersion!.definition.conditions, actions: firstVersion!.definition.actions });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the admin moves a rule up, and the whole order is saved in one request', async () => {
    const { automation } = server.kernel.services;
    await automation.createRule(admin.actor, { name: '新工单打标签', trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_tags', tags: ['新'] }] });
    const before = (await automation.listRules(admin.actor)).map((rule) => rule.name);
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'automation-order');
    const problems = watchForErrors(page);
    await signIn(page, admin.email, admin.password);
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/automation/rules') && request.method() !== 'GET') writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await page.goto('/admin/automation');
    await page.getByRole('button', { name: '上移“新工单打标签”' }).click();
    await page.getByText('顺序已保存。').waitFor();
    const index = before.indexOf('新工单打标签');
    const expected = [...before.slice(0, index - 1), '新工单打标签', before[index - 1]!, ...before.slice(index + 1)];
    expect((await automation.listRules(admin.actor)).map((rule) => rule.name)).toEqual(expected);
    expect(writes).toEqual(['PUT /api/v1/automation/rules/order']);
    await expect.poll(async () => (await page.locator('.ant-table-tbody tr').allInnerTexts()).map((text) => expected.findIndex((name) => text.includes(name)))).toEqual(expected.map((_, i) => i));
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
