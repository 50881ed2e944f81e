import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { startImapServer, type TestImapServer } from './imap-server.testing.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let server: TestImapServer;
let mailboxId: string;

// The test clock stands still, so rows are put in the order of their Message-IDs (first < second).
const inboundRows = () =>
  t.kernel.db.query<{ message_id: string; ticket_id: string | null; duplicates: number; remote_address: string }>(
    `SELECT message_id, ticket_id, duplicates, remote_address FROM email_inbound WHERE workspace_id = $1 ORDER BY message_id`,
    [a.id],
  );

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 8_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const mail = (id: string, subject: string) =>
  [`From: 李雷 <lilei@customer.example.cn>`, `To: desk@imap.test`, `Subject: ${subject}`, `Message-ID: <${id}@customer.example.cn>`, 'Content-Type: text/plain; charset=utf-8', '', `${subject}：请尽快处理。`, ''].join('\r\n');

const connection = () => ({ host: '127.0.0.1', port: server.port, secure: false, username: server.user, folder: 'INBOX' });

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  a = await t.createWorkspace();
  b = await t.createWorkspace();
  server = await startImapServer();
  mailboxId = (await t.kernel.services.channels.email.createMailbox(a.admin.actor, { address: `desk@${a.id.slice(0, 8)}.kefu.test` })).id;
});
afterAll(async () => {
  await t.close();
  await server.close();
});

describe('IMAP mailboxes', () => {
  it('tests a connection: the folder and IDLE when the settings are right, the server’s refusal when not', async () => {
    const ok = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), password: server.password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true, messages: 0, idle: true, error: null });
    const wrong = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), password: 'wrong' });
    expect(wrong.json()).toMatchObject({ ok: false, messages: null });
    expect(wrong.json().error).toBeTruthy();
    const noFolder = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), password: server.password, folder: 'Nowhere' });
    expect(noFolder.json().ok).toBe(false);
    const badHost = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), host: 'not a host!', password: 'x' }, { 'accept-language': 'zh-CN' });
    expect(badHost.statusCode).toBe(400);
    expect(JSON.stringify(badHost.json())).toContain('host');
    expect(JSON.stringify(badHost.json())).toContain('主机名');
    // An empty folder name is refused with its field, not quietly read as INBOX.
    const emptyFolder = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), password: server.password, folder: ' ' });
    expect(emptyFolder.statusCode).toBe(400);
    expect(emptyFolder.json().errors.map((error: { field: string }) => error.field)).toContain('folder');
    expect((await t.request((await a.addUser('agent')), 'POST', '/api/v1/imap-accounts/test', { ...connection(), password: server.password })).statusCode).toBe(403);

    const noIdle = await startImapServer({ idle: false });
    try {
      const polled = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), port: noIdle.port, password: noIdle.password });
      expect(polled.json()).toEqual({ ok: true, messages: 0, idle: false, error: null });
    } finally {
      await noIdle.close();
    }
  });

  it('reads what waits in the folder through the SMTP path, marks it seen, then takes new mail as IDLE announces it', async () => {
    await server.append(mail('first', '发票'));
    const created = await t.request(a.admin, 'POST', '/api/v1/imap-accounts', { ...connection(), password: server.password, mailboxId });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ host: '127.0.0.1', hasPassword: true, isActive: true, folder: 'INBOX' });
    expect(JSON.stringify(created.json())).not.toContain(server.password);

    expect(await t.kernel.services.channels.imap.syncAll()).toBe(1);
    await t.kernel.services.channels.email.processPending();
    const [first] = await inboundRows();
    expect(first).toMatchObject({ message_id: '<first@customer.example.cn>', remote_address: 'imap:127.0.0.1' });
    const ticket = await t.kernel.services.tickets.getTicket(a.admin.actor, first!.ticket_id!);
    expect(ticket.subject).toBe('发票');

    // Marked \Seen on the server, and not read twice.
    const viewer = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false });
    await viewer.connect();
    await viewer.mailboxOpen('INBOX', { readOnly: true });
    const flags = [];
    for await (const message of viewer.fetch('1:*', { flags: true })) flags.push([...(message.flags ?? [])]);
    await viewer.logout();
    expect(flags).toEqual([['\\Seen']]);
    expect(await t.kernel.services.channels.imap.syncAll()).toBe(0);

    // New mail arrives while the connection idles: no sync call needed.
    await server.append(mail('second', '退货'));
    const rows = await waitFor(inboundRows, (list) => list.length === 2);
    expect(rows.map((row) => row.message_id)).toEqual(['<first@customer.example.cn>', '<second@customer.example.cn>']);

    // The same message in the folder again (copied back by a mail client) is one stored message.
    await server.append(mail('second', '退货'));
    await waitFor(inboundRows, (list) => list[1]!.duplicates === 1);
    expect((await inboundRows()).map((row) => row.duplicates)).toEqual([0, 1]);
  });

  it('keeps the password on the server and each workspace’s accounts to itself', async () => {
    const [account] = (await t.request(a.admin, 'GET', '/api/v1/imap-accounts')).json().items;
    expect(account.hasPassword).toBe(true);
    expect(JSON.stringify(account)).not.toContain(server.password);
    // Changing the folder without the password keeps the stored one.
    const changed = await t.request(a.admin, 'PUT', `/api/v1/imap-accounts/${account.id}`, { ...connection(), mailboxId, folder: 'Support' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ folder: 'Support', hasPassword: true });
    const tested = await t.request(a.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), folder: 'Support', accountId: account.id });
    expect(tested.json().ok).toBe(true);

    expect((await t.request(b.admin, 'GET', '/api/v1/imap-accounts')).json().items).toEqual([]);
    expect((await t.request(b.admin, 'PUT', `/api/v1/imap-accounts/${account.id}`, { ...connection(), mailboxId, password: 'x' })).statusCode).toBe(404);
    expect((await t.request(b.admin, 'DELETE', `/api/v1/imap-accounts/${account.id}`)).statusCode).toBe(404);
    expect((await t.request(b.admin, 'POST', '/api/v1/imap-accounts/test', { ...connection(), accountId: account.id })).statusCode).toBe(404);
    // Another workspace's address cannot be the one mail is filed as.
    expect((await t.request(b.admin, 'POST', '/api/v1/imap-accounts', { ...connection(), mailboxId, password: 'x' })).statusCode).toBe(400);
    expect((await t.request(a.admin, 'DELETE', `/api/v1/imap-accounts/${account.id}`)).statusCode).toBe(200);
    expect(await t.kernel.services.channels.imap.syncAll()).toBe(0);
  });
});
