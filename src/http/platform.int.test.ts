import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-app.ts';

const TOKEN = 'platform-operator-token-0123456789abcdef';
const URL = '/api/platform/v1/workspaces';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { KEFU_PLATFORM_TOKEN: TOKEN } });
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST', body?: unknown, token: string | null = TOKEN, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: URL, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, ...(body === undefined ? {} : { payload: body as object }) });

const workspaceCount = async () => (await t.kernel.db.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces'))[0]!.n;

describe('the platform API', () => {
  it('creates a workspace whose administrator can sign in and work in it', async () => {
    const response = await call('POST', { name: '华东客服中心', slug: 'east-desk', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN', admin: { email: 'lead@east.example', name: '王主管', password: 'east-desk-2026' } });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ workspace: { name: '华东客服中心', slug: 'east-desk', defaultLocale: 'zh-CN' }, admin: { email: 'lead@east.example', role: 'admin' }, generatedPassword: null });

    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'lead@east.example', password: 'east-desk-2026' } });
    expect(login.statusCode).toBe(200);
    const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    const ticket = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { cookie }, payload: { subject: '第一张工单', customer: { name: '客户' } } });
    expect(ticket.statusCode).toBe(201);
    const audit = await t.kernel.db.query<{ action: string }>('SELECT action FROM audit_log WHERE workspace_id = $1 ORDER BY action', [body.workspace.id]);
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['user.created', 'workspace.created']));
  });

  it('generates a password, shown once, when none is sent', async () => {
    const response = await call('POST', { name: 'North', slug: 'north-desk', admin: { email: 'lead@north.example', name: 'North lead' } });
    expect(response.statusCode).toBe(201);
    const password = response.json().generatedPassword as string;
    expect(password.length).toBeGreaterThanOrEqual(12);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'lead@north.example', password } });
    expect(login.statusCode).toBe(200);
  });

  it('lists workspaces a page at a time', async () => {
    const first = await t.app.inject({ method: 'GET', url: `${URL}?limit=1`, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(1);
    const next = await t.app.inject({ method: 'GET', url: `${URL}?limit=100&after=${first.json().nextAfter}`, headers: { authorization: `Bearer ${TOKEN}` } });
    const slugs = next.json().items.map((w: { slug: string }) => w.slug);
    expect(slugs).not.toContain(first.json().items[0].slug);
    expect(slugs).toContain('north-desk');
  });

  it('refuses a missing or wrong token, and a workspace user, with 401 and stores nothing', async () => {
    const before = await workspaceCount();
    const body = { name: 'Rogue', slug: 'rogue-desk', admin: { email: 'rogue@example.com', name: 'Rogue' } };
    for (const token of [null, 'wrong-token-wrong-token-wrong-token', `${TOKEN}x`]) {
      const response = await call('POST', body, token, { 'accept-language': 'zh-CN' });
      expect(response.statusCode).toBe(401);
      expect(response.json().detail).toMatch(/运维令牌/);
    }
    const ws = await t.createWorkspace();
    expect((await call('POST', body, null, { cookie: ws.admin.cookie })).statusCode).toBe(401);
    expect(await workspaceCount()).toBe(before + 1);
  });

  it('names the field of bad input and leaves nothing half made', async () => {
    const before = await workspaceCount();
    const badSlug = await call('POST', { name: 'Bad', slug: 'Bad Slug', admin: { email: 'bad@example.com', name: 'Bad' } });
    expect(badSlug.statusCode).toBe(400);
    expect(badSlug.json().errors.map((e: { field: string }) => e.field)).toEqual(['slug']);
    const shortPassword = await call('POST', { name: 'Bad', slug: 'bad-pass', admin: { email: 'bad@example.com', name: 'Bad', password: 'short' } });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().errors.map((e: { field: string }) => e.field)).toEqual(['admin.password']);
    const badZone = await call('POST', { name: 'Bad', slug: 'bad-zone', timezone: 'Mars/Base', admin: { email: 'bad@example.com', name: 'Bad' } });
    expect(badZone.statusCode).toBe(400);
    const taken = await call('POST', { name: 'Again', slug: 'east-desk', admin: { email: 'again@example.com', name: 'Again' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors.map((e: { field: string }) => e.field)).toEqual(['slug']);
    // The slug is free but the administrator's e-mail belongs to another workspace's user: the workspace is not kept.
    const emailTaken = await call('POST', { name: 'Twin', slug: 'twin-desk', admin: { email: 'lead@east.example', name: 'Twin' } });
    expect(emailTaken.statusCode).toBe(409);
    expect(emailTaken.json().errors.map((e: { field: string }) => e.field)).toEqual(['admin.email']);
    expect(await workspaceCount()).toBe(before);
  });
});

describe('the platform API without a configured token', () => {
  it('answers nobody', async () => {
    const plain = await createTestContext();
    try {
      const response = await plain.app.inject({ method: 'GET', url: URL, headers: { authorization: 'Bearer anything-at-all-anything-at-all' } });
      expect(response.statusCode).toBe(401);
    } finally {
      await plain.close();
    }
  });
});
