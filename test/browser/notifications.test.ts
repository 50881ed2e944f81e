import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let frontline: string;
let supervisor: SeededUser;
let otherSupervisor: SeededUser;
let agent: SeededUser;

beforeAll(async () => {
  // A server clock we can move, starting now (the browser's cookies keep real time).
  server = await startKefu({ now: new Date().toISOString() });
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  const { identity } = server.kernel.services;
  frontline = (await identity.createTeam(workspace.system, { name: '一线客服', kind: 'team' })).id;
  const billing = (await identity.createTeam(workspace.system, { name: '账务组', kind: 'team' })).id;
  supervisor = await workspace.addUser('supervisor', '王主管', { teamIds: [frontline], locale: 'zh-CN' });
  otherSupervisor = await workspace.addUser('supervisor', '陈主管', { teamIds: [billing], locale: 'zh-CN' });
  agent = await workspace.addUser('agent', 'Lina Agent', { teamIds: [frontline], locale: 'en' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const unreadOf = async (user: SeededUser) => (await server.kernel.services.notifications.countUnread(user.actor)).unread;

describe('notifications and follow-up tasks', () => {
  it('a supervisor’s bell shows the escalation of a P1 breach live, and opening it leads to the ticket', async () => {
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'notifications-supervisor');
    const problems = watchForErrors(page);
    await signIn(page, supervisor.email, supervisor.password);
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
    await page.getByTestId('realtime-status').and(page.locator('[data-state="live"]')).waitFor();

    // A P1 for the supervisor's team that nobody answers: warned at 4 minutes, breached at 5.
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, { subject: '支付系统全部失败', customer: { name: '赵总' }, priority: 'P1', teamId: frontline });
    server.advanceMinutes(6);
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 20_000 }).toBe('2');
    await screenshot(page, 'notifications-bell-live');

    await bell.click();
    const panel = page.getByTestId('notification-panel');
    const breach = panel.getByTestId('notification').filter({ hasText: `升级：工单 ${ticket.number} 的首次响应已超时` });
    await breach.waitFor();
    expect(await breach.getAttribute('data-unread')).toBe('true');
    await expect.poll(() => panel.getByTestId('notification').count()).toBe(2);
    expect(findEnglishStrings(await panel.innerText())).toEqual([]);
    await screenshot(page, 'notifications-panel-zh');

    await breach.click();
    await page.waitForURL(`**/tickets/${ticket.id}`);
    await page.getByText('支付系统全部失败').first().waitFor();
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('1');

    // The full list; mark all read empties the bell.
    await page.goto('/notifications');
    await page.getByRole('heading', { name: '通知', exact: true }).waitFor();
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
    expect(await page.locator('[data-testid="notification"][data-unread="true"]').count()).toBe(0);

    // The supervisor of another team heard nothing of it.
    expect(await unreadOf(otherSupervisor)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an agent sees the follow-up task of a breached P2 appear in the task list and completes it', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'notifications-agent');
    const problems = watchForErrors(page);
    await signIn(page, agent.email, agent.password);
    await page.getByRole('link', { name: 'Follow-up tasks' }).click();
    await page.getByRole('heading', { name: 'Follow-up tasks', exact: true }).waitFor();
    await page.getByText('No open follow-up tasks.').waitFor();
    await page.getByTestId('realtime-status').and(page.locator('[data-state="live"]')).waitFor();

    // P2: first response in 15 minutes; at the breach escalation creates a task for the assignee.
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, { subject: 'Double charge on my card', customer: { name: 'Wu' }, priority: 'P2', teamId: frontline, assigneeId: agent.id });
    server.advanceMinutes(16);
    const row = page.getByTestId('sla-tasks').locator('tr', { hasText: ticket.number });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain(`Contact the customer proactively about ticket ${ticket.number}`);
    // The assignee heard of the warning, the breach and the task.
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 10_000 }).toBe('3');
    await screenshot(page, 'tasks-agent');

    await row.getByRole('button', { name: 'Complete' }).click();
    await page.getByText('Task completed.').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByText('Completed', { exact: true }).click();
    await page.getByTestId('sla-tasks').locator('tr', { hasText: ticket.number }).waitFor();

    // The bell's list leads to the ticket.
    await bell.click();
    await page.getByTestId('notification-panel').getByTestId('notification').filter({ hasText: `Task: contact the customer proactively about ticket ${ticket.number}` }).click();
    await page.waitForURL(`**/tickets/${ticket.id}`);
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('2');
    expect(problems).toEqual([]);
    await context.close();
  });
});
