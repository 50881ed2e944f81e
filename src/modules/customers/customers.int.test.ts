import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import type { ResolveCustomerInput } from './index.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let agentA: TestUser;
let specialistA: TestUser;
let analystA: TestUser;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  agentA = await a.addUser('agent');
  specialistA = await a.addUser('specialist');
  analystA = await a.addUser('analyst');
});
afterAll(() => t.close());

const customers = () => t.kernel.services.customers;
const resolve = (actor: Actor, input: ResolveCustomerInput) => t.kernel.db.transaction((tx) => customers().resolveCustomer(tx, actor, input));
const fieldsOf = (response: { json(): { errors?: { field: string }[] } }) => (response.json().errors ?? []).map((e) => e.field).sort();

async function createCustomer(user: TestUser, body: Record<string, unknown>) {
  const response = await t.request(user, 'POST', '/api/v1/customers', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function countRows(sqlText: string, params: unknown[]): Promise<number> {
  const rows = await t.kernel.db.query<{ n: number }>(sqlText, params);
  return rows[0]?.n ?? 0;
}

describe('masking by role', () => {
  let customerId: string;

  beforeAll(async () => {
    const customer = await createCustomer(agentA, {
      name: 'Mask Test',
      identities: [
        { kind: 'email', value: 'zoe@example.com' },
        { kind: 'phone', value: '13912345678' },
        { kind: 'wechat_openid', value: 'oMask1' },
      ],
    });
    customerId = customer.id;
  });

  it('shows contacts to an agent and masks them for a specialist and an analyst', async () => {
    const asAgent = (await t.request(agentA, 'GET', `/api/v1/customers/${customerId}`)).json();
    expect(asAgent).toMatchObject({ email: 'zoe@example.com', phone: '+8613912345678' });
    for (const viewer of [specialistA, analystA]) {
      const response = await t.request(viewer, 'GET', `/api/v1/customers/${customerId}`);
      expect(response.statusCode).toBe(200);
      const masked = response.json();
      expect(masked).toMatchObject({ email: 'z***@example.com', phone: '139****5678' });
      expect(masked.identities).toEqual([
        { kind: 'email', value: 'z***@example.com' },
        { kind: 'phone', value: '139****5678' },
        { kind: 'wechat_openid', value: 'oMask1' },
      ]);
      expect(response.body).not.toContain('zoe@example.com');
      expect(response.body).not.toContain('13912345678');
      const list = await t.request(viewer, 'GET', `/api/v1/customers?q=${encodeURIComponent('Mask Test')}`);
      expect(list.body).not.toContain('13912345678');
      expect(list.json().items[0].phone).toBe('139****5678');
    }
  });

  it('masks summaries for the viewer', async () => {
    const forSpecialist = await customers().getCustomerSummaries(a.id, [customerId, 'not-a-uuid'], specialistA.actor);
    expect(forSpecialist.get(customerId)).toEqual({ id: customerId, name: 'Mask Test', organization: null, email: 'z***@example.com', phone: '139****5678', tags: [] });
    const forAgent = await customers().getCustomerSummaries(a.id, [customerId], agentA.actor);
    expect(forAgent.get(customerId)?.phone).toBe('+8613912345678');
  });

  it('lets a masked viewer find a customer by the full number only, not by guessing digits', async () => {
    const search = async (user: TestUser, q: string) =>
      (await t.request(user, 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`)).json().items.map((c: { id: string }) => c.id);
    expect(await search(agentA, '1391234')).toContain(customerId);
    expect(await search(specialistA, '1391234')).not.toContain(customerId);
    expect(await search(specialistA, 'zoe@')).not.toContain(customerId);
    expect(await search(specialistA, '139 1234 5678')).toContain(customerId);
    expect(await search(specialistA, 'ZOE@example.com')).toContain(customerId);
  });

  it('gives the unmasked text to the ticket search index', async () => {
    const text = await customers().getSearchText(t.kernel.db, a.id, customerId);
    expect(text).toContain('Mask Test');
    expect(text).toContain('zoe@example.com');
    expect(text).toContain('13912345678');
  });

  it('keeps read-only roles from writing and masked tokens from replacing contacts', async () => {
    expect((await t.request(analystA, 'POST', '/api/v1/customers', { name: 'x' })).statusCode).toBe(403);
    expect((await t.request(specialistA, 'PATCH', `/api/v1/customers/${customerId}`, { name: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(403);
    expect((await t.request(specialistA, 'POST', '/api/v1/organizations', { name: 'x' })).statusCode).toBe(403);

    const created = await t.request(a.admin, 'POST', '/api/v1/api-tokens', { name: 'CRM', scopes: ['customers.read', 'customers.write'] });
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const viaToken = await t.request(undefined, 'GET', `/api/v1/customers/${customerId}`, undefined, bearer);
    expect(viaToken.json().email).toBe('z***@example.com');
    const version = viaToken.json().version;
    const replace = await t.request(undefined, 'PATCH', `/api/v1/customers/${customerId}`, { identities: [] }, { ...bearer, 'if-match': `"${version}"` });
    expect(replace.statusCode).toBe(403);
    const rename = await t.request(undefined, 'PATCH', `/api/v1/customers/${customerId}`, { notes: 'from CRM' }, { ...bearer, 'if-match': `"${version}"` });
    expect(rename.statusCode).toBe(200);
    expect((await customers().getCustomer(agentA.actor, customerId)).identities).toHaveLength(3);
  });
});

describe('customers over HTTP', () => {
  it('creates a customer with an organisation, returns an ETag, and records audit and event', async () => {
    const org = await t.request(agentA, 'POST', '/api/v1/organizations', { name: '上海物流有限公司', domain: 'Wuliu.example.CN' });
    expect(org.statusCode).toBe(201);
    expect(org.json().domain).toBe('wuliu.example.cn');
    const response = await t.request(agentA, 'POST', '/api/v1/customers', {
      name: '王芳',
      identities: [{ kind: 'email', value: 'Wang.Fang@Wuliu.example.cn' }],
      organizationId: org.json().id,
      tags: ['vip', ' VIP ', '物流'],
      notes: '首次来电\n关于发票',
      locale: 'zh-CN',
      externalRef: 'CRM-0042',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    const customer = response.json();
    expect(customer).toMatchObject({
      name: '王芳',
      organization: '上海物流有限公司',
      organizationId: org.json().id,
      email: 'wang.fang@wuliu.example.cn',
      phone: null,
      tags: ['vip', '物流'],
      notes: '首次来电\n关于发票',
      locale: 'zh-CN',
      externalRef: 'CRM-0042',
      version: 1,
    });
    expect(Object.keys(customer).sort()).toEqual(
      ['createdAt', 'email', 'externalRef', 'id', 'identities', 'locale', 'name', 'notes', 'organization', 'organizationId', 'phone', 'tags', 'updatedAt', 'version'].sort(),
    );
    const log = (await t.request(a.admin, 'GET', `/api/v1/audit-log?entityType=customer&entityId=${customer.id}`)).json().items;
    expect(log[0]).toMatchObject({ action: 'customer.created', actorId: agentA.id });
    const events = await t.kernel.db.query<{ type: string; payload: Record<string, unknown> }>(
      'SELECT type, payload FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2',
      [a.id, customer.id],
    );
    expect(events).toEqual([{ type: 'customer.created', payload: { customerId: customer.id, organizationId: org.json().id, identityKinds: ['email'], source: 'api' } }]);
  });

  it('refuses an identity that another customer owns with 409 and the owner', async () => {
    const owner = await createCustomer(agentA, { name: 'First', identities: [{ kind: 'phone', value: '021-5555-0001' }] });
    const clash = await t.request(agentA, 'POST', '/api/v1/customers', {
      name: 'Second',
      identities: [
        { kind: 'email', value: 'second@example.com' },
        { kind: 'phone', value: '02155550001' },
      ],
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].field).toBe('identities[1].value');
    expect(clash.json().customerId).toBe(owner.id);
    const search = (await t.request(agentA, 'GET', '/api/v1/customers?q=second%40example.com')).json().items;
    expect(search).toEqual([]);
  });

  it('pages through a list with a stable cursor even when every row has the same timestamp', async () => {
    const ws = await t.createWorkspace();
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await createCustomer(ws.admin, { name: `Page ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request(ws.admin, 'GET', url)).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(made.sort());
  });

  it('searches names in Chinese and English, e-mails and phones, and filters by tag and organisation', async () => {
    const ws = await t.createWorkspace();
    const org = (await t.request(ws.admin, 'POST', '/api/v1/organizations', { name: 'Acme' })).json();
    const zhang = await createCustomer(ws.admin, { name: '张伟', identities: [{ kind: 'phone', value: '+86 139 8888 7777' }], tags: ['vip'] });
    const english = await createCustomer(ws.admin, { name: 'Wei Zhang', identities: [{ kind: 'email', value: 'wei@acme.example.org' }], organizationId: org.id });
    const percent = await createCustomer(ws.admin, { name: '100% 满意' });
    const ids = async (query: string) => (await t.request(ws.admin, 'GET', `/api/v1/customers?${query}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids(`q=${encodeURIComponent('张')}`)).toEqual([zhang.id]);
    expect(await ids('q=zhang')).toEqual([english.id]);
    expect(await ids('q=ACME.example')).toEqual([english.id]);
    expect(await ids('q=8888')).toEqual([zhang.id]);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([percent.id]);
    expect(await ids(`q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await ids('tag=vip')).toEqual([zhang.id]);
    expect(await ids(`organizationId=${org.id}`)).toEqual([english.id]);
    expect(await ids(`q=wei&organizationId=${org.id}`)).toEqual([english.id]);
    const orgs = (await t.request(ws.admin, 'GET', '/api/v1/organizations?q=acm')).json().items;
    expect(orgs.map((o: { id: string }) => o.id)).toEqual([org.id]);
  });

  it('rejects a second organisation with the same name in any case', async () => {
    expect((await t.request(agentA, 'POST', '/api/v1/organizations', { name: 'Duplicate Org' })).statusCode).toBe(201);
    const again = await t.request(agentA, 'POST', '/api/v1/organizations', { name: 'duplicate org' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('name');
  });

  it('updates with If-Match: 428 without it, 409 when stale with the stored row unchanged', async () => {
    const created = await createCustomer(agentA, { name: 'Versioned', identities: [{ kind: 'email', value: 'versioned@example.com' }] });
    const url = `/api/v1/customers/${created.id}`;
    expect((await t.request(agentA, 'PATCH', url, { name: 'No header' })).statusCode).toBe(428);
    const malformed = await t.request(agentA, 'PATCH', url, { name: 'Bad header' }, { 'if-match': 'yesterday' });
    expect(malformed.statusCode).toBe(400);

    const ok = await t.request(agentA, 'PATCH', url, { name: 'Versioned 2', identities: [{ kind: 'phone', value: '13100000000' }] }, { 'if-match': '"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ name: 'Versioned 2', email: null, phone: '+8613100000000', version: 2 });
    // The dropped e-mail is free again.
    expect((await resolve(agentA.actor, { email: 'versioned@example.com' })).created).toBe(true);

    const stale = await t.request(agentA, 'PATCH', url, { name: 'Lost update', tags: ['x'] }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentVersion).toBe(2);
    const stored = (await t.request(agentA, 'GET', url)).json();
    expect(stored).toMatchObject({ name: 'Versioned 2', tags: [], version: 2 });

    const unchanged = await t.request(agentA, 'PATCH', url, { name: 'Versioned 2' }, { 'if-match': 'W/"2"' });
    expect(unchanged.json().version).toBe(2);
    const events = await countRows(`SELECT count(*)::int AS n FROM outbox_events WHERE workspace_id = $1 AND aggregate_id = $2 AND type = 'customer.updated'`, [a.id, created.id]);
    expect(events).toBe(1);
  });
});

describe('tenant isolation', () => {
  it('hides and protects one workspace’s customers and organisations from another', async () => {
    const org = (await t.request(a.admin, 'POST', '/api/v1/organizations', { name: 'Tenant A Org' })).json();
    const customer = await createCustomer(a.admin, {
      name: 'Tenant A Customer',
      identities: [{ kind: 'email', value: 'tenant-a@example.com' }],
      organizationId: org.id,
      tags: ['tenant-a'],
    });
    const url = `/api/v1/customers/${customer.id}`;

    expect((await t.request(b.admin, 'GET', url)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', url, { name: 'hijacked' }, { 'if-match': '"1"' })).statusCode).toBe(404);
    const withOrg = await t.request(b.admin, 'POST', '/api/v1/customers', { name: 'B', organizationId: org.id });
    expect(withOrg.statusCode).toBe(400);
    expect(fieldsOf(withOrg)).toEqual(['organizationId']);
    for (const query of ['', `?organizationId=${org.id}`, '?tag=tenant-a', '?q=tenant', `?q=${encodeURIComponent('tenant-a@example.com')}`]) {
      const list = await t.request(b.admin, 'GET', `/api/v1/customers${query}`);
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(customer.id);
      expect(list.body).not.toContain('Tenant A');
    }
    expect((await t.request(b.admin, 'GET', '/api/v1/organizations')).body).not.toContain(org.id);

    await expect(customers().assertCustomerExists(t.kernel.db, b.id, customer.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(customers().assertCustomerExists(t.kernel.db, a.id, customer.id)).resolves.toBeUndefined();
    await expect(customers().assertCustomerExists(t.kernel.db, a.id, 'nope')).rejects.toMatchObject({ code: 'not_found' });
    expect((await customers().getCustomerSummaries(b.id, [customer.id], b.admin.actor)).size).toBe(0);
    expect((await customers().getCustomerSummaries(a.id, [customer.id], b.admin.actor)).size).toBe(0);
    expect(await customers().getSearchText(t.kernel.db, b.id, customer.id)).toBe('');
    await expect(customers().getCustomer(b.admin.actor, customer.id)).rejects.toMatchObject({ code: 'not_found' });

    // The same e-mail in another workspace is another customer.
    const inB = await resolve(b.admin.actor, { email: 'tenant-a@example.com' });
    expect(inB.created).toBe(true);
    expect(inB.id).not.toBe(customer.id);

    const after = (await t.request(a.admin, 'GET', url)).json();
    expect(after).toMatchObject({ name: 'Tenant A Customer', version: 1, organizationId: org.id });
  });
});

describe('bad input', () => {
  it('names every wrong field: types, unknown fields, enums, ids', async () => {
    const response = await t.request(agentA, 'POST', '/api/v1/customers', { name: 5, isVip: true, tags: 'vip', organizationId: 'x', locale: 'fr' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(response)).toEqual(['isVip', 'locale', 'name', 'organizationId', 'tags']);
    const kind = await t.request(agentA, 'POST', '/api/v1/customers', { name: 'x', identities: [{ kind: 'fax', value: '1' }] });
    expect(fieldsOf(kind)).toEqual(['identities[0].kind']);
  });

  it('rejects invalid e-mails and phones with the identity position, translated', async () => {
    const email = await t.request(agentA, 'POST', '/api/v1/customers', { name: 'x', identities: [{ kind: 'email', value: 'not-an-email' }] }, { 'accept-language': 'zh-CN' });
    expect(email.statusCode).toBe(400);
    expect(email.json().errors).toEqual([{ field: 'identities[0].value', code: 'customers.invalid_email', message: '不是有效的邮箱地址。' }]);
    const phone = await t.request(agentA, 'POST', '/api/v1/customers', {
      name: 'x',
      identities: [
        { kind: 'phone', value: '13912340000' },
        { kind: 'phone', value: 'call me maybe' },
      ],
    });
    expect(fieldsOf(phone)).toEqual(['identities[1].value']);
    const twice = await t.request(agentA, 'POST', '/api/v1/customers', {
      identities: [
        { kind: 'email', value: 'twice@example.com' },
        { kind: 'email', value: 'TWICE@example.com' },
      ],
    });
    expect(fieldsOf(twice)).toEqual(['identities[1].value']);
    const empty = await t.request(agentA, 'POST', '/api/v1/customers', { name: '  ' });
    expect(fieldsOf(empty)).toEqual(['name']);
  });

  it('rejects control characters', async () => {
    const response = await t.request(agentA, 'POST', '/api/v1/customers', { name: 'Bell\u0007', notes: 'ok\nline', tags: ['a\u001bb'] });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['name', 'tags[0]']);
  });

  it('rejects bad query strings, cursors and ids', async () => {
    expect(fieldsOf(await t.request(agentA, 'GET', '/api/v1/customers?limit=abc'))).toEqual(['query.limit']);
    expect(fieldsOf(await t.request(agentA, 'GET', '/api/v1/customers?limit=1000'))).toEqual(['query.limit']);
    expect(fieldsOf(await t.request(agentA, 'GET', '/api/v1/customers?cursor=garbage'))).toEqual(['query.cursor']);
    expect(fieldsOf(await t.request(agentA, 'GET', '/api/v1/customers?sort=name'))).toEqual(['query.sort']);
    const badId = await t.request(agentA, 'GET', '/api/v1/customers/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(fieldsOf(badId)).toEqual(['params.id']);
    const org = await t.request(agentA, 'POST', '/api/v1/organizations', { name: 'Bad domain', domain: 'not a domain' });
    expect(fieldsOf(org)).toEqual(['domain']);
  });

  it('stores SQL and HTML injection strings verbatim and returns them only JSON-escaped', async () => {
    const hostile = {
      name: `Robert'); DROP TABLE customers;--`,
      notes: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
      tags: ['<b>vip</b>', `' OR '1'='1`],
      externalRef: `1' OR 1=1 --`,
      identities: [{ kind: 'external_id', value: `x'||pg_sleep(1)||'` }],
    };
    const response = await t.request(agentA, 'POST', '/api/v1/customers', hostile);
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const created = response.json();
    expect(created).toMatchObject({ name: hostile.name, notes: hostile.notes, tags: hostile.tags, externalRef: hostile.externalRef });
    expect(created.identities).toEqual([{ kind: 'external_id', value: hostile.identities[0]!.value }]);
    const fetched = (await t.request(agentA, 'GET', `/api/v1/customers/${created.id}`)).json();
    expect(fetched.notes).toBe(hostile.notes);
    const search = (await t.request(agentA, 'GET', `/api/v1/customers?q=${encodeURIComponent(`'); DROP TABLE`)}`)).json().items;
    expect(search.map((c: { id: string }) => c.id)).toEqual([created.id]);
    expect(await countRows('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [a.id])).toBeGreaterThan(1);
  });
});
