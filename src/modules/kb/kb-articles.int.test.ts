/** Articles end to end through the API: default categories, drafting, review permissions, versions, the help center, tenancy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { publishArticle } from '../../testing/kb-articles.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agent: TestUser;
let supervisor: TestUser;
let outsider: TestUser;
let slugA: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace({ locale: 'zh-CN' });
  b = await t.createWorkspace();
  agent = await a.addUser('agent');
  supervisor = await a.addUser('supervisor');
  outsider = await b.addUser('supervisor');
  slugA = (await t.kernel.services.workspaces.getWorkspace(a.id)).slug;
});
afterAll(() => t.close());

const categoriesOf = async (user: TestUser) => (await t.request(user, 'GET', '/api/v1/kb/categories')).json().items as { id: string; slug: string; nameZh: string; nameEn: string }[];

describe('knowledge base articles', () => {
  it('starts every workspace with the product, operation and after-sales categories', async () => {
    const categories = await categoriesOf(agent);
    expect(categories.map((c) => [c.slug, c.nameZh, c.nameEn])).toEqual([
      ['product', '产品类', 'Product'],
      ['operation', '操作类', 'How-to'],
      ['after-sales', '售后类', 'After-sales'],
    ]);
    // Only admins shape the tree.
    expect((await t.request(agent, 'POST', '/api/v1/kb/categories', { nameEn: 'Billing', nameZh: '账单' })).statusCode).toBe(403);
    const created = await t.request(a.admin, 'POST', '/api/v1/kb/categories', { nameEn: 'Billing', nameZh: '账单', parentId: categories[0]!.id });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'billing', parentId: categories[0]!.id });
    expect((await t.request(a.admin, 'PATCH', `/api/v1/kb/categories/${categories[0]!.id}`, { parentId: created.json().id })).json().errors[0].field).toBe('parentId');
  });

  it('an agent drafts and submits, may not publish; a reviewer publishes; the help center shows it', async () => {
    const [product] = await categoriesOf(agent);
    const draft = await t.request(agent, 'POST', '/api/v1/kb/articles', {
      categoryId: product!.id,
      title: '退换货政策',
      bodyHtml: '<p>收到商品后7天内可以退货。</p><script>steal()</script><p onclick="x()">请保留包装。</p>',
      tags: ['退货', '售后'],
    });
    expect(draft.statusCode).toBe(201);
    const article = draft.json();
    expect(article).toMatchObject({ status: 'draft', version: 1, locale: 'zh-CN', slug: '退换货政策', visibility: 'public', publishedVersion: null });
    expect(article.bodyHtml).toBe('<p>收到商品后7天内可以退货。</p><p>请保留包装。</p>');

    expect((await t.request(agent, 'POST', `/api/v1/kb/articles/${article.id}/approve`, {})).statusCode).toBe(403);
    expect((await t.request(agent, 'POST', `/api/v1/kb/articles/${article.id}/submit`, {})).json().status).toBe('in_review');
    const refused = await t.request(agent, 'POST', `/api/v1/kb/articles/${article.id}/approve`, {}, { 'accept-language': 'zh-CN' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe('您无权发布此文章。');
    // Nothing is live yet.
    expect((await t.request(undefined, 'GET', `/api/help/${slugA}/articles/${encodeURIComponent('退换货政策')}`)).statusCode).toBe(404);

    const published = await t.request(supervisor, 'POST', `/api/v1/kb/articles/${article.id}/approve`, { note: '内容准确' });
    expect(published.json()).toMatchObject({ status: 'published', publishedVersion: 1, reviewedBy: supervisor.id, reviewNote: '内容准确' });
    expect(published.json().reviewBy).toBe('2026-08-29');
    const page = await t.request(undefined, 'GET', `/api/help/${slugA}/articles/${encodeURIComponent('退换货政策')}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ title: '退换货政策', category: { slug: 'product', name: '产品类' } });

    const events = await t.kernel.db.query<{ type: string }>(`SELECT type FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2 ORDER BY id`, [a.id, article.id]);
    expect(events.map((event) => event.type)).toEqual(['kb.article_submitted', 'kb.article_published']);
  });

  it('a reviewer does not publish their own submission', async () => {
    const [product] = await categoriesOf(supervisor);
    const own = (await t.request(supervisor, 'POST', '/api/v1/kb/articles', { categoryId: product!.id, title: 'Own work', bodyHtml: '<p>Mine.</p>', locale: 'en' })).json();
    await t.request(supervisor, 'POST', `/api/v1/kb/articles/${own.id}/submit`, {});
    const response = await t.request(supervisor, 'POST', `/api/v1/kb/articles/${own.id}/approve`, {}, { 'accept-language': 'en' });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe('Someone else must review what you submitted.');
    expect((await t.request(a.admin, 'POST', `/api/v1/kb/articles/${own.id}/reject`, { note: 'Too short' })).json()).toMatchObject({ status: 'draft', reviewNote: 'Too short' });
  });

  it('editing a published article makes a new version while the published one stays live; the diff shows what changed', async () => {
    const article = await publishArticle(t, agent, supervisor, { title: '退款多久到账', bodyHtml: '<p>退款3个工作日内到账。</p>', tags: ['退款'] });
    const stale = await t.request(agent, 'PATCH', `/api/v1/kb/articles/${article.id}`, { bodyHtml: '<p>x</p>' }, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(409);
    expect((await t.request(agent, 'PATCH', `/api/v1/kb/articles/${article.id}`, { bodyHtml: '<p>x</p>' })).statusCode).toBe(428);
    const edited = await t.request(agent, 'PATCH', `/api/v1/kb/articles/${article.id}`, { bodyHtml: '<p>退款5个工作日内原路到账。</p>', note: '银行处理变慢' }, { 'if-match': `"${article.version}"` });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'draft', version: 2, publishedVersion: 1 });
    expect(edited.headers.etag).toBe('"2"');

    const live = await t.request(undefined, 'GET', `/api/help/${slugA}/articles/${encodeURIComponent(article.slug)}`);
    expect(live.json().bodyHtml).toBe('<p>退款3个工作日内到账。</p>');
    const diff = (await t.request(agent, 'GET', `/api/v1/kb/articles/${article.id}/diff`)).json();
    expect(diff).toMatchObject({ from: 1, to: 2, changedFields: ['bodyText'] });
    expect(diff.body.filter((run: { op: string }) => run.op !== 'equal')).toEqual([
      { op: 'delete', text: '3' },
      { op: 'insert', text: '5' },
      { op: 'equal', text: '个工作日内' },
      { op: 'insert', text: '原路' },
    ].filter((run) => run.op !== 'equal'));
    const versions = (await t.request(agent, 'GET', `/api/v1/kb/articles/${article.id}/versions`)).json().items;
    expect(versions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([[2, '银行处理变慢'], [1, null]]);

    await t.request(agent, 'POST', `/api/v1/kb/articles/${article.id}/submit`, {});
    await t.request(supervisor, 'POST', `/api/v1/kb/articles/${article.id}/approve`, {});
    expect((await t.request(undefined, 'GET', `/api/help/${slugA}/articles/${encodeURIComponent(article.slug)}`)).json().bodyHtml).toBe('<p>退款5个工作日内原路到账。</p>');
  });

  it('links translations, keeps internal articles out of the help center and archives', async () => {
    const zh = await publishArticle(t, agent, supervisor, { title: '如何修改收货地址', bodyHtml: '<p>在订单详情页修改。</p>' });
    const en = await t.request(agent, 'POST', '/api/v1/kb/articles', { categoryId: (await categoriesOf(agent))[1]!.id, title: 'Change the delivery address', bodyHtml: '<p>On the order page.</p>', locale: 'en', translationOf: zh.id });
    expect(en.statusCode).toBe(201);
    expect((await t.request(agent, 'POST', '/api/v1/kb/articles', { categoryId: (await categoriesOf(agent))[1]!.id, title: 'Again', bodyHtml: '<p>x</p>', locale: 'en', translationOf: zh.id })).json().errors[0]).toMatchObject({ field: 'locale' });
    const detail = (await t.request(agent, 'GET', `/api/v1/kb/articles/${zh.id}`)).json();
    expect(detail.translations).toEqual([{ id: en.json().id, locale: 'en', title: 'Change the delivery address', status: 'draft' }]);

    const internal = await publishArticle(t, agent, supervisor, { title: '内部：退款审批口径', bodyHtml: '<p>超过500元需主管审批。</p>', visibility: 'internal' });
    expect((await t.request(undefined, 'GET', `/api/help/${slugA}/articles/${encodeURIComponent(internal.slug)}`)).statusCode).toBe(404);
    const publicHits = (await t.request(undefined, 'GET', `/api/help/${slugA}/search?q=${encodeURIComponent('退款审批')}`)).json().items as { id: string }[];
    expect(publicHits.map((hit) => hit.id)).not.toContain(internal.id);
    expect((await t.request(agent, 'GET', `/api/v1/kb/search?q=${encodeURIComponent('退款审批')}`)).json().articles[0].id).toBe(internal.id);

    expect((await t.request(agent, 'POST', `/api/v1/kb/articles/${zh.id}/archive`, {})).statusCode).toBe(403);
    expect((await t.request(supervisor, 'POST', `/api/v1/kb/articles/${zh.id}/archive`, {})).json().status).toBe('archived');
    expect((await t.request(undefined, 'GET', `/api/help/${slugA}/articles/${encodeURIComponent(zh.slug)}`)).statusCode).toBe(404);
    expect((await t.request(agent, 'PATCH', `/api/v1/kb/articles/${zh.id}`, { title: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(409);
  });

  it('one workspace cannot read or change another’s articles, categories or help center', async () => {
    const article = await publishArticle(t, agent, supervisor, { title: '会员积分规则', bodyHtml: '<p>每消费1元积1分。</p>' });
    expect((await t.request(outsider, 'GET', `/api/v1/kb/articles/${article.id}`)).statusCode).toBe(404);
    expect((await t.request(outsider, 'PATCH', `/api/v1/kb/articles/${article.id}`, { title: 'x' }, { 'if-match': `"${article.version}"` })).statusCode).toBe(404);
    expect((await t.request(outsider, 'POST', `/api/v1/kb/articles/${article.id}/archive`, {})).statusCode).toBe(404);
    expect((await t.request(outsider, 'GET', `/api/v1/kb/search?q=${encodeURIComponent('会员积分')}`)).json().articles).toEqual([]);
    const foreignCategory = (await categoriesOf(agent))[0]!.id;
    expect((await t.request(outsider, 'POST', '/api/v1/kb/articles', { categoryId: foreignCategory, title: 'x', bodyHtml: '<p>x</p>' })).json().errors[0].field).toBe('categoryId');
    expect((await t.request(b.admin, 'DELETE', `/api/v1/kb/categories/${foreignCategory}`)).statusCode).toBe(404);
    const slugB = (await t.kernel.services.workspaces.getWorkspace(b.id)).slug;
    expect((await t.request(undefined, 'GET', `/api/help/${slugB}/articles/${encodeURIComponent(article.slug)}`)).statusCode).toBe(404);
    expect((await t.request(undefined, 'POST', `/api/help/${slugB}/articles/${article.id}/feedback`, { helpful: true })).statusCode).toBe(404);
  });
});
