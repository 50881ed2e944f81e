import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKernel } from '../kernel.ts';
import { findMimeFixturesDir } from '../modules/channels/email/mail-fixtures.testing.ts';
import { systemActor } from '../platform/actor.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { silentLogger } from '../platform/logger.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { runMailImport, type MailImportSummary } from './mail-import.ts';

// The shared MIME fixtures, read in place beside the checkout (shared/data/email-mime-fixtures in an ancestor folder).
const FIXTURES = findMimeFixturesDir() ?? '';
const hasFixtures = FIXTURES !== '';
if (!hasFixtures) console.warn('kefu mail import test skipped: no shared/data/email-mime-fixtures beside the checkout');

// A handful of real-world mails: GB2312 HTML without a Message-ID, a GB2312 subject and sender, Korean ISO-2022-KR
// text, and a delivery status notification (a bounce) that must be kept but never answered.
const CUSTOMER_MAIL = [
  'mailgun-flanker/tests/fixtures/messages/charset-gb2312.eml',
  'spamscope-mail-parser/tests/mails/mail_test_12',
  'mikel-mail/spec/fixtures/emails/plain_emails/raw_email.eml',
];
const BOUNCE = 'enmime/dsn/testdata/simple_dsn_with_html.raw';

const tempRoot = mkdtempSync(join(tmpdir(), 'kefu-mail-import-'));
const slug = 'mail-import';
let config: Config;
let serverDb: TestDb | undefined;
let workspaceId: string;

beforeAll(async () => {
  if (!hasFixtures) return;
  // The command opens the database itself: a data directory (PGlite), or a fresh database on the server.
  const testDb = await createTestDb();
  if (testDb.url) serverDb = testDb;
  else await testDb.drop();
  config = loadConfig({ DATA_DIR: join(tempRoot, 'data'), KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', KEFU_SEED_DEMO: 'never', ...(serverDb ? { DATABASE_URL: serverDb.url! } : {}) });
  const kernel = await createKernel({ config, logger: silentLogger, runWorkers: false });
  try {
    workspaceId = (await kernel.services.workspaces.createWorkspace({ name: '邮件导入', slug, timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' })).id;
    await kernel.services.channels.email.createMailbox(systemActor(workspaceId), { address: 'support@mail-import.kefu.test' });
  } finally {
    await kernel.close();
  }
});

afterAll(async () => {
  await serverDb?.drop();
  rmSync(tempRoot, { recursive: true, force: true });
});

/** Runs the command as `kefu mail import` does, returning its summary and what it printed. */
async function importMail(paths: string[]): Promise<{ summary: MailImportSummary; printed: string }> {
  const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const summary = await runMailImport(config, paths, { workspace: slug });
    return { summary, printed: print.mock.calls.flat().join('\n') };
  } finally {
    print.mockRestore();
  }
}

describe.skipIf(!hasFixtures)('kefu mail import', () => {
  it('files real-world mail as new tickets, a reply on its ticket and a bounce as automated; a second run finds only duplicates', async () => {
    // The customer answers one of the imported mails: it joins that ticket by In-Reply-To.
    const reply = join(tempRoot, 'reply.eml');
    writeFileSync(
      reply,
      ['From: Jamis Buck <jamis@37signals.com>', 'To: support@mail-import.kefu.test', 'Subject: Re: NOTE', 'Message-ID: <import-reply-1@37signals.com>', 'In-Reply-To: <d3b8cf8e49f04480850c28713a1f473e@37signals.com>', 'Content-Type: text/plain; charset=utf-8', '', '补充：订单号 20261207。', ''].join('\r\n'),
    );
    const paths = [...CUSTOMER_MAIL.map((path) => join(FIXTURES, path)), join(FIXTURES, BOUNCE), reply];

    const first = await importMail(paths);
    expect(first.summary).toEqual({ newTickets: 3, joined: 1, duplicates: 0, automated: 1, failed: [] });
    expect(first.printed).toContain('New tickets: 3\nJoined existing tickets: 1\nDuplicates: 0\nAuto-replies, bounces and list mail (stored, not answered): 1\nFailed: 0');

    const again = await importMail(paths);
    expect(again.summary).toEqual({ newTickets: 0, joined: 0, duplicates: 5, automated: 0, failed: [] });
    expect(again.printed).toContain('Duplicates: 5');

    // What the first run stored: every message byte-exact once, three tickets, the GB2312 subject decoded.
    const kernel = await createKernel({ config, logger: silentLogger, runWorkers: false });
    try {
      const stored = await kernel.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_inbound WHERE workspace_id = $1`, [workspaceId]);
      expect(stored[0]!.n).toBe(5);
      const tickets = await kernel.services.tickets.listTickets(systemActor(workspaceId), { view: 'all', limit: 20 });
      expect(tickets.items.map((ticket) => ticket.subject)).toHaveLength(3);
      expect(tickets.items.map((ticket) => ticket.subject)).toContain('代开各地增值税发票');
    } finally {
      await kernel.close();
    }
  });

  it('explains its usage and an unknown workspace', async () => {
    await expect(runMailImport(config, [], { workspace: slug })).rejects.toThrow('Usage: kefu mail import');
    await expect(runMailImport(config, [join(FIXTURES, BOUNCE)], {})).rejects.toThrow('Usage: kefu mail import');
    await expect(runMailImport(config, [join(FIXTURES, BOUNCE)], { workspace: 'nowhere' })).rejects.toThrow('No workspace with the slug nowhere');
  });
});
