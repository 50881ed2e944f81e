import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../testing/test-app.ts';
import { createSmtpListener, type SmtpListener } from '../index.ts';
import { loadMimeFixtures } from './mail-fixtures.testing.ts';

let t: TestContext;
let a: TestWorkspace;
let address: string;
let listener: SmtpListener;
let port: number;

const crlf = (lines: string[]): string => lines.join('\r\n');
let serial = 0;
const uniqueId = (): string => `<m${++serial}.${Date.now()}@customer.example.cn>`;

/** Sends a raw message through a real SMTP session on 127.0.0.1 (nodemailer as the client). */
async function send(raw: string | Buffer, envelope: { from: string; to: string[] }, toPort = port) {
  // Each mail a second later, so rows read back in arrival order.
  t.clock.advanceMs(1_000);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: toPort, secure: false, ignoreTLS: true, connectionTimeout: 5_000 });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

const inboundRows = (workspaceId: string) =>
  t.kernel.db.query<{ id: string; message_id: string | null; raw: Uint8Array; status: string; outcome: string | null; automated: string | null; ticket_id: string | null; duplicates: number; envelope_from: string | null }>(
    `SELECT id, message_id, raw, status, outcome, automated, ticket_id, duplicates, envelope_from FROM email_inbound WHERE workspace_id = $1 ORDER BY received_at, id`,
    [workspaceId],
  );

beforeAll(async () => {
  t = await createTestContext({ start: '2026-05-05T02:00:00Z' });
  a = await t.createWorkspace({ timezone: 'Asia/Shanghai' });
  address = `support@${a.id.slice(0, 8)}.kefu.test`;
  await t.kernel.services.channels.email.createMailbox(a.admin.actor, { address, displayName: 'Support' });
  const email = t.kernel.services.channels.email;
  listener = createSmtpListener({ findMailboxes: email.findMailboxes, receive: email.receive, maxMessageBytes: 64 * 1024, hostname: 'kefu.test' });
  port = await listener.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

describe('inbound mail through the SMTP listener', () => {
  const firstId = uniqueId();
  // 退款请求 / 你好，我的订单没有到。 in GB2312, as a Chinese client sends it.
  const gbBody = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xce, 0xd2, 0xb5, 0xc4, 0xb6, 0xa9, 0xb5, 0xa5, 0xc3, 0xbb, 0xd3, 0xd0, 0xb5, 0xbd, 0xa1, 0xa3]);
  const firstRaw = Buffer.concat([
    Buffer.from(
      crlf([
        'From: =?GB2312?B?1cXI/Q==?= <ZhangSan@Customer.example.cn>',
        `To: ${address}`,
        'Subject: =?GB2312?B?zcu/7sfrx/M=?=',
        `Message-ID: ${firstId}`,
        'Date: Tue, 05 May 2026 10:00:00 +0800',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=gb2312',
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ]),
    ),
    gbBody,
    Buffer.from('\r\n'),
  ]);
  let ticketId = '';
  let ticketNumber = '';

  it('turns a GB2312 mail into a ticket for a customer found by e-mail, keeping the raw message byte for byte', async () => {
    const info = await send(firstRaw, { from: 'zhangsan@customer.example.cn', to: [address] });
    expect(info.accepted).toEqual([address]);
    expect(info.response).toMatch(/^250 /);
    expect(await t.kernel.services.channels.email.processPending()).toBe(1);

    const [row] = await inboundRows(a.id);
    expect(row).toMatchObject({ message_id: firstId, status: 'processed', outcome: 'ticket_created', automated: null, envelope_from: 'zhangsan@customer.example.cn' });
    expect(Buffer.from(row!.raw).equals(firstRaw)).toBe(true);

    const ticket = await t.kernel.services.tickets.getTicket(a.admin.actor, row!.ticket_id!);
    ticketId = ticket.id;
    ticketNumber = ticket.number;
    expect(ticket).toMatchObject({ subject: '退款请求', channel: 'email', status: 'new' });
    const customer = await t.kernel.services.customers.getCustomer(a.admin.actor, ticket.customerId);
    expect(customer.name).toBe('张三');
    expect(customer.identities).toEqual([expect.objectContaining({ kind: 'email', value: 'zhangsan@customer.example.cn' })]);
    const messages = await t.kernel.services.tickets.listMessages(a.admin.actor, ticketId);
    expect(messages.items.map((m) => [m.authorType, m.body])).toEqual([['customer', '你好，我的订单没有到。']]);
  });

  it('a redelivered message (same Message-ID) makes no second ticket', async () => {
    await send(firstRaw, { from: 'zhangsan@customer.example.cn', to: [address] });
    expect(await t.kernel.services.channels.email.processPending()).toBe(0);
    const rows = await inboundRows(a.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.duplicates).toBe(1);
    const list = await t.kernel.services.tickets.listTickets(a.admin.actor, {});
    expect(list.items).toHaveLength(1);
  });

  it('a reply with In-Reply-To joins the ticket as the customer\'s message, quoted history trimmed', async () => {
    const raw = crlf([
      'From: Zhang San <zhangsan@customer.example.cn>',
      `To: ${address}`,
      'Subject: Re: 退款请求',
      `Message-ID: ${uniqueId()}`,
      `In-Reply-To: ${firstId}`,
      `References: ${firstId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      '订单号是 A123。',
      '',
      '在 2026年5月5日 10:00，张三 <zhangsan@customer.example.cn> 写道：',
      '> 你好，我的订单没有到。',
      '',
    ]);
    await send(raw, { from: 'zhangsan@customer.example.cn', to: [address] });
    await t.kernel.services.channels.email.processPending();
    const messages = await t.kernel.services.tickets.listMessages(a.admin.actor, ticketId);
    expect(messages.items.map((m) => m.body)).toEqual(['你好，我的订单没有到。', '订单号是 A123。']);
    expect((await t.kernel.services.tickets.listTickets(a.admin.actor, {})).items).toHaveLength(1);
  });

  it('a new mail quoting the ticket number in its subject joins the ticket', async () => {
    const raw = crlf([
      'From: zhangsan@customer.example.cn',
      `To: ${address}`,
      `Subject: Still waiting [#${ticketNumber}]`,
      `Message-ID: ${uniqueId()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Any news?',
      '',
    ]);
    await send(raw, { from: 'zhangsan@customer.example.cn', to: [address] });
    await t.kernel.services.channels.email.processPending();
    const messages = await t.kernel.services.tickets.listMessages(a.admin.actor, ticketId);
    expect(messages.items.at(-1)).toMatchObject({ authorType: 'customer', kind: 'reply', body: 'Any news?' });
  });

  it('an out-of-office reply is stored as a note on its ticket, leaves the status alone and is never answered', async () => {
    await t.kernel.services.tickets.updateTicket(a.admin.actor, ticketId, { status: 'pending' });
    const raw = crlf([
      'From: zhangsan@customer.example.cn',
      `To: ${address}`,
      `Subject: Automatic reply: Re: 退款请求 [#${ticketNumber}]`,
      `Message-ID: ${uniqueId()}`,
      `In-Reply-To: ${firstId}`,
      'Auto-Submitted: auto-replied',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'I am out of the office until Monday.',
      '',
    ]);
    await send(raw, { from: 'zhangsan@customer.example.cn', to: [address] });
    await t.kernel.services.channels.email.processPending();
    const rows = await inboundRows(a.id);
    expect(rows.at(-1)).toMatchObject({ outcome: 'note_added', automated: 'auto_reply', ticket_id: ticketId });
    const last = (await t.kernel.services.tickets.listMessages(a.admin.actor, ticketId)).items.at(-1)!;
    expect(last).toMatchObject({ kind: 'note', authorType: 'system', isAutoReply: true });
    expect(last.body).toContain('I am out of the office until Monday.');
    expect((await t.kernel.services.tickets.getTicket(a.admin.actor, ticketId)).status).toBe('pending');
  });

  it('a bounce with the null sender that threads nowhere is stored, and makes no ticket', async () => {
    const raw = crlf(['From: MAILER-DAEMON@mx.example.cn', `To: ${address}`, 'Subject: Undelivered Mail Returned to Sender', `Message-ID: ${uniqueId()}`, '', 'The mail could not be delivered.', '']);
    await send(raw, { from: '', to: [address] });
    await t.kernel.services.channels.email.processPending();
    expect((await inboundRows(a.id)).at(-1)).toMatchObject({ outcome: 'stored', automated: 'bounce', ticket_id: null, envelope_from: '' });
    expect((await t.kernel.services.tickets.listTickets(a.admin.actor, {})).items).toHaveLength(1);
  });

  it('a mail without a Message-ID is de-duplicated by its hash', async () => {
    const raw = crlf(['From: li@customer.example.cn', `To: ${address}`, 'Subject: No id', '', 'Hello', '']);
    await send(raw, { from: 'li@customer.example.cn', to: [address] });
    await send(raw, { from: 'li@customer.example.cn', to: [address] });
    expect(await t.kernel.services.channels.email.processPending()).toBe(1);
    const rows = await inboundRows(a.id);
    expect(rows.at(-1)).toMatchObject({ message_id: null, outcome: 'ticket_created', duplicates: 1 });
  });

  it('refuses an unknown recipient at RCPT TO with 550', async () => {
    const error = await send(crlf(['From: x@customer.example.cn', 'Subject: hi', '', 'x', '']), { from: 'x@customer.example.cn', to: [`nobody@${a.id.slice(0, 8)}.kefu.test`] }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ responseCode: 550 });
    expect(String((error as Error).message)).toMatch(/no such mailbox/i);
  });

  it('refuses a message over the size limit with 552, and stores nothing', async () => {
    const before = (await inboundRows(a.id)).length;
    const big = crlf(['From: x@customer.example.cn', `To: ${address}`, 'Subject: big', '', 'x'.repeat(70 * 1024), '']);
    const error = await send(big, { from: 'x@customer.example.cn', to: [address] }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ responseCode: 552 });
    expect(await inboundRows(a.id)).toHaveLength(before);
  });

  it('a customer who already exists gets the ticket, and another workspace never sees the mail', async () => {
    const other = await t.createWorkspace();
    const existing = await t.kernel.services.customers.createCustomer(a.admin.actor, { name: 'Wang Wu', identities: [{ kind: 'email', value: 'wangwu@customer.example.cn' }] });
    const raw = crlf(['From: "W. Wu" <WangWu@customer.example.cn>', `To: ${address}`, 'Subject: Invoice', `Message-ID: ${uniqueId()}`, '', 'Please send the invoice.', '']);
    await send(raw, { from: 'wangwu@customer.example.cn', to: [address] });
    await t.kernel.services.channels.email.processPending();
    const row = (await inboundRows(a.id)).at(-1)!;
    const ticket = await t.kernel.services.tickets.getTicket(a.admin.actor, row.ticket_id!);
    expect(ticket.customerId).toBe(existing.id);
    expect(await inboundRows(other.id)).toEqual([]);
  });
});

const fixtures = loadMimeFixtures();
describe.skipIf(!fixtures)('every message of the MIME fixture corpus (../shared/data/email-mime-fixtures)', () => {
  it('is stored byte for byte and filed without an error', async () => {
    const ws = await t.createWorkspace();
    const email = t.kernel.services.channels.email;
    await email.createMailbox(ws.admin.actor, { address: `corpus@${ws.id.slice(0, 8)}.kefu.test` });
    const mailboxes = await email.findMailboxes([`corpus@${ws.id.slice(0, 8)}.kefu.test`]);
    const stored = new Map<string, Buffer>();
    for (const fixture of fixtures!) {
      const { ids } = await email.receive({ raw: fixture.raw, mailboxes, envelopeFrom: null, remoteAddress: null });
      // Fixtures that share a Message-ID are one message, as they would be in a mailbox.
      if (!stored.has(ids[0]!)) stored.set(ids[0]!, fixture.raw);
    }
    while ((await email.processPending({ limit: 50 })) > 0);
    const rows = await t.kernel.db.query<{ id: string; raw: Uint8Array; status: string; last_error: string | null }>(`SELECT id, raw, status, last_error FROM email_inbound WHERE workspace_id = $1`, [ws.id]);
    expect(rows).toHaveLength(stored.size);
    expect(rows.filter((row) => row.status !== 'processed').map((row) => row.last_error)).toEqual([]);
    for (const row of rows) expect(Buffer.from(row.raw).equals(stored.get(row.id)!)).toBe(true);
  }, 180_000);
});
