import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVisibleText, findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let agentA: SeededUser;
let agentB: SeededUser;
let refundTicketId: string;
let invoiceNumber: string;
let parcelNumber: string;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  const { identity, tickets } = server.kernel.services;
  const team = await identity.createTeam(workspace.system, { name: '一线客服', kind: 'team' });
  agentA = await workspace.addUser('agent', '李娜', { teamIds: [team.id], locale: 'zh-CN' });
  agentB = await workspace.addUser('agent', 'Tom Baker', { teamIds: [team.id], locale: 'en' });
  const refund = await tickets.createTicket(workspace.system, {
    subject: '退款申请：订单 20240501 还没有到账',
    description: '你好，我上周申请了退款，到现在还没有到账，请帮忙查一下。',
    customer: { name: '张伟', email: 'zhang.wei@example.com', phone: '13912345678' },
    priority: 'P2',
    channel: 'email',
    teamId: team.id,
  });
  refundTicketId = refund.id;
  invoiceNumber = (await tickets.createTicket(workspace.system, { subject: 'Invoice copy for March', description: 'Please send the invoice again.', customer: { name: 'Alice Chen', email: 'alice@example.com' }, priority: 'P3', teamId: team.id })).number;
  parcelNumber = (await tickets.createTicket(workspace.system, { subject: '物流查询：包裹三天没有更新', description: '快递单号 SF123456789', customer: { name: '李雷', phone: '13800001111' }, priority: 'P1', teamId: team.id })).number;
  await tickets.createCustomField(workspace.system, { key: 'order_no', labels: { en: 'Order number', 'zh-CN': '订单号' }, type: 'text' });
  // Let the SLA engine apply the default tiers to the new tickets.
  await server.kernel.dispatcher.drain();
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

describe('agent workspace', () => {
  it('finds a ticket by a Chinese term, replies, sets it pending and sees the SLA paused, while a colleague sees the reply live', async () => {
    const contextA = await newUserContext(browser, server.url, 'zh-CN');
    const contextB = await newUserContext(browser, server.url, 'en');
    const pageA = await openPage(contextA, 'agent-a');
    const pageB = await openPage(contextB, 'agent-b');
    const problems = [...watchForErrors(pageA), ...watchForErrors(pageB)];

    // Agent B has the ticket open in another browser.
    await signIn(pageB, agentB.email, agentB.password);
    await pageB.goto(`/tickets/${refundTicketId}`);
    await pageB.getByRole('heading', { name: /退款申请/ }).waitFor();
    await pageB.getByTestId('realtime-status').and(pageB.locator('[data-state="live"]')).waitFor();
    await pageB.evaluate(() => ((window as unknown as { journeyMarker: string }).journeyMarker = 'not reloaded'));

    // Agent A searches in Chinese from the header search box.
    await signIn(pageA, agentA.email, agentA.password);
    await pageA.getByRole('heading', { name: '工单收件箱' }).waitFor();
    await expectNoEnglish(pageA, 'inbox');
    await screenshot(pageA, 'agent-inbox-zh');
    const search = pageA.getByRole('searchbox', { name: '搜索工单' }).or(pageA.getByPlaceholder('搜索工单（按 / 键）'));
    await search.first().fill('退款');
    await search.first().press('Enter');
    const results = pageA.getByRole('list', { name: '工单收件箱' }).getByRole('listitem');
    await expect.poll(() => results.count()).toBe(1);
    await expect.poll(() => results.first().innerText()).toContain('退款申请');
    await screenshot(pageA, 'agent-search-chinese');
    await results.first().getByRole('link').click();
    await pageA.getByRole('heading', { name: /退款申请/ }).waitFor();
    await pageA.getByTestId('sla-target-first_response').waitFor();
    await expectNoEnglish(pageA, 'ticket');

    // Reply (keyboard: r focuses the composer, Ctrl+Enter sends).
    await pageA.locator('body').press('r');
    const reply = '您好，退款已经提交到财务，预计 1–3 个工作日到账。';
    await pageA.keyboard.type(reply);
    await pageA.keyboard.press('Control+Enter');
    await pageA.getByTestId('timeline-message').filter({ hasText: reply }).waitFor();

    // The colleague's page shows the reply without a reload.
    await pageB.getByTestId('timeline-message').filter({ hasText: reply }).waitFor({ timeout: 10_000 });
    expect(await pageB.evaluate(() => (window as unknown as { journeyMarker?: string }).journeyMarker)).toBe('not reloaded');
    await screenshot(pageB, 'agent-b-sees-reply-live');

    // Waiting on the customer pauses the SLA clocks.
    await pageA.getByRole('combobox', { name: '状态', exact: true }).click();
    await pageA.locator('.ant-select-item-option[title="等待客户"]').click();
    await pageA.getByTestId('status-tag').and(pageA.locator('[data-status="pending"]')).first().waitFor();
    const resolution = pageA.getByTestId('sla-target-resolution').getByTestId('sla-badge');
    await expect.poll(() => resolution.getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
    expect(await resolution.innerText()).toContain('已暂停');
    const firstResponse = pageA.getByTestId('sla-target-first_response').getByTestId('sla-badge');
    expect(await firstResponse.getAttribute('data-state')).toBe('met');
    await expectNoEnglish(pageA, 'ticket after reply');
    await screenshot(pageA, 'agent-ticket-pending-sla-paused');

    // And B's page follows the status change too.
    await pageB.getByTestId('status-tag').and(pageB.locator('[data-status="pending"]')).first().waitFor({ timeout: 10_000 });
    await screenshot(pageB, 'agent-b-sees-pending-live');

    // Urgency is a field of its own beside the priority: changed on one page, shown on both and in the history.
    await pageA.getByRole('combobox', { name: '紧急程度' }).click();
    await pageA.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="紧急"]').click();
    await pageA.getByTestId('urgency-tag').and(pageA.locator('[data-urgency="urgent"]')).waitFor();
    await pageA.getByTestId('timeline-event').filter({ hasText: '紧急程度' }).waitFor();
    await pageB.getByTestId('urgency-tag').and(pageB.locator('[data-urgency="urgent"]')).waitFor({ timeout: 10_000 });
    await expectNoEnglish(pageA, 'ticket with urgency');
    await screenshot(pageA, 'agent-ticket-urgent');
    expect(problems).toEqual([]);
    await contextA.close();
    await contextB.close();
  });

  it('moves through the inbox with the keyboard and assigns with one key', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'agent-keyboard');
    await signIn(page, agentB.email, agentB.password);
    await page.goto('/inbox?view=all&sort=priority');
    const rows = page.getByRole('list', { name: 'Inbox' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(3);
    await page.locator('body').press('j');
    await expect.poll(() => page.locator('[aria-current="true"]').innerText()).toContain('退款申请');
    await page.locator('body').press('Enter');
    await page.getByRole('heading', { name: /退款申请/ }).waitFor();
    await page.locator('body').press('a');
    await expect.poll(() => page.getByRole('combobox', { name: 'Assignee' }).locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').innerText()).toContain('Tom Baker');
    await page.locator('body').press('j');
    await page.getByRole('heading', { name: /Invoice copy/ }).waitFor();
    await screenshot(page, 'agent-keyboard-next-ticket');

    // Dark theme, remembered for the user.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(async () => (await server.kernel.services.identity.getMe(agentB.actor)).theme).toBe('dark');
    await page.locator('body').press('k');
    await page.getByRole('heading', { name: /退款申请/ }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'agent-ticket-dark');
    await context.close();
  });

  it('saves a view, adds a note with a file, links and merges tickets', async () => {
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'agent-links');
    const problems = watchForErrors(page);
    await signIn(page, agentB.email, agentB.password);

    // A saved view from the current filters.
    await page.goto('/inbox?view=all');
    await page.getByRole('group', { name: 'Priority' }).getByRole('button', { name: 'P1' }).click();
    await page.getByRole('button', { name: 'Save as view' }).click();
    await page.getByRole('textbox', { name: /View name/ }).fill('P1 queue');
    await page.getByRole('tooltip').getByRole('button', { name: 'Save as view' }).or(page.locator('.ant-popover').getByRole('button', { name: 'Save as view' })).first().click();
    await page.getByRole('radio', { name: 'P1 queue' }).waitFor({ state: 'attached' });
    const rows = page.getByRole('list', { name: 'Inbox' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('物流查询');
    await screenshot(page, 'agent-saved-view');

    // An internal note with an attachment on the invoice ticket.
    const invoice = await server.kernel.services.tickets.getTicketByNumber(agentB.actor, invoiceNumber);
    await page.goto(`/tickets/${invoice.id}`);
    await page.getByRole('heading', { name: /Invoice copy/ }).waitFor();
    await page.locator('body').press('n');
    await page.keyboard.type('Customer sent the order screenshot; invoice re-issued.');
    await page.locator('section[aria-label="Composer"] input[type="file"]').setInputFiles({ name: 'order-screenshot.txt', mimeType: 'text/plain', buffer: Buffer.from('order 20240501') });
    await page.getByRole('button', { name: /Add note/ }).click();
    const note = page.locator('[data-testid="timeline-message"][data-kind="note"]').filter({ hasText: 'invoice re-issued' });
    await note.waitFor();
    await note.getByRole('link', { name: /order-screenshot\.txt/ }).waitFor();

    // A custom field value, saved when the field is left.
    await page.getByRole('textbox', { name: 'Order number' }).fill('20240501-778');
    await page.getByRole('textbox', { name: 'Order number' }).press('Enter');
    await expect.poll(async () => (await server.kernel.services.tickets.getTicket(agentB.actor, invoice.id)).customFields.order_no).toBe('20240501-778');

    // Link the parcel ticket, then merge the invoice ticket into it.
    await page.getByRole('textbox', { name: /Ticket number/ }).fill(parcelNumber);
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByRole('region', { name: 'Linked tickets' }).getByRole('link', { name: new RegExp(parcelNumber) }).waitFor();
    await page.getByRole('button', { name: /Merge into another ticket/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByPlaceholder(/Ticket number/).fill(parcelNumber);
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByText('物流查询：包裹三天没有更新').waitFor();
    await screenshot(page, 'agent-merge-dialog');
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('heading', { name: /物流查询/ }).waitFor();
    // The target's timeline records the merge (a system note naming the source) and carries its messages.
    await page.getByTestId('timeline-message').filter({ hasText: invoiceNumber }).waitFor();
    await page.getByTestId('timeline-message').filter({ hasText: 'invoice re-issued' }).waitFor();
    await screenshot(page, 'agent-after-merge');
    expect((await server.kernel.services.tickets.getTicket(agentB.actor, invoice.id)).status).toBe('closed');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('selects tickets in the inbox and changes them in one go, or none when one of them cannot take the change', async () => {
    const { tickets } = server.kernel.services;
    const jam = await tickets.createTicket(workspace.system, { subject: 'Printer jams on every page', customer: { name: 'Office North' }, tags: ['office'] });
    const toner = await tickets.createTicket(workspace.system, { subject: 'Toner order for the print room', customer: { name: 'Office South' }, tags: ['office'] });
    const context = await newUserContext(browser, server.url, 'en');
    const page = await openPage(context, 'agent-bulk');
    const problems = watchForErrors(page);
    await signIn(page, agentB.email, agentB.password);
    await page.goto('/inbox?view=all&tag=office');
    const rows = page.getByRole('list', { name: 'Inbox' }).getByRole('listitem');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);

    // Two tickets picked by their check boxes (one with the keyboard), assigned at once.
    await page.getByRole('checkbox', { name: `Select ticket ${jam.number}` }).check();
    await rows.filter({ hasText: toner.number }).hover();
    await page.locator('body').press('x');
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 selected').waitFor();
    await screenshot(page, 'agent-bulk-selected');
    await bar.getByRole('combobox', { name: 'Assign to…' }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Tom Baker"]').click();
    await bar.waitFor({ state: 'detached' });
    await expect.poll(async () => (await Promise.all([jam.id, toner.id].map((id) => tickets.getTicket(agentB.actor, id)))).map((ticket) => [ticket.assignee?.name, ticket.status])).toEqual([
      ['Tom Baker', 'open'],
      ['Tom Baker', 'open'],
    ]);
    await expect.poll(() => rows.filter({ hasText: 'Tom Baker' }).count()).toBe(2);

    // Tags added to both through "select all".
    await page.getByRole('checkbox', { name: 'Select all 2 shown' }).check();
    await bar.getByRole('combobox', { name: 'Tags' }).fill('printer');
    await bar.getByRole('combobox', { name: 'Tags' }).press('Enter');
    await bar.getByRole('button', { name: 'Add tags' }).click();
    await bar.waitFor({ state: 'detached' });
    await expect.poll(async () => (await Promise.all([jam.id, toner.id].map((id) => tickets.getTicket(agentB.actor, id)))).map((ticket) => ticket.tags)).toEqual([
      ['office', 'printer'],
      ['office', 'printer'],
    ]);

    // One of them is closed meanwhile: setting both pending changes neither and names the closed one.
    await tickets.updateTicket(workspace.system, toner.id, { status: 'solved' });
    await tickets.updateTicket(workspace.system, toner.id, { status: 'closed' });
    await page.reload();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    await page.getByRole('checkbox', { name: 'Select all 2 shown' }).check();
    await bar.getByRole('combobox', { name: 'Set status…' }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Waiting on customer"]').click();
    const problem = bar.getByRole('alert');
    await problem.getByText('1 of the 2 tickets cannot take this change, so none was changed.').waitFor();
    expect(await problem.innerText()).toContain(`${toner.number} · This ticket is closed and can no longer be changed.`);
    await screenshot(page, 'agent-bulk-refused');
    expect((await tickets.getTicket(agentB.actor, jam.id)).status).toBe('open');
    expect(problems).toEqual([]);
    await context.close();
  });
});
