import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickOption, typeDate } from './support/antd.ts';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededWorkspace } from './support/kefu-server.ts';

/**
 * A coming Saturday, 15:00 in Shanghai, whose Sunday is in the same month; that Sunday is worked (调休) in the
 * calendar the admin creates. In the future, because the browser's cookie jar keeps real time.
 */
function comingSaturday(): { now: string; saturday: string; sunday: string; weekBefore: string } {
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  let utcMidnight = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + 2 * day;
  while (new Date(utcMidnight).getUTCDay() !== 6 || new Date(utcMidnight + day).getUTCMonth() !== new Date(utcMidnight).getUTCMonth() || new Date(utcMidnight - 6 * day).getUTCMonth() !== new Date(utcMidnight).getUTCMonth()) {
    utcMidnight += day;
  }
  return { now: new Date(utcMidnight + 7 * 3_600_000).toISOString(), saturday: iso(utcMidnight), sunday: iso(utcMidnight + day), weekBefore: iso(utcMidnight - 6 * day) };
}
const { now: NOW, saturday: SATURDAY, sunday: SUNDAY, weekBefore: PREVIOUS_SUNDAY } = comingSaturday();

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;

beforeAll(async () => {
  server = await startKefu({ now: NOW });
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
  await server.kernel.services.identity.createTeam(workspace.system, { name: '投诉专组', kind: 'team' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectNoEnglish(page: Page, screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const english = findEnglishStrings(await collectVisibleText(page));
  expect({ screen, english }).toEqual({ screen, english: [] });
}

describe('business calendar and SLA policy', () => {
  it('creates a calendar with a 调休 Sunday and a policy, and a new complaint is due on that Sunday', async () => {
    const context = await newUserContext(browser, server.url, 'zh-CN');
    const page = await openPage(context, 'sla-admin');
    await page.clock.setFixedTime(new Date(NOW));
    const problems = watchForErrors(page);
    await signIn(page, workspace.admin.email, workspace.admin.password);

    // The calendar: office hours, plus Sunday 27 September as a working day.
    await page.goto('/admin/calendars');
    await page.getByRole('heading', { name: '工作日历', exact: true }).waitFor();
    await page.getByRole('button', { name: /新建日历/ }).click();
    await page.locator('#calendar_name').fill('上海客服中心');
    await page.getByRole('button', { name: /添加调休工作日/ }).click();
    await typeDate(page, 'calendar_extraWorkingDays_0_date', SUNDAY);
    await page.locator('#calendar_extraWorkingDays_0_name').fill('国庆调休上班');

    // A typo first: the API's message appears under the field that is wrong.
    await page.locator('#calendar_weekly_mon_0_end').fill('25:00');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    const timeError = page.locator('#calendar_weekly_mon_0_end_help');
    await timeError.waitFor();
    expect(await timeError.innerText()).toContain('HH:MM');
    await screenshot(page, 'sla-calendar-field-error-zh');
    await page.locator('#calendar_weekly_mon_0_end').fill('18:00');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('上海客服中心').first().waitFor();
    await expect.poll(() => server.kernel.services.sla.listCalendars(workspace.admin.actor).then((c) => c.length)).toBe(1);

    // The month view shows the resulting hours: the 调休 Sunday is open, the Saturday before is not.
    const sunday = page.locator(`[role="gridcell"][data-date="${SUNDAY}"]`);
    await expect.poll(() => sunday.getAttribute('data-open')).toBe('true');
    expect(await sunday.innerText()).toContain('09:00–18:00');
    expect(await page.locator(`[role="gridcell"][data-date="${SATURDAY}"]`).getAttribute('data-open')).toBe('false');
    expect(await page.locator(`[role="gridcell"][data-date="${PREVIOUS_SUNDAY}"]`).getAttribute('data-open')).toBe('false');
    await expectNoEnglish(page, 'calendars');
    await screenshot(page, 'sla-calendar-month-zh');

    // The policy: complaints, first response in 1 business hour, resolution in 8, counted in that calendar.
    await page.goto('/admin/sla');
    await page.getByRole('heading', { name: 'SLA 策略', exact: true }).waitFor();
    await page.getByRole('button', { name: /新建 SLA 策略/ }).click();
    await page.locator('#policy_name').fill('投诉时效（上海）');
    await pickOption(page, 'policy_conditions_types', '投诉');
    await page.locator('#policy_targets_0_minutes').fill('60');
    await page.getByRole('button', { name: /添加目标/ }).click();
    await pickOption(page, 'policy_targets_1_metric', '解决');
    await page.locator('#policy_targets_1_minutes').fill('480');
    await pickOption(page, 'policy_calendarId', '上海客服中心');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    const row = page.getByRole('row', { name: /投诉时效（上海）/ });
    await row.waitFor();
    // The first matching policy applies: move it above the default tiers, one step at a time.
    const up = row.getByRole('button', { name: /上移/ });
    const firstPolicy = async () => (await server.kernel.services.sla.listPolicies(workspace.admin.actor))[0]?.name;
    await expect
      .poll(
        async () => {
          const first = await firstPolicy();
          if (first !== '投诉时效（上海）' && (await up.isEnabled())) await up.click({ timeout: 2000 }).catch(() => undefined);
          return first;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('投诉时效（上海）');
    await expectNoEnglish(page, 'sla policies');
    await screenshot(page, 'sla-policies-zh');

    // A complaint registered on Saturday afternoon.
    await page.goto('/inbox?view=all');
    await page.getByRole('button', { name: /新建工单/ }).click();
    await page.locator('#new-ticket_subject').fill('投诉：快递员态度恶劣');
    await page.locator('#new-ticket_description').fill('快递员把包裹扔在门口，还出言不逊。');
    await page.locator('#new-ticket_customerName').fill('王芳');
    await page.locator('#new-ticket_customerPhone').fill('13700001234');
    await pickOption(page, 'new-ticket_type', '投诉');
    await page.getByRole('button', { name: /创建工单/ }).click();
    await page.getByRole('heading', { name: '投诉：快递员态度恶劣' }).waitFor();
    const firstResponse = page.getByTestId('sla-target-first_response');
    await firstResponse.waitFor();
    await expect.poll(() => page.getByTestId('sla-panel').innerText()).toContain('投诉时效（上海）');
    expect(await firstResponse.innerText()).toContain(`截止 ${SUNDAY} 10:00`);
    expect(await page.getByTestId('sla-target-resolution').innerText()).toContain(`截止 ${SUNDAY} 17:00`);
    expect(await firstResponse.getByTestId('sla-badge').getAttribute('data-state')).toBe('active');
    await expectNoEnglish(page, 'ticket with calendar SLA');
    await screenshot(page, 'sla-new-ticket-due-on-tiaoxiu-sunday');
    expect(problems).toEqual([]);
    await context.close();
  });
});
