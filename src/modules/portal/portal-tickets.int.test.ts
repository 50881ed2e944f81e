/** A signed-in customer and their own tickets: progress, the public conversation only, replies, files, new tickets, the rating seam. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../testing/multipart.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { startRelay, type Relay } from '../../testing/smtp-relay.ts';
import { createPortalWorkspace, portalRequest, signInByLink, type PortalWorkspace } from './portal.testing.ts';

let t: TestContext;
let relay: Relay;
let a: PortalWorkspace;
let b: PortalWorkspace;
let alice: string;
let bob: string;
let aliceInB: string;

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  relay = await startRelay();
  a = await createPortalWorkspace(t, relay);
  b = await createPortalWorkspace(t, relay);
  alice = await signInByLink(t, relay, a.slug, 'alice@customer.example.cn');
  bob = await signInByLink(t, relay, a.slug, 'bob@customer.example.cn');
  aliceInB = await signInByLink(t, relay, b.slug, 'alice@customer.example.cn');
});
afterAll(async () => {
  await relay.close();
  await t.close();
});

const portal = (slug: string, cookie: string, method: string, path: string, body?: unknown) => portalRequest(t, method, `/api/portal/${slug}${path}`, { cookie, body });

async function agentTicketFor(email: string, subject: string): Promise<string> {
  const created = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject, description: '我的订单还没到。', customer: { email } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as string;
}

async function upload(slug: string, cookie: string, filename: string, content: string) {
  const body = multipart([{ name: 'file', filename, type: 'text/plain', data: Buffer.from(content) }]);
  const response = await t.app.inject({ method: 'POST', url: `/api/portal/${slug}/attachments`, headers: { cookie, ...body.headers }, payload: body.payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

describe('my tickets', () => {
  it('lists only the customer’s own tickets with their progress, and shows replies but never internal notes', async () => {
    const ticketId = await agentTicketFor('alice@customer.example.cn', 'Order A123 has not arrived');
    await agentTicketFor('bob@customer.example.cn', 'Bob’s invoice');
    t.clock.advanceMinutes(1);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'note', body: 'INTERNAL: customer is on the watch list' })).statusCode).toBe(201);
    t.clock.advanceMinutes(1);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', body: '您好，包裹已重新发出。' })).statusCode).toBe(201);

    const list = await portal(a.slug, alice, 'GET', '/tickets');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ id: ticketId, subject: 'Order A123 has not arrived', status: 'new', stage: 'intake' });

    const detail = await portal(a.slug, alice, 'GET', `/tickets/${ticketId}`);
    expect(detail.statusCode).toBe(200);
    const bodies = detail.json().messages.map((m: { body: string }) => m.body);
    expect(bodies).toEqual(['我的订单还没到。', '您好，包裹已重新发出。']);
    expect(detail.body).not.toContain('INTERNAL');
    expect(detail.json().messages[1]).toMatchObject({ authorType: 'agent' });
    expect(detail.json()).toMatchObject({ canReply: true, ratingUrl: null });
  });

  it('hides other customers’ tickets (404, nothing written) and other workspaces’ tickets', async () => {
    const ticketId = await agentTicketFor('alice@customer.example.cn', 'Private matter');
    const before = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/messages`);
    expect((await portal(a.slug, bob, 'GET', `/tickets/${ticketId}`)).statusCode).toBe(404);
    expect((await portal(a.slug, bob, 'POST', `/tickets/${ticketId}/messages`, { body: 'let me in' })).statusCode).toBe(404);
    expect((await portal(a.slug, bob, 'GET', '/tickets')).json().items.map((i: { id: string }) => i.id)).not.toContain(ticketId);
    // The same address in another workspace is another customer there: it sees nothing of A.
    expect((await portal(b.slug, aliceInB, 'GET', `/tickets/${ticketId}`)).statusCode).toBe(404);
    expect((await portal(b.slug, aliceInB, 'GET', '/tickets')).json().items).toEqual([]);
    expect((await portal(b.slug, aliceInB, 'POST', `/tickets/${ticketId}/messages`, { body: 'cross' })).statusCode).toBe(404);
    const after = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/messages`);
    expect(after.json().items).toHaveLength(before.json().items.length);
  });

  it('takes the customer’s reply as a customer message the agent sees, and shows the agent’s answer', async () => {
    const ticketId = await agentTicketFor('alice@customer.example.cn', 'Refund');
    t.clock.advanceMinutes(1);
    const replied = await portal(a.slug, alice, 'POST', `/tickets/${ticketId}/messages`, { body: '请问退款什么时候到账？' });
    expect(replied.statusCode, replied.body).toBe(201);
    const agentView = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}/messages`);
    expect(agentView.json().items.at(-1)).toMatchObject({ kind: 'reply', authorType: 'customer', body: '请问退款什么时候到账？' });
    t.clock.advanceMinutes(1);
    await t.request(a.admin, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', body: 'Three working days.' });
    const detail = await portal(a.slug, alice, 'GET', `/tickets/${ticketId}`);
    expect(detail.json().messages.map((m: { body: string }) => m.body).slice(-2)).toEqual(['请问退款什么时候到账？', 'Three working days.']);
  });

  it('refuses a reply on a closed ticket in the customer’s language', async () => {
    const ticketId = await agentTicketFor('alice@customer.example.cn', 'Old question');
    const ticket = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}`);
    for (const status of ['solved', 'closed']) {
      const current = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}`);
      const changed = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticketId}`, { status }, { 'if-match': `"${current.json().version}"` });
      expect(changed.statusCode, changed.body).toBe(200);
    }
    expect(ticket.statusCode).toBe(200);
    const detail = await portal(a.slug, alice, 'GET', `/tickets/${ticketId}`);
    expect(detail.json()).toMatchObject({ status: 'closed', canReply: false });
    const refused = await portalRequest(t, 'POST', `/api/portal/${a.slug}/tickets/${ticketId}/messages`, { cookie: alice, body: { body: 'again' }, headers: { 'accept-language': 'zh-CN' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('new tickets and files', () => {
  it('opens a ticket with an uploaded file, which the customer downloads and the agent sees', async () => {
    const file = await upload(a.slug, alice, 'receipt.txt', 'receipt 8812');
    const created = await portal(a.slug, alice, 'POST', '/tickets', { subject: '发票开错了', message: '抬头应为某某公司。', attachmentIds: [file.id] });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json();
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]).toMatchObject({ authorType: 'customer', body: '抬头应为某某公司。' });
    const url = ticket.messages[0].attachments[0].url as string;
    expect(url).toBe(`/api/portal/${a.slug}/tickets/${ticket.id}/attachments/${file.id}`);
    const download = await portalRequest(t, 'GET', url, { cookie: alice });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('receipt 8812');
    expect((await portalRequest(t, 'GET', url, { cookie: bob })).statusCode).toBe(404);

    const agentView = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`);
    expect(agentView.json()).toMatchObject({ subject: '发票开错了', channel: 'web', customer: { email: 'alice@customer.example.cn' } });
  });

  it('lets nobody attach another customer’s upload, nor download a file of an internal note', async () => {
    const bobsFile = await upload(a.slug, bob, 'bob.txt', 'bob’s secret');
    const refused = await portal(a.slug, alice, 'POST', '/tickets', { subject: 'Steal', message: 'mine now', attachmentIds: [bobsFile.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'attachmentIds' });
    expect((await portal(a.slug, alice, 'GET', '/tickets')).json().items.map((i: { subject: string }) => i.subject)).not.toContain('Steal');

    const ticketId = await agentTicketFor('alice@customer.example.cn', 'With a note');
    const staffUpload = multipart([{ name: 'file', filename: 'internal.txt', type: 'text/plain', data: Buffer.from('internal only') }]);
    const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', headers: { cookie: a.admin.cookie, ...staffUpload.headers }, payload: staffUpload.payload });
    const fileId = uploaded.json().id as string;
    await t.request(a.admin, 'POST', `/api/v1/tickets/${ticketId}/messages`, { kind: 'note', body: 'see file', attachmentIds: [fileId] });
    expect((await portalRequest(t, 'GET', `/api/portal/${a.slug}/tickets/${ticketId}/attachments/${fileId}`, { cookie: alice })).statusCode).toBe(404);
  });
});

describe('the rating seam', () => {
  it('shows the link a provider gives for a solved ticket, and none while it is open', async () => {
    const ticketId = await agentTicketFor('alice@customer.example.cn', 'Rate me');
    const asked: { ticketId: string; customerId: string }[] = [];
    t.kernel.services.portal.setRatingLinkProvider(async (request) => {
      asked.push(request);
      return `https://survey.example.com/r/${request.ticketId}`;
    });
    try {
      expect((await portal(a.slug, alice, 'GET', `/tickets/${ticketId}`)).json().ratingUrl).toBeNull();
      const current = await t.request(a.admin, 'GET', `/api/v1/tickets/${ticketId}`);
      await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticketId}`, { status: 'solved' }, { 'if-match': `"${current.json().version}"` });
      const detail = await portal(a.slug, alice, 'GET', `/tickets/${ticketId}`);
      expect(detail.json()).toMatchObject({ status: 'solved', ratingUrl: `https://survey.example.com/r/${ticketId}`, canReply: true });
      expect(asked).toHaveLength(1);
    } finally {
      t.kernel.services.portal.setRatingLinkProvider(undefined);
    }
  });
});
