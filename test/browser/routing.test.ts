import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let frontline: string;
let supervisor: SeededUser;
let agent: SeededUser;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  frontline = (await server.kernel.services.identity.createTeam(workspace.system, { name: '一线客服', kind: 'team' })).id;
  supervisor = await workspace.addUser('supervisor', '周敏', { teamIds: [frontline], locale: 'zh-CN' });
  agent = await workspace.addUser('agent', '李娜', { teamIds: [frontline], locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the antd Select named by its aria-label and picks the option showing this text. */
async function choose(page: Page, selectName: string, optionText: string): Promise<void> {
  await page.getByRole('combobox', { name: selectName }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: optionText }).click();
}

const mainText = (page: Page) => page.locator('main').innerText();

describe('routing', () => {
  it('a supervisor sets the team to round-robin; an agent goes online and a new ticket reaches them live', async () => {
    const supervisorContext = await newUserContext(browser, server.url, 'zh-CN');
    const supervisorPage = await openPage(supervisorContext, 'routing-supervisor');
    const supervisorProblems = watchForErrors(supervisorPage);
    await signIn(supervisorPage, supervisor.email, supervisor.password);
    await supervisorPage.goto('/admin/routing');
    await supervisorPage.getByRole('combobox', { name: '一线客服 分配策略' }).waitFor();
    expect(findEnglishStrings(await mainText(supervisorPage))).toEqual([]);
    await choose(supervisorPage, '一线客服 分配策略', '轮流分配');
    await supervisorPage.getByText('已保存。').waitFor();
    await choose(supervisorPage, '一线客服 无人处理时提醒主管', '10 分钟');
    await expect
      .poll(async () => (await server.kernel.db.query<{ strategy: string; reminder_minutes: number | null }>(`SELECT strategy, reminder_minutes FROM routing_teams WHERE workspace_id = $1 AND team_id = $2`, [workspace.id, frontline]))[0])
      .toEqual({ strategy: 'round_robin', reminder_minutes: 10 });
    await screenshot(supervisorPage, 'routing-settings');

    // The agent goes online from the header and waits on their own tickets.
    const agentContext = await newUserContext(browser, server.url, 'zh-CN');
    const agentPage = await openPage(agentContext, 'routing-agent');
    const agentProblems = watchForErrors(agentPage);
    await signIn(agentPage, agent.email, agent.password);
    await agentPage.goto('/inbox?view=mine');
    await agentPage.getByTestId('realtime-status').and(agentPage.locator('[data-state="live"]')).waitFor();
    await choose(agentPage, '我的状态', '在线');
    await expect.poll(async () => (await server.kernel.services.identity.getUsersByIds(workspace.id, [agent.id]))[0]!.presence).toBe('online');

    // A customer's ticket arrives in the team: routing gives it to the agent, whose list shows it without a reload.
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, { subject: '退款一周还没到账', description: '订单 9921 的退款。', customer: { name: '陈静' }, teamId: frontline });
    await agentPage.getByText('退款一周还没到账').waitFor({ timeout: 20_000 });
    const [stored] = await server.kernel.db.query<{ assignee_id: string }>(`SELECT assignee_id FROM tickets WHERE workspace_id = $1 AND id = $2`, [workspace.id, ticket.id]);
    expect(stored!.assignee_id).toBe(agent.id);
    await screenshot(agentPage, 'routing-agent-receives-ticket');

    // The ticket's timeline says routing assigned it, in Chinese.
    await agentPage.getByText('退款一周还没到账').first().click();
    await agentPage.getByText('系统已自动分配工单（轮流分配）').waitFor();

    // The supervisor's queue view: nobody waits, one agent online, in Chinese.
    await supervisorPage.goto('/supervisor/queues');
    const row = supervisorPage.locator('tr').filter({ hasText: '一线客服' }).first();
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('轮流分配');
    expect(findEnglishStrings(await mainText(supervisorPage))).toEqual([]);
    await screenshot(supervisorPage, 'routing-queues');

    expect(supervisorProblems).toEqual([]);
    expect(agentProblems).toEqual([]);
    await agentContext.close();
    await supervisorContext.close();
  });
});
