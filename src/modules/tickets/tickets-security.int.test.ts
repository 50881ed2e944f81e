import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../testing/multipart.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

async function upload(user: TestUser, filename: string, type: string, data: Buffer) {
  const body = multipart([{ name: 'file', filename, type, data }]);
  return t.app.inject({ method: 'POST', url: '/api/v1/attachments', headers: { cookie: user.cookie, ...body.headers }, payload: body.payload });
}

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
  b = await t.createWorkspace();
});
afterAll(() => t.close());

describe('tenant isolation', () => {
  it('answers 404 to every ticket endpoint from another workspace and changes nothing', async () => {
    const ticket = await makeTicket(t, a.admin, { subject: 'Secret of workspace A', description: 'confidential' });
    const other = await makeTicket(t, b.admin);
    const attachment = (await upload(a.admin, 'a.png', 'image/png', PNG)).json();
    await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'see file', attachmentIds: [attachment.id] });
    const field = (await t.request(a.admin, 'POST', '/api/v1/custom-fields', { key: 'order_no', labels: { en: 'O', 'zh-CN': 'O' }, type: 'text' })).json();
    const view = (await t.request(a.admin, 'POST', '/api/v1/views', { name: 'A view', filters: {}, isShared: true })).json();
    await t.request(a.admin, 'POST', '/api/v1/ticket-types', { key: 'a_only', names: { en: 'A', 'zh-CN': 'A' } });
    const before = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json();

    const id = ticket.id;
    const attempts: [string, string, unknown?, Record<string, string>?][] = [
      ['GET', `/api/v1/tickets/${id}`],
      ['GET', `/api/v1/tickets/by-number/${ticket.number}`],
      ['PATCH', `/api/v1/tickets/${id}`, { subject: 'hijacked' }, { 'if-match': '"1"' }],
      ['GET', `/api/v1/tickets/${id}/messages`],
      ['POST', `/api/v1/tickets/${id}/messages`, { body: 'hijacked' }],
      ['GET', `/api/v1/tickets/${id}/timeline`],
      ['POST', `/api/v1/tickets/${id}/merge`, { targetId: other.id }],
      ['POST', `/api/v1/tickets/${other.id}/merge`, { targetId: id }],
      ['POST', `/api/v1/tickets/${other.id}/links`, { ticketId: id }],
      ['GET', `/api/v1/tickets/${id}/links`],
      ['DELETE', `/api/v1/tickets/${id}/links/${other.id}`],
      ['GET', `/api/v1/attachments/${attachment.id}`],
      ['POST', `/api/v1/tickets/${other.id}/messages`, { body: 'steal', attachmentIds: [attachment.id] }],
      ['GET', `/api/v1/tickets?view=${view.id}`],
      ['DELETE', `/api/v1/views/${view.id}`],
      ['PATCH', `/api/v1/custom-fields/${field.id}`, { isRequired: true }],
      ['DELETE', `/api/v1/custom-fields/${field.id}`],
      ['PATCH', '/api/v1/ticket-types/a_only', { isActive: false }],
    ];
    for (const [method, url, body, headers] of attempts) {
      const response = await t.request(b.admin, method, url, body, headers);
      // Numbers restart per workspace: B asking for A's number may only ever get B's own ticket.
      if (url.includes('/by-number/') && response.statusCode === 200) {
        expect(response.json().id).toBe(other.id);
        continue;
      }
      expect([400, 403, 404], `${method} ${url}: ${response.statusCode}`).toContain(response.statusCode);
      expect(response.body).not.toContain('Secret of workspace A');
      expect(response.body).not.toContain('confidential');
    }
    // Lists and search of B never show A's tickets, types, fields or views.
    const listB = (await t.request(b.admin, 'GET', '/api/v1/tickets?q=secret')).json();
    expect(listB.items).toEqual([]);
    expect((await t.request(b.admin, 'GET', '/api/v1/custom-fields')).json().items).toEqual([]);
    expect((await t.request(b.admin, 'GET', '/api/v1/views')).json().items).toEqual([]);
    expect((await t.request(b.admin, 'GET', '/api/v1/ticket-types')).json().items.map((x: { key: string }) => x.key)).not.toContain('a_only');
    // A's data is unchanged.
    const after = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(after).toEqual(before);
    expect((await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/messages`)).json().items).toHaveLength(2);
    expect((await t.request(a.admin, 'GET', `/api/v1/views`)).json().items).toHaveLength(1);
    expect((await t.request(a.admin, 'GET', `/api/v1/custom-fields`)).json().items[0].isRequired).toBe(false);
    expect((await t.request(b.admin, 'GET', `/api/v1/tickets/${other.id}`)).json().status).toBe('new');
  });
});

describe('roles', () => {
  it('lets an analyst read but not write', async () => {
    const analyst = await a.addUser('analyst');
    const ticket = await makeTicket(t, a.admin);
    expect((await t.request(analyst, 'GET', `/api/v1/tickets/${ticket.id}`)).statusCode).toBe(200);
    expect((await t.request(analyst, 'GET', '/api/v1/tickets')).statusCode).toBe(200);
    expect((await t.request(analyst, 'POST', '/api/v1/tickets', { subject: 'x', customer: { name: 'y' } })).statusCode).toBe(403);
    expect((await t.request(analyst, 'PATCH', `/api/v1/tickets/${ticket.id}`, { priority: 'P1' }, { 'if-match': '"1"' })).statusCode).toBe(403);
    expect((await t.request(analyst, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'x' })).statusCode).toBe(403);
    expect((await upload(analyst, 'a.png', 'image/png', PNG)).statusCode).toBe(403);
    expect((await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json().version).toBe(1);
  });

  it('refuses an analyst as a ticket’s assignee, naming the field', async () => {
    const analyst = await a.addUser('analyst');
    const ticket = await makeTicket(t, a.admin);
    const assign = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { assigneeId: analyst.id }, { 'if-match': '"1"', 'accept-language': 'zh-CN' });
    expect(assign.statusCode).toBe(400);
    expect(assign.json().errors).toEqual([expect.objectContaining({ field: 'assigneeId', message: '该用户的角色只能查看工单，不能处理工单。' })]);
    const create = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: { name: 'y' }, assigneeId: analyst.id });
    expect(create.statusCode).toBe(400);
    expect(create.json().errors[0].field).toBe('assigneeId');
    expect((await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json()).toMatchObject({ version: 1, assignee: null });
  });

  it('shows a specialist only its department’s tickets and tickets assigned to it, in lists and by id', async () => {
    const tech = (await t.request(a.admin, 'POST', '/api/v1/teams', { name: 'Tech support', kind: 'department' })).json();
    const finance = (await t.request(a.admin, 'POST', '/api/v1/teams', { name: 'Finance', kind: 'department' })).json();
    const specialist = await a.addUser('specialist', { teamIds: [tech.id] });
    const mine = await makeTicket(t, a.admin, { departmentId: tech.id, subject: 'Router reboots' });
    const assigned = await makeTicket(t, a.admin, { departmentId: finance.id, assigneeId: specialist.id, subject: 'Router invoice' });
    const hidden = await makeTicket(t, a.admin, { departmentId: finance.id, subject: 'Router refund' });
    const loose = await makeTicket(t, a.admin, { subject: 'Router question' });

    const listed = (await t.request(specialist, 'GET', '/api/v1/tickets?limit=100')).json().items.map((i: { id: string }) => i.id);
    expect(listed.sort()).toEqual([mine.id, assigned.id].sort());
    const searched = (await t.request(specialist, 'GET', '/api/v1/tickets?q=router')).json().items.map((i: { id: string }) => i.id);
    expect(searched.sort()).toEqual([mine.id, assigned.id].sort());
    for (const ticket of [hidden, loose]) {
      expect((await t.request(specialist, 'GET', `/api/v1/tickets/${ticket.id}`)).statusCode).toBe(404);
      expect((await t.request(specialist, 'GET', `/api/v1/tickets/by-number/${ticket.number}`)).statusCode).toBe(404);
      expect((await t.request(specialist, 'GET', `/api/v1/tickets/${ticket.id}/messages`)).statusCode).toBe(404);
      expect((await t.request(specialist, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'x' })).statusCode).toBe(404);
    }
    // Specialists write on their tickets but may not reassign them.
    expect((await t.request(specialist, 'POST', `/api/v1/tickets/${mine.id}/messages`, { kind: 'note', body: 'checked the logs' })).statusCode).toBe(201);
    expect((await t.request(specialist, 'PATCH', `/api/v1/tickets/${mine.id}`, { status: 'on_hold' }, { 'if-match': '"1"' })).statusCode).toBe(200);
    expect((await t.request(specialist, 'PATCH', `/api/v1/tickets/${mine.id}`, { assigneeId: specialist.id }, { 'if-match': '"2"' })).statusCode).toBe(403);
    // A link to a ticket the specialist cannot see is not shown.
    await t.request(a.admin, 'POST', `/api/v1/tickets/${mine.id}/links`, { ticketId: hidden.id });
    expect((await t.request(specialist, 'GET', `/api/v1/tickets/${mine.id}`)).json().links).toEqual([]);
  });
});

describe('bad input', () => {
  it('reports wrong types and unknown fields with their names', async () => {
    const response = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 42, customer: { name: 'x', shoeSize: 44 }, priority: 'P9', isVip: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['customer.shoeSize', 'isVip', 'priority', 'subject']);
    const ticket = await makeTicket(t, a.admin);
    const patch = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { status: 'done', version: 3 }, { 'if-match': '"1"' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['status', 'version']);
    const unknownAssignee = await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { assigneeId: b.admin.id }, { 'if-match': '"1"' });
    expect(unknownAssignee.statusCode).toBe(400);
    expect(unknownAssignee.json().errors[0].field).toBe('assigneeId');
    expect((await t.request(a.admin, 'GET', '/api/v1/tickets/not-a-uuid')).statusCode).toBe(400);
    const noCustomer = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: {} });
    expect(noCustomer.statusCode).toBe(400);
    expect(noCustomer.json().errors[0].field).toMatch(/^customer/);
    const unknownCustomer = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'x', customer: { id: ticket.id } });
    expect(unknownCustomer.statusCode).toBe(400);
    expect(unknownCustomer.json().errors[0].field).toBe('customer.id');
  });

  it('rejects text that is not valid Unicode (lone surrogates) with the field', async () => {
    const payload = '{"subject":"bad \\ud800 text","customer":{"name":"x"}}';
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { cookie: a.admin.cookie, 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('subject');
  });

  it('rejects bodies over the size limit and invalid UTF-8', async () => {
    const huge = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'big', customer: { name: 'x' }, description: 'x'.repeat(1_100_000) });
    expect(huge.statusCode).toBe(413);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { cookie: a.admin.cookie, 'content-type': 'application/json' },
      payload: Buffer.concat([Buffer.from('{"subject":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","customer":{"name":"x"}}')]),
    });
    expect(broken.statusCode).toBe(400);
    // The bad bytes sit inside the subject, and the problem says so.
    expect(broken.json().errors[0].field).toBe('subject');
  });

  it('stores SQL and HTML injection strings verbatim', async () => {
    const subject = `Robert'); DROP TABLE tickets;-- <script>alert("x")</script>`;
    const body = `<img src=x onerror=alert(1)> ' OR 1=1 -- \\x00 $1 %s {{7*7}}`;
    const ticket = await makeTicket(t, a.admin, { subject, description: body, tags: ['<b>tag</b>'], customer: { name: `<svg onload=alert(1)>'--` } });
    const stored = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(stored.subject).toBe(subject);
    expect(stored.tags).toEqual(['<b>tag</b>']);
    expect(stored.customer.name).toBe(`<svg onload=alert(1)>'--`);
    const messages = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/messages`)).json().items;
    expect(messages[0].body).toBe(body);
    expect((await t.request(a.admin, 'GET', `/api/v1/tickets?q=${encodeURIComponent("'); DROP TABLE")}`)).statusCode).toBe(200);
    const controls = await t.request(a.admin, 'POST', '/api/v1/tickets', { subject: 'a\u0000b', customer: { name: 'x' } });
    expect(controls.statusCode).toBe(400);
    expect(controls.json().errors[0].field).toBe('subject');
    expect((await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json().subject).toBe(subject);
  });

  it('writes exactly one audit row per write', async () => {
    const ticket = await makeTicket(t, a.admin);
    await t.request(a.admin, 'PATCH', `/api/v1/tickets/${ticket.id}`, { priority: 'P1' }, { 'if-match': '"1"' });
    await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'hello' });
    const rows = await t.kernel.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE workspace_id = $1 AND entity_id = $2 ORDER BY id`, [a.id, ticket.id]);
    expect(rows.map((row) => row.action)).toEqual(['ticket.created', 'ticket.updated', 'message.added']);
  });
});

describe('attachments', () => {
  it('sniffs the type from the bytes and serves files with safe headers', async () => {
    const image = await upload(a.admin, 'photo.jpg', 'image/jpeg', PNG);
    expect(image.statusCode).toBe(201);
    expect(image.json()).toMatchObject({ filename: 'photo.jpg', contentType: 'image/png', sizeBytes: PNG.length });
    const download = await t.request(a.admin, 'GET', `/api/v1/attachments/${image.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(download.headers['content-disposition']).toMatch(/^inline; filename="photo.jpg"/);
    expect(download.rawPayload.equals(PNG)).toBe(true);

    const html = await upload(a.admin, 'innocent.png', 'image/png', Buffer.from('<html><script>document.cookie</script></html>'));
    expect(html.json().contentType).toBe('text/html');
    const served = await t.request(a.admin, 'GET', `/api/v1/attachments/${html.json().id}`);
    expect(served.headers['content-type']).toBe('application/octet-stream');
    expect(served.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('refuses files over the limit with 413 and empty files with 400', async () => {
    const limit = t.kernel.config.KEFU_MAX_ATTACHMENT_BYTES;
    const tooBig = await upload(a.admin, 'big.bin', 'application/octet-stream', Buffer.alloc(limit + 1, 7));
    expect(tooBig.statusCode).toBe(413);
    expect((await upload(a.admin, 'empty.txt', 'text/plain', Buffer.alloc(0))).statusCode).toBe(400);
    const notMultipart = await t.request(a.admin, 'POST', '/api/v1/attachments', { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('attaches uploads to a message (standalone or in the same multipart request), once, and only the uploader’s own', async () => {
    const ticket = await makeTicket(t, a.admin);
    const agent = await a.addUser('agent');
    const mine = (await upload(a.admin, 'receipt.png', 'image/png', PNG)).json();
    const theirs = (await upload(agent, 'other.png', 'image/png', PNG)).json();
    expect((await t.request(a.admin, 'GET', `/api/v1/attachments/${theirs.id}`)).statusCode).toBe(200);
    expect((await t.request(agent, 'GET', `/api/v1/attachments/${mine.id}`)).statusCode).toBe(404);

    const stolen = await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'x', attachmentIds: [theirs.id] });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().errors[0].field).toBe('attachmentIds');
    const ok = await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'receipt attached', attachmentIds: [mine.id] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().message.attachments).toEqual([expect.objectContaining({ id: mine.id, url: `/api/v1/attachments/${mine.id}` })]);
    expect((await t.request(a.admin, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'again', attachmentIds: [mine.id] })).statusCode).toBe(400);
    // Attached, the file follows the ticket's visibility: the other agent can now read it.
    expect((await t.request(agent, 'GET', `/api/v1/attachments/${mine.id}`)).statusCode).toBe(200);

    const form = multipart([
      { name: 'kind', value: 'note' },
      { name: 'body', value: '现场照片' },
      { name: 'file', filename: '现场.png', type: 'image/png', data: PNG },
      { name: 'file', filename: 'log.txt', type: 'text/plain', data: Buffer.from('error 42\n') },
    ]);
    const withFiles = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: { cookie: a.admin.cookie, ...form.headers }, payload: form.payload });
    expect(withFiles.statusCode, withFiles.body).toBe(201);
    expect(withFiles.json().message).toMatchObject({ kind: 'note', body: '现场照片' });
    expect(withFiles.json().message.attachments.map((x: { filename: string; contentType: string }) => [x.filename, x.contentType])).toEqual([
      ['现场.png', 'image/png'],
      ['log.txt', 'text/plain'],
    ]);
    const timeline = (await t.request(a.admin, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json().items;
    expect(timeline.at(-1).attachmentIds).toHaveLength(2);

    const unclaimed = async () =>
      (await t.kernel.db.query(`SELECT 1 FROM ticket_attachments WHERE workspace_id = $1 AND ticket_id IS NULL AND uploaded_by = $2`, [a.id, a.admin.id])).length;
    const before = await unclaimed();
    const badForm = multipart([
      { name: 'file', filename: 'x.png', type: 'image/png', data: PNG },
      { name: 'kind', value: 'memo' },
    ]);
    const rejected = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: { cookie: a.admin.cookie, ...badForm.headers }, payload: badForm.payload });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().errors[0].field).toBe('kind');
    // The file stored before the bad field was read is removed again.
    expect(await unclaimed()).toBe(before);
  });
});
