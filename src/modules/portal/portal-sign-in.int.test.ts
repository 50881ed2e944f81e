/** Customers sign in to the portal: the e-mailed link (real SMTP to a local relay), once and for 15 minutes; the password; isolation. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { startRelay, type Relay } from '../../testing/smtp-relay.ts';
import { createPortalWorkspace, portalCookieOf, portalRequest, receivedSignInToken, signInByLink, type PortalWorkspace } from './portal.testing.ts';

let t: TestContext;
let relay: Relay;
let a: PortalWorkspace;
let b: PortalWorkspace;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  relay = await startRelay();
  a = await createPortalWorkspace(t, relay);
  b = await createPortalWorkspace(t, relay);
});
beforeEach(() => {
  relay.received.length = 0;
});
afterAll(async () => {
  await relay.close();
  await t.close();
});

const ask = (slug: string, email: string, headers: Record<string, string> = {}) => portalRequest(t, 'POST', `/api/portal/${slug}/sign-in/link`, { body: { email }, headers });
const verify = (slug: string, token: string, headers: Record<string, string> = {}) => portalRequest(t, 'POST', `/api/portal/${slug}/sign-in/verify`, { body: { token }, headers });

describe('the e-mailed sign-in link', () => {
  it('arrives by SMTP after commit in the visitor’s language, signs the customer in once, and is refused the second time', async () => {
    const asked = await ask(a.slug, 'Li.Lei@Customer.example.cn', { 'accept-language': 'zh-CN' });
    expect(asked.statusCode).toBe(202);
    expect(relay.received).toHaveLength(0);
    const { token, text, subject } = await receivedSignInToken(t, relay, 'li.lei@customer.example.cn');
    expect(subject).toContain('登录链接');
    expect(text).toContain(`/portal/${a.slug}/sign-in?token=`);
    expect(text).toContain('15 分钟内有效');
    // Only its hash is stored.
    const stored = await t.kernel.db.query<{ token_hash: string }>('SELECT token_hash FROM portal_sign_in_links WHERE workspace_id = $1', [a.id]);
    expect(stored.map((row) => row.token_hash)).not.toContain(token);

    const first = await verify(a.slug, token);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ customer: { email: 'li.lei@customer.example.cn' } });
    const cookie = portalCookieOf(first);
    expect(first.cookies.find((c) => c.name === 'kefu_portal')).toMatchObject({ httpOnly: true, path: `/api/portal/${a.slug}`, sameSite: 'Lax' });
    const home = await portalRequest(t, 'GET', `/api/portal/${a.slug}`, { cookie });
    expect(home.json().customer).toEqual({ email: 'li.lei@customer.example.cn' });

    const again = await verify(a.slug, token, { 'accept-language': 'zh-CN' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({ field: 'token', message: '此登录链接已使用过，请重新获取。' });
  });

  it('expires after 15 minutes', async () => {
    await ask(a.slug, 'late@customer.example.cn');
    const { token } = await receivedSignInToken(t, relay, 'late@customer.example.cn');
    t.clock.advanceMinutes(15);
    const late = await verify(a.slug, token);
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].message).toContain('expired');
    expect(late.cookies.find((c) => c.name === 'kefu_portal')).toBeUndefined();
  });

  it('refuses a made-up token and a bad address, naming the field', async () => {
    expect((await verify(a.slug, 'kpl_made-up')).json().errors[0]).toMatchObject({ field: 'token' });
    const bad = await ask(a.slug, 'not an address');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'email' });
  });

  it('limits requests per address (429 with Retry-After, in the visitor’s language); the limit lives in the database', async () => {
    for (let i = 0; i < 5; i++) expect((await ask(a.slug, 'flood@customer.example.cn')).statusCode).toBe(202);
    const refused = await ask(a.slug, 'flood@customer.example.cn', { 'accept-language': 'zh-CN' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().detail).toContain('尝试次数过多');
    const [counter] = await t.kernel.db.query<{ hits: number }>(`SELECT hits FROM portal_rate_counters WHERE workspace_id = $1 AND scope = 'sign-in-link:address' AND key = 'flood@customer.example.cn'`, [a.id]);
    expect(counter!.hits).toBe(6);
    // Another workspace counts on its own.
    expect((await ask(b.slug, 'flood@customer.example.cn')).statusCode).toBe(202);
    // The next window starts afresh.
    t.clock.advanceMinutes(60);
    expect((await ask(a.slug, 'flood@customer.example.cn')).statusCode).toBe(202);
    // A day later the old windows are cleared by the next new one.
    t.clock.advanceMinutes(25 * 60);
    expect((await ask(a.slug, 'flood@customer.example.cn')).statusCode).toBe(202);
    const windows = await t.kernel.db.query<{ window_start: Date }>(`SELECT window_start FROM portal_rate_counters WHERE workspace_id = $1`, [a.id]);
    expect(windows.every((row) => row.window_start.getTime() > t.clock.now().getTime() - 24 * 3_600_000)).toBe(true);
  });

  it('answers an unknown workspace with 404', async () => {
    const response = await ask('no-such-workspace', 'x@customer.example.cn');
    expect(response.statusCode).toBe(404);
  });
});

describe('sessions and workspaces', () => {
  it('keeps a link and a session to the workspace they were made in', async () => {
    await ask(a.slug, 'wang@customer.example.cn');
    const { token } = await receivedSignInToken(t, relay, 'wang@customer.example.cn');
    // The link of A does not open B's portal (and stays usable in A).
    expect((await verify(b.slug, token)).statusCode).toBe(400);
    const cookie = portalCookieOf(await verify(a.slug, token));
    expect((await portalRequest(t, 'GET', `/api/portal/${a.slug}/tickets`, { cookie })).statusCode).toBe(200);
    expect((await portalRequest(t, 'GET', `/api/portal/${b.slug}/tickets`, { cookie })).statusCode).toBe(401);
    expect((await portalRequest(t, 'GET', `/api/portal/${b.slug}`, { cookie })).json().customer).toBeNull();
  });

  it('is not a staff session, and a staff session is not a customer session', async () => {
    const cookie = await signInByLink(t, relay, a.slug, 'zhao@customer.example.cn');
    expect((await portalRequest(t, 'GET', '/api/v1/tickets', { cookie })).statusCode).toBe(401);
    expect((await portalRequest(t, 'GET', `/api/portal/${a.slug}/tickets`, { cookie: a.admin.cookie })).statusCode).toBe(401);
  });

  it('ends at sign-out', async () => {
    const cookie = await signInByLink(t, relay, a.slug, 'qian@customer.example.cn');
    expect((await portalRequest(t, 'POST', `/api/portal/${a.slug}/sign-out`, { cookie, body: {} })).statusCode).toBe(204);
    expect((await portalRequest(t, 'GET', `/api/portal/${a.slug}/tickets`, { cookie })).statusCode).toBe(401);
  });
});

describe('the optional password', () => {
  it('is set by a customer signed in by link, then signs them in; a wrong one is refused like an unknown address', async () => {
    const cookie = await signInByLink(t, relay, a.slug, 'sun@customer.example.cn');
    const short = await portalRequest(t, 'PUT', `/api/portal/${a.slug}/me/password`, { cookie, body: { password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0]).toMatchObject({ field: 'password' });
    expect((await portalRequest(t, 'PUT', `/api/portal/${a.slug}/me/password`, { cookie, body: { password: '我的密码 correct horse' } })).statusCode).toBe(204);

    const signedIn = await portalRequest(t, 'POST', `/api/portal/${a.slug}/sign-in/password`, { body: { email: 'SUN@customer.example.cn', password: '我的密码 correct horse' } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect((await portalRequest(t, 'GET', `/api/portal/${a.slug}/tickets`, { cookie: portalCookieOf(signedIn) })).statusCode).toBe(200);

    const wrong = await portalRequest(t, 'POST', `/api/portal/${a.slug}/sign-in/password`, { body: { email: 'sun@customer.example.cn', password: 'not the password' } });
    const unknown = await portalRequest(t, 'POST', `/api/portal/${a.slug}/sign-in/password`, { body: { email: 'nobody@customer.example.cn', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    // The password of A's portal is not B's.
    expect((await portalRequest(t, 'POST', `/api/portal/${b.slug}/sign-in/password`, { body: { email: 'sun@customer.example.cn', password: '我的密码 correct horse' } })).statusCode).toBe(401);
  });
});
