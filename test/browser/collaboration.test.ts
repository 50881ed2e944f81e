import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickOption } from './support/antd.ts';
import { findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let agent: SeededUser;
let specialist: SeededUser;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  const { identity } = server.kernel.services;
  const frontline = (await identity.createTeam(workspace.system, { name: '一线客服', kind: 'team' })).id;
  const logistics = (await identity.createTeam(workspace.system, { name: '物流部', kind: 'department' })).id;
  agent = await workspace.addUser('agent', '李娜', { teamIds: [frontline], locale: 'zh-CN' });
  specialist = await workspace.addUser('specialist', '张伟', { teamIds: [logistics], locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('cross-department sub-tasks', () => {
  it('an agent hands a ticket to logistics; the specialist completes it and the agent sees it live', async () => {
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, {
      subject: '包裹一周未到',
      description: '订单 8812 显示已发货，但一周都没有更新物流。',
      customer: { name: '王芳' },
      assigneeId: agent.id,
    });

    const agentContext = await newUserContext(browser, server.url, 'zh-CN');
    const agentPage = await openPage(agentContext, 'collaboration-agent');
    const agentProblems = watchForErrors(agentPage);
    await signIn(agentPage, agent.email, agent.password);
    await agentPage.goto(`/tickets/${ticket.id}`);
    await agentPage.getByTestId('realtime-status').and(agentPage.locator('[data-state="live"]')).waitFor();
    const panel = agentPage.getByTestId('subtasks-panel');
    await panel.getByText('暂无子任务。').waitFor();

    await panel.getByRole('button', { name: '转交部门协作' }).click();
    await pickOption(agentPage, 'new-subtask_departmentId', '物流部');
    await agentPage.locator('#new-subtask_title').fill('追踪包裹并确认派送时间');
    await agentPage.locator('#new-subtask_description').fill('请查询承运商的扫描记录。');
    await agentPage.getByText('完成后向客户发送进度更新').click();
    await agentPage.getByRole('button', { name: '创建子任务' }).click();
    await panel.getByTestId('subtask-item').filter({ hasText: '追踪包裹并确认派送时间' }).waitFor();
    await expect.poll(() => panel.getByTestId('subtasks-progress').innerText()).toBe('已完成 0 / 1');
    expect(findEnglishStrings(await panel.innerText())).toEqual([]);
    await screenshot(agentPage, 'collaboration-agent-handed-off');

    // The specialist sees the work in the department's queue, with the parent's context, and completes it.
    const specialistContext = await newUserContext(browser, server.url, 'zh-CN');
    const specialistPage = await openPage(specialistContext, 'collaboration-specialist');
    const specialistProblems = watchForErrors(specialistPage);
    await signIn(specialistPage, specialist.email, specialist.password);
    await specialistPage.goto('/subtasks');
    const row = specialistPage.getByTestId('subtask-queue').getByText('追踪包裹并确认派送时间');
    await row.click();
    const drawer = specialistPage.getByRole('dialog');
    await drawer.getByText(`来自工单 ${ticket.number}`).waitFor();
    await drawer.getByText('订单 8812 显示已发货，但一周都没有更新物流。').waitFor();
    expect(await drawer.getByText('打开工单').count()).toBe(0);
    expect(findEnglishStrings(await drawer.innerText())).toEqual([]);
    await drawer.getByRole('button', { name: '我来处理' }).click();
    await drawer.locator('#complete-subtask_resolution').fill('包裹在中转站找到，明天重新派送。');
    await screenshot(specialistPage, 'collaboration-specialist-completing');
    // Ant Design spaces out a two-character Chinese label: 完 成.
    await drawer.getByRole('button', { name: /^完\s?成$/ }).click();
    await specialistPage.getByText('子任务已完成。').waitFor();

    // The agent's page follows without reloading: progress, the resolution and the timeline step.
    await expect.poll(() => panel.getByTestId('subtasks-progress').innerText(), { timeout: 15_000 }).toBe('已完成 1 / 1');
    await panel.getByText('包裹在中转站找到，明天重新派送。').waitFor();
    await agentPage.getByText('张伟 完成了子任务 追踪包裹并确认派送时间').waitFor();
    await screenshot(agentPage, 'collaboration-agent-sees-completion');

    const updates = await server.kernel.db.query(`SELECT 1 FROM outbox_events WHERE workspace_id = $1 AND type = 'subtask.customer_update' AND aggregate_id = $2`, [workspace.id, ticket.id]);
    expect(updates).toHaveLength(1);
    expect(agentProblems).toEqual([]);
    expect(specialistProblems).toEqual([]);
    await agentContext.close();
    await specialistContext.close();
  });
});
