import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnglishStrings, launchBrowser, newUserContext, openPage, screenshot, signIn, watchForErrors } from './support/browser.ts';
import { startKefu, type KefuServer, type SeededUser, type SeededWorkspace } from './support/kefu-server.ts';

let server: KefuServer;
let browser: Browser;
let workspace: SeededWorkspace;
let agent: SeededUser;
let supervisor: SeededUser;

beforeAll(async () => {
  server = await startKefu();
  browser = await launchBrowser();
  workspace = await server.createWorkspace({ locale: 'zh-CN' });
  agent = await workspace.addUser('agent', '李娜', { locale: 'zh-CN' });
  supervisor = await workspace.addUser('supervisor', '陈静', { locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(user: SeededUser, name: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await newUserContext(browser, server.url, 'zh-CN');
  const page = await openPage(context, name);
  const problems = watchForErrors(page);
  await signIn(page, user.email, user.password);
  return { page, problems, close: () => context.close() };
}

describe('the complaint loop in Chinese', () => {
  it('an agent records a complaint and proposes a refund, a supervisor approves, the customer rates it from the link, the follow-up visit closes it', async () => {
    const ticket = await server.kernel.services.tickets.createTicket(workspace.system, {
      subject: '收到的搅拌机是坏的',
      description: '订单 SO-8812 的搅拌机到货时外壳破裂。',
      customer: { name: '王芳', email: 'wangfang@example.com' },
      assigneeId: agent.id,
    });

    // The agent records the complaint and walks it to a proposed refund over the approval threshold.
    const desk = await signedIn(agent, 'complaints-agent');
    await desk.page.goto(`/tickets/${ticket.id}`);
    const panel = desk.page.getByTestId('complaints-section');
    await desk.page.locator('#new-complaint_summary').fill('搅拌机到货破损，要求退款');
    await desk.page.locator('#new-complaint_orderNo').fill('SO-8812');
    await desk.page.locator('#new-complaint_contact').fill('138 0013 8000');
    await panel.getByRole('button', { name: '登记投诉' }).click();
    await panel.getByText('已登记').waitFor();
    await panel.getByRole('button', { name: '已与客户确认' }).click();
    await panel.getByRole('button', { name: '已快速响应' }).click();
    await desk.page.locator('#propose-compensation_amount').fill('599');
    await desk.page.locator('#propose-compensation_description').fill('全额退款');
    await panel.getByRole('button', { name: '提交方案' }).click();
    await panel.getByText('待审批').first().waitFor();
    expect(findEnglishStrings(await panel.innerText())).toEqual([]);
    await screenshot(desk.page, 'complaints-agent-proposed');

    // The supervisor approves it from the queue.
    const lead = await signedIn(supervisor, 'complaints-supervisor');
    await lead.page.goto('/supervisor/approvals');
    await lead.page.getByText('599.00 CNY').waitFor();
    expect(findEnglishStrings(await lead.page.locator('main').innerText())).toEqual([]);
    await lead.page.getByRole('button', { name: /^批\s?准$/ }).click();
    await lead.page.getByText('没有待审批的补偿。').waitFor();
    await screenshot(lead.page, 'complaints-supervisor-approved');

    // Back on the ticket the refund is carried out; the complaint waits for its follow-up visit.
    await desk.page.reload();
    await panel.getByRole('button', { name: '标记已执行' }).click();
    await panel.getByText('待回访').waitFor();

    // The ticket is solved: the customer answers the satisfaction survey from the signed link.
    await server.kernel.services.tickets.updateTicket(workspace.system, ticket.id, { status: 'solved' });
    const link = await server.kernel.db.transaction((tx) =>
      server.kernel.services.surveys.csatLinkFor(tx, workspace.id, { ticketId: ticket.id, number: ticket.number, subject: ticket.subject, channel: 'email', customerId: ticket.customerId, assigneeId: agent.id, teamId: null }),
    );
    const customerContext = await newUserContext(browser, server.url, 'zh-CN');
    const customer = await openPage(customerContext, 'complaints-customer');
    const customerProblems = watchForErrors(customer);
    await customer.goto(link.slice(link.indexOf('/survey/')));
    await customer.getByText(`您对工单 ${ticket.number} 的处理满意吗？`).waitFor();
    await customer.locator('.ant-rate-star').nth(4).click();
    await customer.getByPlaceholder('还有什么想告诉我们的吗？（选填）').fill('退款很快，谢谢');
    expect(findEnglishStrings(await customer.locator('body').innerText())).toEqual([]);
    await customer.getByRole('button', { name: /^提\s?交$/ }).click();
    await customer.getByText('感谢您的评价！').waitFor();
    await screenshot(customer, 'complaints-customer-answered');
    await customer.reload();
    await customer.getByText('该问卷已提交过，感谢您的反馈！').waitFor();

    // The follow-up visit is completed: the customer is satisfied and the complaint closes.
    await desk.page.goto('/follow-ups');
    const row = desk.page.locator('tr').filter({ hasText: ticket.number }).filter({ hasText: '投诉' });
    await row.getByPlaceholder('回访结果').fill('客户确认已收到退款，表示满意');
    await row.getByRole('button', { name: /^满\s?意$/ }).click();
    await desk.page.getByText('回访结果已记录。').waitFor();
    expect(findEnglishStrings(await desk.page.locator('main').innerText())).toEqual([]);
    await desk.page.goto(`/tickets/${ticket.id}`);
    await panel.getByText('已结案').waitFor();
    await screenshot(desk.page, 'complaints-closed');

    const [complaint] = await server.kernel.services.complaints.listComplaints(workspace.system, { ticketId: ticket.id });
    expect(complaint?.status).toBe('closed');
    expect(desk.problems).toEqual([]);
    expect(lead.problems).toEqual([]);
    expect(customerProblems).toEqual([]);
    await desk.close();
    await lead.close();
    await customerContext.close();
    // Four people's screens in one journey: slower than the suite's default allowance on a busy machine.
  }, 300_000);
});
