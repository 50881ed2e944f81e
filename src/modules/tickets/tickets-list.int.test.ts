import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { setSlaSummary } from './index.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;

const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((item) => item.id);

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
});
afterAll(() => t.close());

describe('numbering under concurrency', () => {
  it('gives 200 concurrent creates 200 distinct, gap-free numbers, even with failing creates among them', async () => {
    const ws = await t.createWorkspace();
    const responses = await Promise.all(
      Array.from({ length: 220 }, (_, i) =>
        t.request(ws.admin, 'POST', '/api/v1/tickets', {
          subject: `Concurrent ${i}`,
          // Every eleventh create fails inside the transaction (its contact is not an e-mail address);
          // every tenth shares a customer, so customer resolution races too.
          customer: i % 11 === 5 ? { email: 'not-an-address' } : i % 10 === 0 ? { email: 'same.person@example.com' } : { name: `Customer ${i}`, email: `c${i}@example.com` },
        }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    expect(responses.filter((r) => r.statusCode !== 201).map((r) => r.statusCode)).toEqual(Array(20).fill(400));
    const numbers = created.map((r) => r.json().number as string).sort();
    const expected = Array.from({ length: 200 }, (_, i) => `CS20260302${String(i + 1).padStart(3, '0')}`);
    expect(numbers).toEqual(expected);
    const customers = new Set(responses.filter((r, i) => i % 10 === 0 && r.statusCode === 201).map((r) => r.json().customerId));
    expect(customers.size).toBe(1);
    const counts = await t.kernel.db.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND aggregate_type = 'ticket' GROUP BY type`,
      [ws.id],
    );
    expect(counts).toEqual([{ type: 'ticket.created', n: 200 }]);
    const audits = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND action = 'ticket.created'`, [ws.id]);
    expect(audits[0]!.n).toBe(200);
    const messages = await t.kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_timeline WHERE workspace_id = $1 AND kind = 'created'`, [ws.id]);
    expect(messages[0]!.n).toBe(200);
  });
});

describe('numbering when a batched create fails inside the transaction', () => {
  it('retries the batch item by item: only the bad create fails and no number is lost', async () => {
    const ws = await t.createWorkspace();
    const settled = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        makeTicket(t, ws.admin, {
          // Looks fine to the batcher, but the customers module refuses an overlong WeChat id.
          customer: i % 13 === 4 ? { wechatOpenId: 'o'.repeat(300) } : { name: `Batch ${i}`, email: `batch${i}@example.com` },
        }),
      ),
    );
    const failed = settled.filter((result) => result.status === 'rejected');
    expect(failed).toHaveLength(3);
    const numbers = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.number] : [])).sort();
    expect(numbers).toEqual(Array.from({ length: 37 }, (_, i) => `CS20260302${String(i + 1).padStart(3, '0')}`));
  });
});

describe('full-text search', () => {
  let logistics: string;
  let refund: string;
  let mixed: string;
  let byCustomer: string;

  beforeAll(async () => {
    logistics = (await makeTicket(t, a.admin, { subject: '物流信息超过3天未更新', description: '快递一直没有动' })).id;
    refund = (await makeTicket(t, a.admin, { subject: 'Refund not received', description: 'I returned the item two weeks ago.' })).id;
    mixed = (await makeTicket(t, a.admin, { subject: '退款 refund 还没到账', description: '订单号 SO-7781' })).id;
    byCustomer = (
      await makeTicket(t, a.admin, {
        subject: 'Login problem',
        description: 'cannot sign in',
        customer: { name: '王小明', email: 'xiaoming.wang@example.com', phone: '+86 139-1234-5678' },
      })
    ).id;
    await makeTicket(t, a.admin, { subject: 'Invoice request 发票', description: 'please send the invoice' });
  });

  const search = async (q: string, user: TestUser = a.admin) => ids(await t.request(user, 'GET', `/api/v1/tickets?q=${encodeURIComponent(q)}&limit=100`));

  it('finds Chinese words inside longer Chinese text', async () => {
    expect(await search('物流')).toEqual([logistics]);
    expect(await search('更新')).toEqual([logistics]);
    expect(await search('快递')).toEqual([logistics]);
  });

  it('finds English words case-insensitively, ANDs terms, and prefix-matches the last', async () => {
    expect((await search('refund')).sort()).toEqual([refund, mixed].sort());
    expect(await search('Refund not')).toEqual([refund]);
    expect((await search('ref')).sort()).toEqual([refund, mixed].sort());
    expect(await search('refund 退款')).toEqual([mixed]);
    expect(await search('so 7781')).toEqual([mixed]);
  });

  it('folds traditional characters and full-width forms, and stems English words', async () => {
    expect(await search('物流信息超過')).toEqual([logistics]);
    expect((await search('ＲＥＦＵＮＤ')).sort()).toEqual([refund, mixed].sort());
    expect(await search('receiving refunds')).toEqual([refund]);
    expect(await search('returning')).toEqual([refund]);
  });

  it('searches the customer name, e-mail and phone, and the ticket number', async () => {
    expect(await search('王小明')).toEqual([byCustomer]);
    expect(await search('xiaoming.wang@example.com')).toEqual([byCustomer]);
    expect(await search('13912345678')).toEqual([byCustomer]);
    const number = (await t.request(a.admin, 'GET', `/api/v1/tickets/${byCustomer}`)).json().number;
    expect(await search(number)).toEqual([byCustomer]);
  });

  it('finds words of messages added later, and of a changed subject only', async () => {
    await t.request(a.admin, 'POST', `/api/v1/tickets/${refund}/messages`, { body: 'Tracking number SF1234567 from the courier' });
    expect(await search('sf1234567')).toEqual([refund]);
    await t.request(a.admin, 'PATCH', `/api/v1/tickets/${byCustomer}`, { subject: '无法登录账号' }, { 'if-match': '"1"' });
    expect(await search('登录')).toEqual([byCustomer]);
    expect(await search('login')).toEqual([]);
    expect(await search('王小明')).toEqual([byCustomer]);
    expect(await search('sign')).toEqual([byCustomer]);
  });

  it('follows a customer rename through the customer.updated event', async () => {
    const ticket = (await t.request(a.admin, 'GET', `/api/v1/tickets/${byCustomer}`)).json();
    const renamed = await t.request(a.admin, 'PATCH', `/api/v1/customers/${ticket.customerId}`, { name: '王大明' }, { 'if-match': '"1"' });
    expect(renamed.statusCode).toBe(200);
    await t.kernel.dispatcher.drain();
    expect(await search('王大明')).toEqual([byCustomer]);
    expect(await search('王小明')).toEqual([]);
  });

  it('matches nothing for text without words and never treats query text as syntax', async () => {
    expect(await search('!!!')).toEqual([]);
    expect(await search("refund' | '物流")).toEqual([]);
    expect(await search('物流 & !refund')).toEqual([]);
  });

  it('does not prefix-match for viewers who see contacts masked', async () => {
    const analyst = await a.addUser('analyst');
    expect(await search('1391234', analyst)).toEqual([]);
    expect(await search('13912345678', analyst)).toEqual([byCustomer]);
  });
});

describe('filters, sorting and keyset pages', () => {
  let ws: TestWorkspace;
  let wsAgent: TestUser;
  let team: { id: string };
  let department: { id: string };

  beforeAll(async () => {
    ws = await t.createWorkspace();
    team = (await t.request(ws.admin, 'POST', '/api/v1/teams', { name: 'Frontline', kind: 'team' })).json();
    department = (await t.request(ws.admin, 'POST', '/api/v1/teams', { name: 'Logistics', kind: 'department' })).json();
    wsAgent = await ws.addUser('agent', { teamIds: [team.id] });
    for (let i = 0; i < 30; i++) {
      t.clock.advanceMs(1000);
      await makeTicket(t, ws.admin, {
        subject: `List ticket ${i}`,
        priority: (['P1', 'P2', 'P3'] as const)[i % 3],
        channel: i % 2 === 0 ? 'email' : 'chat',
        type: i % 5 === 0 ? 'complaint' : 'consultation',
        tags: i % 4 === 0 ? ['vip'] : [],
        assigneeId: i % 3 === 0 ? wsAgent.id : null,
        teamId: i % 6 === 0 ? team.id : null,
        departmentId: i % 7 === 0 ? department.id : null,
      });
    }
  });

  const list = async (query: string, user: TestUser = ws.admin) => {
    const response = await t.request(user, 'GET', `/api/v1/tickets?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string; subject: string; priority: string; createdAt: string; status: string }[]; nextCursor: string | null };
  };

  it('pages through every ticket newest first without repeats, even while new tickets arrive', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((item) => item.subject));
      cursor = page.nextCursor;
      pages++;
      if (pages === 2) await makeTicket(t, ws.admin, { subject: 'Arrived meanwhile' });
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(seen[0]).toBe('List ticket 29');
    expect(seen.at(-1)).toBe('List ticket 0');
  });

  it('filters by status, priority, assignee, team, department, type, channel, tag and customer', async () => {
    expect((await list('priority=P1&limit=100')).items.every((item) => item.priority === 'P1')).toBe(true);
    expect((await list('priority=P1&limit=100')).items).toHaveLength(10);
    expect((await list('priority=P1,P2&limit=100')).items).toHaveLength(21);
    expect((await list('priority=P1&priority=P3&limit=100')).items).toHaveLength(20);
    expect((await list(`assignee=${wsAgent.id}&limit=100`)).items).toHaveLength(10);
    expect((await list('assignee=me&limit=100', wsAgent)).items).toHaveLength(10);
    expect((await list('assignee=none&limit=100')).items).toHaveLength(21);
    expect((await list(`team=${team.id}&limit=100`)).items).toHaveLength(5);
    expect((await list(`department=${department.id}&limit=100`)).items).toHaveLength(5);
    expect((await list('type=complaint&limit=100')).items).toHaveLength(6);
    expect((await list('channel=chat&limit=100')).items).toHaveLength(15);
    expect((await list('tag=vip&limit=100')).items).toHaveLength(8);
    expect((await list('status=open&limit=100')).items).toHaveLength(10);
    expect((await list('status=new,open&limit=100')).items).toHaveLength(31);
    const one = (await list('limit=1')).items[0]!;
    const detail = (await t.request(ws.admin, 'GET', `/api/v1/tickets/${one.id}`)).json();
    expect((await list(`customer=${detail.customerId}`)).items.map((item) => item.id)).toEqual([one.id]);
  });

  it('filters by creation time, dates meaning days of the workspace time zone', async () => {
    const all = (await list('limit=100&sort=created_at&order=asc')).items;
    const from = all[10]!.createdAt;
    expect((await list(`createdFrom=${encodeURIComponent(from)}&limit=100`)).items).toHaveLength(all.length - 10);
    expect((await list(`createdTo=${encodeURIComponent(from)}&limit=100`)).items).toHaveLength(10);
    // The test clock is 2026-03-02 09:00 in Shanghai: everything was created on the local day 2026-03-02.
    expect((await list('createdFrom=2026-03-02&createdTo=2026-03-02&limit=100')).items).toHaveLength(all.length);
    expect((await list('createdFrom=2026-03-03&limit=100')).items).toHaveLength(0);
  });

  it('sorts by priority (P1 first, oldest first) and by update time, with cursors of their own', async () => {
    const byPriority = await list('sort=priority&limit=11');
    expect(byPriority.items.slice(0, 10).map((item) => item.priority)).toEqual(Array(10).fill('P1'));
    expect(byPriority.items.slice(0, 10).map((item) => item.subject)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27].map((i) => `List ticket ${i}`));
    expect(byPriority.items[10]!.priority).toBe('P2');
    const next = await list(`sort=priority&limit=10&cursor=${byPriority.nextCursor}`);
    expect(next.items.map((item) => item.priority)).toEqual(Array(10).fill('P2'));
    const wrongSort = await t.request(ws.admin, 'GET', `/api/v1/tickets?sort=updated_at&cursor=${byPriority.nextCursor}`);
    expect(wrongSort.statusCode).toBe(400);
    expect(wrongSort.json().errors[0].field).toBe('query.cursor');

    const touched = byPriority.items[5]!;
    t.clock.advanceMs(60_000);
    await t.request(ws.admin, 'PATCH', `/api/v1/tickets/${touched.id}`, { urgency: 'urgent' }, { 'if-match': '"1"' });
    expect((await list('sort=updated_at&limit=1')).items[0]!.id).toBe(touched.id);
  });

  it('shows SLA risk from the summary the SLA module writes, soonest due first', async () => {
    const [first, second, third] = (await list('limit=3')).items;
    await t.kernel.db.transaction(async (tx) => {
      // Summaries are written at commit, all at once: a ticket summarised twice keeps the later one.
      await setSlaSummary(tx, ws.id, first!.id, { nextDueAt: new Date('2026-03-02T09:00:00Z'), state: 'active' });
      await setSlaSummary(tx, ws.id, first!.id, { nextDueAt: new Date('2026-03-02T05:00:00Z'), state: 'warning' });
      await setSlaSummary(tx, ws.id, second!.id, { nextDueAt: new Date('2026-03-02T03:00:00Z'), state: 'breached' });
      await setSlaSummary(tx, ws.id, third!.id, { nextDueAt: new Date('2026-03-02T01:00:00Z'), state: 'active' });
    });
    expect((await list('slaAtRisk=true')).items.map((item) => item.id).sort()).toEqual([first!.id, second!.id].sort());
    const safe = (await list('slaAtRisk=false&limit=100')).items.map((item) => item.id);
    expect(safe).toContain(third!.id);
    expect(safe).not.toContain(first!.id);
    expect(safe).not.toContain(second!.id);
    expect((await list('view=sla_at_risk')).items.map((item) => item.id)).toEqual([second!.id, first!.id]);
    const dueSorted = await list('sort=next_sla_due&limit=2');
    expect(dueSorted.items.map((item) => item.id)).toEqual([third!.id, second!.id]);
    const rest = await list(`sort=next_sla_due&limit=100&cursor=${dueSorted.nextCursor}`);
    expect(rest.items[0]!.id).toBe(first!.id);
    expect(rest.items).toHaveLength(29);
    const detail = (await t.request(ws.admin, 'GET', `/api/v1/tickets/${first!.id}`)).json();
    expect(detail).toMatchObject({ slaState: 'warning', version: 1 });
  });

  it('offers built-in views and saved views', async () => {
    expect((await list('view=mine&limit=100', wsAgent)).items).toHaveLength(10);
    expect((await list('view=unassigned&limit=100')).items.every((item) => item.status === 'new')).toBe(true);
    expect((await list('view=team&limit=100', wsAgent)).items).toHaveLength(5);
    expect((await list('view=team&limit=100')).items).toHaveLength(0);
    expect((await list('view=all&limit=100')).items).toHaveLength(31);

    const created = await t.request(wsAgent, 'POST', '/api/v1/views', { name: 'My VIP e-mails', filters: { channel: ['email'], tag: ['vip'] } });
    expect(created.statusCode).toBe(201);
    const view = created.json();
    expect((await list(`view=${view.id}&limit=100`, wsAgent)).items).toHaveLength(8);
    expect((await list(`view=${view.id}&priority=P1&limit=100`, wsAgent)).items).toHaveLength(3);
    expect((await t.request(ws.admin, 'GET', `/api/v1/tickets?view=${view.id}`)).statusCode).toBe(404);

    expect((await t.request(wsAgent, 'POST', '/api/v1/views', { name: 'Shared', filters: {}, isShared: true })).statusCode).toBe(403);
    const shared = (await t.request(ws.admin, 'POST', '/api/v1/views', { name: 'Team complaints', filters: { type: ['complaint'] }, isShared: true })).json();
    const listed = (await t.request(wsAgent, 'GET', '/api/v1/views')).json();
    expect(listed.builtIn).toEqual(['mine', 'unassigned', 'team', 'sla_at_risk', 'all']);
    expect(listed.items.map((v: { name: string; isMine: boolean }) => [v.name, v.isMine])).toEqual([
      ['My VIP e-mails', true],
      ['Team complaints', false],
    ]);
    expect((await t.request(wsAgent, 'DELETE', `/api/v1/views/${shared.id}`)).statusCode).toBe(403);
    expect((await t.request(wsAgent, 'DELETE', `/api/v1/views/${view.id}`)).statusCode).toBe(200);
    expect((await t.request(wsAgent, 'GET', `/api/v1/tickets?view=${view.id}`)).statusCode).toBe(404);

    const badFilters = await t.request(wsAgent, 'POST', '/api/v1/views', { name: 'Bad', filters: { status: ['bogus'], colour: 'red' } });
    expect(badFilters.statusCode).toBe(400);
    expect(badFilters.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['filters.colour', 'filters.status[0]']);
  });

  it('rejects malformed list parameters with the field', async () => {
    for (const [query, field] of [
      ['status=bogus', 'query.status[0]'],
      ['assignee=someone', 'query.assignee'],
      ['limit=1000', 'query.limit'],
      ['sort=name', 'query.sort'],
      ['cursor=abc', 'query.cursor'],
      ['createdFrom=yesterday', 'query.createdFrom'],
      ['colour=red', 'query.colour'],
    ] as const) {
      const response = await t.request(ws.admin, 'GET', `/api/v1/tickets?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field), query).toContain(field);
    }
  });
});
