/** Search, suggestions, the case library, agent assist with one-click insert, help-center feedback and the freshness report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../testing/multipart.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { publishArticle, type MadeArticle } from '../../testing/kb-articles.ts';

let t: TestContext;
let a: TestWorkspace;
let agent: TestUser;
let supervisor: TestUser;
let slug: string;
const made: Record<string, MadeArticle> = {};

const search = async (q: string, scopes = 'articles') => (await t.request(agent, 'GET', `/api/v1/kb/search?q=${encodeURIComponent(q)}&scopes=${scopes}`)).json();
const suggest = async (q: string) => ((await t.request(agent, 'GET', `/api/v1/kb/suggest?q=${encodeURIComponent(q)}`)).json().items as { text: string }[]).map((item) => item.text);

beforeAll(async () => {
  t = await createTestContext({ start: '2026-03-10T02:00:00Z' });
  a = await t.createWorkspace({ locale: 'zh-CN' });
  agent = await a.addUser('agent');
  supervisor = await a.addUser('supervisor');
  slug = (await t.kernel.services.workspaces.getWorkspace(a.id)).slug;
  const articles = {
    returns: { title: '退换货政策', bodyHtml: '<p>收到商品7天内可申请退换货，商品需保持完好。</p>', tags: ['退货', '换货'] },
    boot: { title: '手机无法开机怎么办', bodyHtml: '<p>长按电源键10秒强制重启；仍无法开机请充电30分钟后再试。</p>', tags: ['开机'] },
    refund: { title: '退款多久到账', bodyHtml: '<p>退款审核通过后3个工作日内原路退回。</p>', tags: ['退款'] },
    invoice: { title: 'How to get an invoice', bodyHtml: '<p>Open the order and choose <b>Request invoice</b>.</p>', tags: ['invoice'], locale: 'en' },
  };
  for (const [key, body] of Object.entries(articles)) made[key] = await publishArticle(t, agent, supervisor, body);
});
afterAll(() => t.close());

describe('knowledge search', () => {
  it('退货 finds 退换货政策', async () => {
    expect((await search('退货')).articles[0]).toMatchObject({ id: made.returns!.id, title: '退换货政策' });
  });

  it('开不了机 finds 无法开机', async () => {
    expect((await search('开不了机')).articles[0]).toMatchObject({ id: made.boot!.id });
  });

  it('folds traditional characters and tolerates an English typo', async () => {
    expect((await search('退換貨')).articles[0].id).toBe(made.returns!.id);
    expect((await search('invoise')).articles[0].id).toBe(made.invoice!.id);
  });

  it('suggests after two characters, from titles, tags and past searches', async () => {
    expect(await suggest('退')).toEqual([]);
    expect(await suggest('退换')).toContain('退换货政策');
    expect(await suggest('退款')).toContain('退款多久到账');
    await search('退款到账时间');
    await search('退款到账时间');
    // Past searches are re-read for suggestions once a minute.
    t.clock.advanceMinutes(2);
    expect(await suggest('退款到')).toContain('退款到账时间');
    // The help center suggests from public titles and tags, not from what other visitors typed.
    const publicSuggestions = (await t.request(undefined, 'GET', `/api/help/${slug}/suggest?q=${encodeURIComponent('退款到')}`)).json().items.map((item: { text: string }) => item.text);
    expect(publicSuggestions).not.toContain('退款到账时间');
  });

  it('searches tickets through the tickets service beside articles and cases', async () => {
    await t.kernel.services.tickets.createTicket(a.admin.actor, { subject: '手机开不了机', description: '昨天买的手机开不了机', customer: { name: '李雷' } });
    const result = await search('开不了机', 'articles,cases,tickets');
    expect(result.tickets.map((ticket: { subject: string }) => ticket.subject)).toContain('手机开不了机');
    expect(result.articles[0].id).toBe(made.boot!.id);
  });
});

describe('case library and agent assist', () => {
  it('turns a solved ticket into a case with personal data removed, searchable beside articles', async () => {
    const ticket = await t.kernel.services.tickets.createTicket(a.admin.actor, {
      subject: '耳机左耳没声音',
      description: '我是韩梅梅，订单号 DD2026030112345 的耳机左耳没声音，电话 13912345678，邮箱 hmm@example.com',
      customer: { name: '韩梅梅' },
    });
    const id = ticket.id;
    const unsolved = await t.request(agent, 'GET', `/api/v1/kb/cases/draft/${id}`);
    expect(unsolved.json().errors[0].field).toBe('ticketId');
    await t.request(agent, 'POST', `/api/v1/tickets/${id}/messages`, { kind: 'reply', body: '已为您补发新耳机，并补偿20元优惠券。如有问题请联系 13912345678。' });
    await t.kernel.services.tickets.updateTicket(a.admin.actor, id, { status: 'solved' });

    const draft = (await t.request(agent, 'GET', `/api/v1/kb/cases/draft/${id}`)).json();
    expect(draft.problem).toBe('我是[客户]，订单号 [订单号] 的耳机左耳没声音，电话 [电话]，邮箱 [邮箱]');
    expect(draft.resolution).toBe('已为您补发新耳机，并补偿20元优惠券。如有问题请联系 [电话]。');
    expect(draft.masked).toEqual({ name: 1, order: 1, phone: 2, email: 1 });

    const saved = await t.request(agent, 'POST', '/api/v1/kb/cases', { ticketId: id, title: draft.title, problem: `${draft.problem} 韩梅梅很着急`, cause: '左耳单元虚焊', resolution: draft.resolution, compensation: '20元优惠券' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ source: 'ticket', sourceNumber: ticket.number, problem: `${draft.problem} [客户]很着急` });
    expect((await t.request(agent, 'POST', '/api/v1/kb/cases', { ticketId: id, title: 'again', problem: 'p', resolution: 'r' })).statusCode).toBe(409);
    expect((await search('耳机没声音', 'cases')).cases[0].id).toBe(saved.json().id);
    expect((await t.request(agent, 'GET', `/api/v1/kb/cases/by-ticket/${id}`)).json().case.id).toBe(saved.json().id);
  });

  it('suggests articles beside a ticket and inserts one into the reply with its files, recording the use once', async () => {
    const upload = multipart([{ name: 'file', filename: '退货单.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4 returns form') }]);
    const attached = await t.app.inject({ method: 'POST', url: `/api/v1/kb/articles/${made.returns!.id}/attachments`, headers: { cookie: agent.cookie, ...upload.headers }, payload: upload.payload });
    expect(attached.statusCode, attached.body).toBe(201);

    const ticket = await t.kernel.services.tickets.createTicket(a.admin.actor, { subject: '想退货', description: '衣服尺码不合适，怎么退货？', customer: { name: '王芳' } });
    const assist = (await t.request(agent, 'GET', `/api/v1/kb/assist/tickets/${ticket.id}`)).json();
    expect(assist.articles[0].id).toBe(made.returns!.id);

    const inserted = await t.request(agent, 'POST', `/api/v1/kb/articles/${made.returns!.id}/insert`, { ticketId: ticket.id });
    expect(inserted.statusCode, inserted.body).toBe(200);
    const { text, attachments } = inserted.json();
    expect(text).toBe('收到商品7天内可申请退换货，商品需保持完好。');
    expect(attachments).toHaveLength(1);
    const reply = await t.request(agent, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', body: text, attachmentIds: attachments.map((file: { id: string }) => file.id) });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().message.attachments[0].filename).toBe('退货单.pdf');
    await t.request(agent, 'POST', `/api/v1/kb/articles/${made.returns!.id}/insert`, { ticketId: ticket.id });
    expect((await t.request(agent, 'GET', `/api/v1/kb/articles/${made.returns!.id}`)).json().useCount).toBe(1);

    const other = await t.createWorkspace();
    const stranger = await other.addUser('agent');
    expect((await t.request(stranger, 'POST', `/api/v1/kb/articles/${made.returns!.id}/insert`, { ticketId: ticket.id })).statusCode).toBe(404);
    expect((await t.request(stranger, 'GET', `/api/v1/kb/assist/tickets/${ticket.id}`)).statusCode).toBe(404);
  });
});

describe('help center and freshness', () => {
  it('serves public pages by readable URL, searches, and counts "was this helpful"', async () => {
    const home = (await t.request(undefined, 'GET', `/api/help/${slug}`)).json();
    expect(home.categories.find((c: { slug: string }) => c.slug === 'product').articleCount).toBe(3);
    const listing = (await t.request(undefined, 'GET', `/api/help/${slug}/categories/product`)).json();
    expect(listing.articles.map((article: { title: string }) => article.title)).toEqual(expect.arrayContaining(['退换货政策', '手机无法开机怎么办']));
    const found = (await t.request(undefined, 'GET', `/api/help/${slug}/search?q=${encodeURIComponent('怎么退货')}`)).json().items;
    expect(found[0]).toMatchObject({ slug: '退换货政策', categorySlug: 'product' });
    const page = (await t.request(undefined, 'GET', `/api/help/${slug}/articles/${encodeURIComponent(found[0].slug)}`)).json();
    expect(page.attachments[0].url).toMatch(new RegExp(`^/api/help/${slug}/attachments/`));
    const file = await t.request(undefined, 'GET', page.attachments[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('%PDF-1.4 returns form');
    const feedback = await t.request(undefined, 'POST', `/api/help/${slug}/articles/${page.id}/feedback`, { helpful: false, comment: '没有说运费谁出' });
    expect(feedback.json()).toEqual({ helpfulCount: 0, notHelpfulCount: 1 });
    expect((await t.request(undefined, 'GET', `/api/help/no-such-place`)).statusCode).toBe(404);
  });

  it('reports articles per month against the target, stale ones, the most used and searches that found nothing', async () => {
    await search('发票抬头怎么改');
    t.clock.set('2026-10-01T02:00:00Z');
    // Seven months later every session has ended: ask the service as the supervisor.
    const report = await t.kernel.services.kb.freshnessReport(supervisor.actor, { months: 8 });
    expect(report.months.find((m: { month: string }) => m.month === '2026-03')).toMatchObject({ created: 4, revised: 0, total: 4, target: 10, met: false });
    expect(report.months).toHaveLength(8);
    expect(report.stale.map((article: { id: string }) => article.id)).toEqual(expect.arrayContaining(Object.values(made).map((article) => article.id)));
    expect(report.mostUsed[0]).toMatchObject({ articleId: made.returns!.id, uses: 1 });
    expect(report.unanswered.map((row: { query: string }) => row.query)).toContain('发票抬头怎么改');
    expect(report.counts.published).toBe(4);
  });
});
