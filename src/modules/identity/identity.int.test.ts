import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('signs in, sets an HttpOnly SameSite=Lax cookie and returns the user', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: a.admin.email, password: a.admin.password } });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(response.json().user.email).toBe(a.admin.email);
  });

  it('rejects a wrong password with a translated message', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'zh-CN' }, payload: { email: a.admin.email, password: 'nope-nope' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().detail).toBe('邮箱或密码不正确。');
  });

  it('locks the account after repeated failures', async () => {
    const user = await a.addUser('agent');
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong-password' } });
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
    expect(locked.statusCode).toBe(429);
    t.clock.advanceMinutes(16);
    const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
    expect(after.statusCode).toBe(200);
  });

  it('rotates the session token after 30 minutes and logs out everywhere', async () => {
    const user = await a.addUser('agent');
    t.clock.advanceMinutes(31);
    const me = await t.request(user, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    const rotated = me.cookies.find((c) => c.name === 'kefu_session');
    expect(rotated?.value).toBeTruthy();
    const fresh = { ...user, cookie: `kefu_session=${rotated!.value}` };
    expect((await t.request(fresh, 'POST', '/api/v1/auth/logout-everywhere')).statusCode).toBe(200);
    expect((await t.request(fresh, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await t.request(user, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('requires a session for the API', async () => {
    const response = await t.request(undefined, 'GET', '/api/v1/users');
    expect(response.statusCode).toBe(401);
  });
});

describe('users, roles and tokens', () => {
  it('lets an admin invite a user and forbids an agent to', async () => {
    const agent = await a.addUser('agent');
    const body = { email: 'new.person@example.com', name: '新同事', role: 'agent' };
    expect((await t.request(agent, 'POST', '/api/v1/users', body)).statusCode).toBe(403);
    const created = await t.request(a.admin, 'POST', '/api/v1/users', body);
    expect(created.statusCode).toBe(201);
    const duplicate = await t.request(a.admin, 'POST', '/api/v1/users', body);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('email');
  });

  it('reports unknown fields and wrong types with the field name', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/users', { email: 'x@example.com', name: 5, role: 'agent', isRoot: true });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['isRoot', 'name']);
  });

  it('creates a scoped API token that works as a bearer and stops after revocation', async () => {
    const created = await t.request(a.admin, 'POST', '/api/v1/api-tokens', { name: 'CRM sync', scopes: ['tickets.read'] });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    const asToken = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    expect(asToken.statusCode).toBe(200);
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { authorization: `Bearer ${token}` }, payload: { name: 'x', kind: 'team' } });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.request(a.admin, 'DELETE', `/api/v1/api-tokens/${apiToken.id}`)).statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
  });

  it('never shows or changes another workspace’s users or teams', async () => {
    const team = (await t.request(a.admin, 'POST', '/api/v1/teams', { name: '技术支持', kind: 'department' })).json();
    const userInA = (await t.request(a.admin, 'GET', '/api/v1/users')).json().items[0];
    expect((await t.request(b.admin, 'GET', `/api/v1/users/${userInA.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', `/api/v1/users/${userInA.id}`, { name: 'hijacked' })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'PATCH', `/api/v1/teams/${team.id}`, { name: 'hijacked' })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(404);
    const listB = (await t.request(b.admin, 'GET', '/api/v1/users')).json().items;
    expect(listB.map((u: { id: string }) => u.id)).not.toContain(userInA.id);
    const stillA = (await t.request(a.admin, 'GET', `/api/v1/users/${userInA.id}`)).json();
    expect(stillA.name).toBe(userInA.name);
  });

  it('writes an audit row for each write with actor and address', async () => {
    const log = (await t.request(a.admin, 'GET', '/api/v1/audit-log?entityType=team')).json().items;
    expect(log[0]).toMatchObject({ action: 'team.created', actorKind: 'user', actorId: a.admin.id });
    expect(log[0].ip).toBeTruthy();
  });
});

describe('review fixes', () => {
  it('refuses account and token management to an API token, whatever its scopes', async () => {
    const { token } = (await t.request(a.admin, 'POST', '/api/v1/api-tokens', { name: 'all scopes', scopes: ['tickets.read', 'users.manage', 'tokens.manage'] })).json();
    const bearer = { authorization: `Bearer ${token}` };
    const password = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: bearer, payload: { currentPassword: a.admin.password, newPassword: 'hijacked-password' } });
    expect(password.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: bearer, payload: { name: 'x', scopes: ['tickets.read'] } })).statusCode).toBe(403);
    expect((await t.request(a.admin, 'GET', '/api/v1/me')).statusCode).toBe(200);
  });

  it('answers an anonymous caller with 401 before looking at its input', async () => {
    const response = await t.request(undefined, 'POST', '/api/v1/users', { email: 5 });
    expect(response.statusCode).toBe(401);
  });

  it('tells a wrong type from a missing field, in Chinese without English words', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/users', { email: 'not-an-email', name: 123, role: 'agent' }, { 'accept-language': 'zh-CN' });
    expect(response.statusCode).toBe(400);
    const errors = Object.fromEntries(response.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(errors.name).toBe('应为 文本。');
    expect(errors.email).toBe('不是有效的邮箱地址。');
    const missing = await t.request(a.admin, 'POST', '/api/v1/users', { email: 'x@example.com', role: 'agent' });
    expect(missing.json().errors[0]).toMatchObject({ field: 'name', code: 'validation.required' });
  });

  it('rejects a short password however the user is created', async () => {
    const system = { ...a.admin.actor, kind: 'system' as const, userId: null };
    await expect(t.kernel.services.identity.createUser(system, { email: 'short@example.com', name: 'Short', role: 'agent', password: 'short' })).rejects.toMatchObject({ code: 'validation' });
  });
});

