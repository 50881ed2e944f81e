/** Surveys through the API: CSAT on solve, the signed link (once, tamper-proof), reminder, opt-out, low CSAT follow-up, NPS sampling window. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';

const START = '2026-03-02T01:00:00Z';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  t = await createTestContext({ start: START });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agent = await a.addUser('agent', { name: '王小明' });
  supervisor = await a.addUser('supervisor');
});
afterAll(() => t.close());

async function solvedTicket(email: string) {
  const created = await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'Refund status 退款进度', description: 'Where is my refund?', customer: { name: '赵敏', email }, assigneeId: agent.id });
  expect(created.statusCode).toBe(201);
  const ticket = created.json() as { id: string; number: string; customerId: string };
  expect((await t.request(agent, 'PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'solved' }, { 'if-match': created.headers.etag as string })).statusCode).toBe(200);
  await t.settle();
  return ticket;
}

async function linkOf(ticket: { id: string; number: string; customerId: string }): Promise<string> {
  return t.kernel.db.transaction((tx) =>
    t.kernel.services.surveys.csatLinkFor(tx, a.id, { ticketId: ticket.id, number: ticket.number, subject: '', channel: 'email', customerId: ticket.customerId, assigneeId: agent.id, teamId: null }),
  );
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

async function deliveriesOf(ticketId: string): Promise<string[]> {
  return ((await t.request(agent, 'GET', `/api/v1/tickets/${ticketId}/deliveries`)).json().items as { template: string }[]).map((item) => item.template);
}

describe('CSAT', () => {
  it('sends the survey link when a ticket is solved; the link answers once and refuses tampering; a low score opens a follow-up visit', async () => {
    t.clock.set(START);
    const ticket = await solvedTicket('zhao@example.com');
    expect(await deliveriesOf(ticket.id)).toContain('ticket.solved');
    const token = tokenOf(await linkOf(ticket));

    const shown = await t.request(undefined, 'GET', `/api/surveys/${token}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ kind: 'csat', ticketNumber: ticket.number, answered: false, optedOut: false });

    // Any change to the link is refused, saying nothing of what was wrong.
    const [workspaceId, invitationId, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    for (const forged of [`${workspaceId}.${invitationId}.${flipped}`, `${b.id}.${invitationId}.${signature}`, `${workspaceId}.${crypto.randomUUID()}.${signature}`, 'nonsense']) {
      const refused = await t.request(undefined, 'POST', `/api/surveys/${encodeURIComponent(forged)}/answer`, { score: 5 });
      expect(refused.statusCode).toBe(404);
    }
    expect((await t.request(undefined, 'POST', `/api/surveys/${token}/answer`, { score: 6 })).statusCode).toBe(400);

    const answered = await t.request(undefined, 'POST', `/api/surveys/${token}/answer`, { score: 2, comment: '退款太慢了，客服也不回复' }, { 'accept-language': 'zh-CN' });
    expect(answered.statusCode).toBe(200);
    const again = await t.request(undefined, 'POST', `/api/surveys/${token}/answer`, { score: 5 }, { 'accept-language': 'zh-CN' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('已提交');
    expect((await t.request(undefined, 'GET', `/api/surveys/${token}`)).json().answered).toBe(true);

    await t.settle();
    expect((await t.request(agent, 'GET', `/api/v1/tickets/${ticket.id}/survey`)).json().invitation).toMatchObject({ score: 2, comment: '退款太慢了，客服也不回复' });
    const visits = (await t.request(agent, 'GET', `/api/v1/follow-ups?ticketId=${ticket.id}`)).json().items;
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ reason: 'low_csat', assigneeId: agent.id, status: 'open' });
  });

  it('reminds once when unanswered, and never after an opt-out', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const ticket = await solvedTicket('qian@example.com');
    t.clock.set('2026-03-04T02:30:00Z');
    await t.settle();
    t.clock.set('2026-03-02T03:00:00Z');
    expect((await deliveriesOf(ticket.id)).filter((template) => template === 'survey.csat_reminder')).toHaveLength(1);

    const other = await solvedTicket('sun@example.com');
    const token = tokenOf(await linkOf(other));
    expect((await t.request(undefined, 'POST', `/api/surveys/${token}/opt-out`, {})).statusCode).toBe(200);
    expect((await t.request(undefined, 'GET', `/api/surveys/${token}`)).json().optedOut).toBe(true);
    t.clock.set('2026-03-05T03:00:00Z');
    await t.settle();
    t.clock.set('2026-03-02T03:30:00Z');
    expect(await deliveriesOf(other.id)).not.toContain('survey.csat_reminder');
    // The opted-out customer's next solved ticket sends no survey.
    const created = await t.request(agent, 'POST', '/api/v1/tickets', { subject: 'Again', customer: { name: '孙', email: 'sun@example.com' } });
    await t.request(agent, 'PATCH', `/api/v1/tickets/${created.json().id}`, { status: 'solved' }, { 'if-match': created.headers.etag as string });
    await t.settle();
    expect(await deliveriesOf(created.json().id)).not.toContain('ticket.solved');
  });
});

describe('NPS campaigns', () => {
  it('never surveys a customer twice within the window, across runs and campaigns', async () => {
    t.clock.set('2026-03-02T04:00:00Z');
    for (let index = 0; index < 40; index++) {
      const created = await t.request(a.admin, 'POST', '/api/v1/customers', { name: `客户${index}`, identities: [{ kind: 'email', value: `vip${index}@example.com` }], tags: index < 30 ? ['vip'] : [] });
      expect(created.statusCode).toBe(201);
    }
    const create = (body: Record<string, unknown>) => t.request(a.admin, 'POST', '/api/v1/survey-campaigns', { name: '季度 NPS', segmentTag: 'vip', windowDays: 90, ...body });
    const sampled = (await create({ samplePercent: 50 })).json();
    const run = (id: string) => t.request(a.admin, 'POST', `/api/v1/survey-campaigns/${id}/run`, {});
    const first = (await run(sampled.id)).json();
    expect(first.sent).toBeGreaterThan(5);
    expect(first.sent).toBeLessThan(25);
    // A full campaign to the same segment reaches only those not asked yet.
    const everyone = (await create({ samplePercent: 100, everyMonths: 3 })).json();
    expect((await run(everyone.id)).json().sent).toBe(30 - first.sent);
    expect((await run(everyone.id)).json().sent).toBe(0);
    expect((await run(sampled.id)).json().sent).toBe(0);

    // The quarterly schedule runs again after the window: everyone once more.
    t.clock.set('2026-06-02T04:00:01Z');
    await t.settle();
    t.clock.set('2026-03-02T04:30:00Z');
    const campaigns = (await t.request(a.admin, 'GET', '/api/v1/survey-campaigns')).json().items as { id: string; lastRunSent: number; nextRunAt: string }[];
    const quarterly = campaigns.find((campaign) => campaign.id === everyone.id)!;
    expect(quarterly.lastRunSent).toBe(30);
    expect(quarterly.nextRunAt).toBe('2026-09-02T04:00:00.000Z');
  });

  it('asks an NPS template in the customer\'s language and counts the answer on its campaign', async () => {
    t.clock.set('2026-03-02T05:00:00Z');
    const template = await t.request(a.admin, 'POST', '/api/v1/survey-templates', { name: 'Relationship NPS', kind: 'nps', questions: [{ id: 'why', type: 'text', label: { en: 'Why?', 'zh-CN': '原因？' } }] });
    expect(template.statusCode).toBe(201);
    const questions = [
      { id: 'why', type: 'text', label: { en: 'What is the main reason for your score?', 'zh-CN': '您打这个分数的主要原因是什么？' } },
      { id: 'speed', type: 'score', label: { en: 'How fast did we answer?', 'zh-CN': '我们的回复速度如何？' } },
    ];
    const renamed = await t.request(a.admin, 'PUT', `/api/v1/survey-templates/${template.json().id}`, { name: '关系型 NPS', questions });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '关系型 NPS', kind: 'nps', questions });
    const duplicate = await t.request(a.admin, 'PUT', `/api/v1/survey-templates/${template.json().id}`, { name: 'x', questions: [questions[0], questions[0]] });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0].field).toBe('questions[1].id');
    expect((await t.request(a.admin, 'PUT', `/api/v1/survey-templates/${a.id}`, { name: 'x', questions: [] })).statusCode).toBe(404);

    const customer = await t.request(a.admin, 'POST', '/api/v1/customers', { name: 'Ada', locale: 'en', identities: [{ kind: 'email', value: 'ada@example.com' }], tags: ['nps-en'] });
    expect(customer.statusCode).toBe(201);
    const campaign = (await t.request(a.admin, 'POST', '/api/v1/survey-campaigns', { name: 'Q1', segmentTag: 'nps-en', samplePercent: 100, windowDays: 30, templateId: template.json().id })).json();
    expect((await t.request(a.admin, 'POST', `/api/v1/survey-campaigns/${campaign.id}/run`, {})).json().sent).toBe(1);

    const [message] = await t.kernel.db.query<{ text_body: string; locale: string; to_address: string }>(
      `SELECT text_body, locale, to_address FROM outbound_messages WHERE workspace_id = $1 AND template = 'survey.nps' AND to_address = 'ada@example.com'`,
      [a.id],
    );
    expect(message).toMatchObject({ locale: 'en', to_address: 'ada@example.com' });
    const token = tokenOf(/\/survey\/(\S+)/.exec(message!.text_body)![1]!);
    const survey = (await t.request(undefined, 'GET', `/api/surveys/${token}`)).json();
    expect(survey).toMatchObject({ kind: 'nps', locale: 'en', answered: false, questions });
    const answered = await t.request(undefined, 'POST', `/api/surveys/${token}/answer`, { score: 9, comment: 'Fast and friendly', answers: { why: 'Fast and friendly', speed: 9 } });
    expect(answered.statusCode).toBe(200);
    expect((await t.request(undefined, 'POST', `/api/surveys/${token}/answer`, { score: 3 })).statusCode).toBe(409);

    const listed = ((await t.request(supervisor, 'GET', '/api/v1/survey-campaigns')).json().items as { id: string; sent: number; answered: number; npsScore: number | null }[]).find((item) => item.id === campaign.id);
    expect(listed).toMatchObject({ sent: 1, answered: 1, npsScore: 100 });
  });

  it('reports results by agent and groups comments into themes, and keeps other workspaces out', async () => {
    t.clock.set('2026-03-02T05:00:00Z');
    for (const [index, comment] of ['物流太慢了', '物流很慢，包装破损', '客服态度很好', '客服回复很快'].entries()) {
      const ticket = await solvedTicket(`theme${index}@example.com`);
      await t.request(undefined, 'POST', `/api/surveys/${tokenOf(await linkOf(ticket))}/answer`, { score: index < 2 ? 2 : 5, comment });
    }
    const period = 'from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z';
    const results = (await t.request(supervisor, 'GET', `/api/v1/surveys/results?kind=csat&groupBy=agent&${period}`)).json();
    expect(results.answered).toBe(5);
    expect(results.groups[0]).toMatchObject({ id: agent.id, name: '王小明', answered: 5 });
    const themes = (await t.request(supervisor, 'GET', `/api/v1/surveys/themes?kind=csat&${period}`)).json();
    expect(themes.themes.find((theme: { term: string }) => theme.term === '物流')).toMatchObject({ count: 2, averageScore: 2 });
    expect(themes.themes.find((theme: { term: string }) => theme.term === '回复')).toMatchObject({ count: 2 });

    const outsider = await b.addUser('admin');
    expect((await t.request(outsider, 'GET', `/api/v1/surveys/results?kind=csat&${period}`)).json().answered).toBe(0);
    expect((await t.request(outsider, 'GET', '/api/v1/survey-campaigns')).json().items).toEqual([]);
    const campaigns = (await t.request(a.admin, 'GET', '/api/v1/survey-campaigns')).json().items as { id: string }[];
    expect((await t.request(outsider, 'POST', `/api/v1/survey-campaigns/${campaigns[0]!.id}/run`, {})).statusCode).toBe(404);
    const ticket = await solvedTicket('iso@example.com');
    expect((await t.request(outsider, 'GET', `/api/v1/tickets/${ticket.id}/survey`)).statusCode).toBe(404);
  });
});
