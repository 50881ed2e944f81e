import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, signInInChinese, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededWorkspace } from './support/kefu-server.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { adminScreens } from '../../web/src/routes/admin.tsx';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'en' });
  const team = await server.kernel.services.identity.createTeam(workspace.system, { name: '一线客服', kind: 'team' });
  await server.kernel.services.identity.createTeam(workspace.system, { name: '技术支持部', kind: 'department' });
  await workspace.addUser('agent', '李娜', { teamIds: [team.id] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The field message the API itself gives for this invitation, in that language. */
async function apiFieldMessage(body: object, field: string, locale: string): Promise<string> {
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: workspace.admin.email, password: workspace.admin.password } });
  const cookie = login.cookies.find((c) => c.name === 'kefu_session')!;
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/users', payload: body, headers: { cookie: `kefu_session=${cookie.value}`, 'accept-language': locale } });
  expect(response.statusCode).toBe(400);
  const message = (response.json() as { errors: { field: string; message: string }[] }).errors.find((e) => e.field === field)?.message;
  expect(message).toBeTruthy();
  return message!;
}

async function inviteWithBadEmail(page: Page): Promise<string> {
  await page.getByRole('button', { name: /Invite user|邀请用户/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#invite-user_email').fill('not-an-email');
  await dialog.locator('#invite-user_name').fill('王小明');
  await dialog.getByRole('button', { name: /^(Invite|邀 ?请)$/ }).click();
  const error = dialog.locator('#invite-user_email_help');
  await error.waitFor();
  return (await error.innerText()).trim();
}

describe('admin console', () => {
  it('shows the API’s field message on the invitation form, in English then in Chinese', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'admin-console-1');
    const problems = watchForErrors(page);
    await signIn(page, workspace.admin.email, workspace.admin.password);
    await page.goto('/admin/users');
    await page.getByRole('cell', { name: /李娜/ }).waitFor();
    await screenshot(page, 'admin-users-en');

    const shownEn = await inviteWithBadEmail(page);
    expect(shownEn).toBe(await apiFieldMessage({ email: 'not-an-email', name: '王小明', role: 'agent', teamIds: [] }, 'email', 'en'));
    await screenshot(page, 'admin-invite-field-error-en');
    await page.keyboard.press('Escape');

    // Switching the language is remembered for the user on the server.
    await page.getByRole('banner').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '用户' }).waitFor();
    await expect.poll(async () => (await server.kernel.services.identity.getMe(workspace.admin.actor)).locale).toBe('zh-CN');

    const shownZh = await inviteWithBadEmail(page);
    expect(shownZh).toBe(await apiFieldMessage({ email: 'not-an-email', name: '王小明', role: 'agent', teamIds: [] }, 'email', 'zh-CN'));
    expect(shownZh).not.toBe(shownEn);
    await screenshot(page, 'admin-invite-field-error-zh');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows no English text on the admin screens in zh-CN', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'admin-console-2');
    const problems = watchForErrors(page);
    await signInInChinese(page, workspace.admin.email, workspace.admin.password);
    // Every admin screen of the registry (a new one is checked without touching this test), titled by its menu label.
    const screens: { path: string; ready: string }[] = [
      ...adminScreens.screens.map((screen) => ({ path: `/${screen.path}`, ready: zhCN[screen.label!] })),
      { path: '/profile', ready: zhCN['profile.title'] },
    ];
    expect(screens.length).toBeGreaterThanOrEqual(11);
    for (const screen of screens) {
      await page.goto(screen.path);
      await page.getByRole('heading', { name: screen.ready, exact: true }).waitFor();
      await page.waitForLoadState('networkidle');
      const english = findEnglishStrings(await collectVisibleText(page));
      await screenshot(page, `zh-${screen.path.replaceAll('/', '-').slice(1)}`);
      expect({ screen: screen.path, english }).toEqual({ screen: screen.path, english: [] });
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads the app’s scripts and styles compressed', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'admin-console-compression');
    const assets: { url: string; encoding: string | undefined }[] = [];
    page.on('response', (response) => {
      if (/\/assets\/.+\.(js|css)$/.test(response.url())) assets.push({ url: response.url(), encoding: response.headers()['content-encoding'] });
    });
    await page.goto('/login');
    await page.waitForLoadState('networkidle');
    // The entry script and the React chunk, the largest files of a first visit, arrive as brotli or gzip.
    const main = assets.filter((asset) => /\/assets\/(index|react)-[^/]+\.js$/.test(asset.url));
    expect(main.length).toBe(2);
    for (const asset of main) expect(['br', 'gzip']).toContain(asset.encoding);
    await context.close();
  });

  it('creates an API token and shows its secret once', async () => {
    // An English browser; the language is picked on the sign-in page.
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'admin-console-3');
    await signInInChinese(page, workspace.admin.email, workspace.admin.password);
    await page.goto('/admin/tokens');
    await page.getByRole('button', { name: /新建 API 令牌/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('CRM 同步');
    // The integration brings in what customers wrote elsewhere: it needs the scope for customers' messages.
    await dialog.getByRole('checkbox', { name: '处理工单' }).check();
    await dialog.getByRole('checkbox', { name: '以客户身份添加消息（集成）' }).check();
    await dialog.getByRole('button', { name: '创建令牌' }).click();
    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    const token = await secret.innerText();
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, 'admin-token-secret-zh');

    // The token adds a customer's message to a ticket through the API.
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, { subject: 'Synced from the CRM', customer: { name: 'CRM Customer' } });
    const posted = await fetch(`${server.url}/api/v1/tickets/${ticket.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ authorType: 'customer', body: 'Written in the CRM portal', externalId: 'crm:1' }),
    });
    expect(posted.status).toBe(201);
    expect((await posted.json()).message).toMatchObject({ authorType: 'customer', externalId: 'crm:1' });
    await page.getByRole('button', { name: /^完\s?成$/ }).click();
    await page.getByRole('cell', { name: /CRM 同步/ }).waitFor();
    await context.close();
  });

  it('signs the other browser out when the user signs out everywhere', async () => {
    const first = await newUserContext(browser, server.url, 'en');
    const second = await newUserContext(browser, server.url, 'en');
    const pageA = await openPage(first, 'admin-console-4');
    const pageB = await openPage(second, 'admin-console-5');
    await signIn(pageA, workspace.admin.email, workspace.admin.password);
    await signIn(pageB, workspace.admin.email, workspace.admin.password);
    await pageA.getByRole('button', { name: /账号菜单|Account menu/ }).click();
    await pageA.getByRole('menuitem', { name: /退出所有设备|Sign out everywhere/ }).click();
    await pageA.waitForURL(/\/login/);
    // The other browser notices at its next request (or sooner, when its tab regains focus).
    if (!pageB.url().includes('/login')) await pageB.getByRole('link', { name: /Teams & departments|团队与部门/ }).click({ timeout: 5000 }).catch(() => undefined);
    await pageB.waitForURL(/\/login/);
    await pageB.getByRole('alert').filter({ hasText: /session has ended|登录已失效/ }).waitFor();
    await screenshot(pageB, 'session-ended-other-browser');
    await first.close();
    await second.close();
  });
});
