/** The public web form: a ticket from anyone, and the limits without a CAPTCHA (honeypot, minimum fill time, per IP and per address). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../testing/test-app.ts';
import { portalRequest } from './portal.testing.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let slugA: string;
let slugB: string;
let ipSerial = 0;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  slugA = (await t.kernel.services.workspaces.getWorkspace(a.id)).slug;
  slugB = (await t.kernel.services.workspaces.getWorkspace(b.id)).slug;
});
afterAll(() => t.close());

/** Each test comes from its own address unless it says otherwise, so the per-IP limit of one does not touch the next. */
const freshIp = () => `198.51.100.${++ipSerial}`;

async function openForm(slug: string): Promise<string> {
  const opened = await portalRequest(t, 'GET', `/api/portal/${slug}/web-form`);
  expect(opened.statusCode).toBe(200);
  return opened.json().formToken as string;
}

function send(slug: string, body: Record<string, unknown>, options: { ip?: string; locale?: string } = {}) {
  return portalRequest(t, 'POST', `/api/portal/${slug}/web-form`, { body, headers: { 'x-forwarded-for': options.ip ?? freshIp(), ...(options.locale ? { 'accept-language': options.locale } : {}) } });
}

const request = (formToken: string, email = 'visitor@customer.example.cn') => ({ name: '周杰', email, subject: '网站表单 Web form', message: '我想咨询一下价格。', website: '', formToken });

async function ticketCount(workspaceId: string): Promise<number> {
  const [row] = await t.kernel.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1', [workspaceId]);
  return row!.n;
}

describe('the web form', () => {
  it('registers a ticket of the customer the address belongs to and tells the visitor its number', async () => {
    const token = await openForm(slugA);
    t.clock.advanceMs(5_000);
    const sent = await send(slugA, request(token));
    expect(sent.statusCode, sent.body).toBe(201);
    const { ticketNumber } = sent.json();
    const ticket = await t.kernel.services.tickets.getTicketByNumber(a.admin.actor, ticketNumber);
    expect(ticket).toMatchObject({ subject: '网站表单 Web form', channel: 'web', customer: { name: '周杰', email: 'visitor@customer.example.cn' } });
  });

  it('refuses a form sent too soon after it was opened, in the visitor’s language, storing nothing', async () => {
    const before = await ticketCount(a.id);
    const token = await openForm(slugA);
    t.clock.advanceMs(1_000);
    const refused = await send(slugA, request(token), { locale: 'zh-CN' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'formToken', message: '表单打开后提交过快，请检查内容后重新提交。' });
    expect(await ticketCount(a.id)).toBe(before);
  });

  it('refuses a filled honeypot, a forged or stale token, and a token of another workspace', async () => {
    const before = await ticketCount(a.id);
    const token = await openForm(slugA);
    t.clock.advanceMs(5_000);
    const honeypot = await send(slugA, { ...request(token), website: 'http://spam.example.com' });
    expect(honeypot.statusCode).toBe(400);
    expect(honeypot.json().errors[0]).toMatchObject({ field: 'website' });
    const forged = await send(slugA, request(`${Date.now() - 60_000}.${'x'.repeat(43)}`));
    expect(forged.json().errors[0]).toMatchObject({ field: 'formToken' });
    const tokenOfB = await openForm(slugB);
    t.clock.advanceMs(5_000);
    expect((await send(slugA, request(tokenOfB))).statusCode).toBe(400);
    t.clock.advanceMinutes(25 * 60);
    const stale = await send(slugA, request(token));
    expect(stale.statusCode).toBe(400);
    expect(stale.json().errors[0]).toMatchObject({ field: 'formToken' });
    expect(await ticketCount(a.id)).toBe(before);
  });

  it('limits requests per address: the sixth in an hour is refused with 429 and Retry-After', async () => {
    const token = await openForm(slugA);
    t.clock.advanceMs(5_000);
    for (let i = 0; i < 5; i++) expect((await send(slugA, request(token, 'busy@customer.example.cn'))).statusCode).toBe(201);
    const refused = await send(slugA, request(token, 'BUSY@customer.example.cn'), { locale: 'zh-CN' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().detail).toContain('尝试次数过多');
    // The same address may write to another workspace.
    const tokenOfB = await openForm(slugB);
    t.clock.advanceMs(5_000);
    expect((await send(slugB, request(tokenOfB, 'busy@customer.example.cn'))).statusCode).toBe(201);
  });

  it('limits requests per IP whatever the addresses, counted in the database', async () => {
    const ip = '203.0.113.9';
    const token = await openForm(slugA);
    t.clock.advanceMs(5_000);
    for (let i = 0; i < 20; i++) expect((await send(slugA, request(token, `visitor${i}@customer.example.cn`), { ip })).statusCode).toBe(201);
    expect((await send(slugA, request(token, 'one-more@customer.example.cn'), { ip })).statusCode).toBe(429);
    // The count is a row every node shares.
    const [row] = await t.kernel.db.query<{ hits: number }>(`SELECT hits FROM portal_rate_counters WHERE workspace_id = $1 AND scope = 'web-form:ip' AND key = $2`, [a.id, ip]);
    expect(row!.hits).toBe(21);
    expect((await send(slugA, request(token, 'fresh@customer.example.cn'))).statusCode).toBe(201);
  });

  it('serves the embed script pointing at the form page', async () => {
    const script = await portalRequest(t, 'GET', `/api/portal/${slugA}/embed.js`);
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body).toContain(`/portal/${slugA}/form?embed=1`);
    expect((await portalRequest(t, 'GET', '/api/portal/no-such-workspace/embed.js')).statusCode).toBe(404);
  });
});
