import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let supervisor: SeededUser;

beforeAll(async () => {
  // A server clock we can move, starting now (the browser's cookies keep real time).
  server = await startKefu({ now: new Date().toISOString() });
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  const { identity, tickets } = server.kernel.services;
  const frontline = await identity.createTeam(workspace.system, { name: '一线客服', kind: 'team' });
  const vip = await identity.createTeam(workspace.system, { name: 'VIP 专席', kind: 'team' });
  supervisor = await workspace.addUser('supervisor', '王主管', { teamIds: [frontline.id, vip.id], locale: 'zh-CN' });
  const agent = await workspace.addUser('agent', '李娜', { teamIds: [frontline.id] });
  const seeds: { subject: string; priority: 'P1' | 'P2' | 'P3'; teamId: string; assign?: boolean }[] = [
    { subject: '无法登录会员中心', priority: 'P2', teamId: frontline.id, assign: true },
    { subject: '发票抬头填错了', priority: 'P3', teamId: frontline.id },
    { subject: '订单重复扣款', priority: 'P2', teamId: vip.id },
    { subject: '商品与描述不符', priority: 'P3', teamId: vip.id, assign: true },
  ];
  for (const seed of seeds) {
    await tickets.createTicket(workspace.system, { subject: seed.subject, customer: { name: '客户' + seed.subject.slice(0, 2) }, priority: seed.priority, teamId: seed.teamId, assigneeId: seed.assign ? agent.id : null });
  }
  await server.kernel.dispatcher.drain();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('supervisor view', () => {
  it('shows open tickets by status, priority and team, and SLA warnings and breaches as they happen', async () => {
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'supervisor');
    const problems = watchForErrors(page);
    const ticketRequests: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/v1/tickets')) ticketRequests.push(new URL(request.url()).pathname + new URL(request.url()).search);
    });
    await signIn(page, supervisor.email, supervisor.password);
    await page.goto('/supervisor');
    await page.getByRole('heading', { name: '主管看板', exact: true }).waitFor();
    await expect.poll(() => page.locator('.ant-statistic').first().innerText()).toContain('4');
    // Counted by the server: today's four tickets, and no page of tickets read to count them.
    await expect.poll(() => page.locator('.ant-statistic').nth(4).innerText()).toContain('4');
    expect(ticketRequests).toContain('/api/v1/tickets/counts');
    expect(ticketRequests.filter((url) => url.includes('limit=100'))).toEqual([]);
    // The charts are drawn (ECharts arrives on demand).
    await expect.poll(() => page.locator('[data-testid="echart"] canvas').count()).toBe(3);
    await page.getByText('VIP 专席').first().waitFor({ state: 'attached' }).catch(() => undefined);
    await page.waitForLoadState('networkidle');
    const english = findEnglishStrings(await collectVisibleText(page));
    expect(english).toEqual([]);
    await screenshot(page, 'supervisor-zh');

    // A critical ticket arrives and nobody answers it in 5 minutes.
    await server.kernel.services.tickets.createTicket(workspace.system, { subject: '支付系统全部失败', customer: { name: '赵总' }, priority: 'P1' });
    await page.getByRole('link', { name: /支付系统全部失败/ }).first().waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.ant-statistic').first().innerText(), { timeout: 15_000 }).toContain('5');
    server.advanceMinutes(6);
    const feed = page.getByTestId('breach-feed').getByRole('listitem');
    await expect.poll(() => feed.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('breach-feed').innerText(), { timeout: 10_000 }).toContain('支付系统全部失败');
    expect(await page.getByTestId('breach-feed').locator('[data-testid="sla-badge"][data-state="breached"]').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('.ant-statistic').nth(3).innerText(), { timeout: 15_000 }).toContain('1');
    await screenshot(page, 'supervisor-breach-feed-live');
    expect(problems).toEqual([]);
    await context.close();
  });
});
