import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from '../../kernel.ts';
import { loadConfig } from '../../platform/config.ts';
import { silentLogger } from '../../platform/logger.ts';
import { removeLoneSurrogates, SEARCH_TEXT_VERSION, segmentWords } from '../../platform/text/index.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../../testing/test-app.ts';
import { makeTicket } from './testing.ts';

let t: TestContext;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.createWorkspace();
});
afterAll(() => t.close());

const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((item) => item.id);
const search = async (q: string, user: TestUser = a.admin) => ids(await t.request(user, 'GET', `/api/v1/tickets?q=${encodeURIComponent(q)}&limit=100`)).sort();

/** The terms search text v1 stored: NFKC, lower case, ICU words; no folding, no stemming. */
const v1Document = (...parts: string[]) =>
  parts
    .map((part) => segmentWords(removeLoneSurrogates(part.slice(0, 20_000)).normalize('NFKC').toLowerCase()).join(' '))
    .filter(Boolean)
    .join(' ');

interface StoredRow {
  vector: string;
  searchVersion: number;
  version: number;
  updatedAt: Date;
}

async function stored(ticketId: string): Promise<StoredRow> {
  const rows = await t.kernel.db.query<{ vector: string; search_version: number; version: number; updated_at: Date }>(
    'SELECT search_vector::text AS vector, search_version, version, updated_at FROM tickets WHERE workspace_id = $1 AND id = $2',
    [a.id, ticketId],
  );
  const row = rows[0]!;
  return { vector: row.vector, searchVersion: row.search_version, version: row.version, updatedAt: row.updated_at };
}

/** Rewrites a ticket's search vector as Kefu before search text v2 wrote it, and marks it so. */
async function makeV1(ticketId: string): Promise<void> {
  const [ticket] = await t.kernel.db.query<{ subject: string; number: string; customer_id: string }>(
    'SELECT subject, number, customer_id FROM tickets WHERE workspace_id = $1 AND id = $2',
    [a.id, ticketId],
  );
  const bodies = await t.kernel.db.query<{ body: string }>('SELECT body FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY seq', [a.id, ticketId]);
  const customer = await t.kernel.services.customers.getSearchText(t.kernel.db, a.id, ticket!.customer_id);
  await t.kernel.db.query(
    `UPDATE tickets SET search_vector = setweight(to_tsvector('simple', $3 || ' ' || lower(number)), 'A')
            || setweight(to_tsvector('simple', $4), 'B') || to_tsvector('simple', $5),
            search_version = 1
      WHERE workspace_id = $1 AND id = $2`,
    [a.id, ticketId, v1Document(ticket!.subject), v1Document(customer), v1Document(...bodies.map((row) => row.body))],
  );
}

async function reindexAll(): Promise<number> {
  let total = 0;
  for (let n = await t.kernel.services.tickets.reindexStaleSearchDocuments(); n > 0; n = await t.kernel.services.tickets.reindexStaleSearchDocuments()) total += n;
  return total;
}

describe('re-indexing search documents of search text v1', () => {
  it('makes an old-style row findable by stemmed and folded queries, as a fresh write would store it', async () => {
    const refund = await makeTicket(t, a.admin, {
      subject: 'Refunded policies',
      description: 'The courier kept running late',
      customer: { name: '陈大文', email: 'tai.man@example.com', phone: '+86 139-1234-5678' },
    });
    await t.request(a.admin, 'POST', `/api/v1/tickets/${refund.id}/messages`, { body: 'Tracking number ＳＦ１２３４５６７' });
    const frozen = await makeTicket(t, a.admin, { subject: '帳號被凍結', description: '登錄不了，請幫忙' });
    const fresh = { refund: await stored(refund.id), frozen: await stored(frozen.id) };
    expect(fresh.refund.searchVersion).toBe(SEARCH_TEXT_VERSION);
    const analyst = await a.addUser('analyst');

    await makeV1(refund.id);
    await makeV1(frozen.id);
    // What v1 rows miss: a stemmed whole term, a folded character (full-width forms v1 already narrowed, by NFKC).
    expect(await search('refund policy')).toEqual([]);
    expect(await search('账号 冻结')).toEqual([]);
    expect(await search('refunds', analyst)).toEqual([]);

    expect(await reindexAll()).toBe(2);
    expect(await search('refund policy')).toEqual([refund.id]);
    expect(await search('runs late')).toEqual([refund.id]);
    expect(await search('账号 冻结')).toEqual([frozen.id]);
    expect(await search('登录')).toEqual([frozen.id]);
    expect(await search('sf1234567')).toEqual([refund.id]);
    expect(await search('refunds', analyst)).toEqual([refund.id]);
    // Masked contacts stay whole-term only for viewers who see them masked.
    expect(await search('1391234', analyst)).toEqual([]);
    expect(await search('13912345678', analyst)).toEqual([refund.id]);
    expect(await search('1391234')).toEqual([refund.id]);

    const rebuilt = { refund: await stored(refund.id), frozen: await stored(frozen.id) };
    expect(rebuilt).toEqual(fresh);
    expect(await t.kernel.services.tickets.reindexStaleSearchDocuments()).toBe(0);
  });

  it('keeps the subjects of merged tickets in the target document', async () => {
    const source = await makeTicket(t, a.admin, { subject: 'Broken chargers' });
    const target = await makeTicket(t, a.admin, { subject: 'Phone will not start' });
    const merged = await t.request(a.admin, 'POST', `/api/v1/tickets/${source.id}/merge`, { targetId: target.id }, { 'if-match': '"1"' });
    expect(merged.statusCode).toBe(200);
    await makeV1(target.id);
    expect(await search('charger start')).toEqual([]);
    await reindexAll();
    expect(await search('charger start')).toEqual([target.id]);
  });

  it('shares the backlog between concurrent re-index runs without doing a row twice', async () => {
    const tickets = await Promise.all(Array.from({ length: 5 }, (_, i) => makeTicket(t, a.admin, { subject: `Batch refunds ${i}` })));
    for (const ticket of tickets) await makeV1(ticket.id);
    const counts = await Promise.all([1, 2].map(() => t.kernel.services.tickets.reindexStaleSearchDocuments({ batchSize: 3 })));
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(5);
    expect(await t.kernel.services.tickets.reindexStaleSearchDocuments()).toBe(0);
    expect(await search('batch refund')).toEqual(tickets.map((ticket) => ticket.id).sort());
  });

  it('is done by a worker node on start', async () => {
    const ticket = await makeTicket(t, a.admin, { subject: 'Policies of a worker' });
    await makeV1(ticket.id);
    const config = loadConfig({ KEFU_SECRET: 'test-secret-test-secret', KEFU_LOG_LEVEL: 'silent', DATA_DIR: '/tmp/kefu-test-data' });
    const worker = await createKernel({ config, clock: t.clock, db: t.testDb.db, logger: silentLogger, runWorkers: true });
    try {
      const deadline = Date.now() + 10_000;
      while ((await stored(ticket.id)).searchVersion < SEARCH_TEXT_VERSION && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await worker.close();
    }
    expect((await stored(ticket.id)).searchVersion).toBe(SEARCH_TEXT_VERSION);
    expect(await search('policy worker')).toEqual([ticket.id]);
  });

  it('finds stale rows through an index whose bound is the current version', async () => {
    // Bumping SEARCH_TEXT_VERSION needs a migration that recreates tickets_search_stale with the new bound.
    const [index] = await t.kernel.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'tickets_search_stale'`);
    expect(index!.indexdef).toContain(`(search_version < ${SEARCH_TEXT_VERSION})`);
  });
});
